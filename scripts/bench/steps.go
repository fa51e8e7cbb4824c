package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// Route keys of the mock's stats.
const (
	routeFactors = "/v2/Services/{ServiceSid}/Entities/{Identity}/Factors"
	routeFactor  = "/v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}"

	createFactor = "POST " + routeFactors
	listFactors  = "GET " + routeFactors
	readFactor   = "GET " + routeFactor
	updateFactor = "POST " + routeFactor
	deleteFactor = "DELETE " + routeFactor
)

// step is one measured CLI command.
type step struct {
	name string
	wall time.Duration
	cpu  time.Duration
	// providerCPU is the part of cpu spent in the provider processes.
	providerCPU time.Duration
	requests    map[string]int
	floor       map[string]int
	peakKB      int64
	hasFloor    bool // false for terraform_data, which makes no API request
}

// bench holds what the steps share.
type bench struct {
	opts options
	tf   *terraform
	mock *mock
	tmp  string
	rep  *report
}

// measure runs one CLI command that must exit 0 and records it with the
// API requests it made.
func (b *bench) measure(ctx context.Context, name, dir string, floor map[string]int, args ...string) (step, cmdResult, error) {
	before, err := b.mock.stats(ctx)
	if err != nil {
		return step{}, cmdResult{}, err
	}
	res, err := b.tf.must(ctx, dir, args...)
	if err != nil {
		return step{}, res, fmt.Errorf("%s: %w", name, err)
	}
	after, err := b.mock.stats(ctx)
	if err != nil {
		return step{}, res, err
	}
	s := step{name: name, wall: res.wall, cpu: res.cpu, providerCPU: res.providerCPU, requests: diff(before, after), floor: floor, peakKB: res.peakKB, hasFloor: floor != nil}
	printRow(s)
	return s, res, nil
}

// expect fails, showing the output, unless it matches pattern.
func expect(res cmdResult, name, pattern string) error {
	if regexp.MustCompile(pattern).Match(res.output) {
		return nil
	}
	os.Stderr.Write(res.output)
	return fmt.Errorf("%s: the output does not match %q", name, pattern)
}

func resourceConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    twilio = {
      source = "verifyfactors/twilio"
    }
  }
}

provider "twilio" {}

variable "suffix" {
  type    = string
  default = ""
}

resource "twilio_verify_factor" "bench" {
  count         = %d
  service_sid   = %q
  identity      = format("bench-user-%%03d", floor(count.index / %d))
  factor_type   = "totp"
  friendly_name = "Bench ${count.index}${var.suffix}"
}
`, n, serviceSID, perIdentity)
}

func baselineConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "x" {
  count = %d
  input = "x-${count.index}"
}
`, n)
}

func dataSourceConfig() string {
	return fmt.Sprintf(`terraform {
  required_providers {
    twilio = {
      source = "verifyfactors/twilio"
    }
  }
}

provider "twilio" {}

data "twilio_verify_factors" "x" {
  service_sid = %q
  identity    = %q
}

output "factors" {
  value = length(data.twilio_verify_factors.x.factors)
}
`, serviceSID, limitIdentity)
}

func (b *bench) workDir(name, config string) (string, error) {
	dir := filepath.Join(b.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// measureSize runs the terraform_data baseline and the four provider steps
// for n factors, each in a fresh folder.
func (b *bench) measureSize(ctx context.Context, n int) error {
	par := "-parallelism=" + strconv.Itoa(b.opts.parallelism)
	printHeader(fmt.Sprintf("N = %d", n))
	res := sizeResult{n: n}

	base, err := b.workDir(fmt.Sprintf("baseline-%d", n), baselineConfig(n))
	if err != nil {
		return err
	}
	s, out, err := b.measure(ctx, "terraform_data create", base, nil, "apply", "-input=false", "-no-color", "-auto-approve", par)
	if err != nil {
		return err
	}
	if err := expect(out, s.name, fmt.Sprintf(`Resources: %d added, 0 changed, 0 destroyed`, n)); err != nil {
		return err
	}
	res.baseline = s

	dir, err := b.workDir(fmt.Sprintf("factors-%d", n), resourceConfig(n))
	if err != nil {
		return err
	}
	type stepSpec struct {
		name  string
		floor map[string]int
		args  []string
		want  string
	}
	specs := []stepSpec{
		{"create (apply)", map[string]int{createFactor: n},
			[]string{"apply", "-input=false", "-no-color", "-auto-approve", par},
			fmt.Sprintf(`Resources: %d added, 0 changed, 0 destroyed`, n)},
		{"no-change plan", map[string]int{readFactor: n},
			[]string{"plan", "-input=false", "-no-color", "-detailed-exitcode", par},
			`No changes\.`},
		{"update (apply)", map[string]int{readFactor: n, updateFactor: n},
			[]string{"apply", "-input=false", "-no-color", "-auto-approve", par, "-var=suffix= v2"},
			fmt.Sprintf(`Resources: 0 added, %d changed, 0 destroyed`, n)},
		{"destroy", map[string]int{readFactor: n, deleteFactor: n},
			[]string{"destroy", "-input=false", "-no-color", "-auto-approve", par, "-var=suffix= v2"},
			fmt.Sprintf(`Resources: %d destroyed`, n)},
	}
	for _, sp := range specs {
		s, out, err := b.measure(ctx, sp.name, dir, sp.floor, sp.args...)
		if err != nil {
			return err
		}
		if err := expect(out, sp.name, sp.want); err != nil {
			return err
		}
		res.steps = append(res.steps, s)
	}
	b.rep.sizes = append(b.rep.sizes, res)
	// The state of a size is not needed once measured.
	_ = os.RemoveAll(base)
	_ = os.RemoveAll(dir)
	return nil
}

// measureDataSource seeds an entity at Twilio's limit (the seeding
// requests happen before the measured window) and plans a config that only
// reads it with twilio_verify_factors, at the default page cap and at 25.
func (b *bench) measureDataSource(ctx context.Context) error {
	printHeader(fmt.Sprintf("Data source twilio_verify_factors: %d TOTP + %d push factors of one entity", limitTOTP, limitPush))
	if err := b.mock.seedLimitEntity(ctx, limitIdentity); err != nil {
		return err
	}
	dir, err := b.workDir("data-source", dataSourceConfig())
	if err != nil {
		return err
	}
	total := limitTOTP + limitPush
	for _, pageCap := range []int{1000, 25} {
		if err := b.mock.setMaxPageSize(ctx, pageCap); err != nil {
			return err
		}
		floor := map[string]int{listFactors: (total + pageCap - 1) / pageCap}
		name := fmt.Sprintf("plan, page cap %d", pageCap)
		s, _, err := b.measure(ctx, name, dir, floor, "plan", "-input=false", "-no-color", "-out=ds.tfplan")
		if err != nil {
			return err
		}
		// The plan must have read every factor.
		show, err := b.tf.must(ctx, dir, "show", "-json", "ds.tfplan")
		if err != nil {
			return err
		}
		var plan struct {
			PlannedValues struct {
				Outputs map[string]struct {
					Value json.RawMessage `json:"value"`
				} `json:"outputs"`
			} `json:"planned_values"`
		}
		if err := json.Unmarshal(show.output, &plan); err != nil {
			return fmt.Errorf("%s: decoding the plan: %w", name, err)
		}
		if got := string(plan.PlannedValues.Outputs["factors"].Value); got != strconv.Itoa(total) {
			return fmt.Errorf("%s: the data source listed %s factors, want %d", name, got, total)
		}
		b.rep.dataSource = append(b.rep.dataSource, dataSourceResult{pageCap: pageCap, step: s})
	}
	return b.mock.setMaxPageSize(ctx, 1000)
}

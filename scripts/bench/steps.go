package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// The three subjects measured side by side.
const (
	subjectOurs     = "ours"
	subjectTwilio   = "twilio"
	subjectBaseline = "terraform_data"
)

// stepNames are the lifecycle's steps, in order.
var stepNames = [...]string{"create", "no-change plan", "update", "destroy"}

// step is one measured CLI command.
type step struct {
	wall, terraformCPU, providerCPU time.Duration
	requests                        int   // API requests the mock answered
	peakKB                          int64 // provider peak RSS
	peakLiveMB                      int   // provider peak live heap (gctrace)
	planChanges                     bool  // a plan step that proposed changes
}

func (s step) cpu() time.Duration { return s.terraformCPU + s.providerCPU }

// lifecycle is the four steps of one subject at one size, and its state
// after the create.
type lifecycle struct {
	steps [len(stepNames)]step
	state stateFigures
}

// subject is what a lifecycle manages: N factors of a provider, or N
// terraform_data resources (Terraform's own cost).
type subject struct {
	key, label string
	source     string // provider source address; "" for terraform_data
	resource   string // resource type
	env        []string
	// planMustBeEmpty is false for a subject whose no-change plan is only
	// recorded (Twilio's provider), true where an exact plan is a feature.
	planMustBeEmpty bool
}

// knownSubject is the subject of a key, without the environment of a run
// (the mock's URL, the proxy): what a report needs to render it.
func knownSubject(key string) (subject, bool) {
	switch key {
	case subjectBaseline:
		return subject{key: key, label: "terraform_data", resource: "terraform_data", planMustBeEmpty: true}, true
	case subjectOurs:
		return subject{key: key, label: "this provider", source: providerSource, resource: "twilio_verify_factor",
			planMustBeEmpty: true}, true
	case subjectTwilio:
		return subject{key: key, label: "Twilio's provider", source: officialSource, resource: officialResource}, true
	}
	return subject{}, false
}

// config is the subject's configuration of n resources; backend is the
// terraform block's backend (empty for a local state file).
func (s subject) config(n int, backend string) string {
	if s.source == "" {
		return fmt.Sprintf(`terraform {
%s}

variable "suffix" {
  type    = string
  default = ""
}

resource "terraform_data" "bench" {
  count = %d
  input = "x-${count.index}${var.suffix}"
}
`, backend, n)
	}
	return fmt.Sprintf(`terraform {
%s  required_providers {
    twilio = {
      source = %q
    }
  }
}

provider "twilio" {}

variable "suffix" {
  type    = string
  default = ""
}

resource %q "bench" {
  count         = %d
  service_sid   = %q
  identity      = format("bench-%s-%%03d", floor(count.index / %d))
  factor_type   = "totp"
  friendly_name = "Bench ${count.index}${var.suffix}"
}
`, backend, s.source, s.resource, n, serviceSID, s.key, perIdentity)
}

// bench holds what the steps share.
type bench struct {
	opts     options
	tf       *terraform
	mock     *mock
	tmp      string
	subjects []subject
}

// runLifecycle creates n resources of sub, plans with no change, updates
// every one in place and destroys them, each step in the same fresh folder.
func (b *bench) runLifecycle(ctx context.Context, sub subject, n int, backendName string, pg *postgres, rep int) (lifecycle, error) {
	var lc lifecycle
	name := fmt.Sprintf("%s-%s-%d-%d", backendName, sub.key, n, rep)
	dir := filepath.Join(b.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return lc, err
	}
	defer os.RemoveAll(dir)
	backend := ""
	if pg != nil {
		backend = pg.backendBlock("bench_" + regexp.MustCompile(`\W`).ReplaceAllString(name, "_"))
	}
	mainTF := filepath.Join(dir, "main.tf")
	if pg != nil {
		// init only the backend: the providers come from dev_overrides, and
		// init would look them up in the registry.
		if err := os.WriteFile(mainTF, []byte("terraform {\n"+backend+"}\n"), 0o644); err != nil {
			return lc, err
		}
		if _, err := b.tf.must(ctx, dir, nil, "init", "-input=false", "-no-color"); err != nil {
			return lc, fmt.Errorf("%s: init: %w", name, err)
		}
	}
	if err := os.WriteFile(mainTF, []byte(sub.config(n, backend)), 0o644); err != nil {
		return lc, err
	}
	env := sub.env
	if sub.key == subjectOurs && b.opts.profileDir != "" {
		pdir := filepath.Join(b.opts.profileDir, name)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			return lc, err
		}
		env = append(env[:len(env):len(env)], profileDirVariable+"="+pdir)
	}
	par := "-parallelism=" + strconv.Itoa(b.opts.parallelism)
	args := [len(stepNames)][]string{
		{"apply", "-input=false", "-no-color", "-auto-approve", par},
		{"plan", "-input=false", "-no-color", "-detailed-exitcode", par},
		{"apply", "-input=false", "-no-color", "-auto-approve", par, "-var=suffix= v2"},
		{"destroy", "-input=false", "-no-color", "-auto-approve", par, "-var=suffix= v2"},
	}
	want := [len(stepNames)]string{
		fmt.Sprintf(`Resources: %d added, 0 changed, 0 destroyed`, n),
		`No changes\.`,
		fmt.Sprintf(`Resources: 0 added, %d changed, 0 destroyed`, n),
		fmt.Sprintf(`Resources: %d destroyed`, n),
	}
	for i := range stepNames {
		before, err := b.mock.stats(ctx)
		if err != nil {
			return lc, err
		}
		trace := filepath.Join(dir, fmt.Sprintf("gctrace-%d.log", i))
		res, err := b.tf.run(ctx, dir, append(env[:len(env):len(env)], gcTraceFileVariable+"="+trace), args[i]...)
		if err != nil {
			return lc, fmt.Errorf("%s %s: %w", name, stepNames[i], err)
		}
		liveMB, err := readPeakLiveHeapMB(trace)
		if err != nil {
			return lc, err
		}
		after, err := b.mock.stats(ctx)
		if err != nil {
			return lc, err
		}
		s := step{wall: res.wall, terraformCPU: res.terraformCPU, providerCPU: res.providerCPU,
			requests: after.Total - before.Total, peakKB: res.peakKB, peakLiveMB: liveMB}
		isPlan := i == 1
		switch {
		case isPlan && res.code == 2 && !sub.planMustBeEmpty:
			s.planChanges = true
		case res.code != 0:
			os.Stderr.Write(res.output)
			return lc, fmt.Errorf("%s %s: terraform exited with code %d", name, stepNames[i], res.code)
		case !regexp.MustCompile(want[i]).Match(res.output):
			os.Stderr.Write(res.output)
			return lc, fmt.Errorf("%s %s: the output does not match %q", name, stepNames[i], want[i])
		}
		lc.steps[i] = s
		fmt.Printf("  %-8s %-15s %-15s N=%-4d wall %6.2fs  cpu tf %6.2fs + provider %6.2fs  requests %5d  rss %5.1f MB  live heap %3d MB\n",
			backendName, sub.key, stepNames[i], n, s.wall.Seconds(), s.terraformCPU.Seconds(), s.providerCPU.Seconds(),
			s.requests, mb(s.peakKB), s.peakLiveMB)
		if i == 0 {
			pulled, err := b.tf.must(ctx, dir, env, "state", "pull")
			if err != nil {
				return lc, fmt.Errorf("%s: state pull: %w", name, err)
			}
			if lc.state, err = parseStateFigures(pulled.output); err != nil {
				return lc, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return lc, nil
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Targets.
const (
	rssTargetMB    = 100
	latencyFactor  = 1.5
	targetSize     = 500
	routeLegendTxt = "`Factors` is `/v2/Services/{ServiceSid}/Entities/{Identity}/Factors` (create, list); " +
		"`Factors/{Sid}` is `.../Factors/{Sid}` (read, update, delete)."
)

type sizeResult struct {
	n        int
	baseline step
	steps    []step
}

type dataSourceResult struct {
	pageCap int
	step    step
}

type machine struct {
	uname, cpu, memory string
	nproc              int
	loadStart, loadEnd string
}

type report struct {
	opts       options
	date       time.Time
	machine    machine
	tfVersion  string
	sizes      []sizeResult
	dataSource []dataSourceResult
	targets    []target
}

type target struct {
	text   string
	met    bool
	detail string
}

// shortRoute turns "POST /v2/.../Factors/{Sid}" into "POST Factors/{Sid}".
func shortRoute(key string) string {
	method, route, _ := strings.Cut(key, " ")
	switch route {
	case routeFactors:
		route = "Factors"
	case routeFactor:
		route = "Factors/{Sid}"
	}
	return method + " " + route
}

func formatRequests(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int {
		_, ra, _ := strings.Cut(a, " ")
		_, rb, _ := strings.Cut(b, " ")
		return strings.Compare(ra, rb)
	})
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", shortRoute(k), m[k]))
	}
	return strings.Join(parts, ", ")
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// atFloor says whether a step made exactly the requests of its floor.
func (s step) atFloor() bool { return maps.Equal(s.requests, s.floor) }

func (s step) ratio() string {
	if !s.hasFloor || total(s.floor) == 0 {
		return "—"
	}
	r := fmt.Sprintf("%.2f", float64(total(s.requests))/float64(total(s.floor)))
	if !s.atFloor() && r == "1.00" {
		r += " (other routes)"
	}
	return r
}

func (s step) floorText() string {
	if !s.hasFloor {
		return "—"
	}
	return formatRequests(s.floor)
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func (s step) rss() string {
	if s.peakKB == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", mb(s.peakKB))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

// Console output, as the run goes.

const rowFormat = "  %-24s %7s %7s  %-48s %-48s %9s %7s\n"

func printHeader(title string) {
	fmt.Printf("\n==> %s\n", title)
	fmt.Printf(rowFormat, "step", "wall s", "CPU s", "requests by route", "floor", "req/floor", "RSS MB")
}

func printRow(s step) {
	fmt.Printf(rowFormat, s.name, seconds(s.wall), seconds(s.cpu), formatRequests(s.requests), s.floorText(), s.ratio(), s.rss())
}

// latencyFloor is the time the mock's latency alone costs n requests at
// the run's parallelism.
func (r *report) latencyFloor(n int) time.Duration {
	return time.Duration(n) * r.opts.latency / time.Duration(r.opts.parallelism)
}

func (r *report) budget(sz sizeResult) time.Duration {
	return sz.baseline.wall + time.Duration(latencyFactor*float64(r.latencyFloor(sz.n)))
}

// targetResult is the size the apply and RSS targets are judged at: 500,
// else the largest measured.
func (r *report) targetResult() (sizeResult, bool) {
	var best sizeResult
	found := false
	for _, sz := range r.sizes {
		if sz.n == targetSize {
			return sz, true
		}
		if !found || sz.n > best.n {
			best, found = sz, true
		}
	}
	return best, found
}

func (r *report) evaluate() {
	r.targets = nil

	// 1. Every provider step at its floor.
	var off []string
	steps := 0
	for _, sz := range r.sizes {
		for _, s := range sz.steps {
			steps++
			if !s.atFloor() {
				off = append(off, fmt.Sprintf("N=%d %s: %s (floor %s, ratio %s)", sz.n, s.name,
					formatRequests(s.requests), s.floorText(), s.ratio()))
			}
		}
	}
	t := target{text: "requests/floor = 1.00 for every step at every N", met: len(off) == 0}
	if t.met {
		t.detail = fmt.Sprintf("all %d steps made exactly the floor's requests", steps)
	} else {
		t.detail = "off the floor: " + strings.Join(off, "; ")
	}
	r.targets = append(r.targets, t)

	// 2. Provider create vs terraform_data create.
	if sz, ok := r.targetResult(); ok && len(sz.steps) > 0 {
		create := sz.steps[0]
		lf := r.latencyFloor(sz.n)
		budget := r.budget(sz)
		text := fmt.Sprintf("apply(%d) <= terraform_data apply(%d) + %.1f × latency floor (%d × %s / %d = %s s)",
			sz.n, sz.n, latencyFactor, sz.n, r.opts.latency, r.opts.parallelism, seconds(lf))
		if sz.n != targetSize {
			text += fmt.Sprintf(" (N=%d was not measured: judged at the largest N)", targetSize)
		}
		r.targets = append(r.targets, target{
			text: text,
			met:  create.wall <= budget,
			detail: fmt.Sprintf("provider create %s s vs budget %s s (terraform_data %s s + %s s); margin %+.2f s; "+
				"CPU (terraform + provider) %s s for the provider create, of which %s s in the provider process, "+
				"vs %s s for terraform_data, on %d CPUs",
				seconds(create.wall), seconds(budget), seconds(sz.baseline.wall),
				seconds(budget-sz.baseline.wall), (budget-create.wall).Seconds(),
				seconds(create.cpu), seconds(create.providerCPU), seconds(sz.baseline.cpu), r.machine.nproc) +
				coreBound(create, budget, r.machine.nproc),
		})
	}

	// 3. The data source.
	var parts []string
	met := len(r.dataSource) > 0
	for _, d := range r.dataSource {
		parts = append(parts, fmt.Sprintf("cap %d: %s (floor %s)", d.pageCap, formatRequests(d.step.requests), formatRequests(d.step.floor)))
		met = met && d.step.atFloor()
	}
	r.targets = append(r.targets, target{
		text:   fmt.Sprintf("data source over %d factors: 1 request at page cap 1000, 5 at cap 25", limitTOTP+limitPush),
		met:    met,
		detail: strings.Join(parts, "; "),
	})

	// 4. Provider peak RSS.
	if sz, ok := r.targetResult(); ok {
		var peak int64
		var at string
		for _, s := range sz.steps {
			if s.peakKB > peak {
				peak, at = s.peakKB, s.name
			}
		}
		text := fmt.Sprintf("provider peak RSS < %d MB at N = %d", rssTargetMB, sz.n)
		if sz.n != targetSize {
			text += fmt.Sprintf(" (N=%d was not measured: judged at the largest N)", targetSize)
		}
		tg := target{text: text, met: peak > 0 && mb(peak) < rssTargetMB}
		if peak == 0 {
			tg.detail = "no provider process was seen by the poller"
		} else {
			tg.detail = fmt.Sprintf("%.1f MB (%s)", mb(peak), at)
		}
		r.targets = append(r.targets, tg)
	}
}

func mark(met bool) string {
	if met {
		return "met"
	}
	return "NOT MET"
}

func (r *report) targetsText() string {
	var b strings.Builder
	b.WriteString("==> Targets\n")
	for _, t := range r.targets {
		fmt.Fprintf(&b, "  [%s] %s: %s\n", mark(t.met), t.text, t.detail)
	}
	return b.String()
}

func (r *report) overallPeak() (int64, string) {
	var peak int64
	var at string
	consider := func(s step, where string) {
		if s.peakKB > peak {
			peak, at = s.peakKB, where
		}
	}
	for _, sz := range r.sizes {
		for _, s := range sz.steps {
			consider(s, fmt.Sprintf("N=%d %s", sz.n, s.name))
		}
	}
	for _, d := range r.dataSource {
		consider(d.step, "data source "+d.step.name)
	}
	return peak, at
}

func mdRow(cells ...string) string {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "|", "\\|")
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

func (r *report) markdown() string {
	var b strings.Builder
	o := r.opts
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Generated by `scripts/bench`; do not edit by hand. Rerun with:\n\n```shell\nmake bench\n```\n\n")
	b.WriteString("which builds the pinned Terraform CLI and the provider into `bin/`, runs the Go micro-benchmarks of " +
		"`internal/...`, then\n`TERRAFORM=bin/terraform PROVIDER_DIR=bin go run ./scripts/bench -out BENCHMARKS.md` " +
		"(flags: `-sizes`, `-latency`, `-parallelism`, `-terraform`, `-provider-dir`, `-out`).\n\n")
	b.WriteString("The program starts the bundled Verify API mock (`cmd/twilio-verify-mock`) with a fixed latency per API " +
		"request, points the pinned CLI at the provider in `bin/` through `dev_overrides`, and runs each step in a fresh " +
		"folder with `-parallelism`. Requests are the difference of the mock's `GET /__mock/stats` before and after the " +
		"step; the floor is the least the Verify API allows. Peak RSS is the largest `VmHWM` of the provider processes " +
		"Terraform starts, polled every 50 ms (1 MB = 1024 kB).\n\n")

	fmt.Fprintf(&b, "- Date: %s\n", r.date.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "- Machine: %s; CPU %s; %d CPUs (nproc); %s memory; load average %s at the start, %s at the end\n",
		r.machine.uname, r.machine.cpu, r.machine.nproc, r.machine.memory, r.machine.loadStart, r.machine.loadEnd)
	fmt.Fprintf(&b, "- Terraform %s\n", r.tfVersion)
	fmt.Fprintf(&b, "- Mock latency %s per API request; `-parallelism=%d`\n", o.latency, o.parallelism)
	fmt.Fprintf(&b, "- Routes: %s\n\n", routeLegendTxt)

	header := mdRow("step", "wall s", "requests by route", "floor", "requests/floor", "provider peak RSS MB")
	sep := "|---|---:|---|---|---:|---:|\n"
	for _, sz := range r.sizes {
		fmt.Fprintf(&b, "## N = %d factors\n\n", sz.n)
		ids := (sz.n + perIdentity - 1) / perIdentity
		plural := "identities"
		if ids == 1 {
			plural = "identity"
		}
		fmt.Fprintf(&b, "`count = %d` TOTP factors over %d %s (at most %d each). Create is the first apply; the "+
			"plan must be empty (`-detailed-exitcode` 0); update changes every `friendly_name` in place; destroy removes all.\n\n",
			sz.n, ids, plural, perIdentity)
		b.WriteString(header)
		b.WriteString(sep)
		for _, s := range sz.steps {
			b.WriteString(mdRow(s.name, seconds(s.wall), formatRequests(s.requests), s.floorText(), s.ratio(), s.rss()))
		}
		b.WriteString("\n")
	}

	b.WriteString("## Terraform's own cost: `terraform_data`\n\n")
	b.WriteString("The same create step with N built-in `terraform_data` resources (`input = \"x-${count.index}\"`), no " +
		"provider and no API request, measured in the same run. The budget is terraform_data's time plus " +
		"1.5 × the latency floor (N × latency / parallelism). CPU s is the user + system time of the `terraform` " +
		"process and of the provider processes it started (from `wait4`), which shows whether a step waits on the " +
		"API or on the CPU; provider CPU s is the part of it spent in the provider process.\n\n")
	b.WriteString(mdRow("N", "terraform_data apply s", "terraform_data CPU s", "latency floor s", "budget s",
		"provider create s", "provider create CPU s", "provider CPU s", "within budget"))
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, sz := range r.sizes {
		create, createCPU, providerCPU, within := "—", "—", "—", "—"
		if len(sz.steps) > 0 {
			create, createCPU, providerCPU = seconds(sz.steps[0].wall), seconds(sz.steps[0].cpu), seconds(sz.steps[0].providerCPU)
			within = "yes"
			if sz.steps[0].wall > r.budget(sz) {
				within = "no"
			}
		}
		b.WriteString(mdRow(strconv.Itoa(sz.n), seconds(sz.baseline.wall), seconds(sz.baseline.cpu),
			seconds(r.latencyFloor(sz.n)), seconds(r.budget(sz)), create, createCPU, providerCPU, within))
	}
	b.WriteString("\n")

	fmt.Fprintf(&b, "## Data source `twilio_verify_factors`\n\n")
	fmt.Fprintf(&b, "`terraform plan` of a config with only `data \"twilio_verify_factors\"` over one entity at Twilio's limit "+
		"(%d TOTP + %d push factors, seeded through the API before the measured window), with the mock's page cap at "+
		"1000 and at 25 (`POST /__mock/max-page-size?n=25`). Floor: ceil(%d / cap) list requests.\n\n",
		limitTOTP, limitPush, limitTOTP+limitPush)
	b.WriteString(header)
	b.WriteString(sep)
	for _, d := range r.dataSource {
		s := d.step
		b.WriteString(mdRow(s.name, seconds(s.wall), formatRequests(s.requests), s.floorText(), s.ratio(), s.rss()))
	}
	b.WriteString("\n")

	if peak, at := r.overallPeak(); peak > 0 {
		fmt.Fprintf(&b, "Provider peak RSS over the run: %.1f MB (%s).\n\n", mb(peak), at)
	}

	b.WriteString("## Targets\n\n")
	for _, t := range r.targets {
		fmt.Fprintf(&b, "- **%s**: %s. %s.\n", mark(t.met), t.text, t.detail)
	}
	if lines := microBenchmarks(o.micro); len(lines) > 0 {
		b.WriteString("\n## Go micro-benchmarks\n\nThe provider's hot paths, from `go test -bench . -benchmem ./internal/...` " +
			"in the same run: decoding a 1000-factor page, building a create's form body, converting a factor to state, " +
			"and building the list of 1000 factors of `twilio_verify_factors`.\n\n```\n")
		b.WriteString(strings.Join(lines, "\n"))
		b.WriteString("\n```\n")
	}
	return b.String()
}

// microBenchmarks returns the result lines of a `go test -bench` output
// file, or nothing when there is none.
func microBenchmarks(file string) []string {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var lines []string
	for line := range strings.SplitSeq(string(data), "\n") {
		if strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "cpu:") && len(lines) == 0 {
			lines = append(lines, strings.TrimRight(line, " \t"))
		}
	}
	return lines
}

func describeMachine(ctx context.Context) machine {
	m := machine{uname: "unknown", cpu: "unknown", memory: "unknown", nproc: runtime.NumCPU()}
	m.loadStart = loadAverage()
	if out, err := exec.CommandContext(ctx, "uname", "-srm").Output(); err == nil {
		m.uname = strings.TrimSpace(string(out))
	}
	if v, ok := procField("/proc/cpuinfo", "model name"); ok {
		m.cpu = v
	}
	if v, ok := procField("/proc/meminfo", "MemTotal"); ok {
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(v, "kB")), 10, 64)
		if err == nil {
			m.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	return m
}

// loadAverage is the 1, 5 and 15 minute load averages of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(file, key string) (string, bool) {
	f, err := os.Open(file)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// coreBound explains, from the measurement alone, when the Terraform CLI's
// own CPU time for a step cannot fit the budget whatever the provider does.
func coreBound(create step, budget time.Duration, nproc int) string {
	core := create.cpu - create.providerCPU
	if nproc < 1 || create.providerCPU == 0 {
		return ""
	}
	least := core / time.Duration(nproc)
	if least <= budget {
		return fmt.Sprintf("; the terraform process alone used %s s of CPU, at least %s s of wall time on %d CPUs",
			seconds(core), seconds(least), nproc)
	}
	return fmt.Sprintf("; the terraform process alone used %s s of CPU for these resources, so even with a provider "+
		"that cost nothing the step needs at least %s s on %d CPUs, more than the budget: the step is bound by "+
		"Terraform's own per-resource work, not by the provider or the API",
		seconds(core), seconds(least), nproc)
}

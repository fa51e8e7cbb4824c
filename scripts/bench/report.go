package main

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rssTargetMB is the limit on the provider's peak RSS.
const rssTargetMB = 100

// analysis is the hand-written part of BENCHMARKS.md: where the time goes,
// from the profiles, and what was changed. It is kept in scripts/bench so
// that BENCHMARKS.md stays generated.
//
//go:embed analysis.md
var analysis string

type sizeResult struct {
	n          int
	runs       map[string][]lifecycle // by subject key, one per repeat
	lifecycles map[string]lifecycle   // by subject key, the runs' medians
}

// newSizeResult is the result at n of the runs: their medians per subject.
func newSizeResult(n int, runs map[string][]lifecycle) sizeResult {
	sz := sizeResult{n: n, runs: runs, lifecycles: map[string]lifecycle{}}
	for key, r := range runs {
		sz.lifecycles[key] = medianLifecycle(r)
	}
	return sz
}

type backendResult struct {
	backend string
	sizes   []sizeResult
	note    string // why the backend was skipped
}

type machine struct {
	uname, cpu, memory string
	nproc              int
	loadStart, loadEnd string
}

type report struct {
	opts      options
	date      time.Time
	machine   machine
	tfVersion string
	subjects  []subject
	backends  []backendResult
	skipped   []backendResult
	micro     []string // result lines of the Go micro-benchmarks, if any
	targets   []target
}

type target struct {
	text, detail string
	met          bool
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func backendTitle(backend string) string {
	if backend == backendPG {
		return "state in PostgreSQL (pg backend)"
	}
	return "state in a local file"
}

func (r *report) hasOfficial() bool {
	for _, s := range r.subjects {
		if s.key == subjectTwilio {
			return true
		}
	}
	return false
}

// largest is the result at the largest size.
func (br backendResult) largest() (sizeResult, bool) {
	if len(br.sizes) == 0 {
		return sizeResult{}, false
	}
	best := br.sizes[0]
	for _, s := range br.sizes {
		if s.n > best.n {
			best = s
		}
	}
	return best, true
}

// Targets of the bench (issue 23).
const (
	// compareFromN: at every size from this one up, our total wall time and
	// CPU at most Twilio's provider's (at the largest size if none is this
	// large).
	compareFromN = 1000
	// The provider's live heap during the no-change plan of heapTargetN
	// resources at most heapTargetMB.
	heapTargetN, heapTargetMB = 1000, 20
	// baseN is the size the largest is compared with: provider CPU per
	// resource no higher, plan live heap not grown beyond heapGrowth
	// (plus gctrace's resolution of 1 MB).
	baseN      = 500
	heapGrowth = 1.25
)

// noChangePlan is the index of the no-change plan in stepNames.
const noChangePlan = 1

// size is the result at n, if measured.
func (br backendResult) size(n int) (sizeResult, bool) {
	for _, s := range br.sizes {
		if s.n == n {
			return s, true
		}
	}
	return sizeResult{}, false
}

// compared are the sizes whose totals are compared with Twilio's: those of
// at least compareFromN, else the largest.
func (br backendResult) compared() []sizeResult {
	var out []sizeResult
	for _, s := range br.sizes {
		if s.n >= compareFromN {
			out = append(out, s)
		}
	}
	if largest, ok := br.largest(); ok && len(out) == 0 {
		out = append(out, largest)
	}
	return out
}

// evaluate checks the targets (the constants above) and the peak RSS
// below rssTargetMB at every size.
func (r *report) evaluate() {
	var peak int64
	for _, br := range r.backends {
		for _, sz := range br.sizes {
			peak = max(peak, sz.lifecycles[subjectOurs].totals().peakKB)
		}
		if r.hasOfficial() {
			for _, sz := range br.compared() {
				r.targets = append(r.targets, compareTargets(br.backend, sz)...)
			}
		}
		r.targets = append(r.targets, scalingTargets(br)...)
	}
	r.targets = append(r.targets, target{text: fmt.Sprintf("peak provider RSS < %d MB at every N", rssTargetMB),
		met: mb(peak) < rssTargetMB, detail: fmt.Sprintf("%.1f MB", mb(peak))})
}

// compareTargets: our total wall time and CPU at most Twilio's at sz.
func compareTargets(backend string, sz sizeResult) []target {
	ours, twilio := sz.lifecycles[subjectOurs].totals(), sz.lifecycles[subjectTwilio].totals()
	return []target{
		{text: fmt.Sprintf("%s, N = %d: total wall time <= Twilio's provider's", backendTitle(backend), sz.n),
			met:    ours.wall <= twilio.wall,
			detail: fmt.Sprintf("%s s vs %s s (%s)", seconds(ours.wall), seconds(twilio.wall), ratio(ours.wall, twilio.wall))},
		{text: fmt.Sprintf("%s, N = %d: total CPU (terraform + provider) <= Twilio's provider's", backendTitle(backend), sz.n),
			met:    ours.cpu() <= twilio.cpu(),
			detail: fmt.Sprintf("%s s vs %s s (%s)", seconds(ours.cpu()), seconds(twilio.cpu()), ratio(ours.cpu(), twilio.cpu()))},
	}
}

// scalingTargets: this provider's live heap in the no-change plan of
// heapTargetN resources, and how its live heap and CPU per resource at
// the largest size compare with baseN's.
func scalingTargets(br backendResult) []target {
	var ts []target
	title := backendTitle(br.backend)
	if sz, ok := br.size(heapTargetN); ok {
		live := sz.lifecycles[subjectOurs].steps[noChangePlan].peakLiveMB
		ts = append(ts, target{text: fmt.Sprintf("%s, N = %d: provider live heap during the no-change plan <= %d MB", title, sz.n, heapTargetMB),
			met: live <= heapTargetMB, detail: fmt.Sprintf("%d MB", live)})
	}
	base, okBase := br.size(baseN)
	largest, okLargest := br.largest()
	if !okBase || !okLargest || largest.n <= baseN {
		return ts
	}
	b, l := base.lifecycles[subjectOurs], largest.lifecycles[subjectOurs]
	bLive, lLive := b.steps[noChangePlan].peakLiveMB, l.steps[noChangePlan].peakLiveMB
	ts = append(ts, target{
		text: fmt.Sprintf("%s: provider live heap during the no-change plan not growing with N (N = %d at most x%.2f + 1 MB of N = %d)", title, largest.n, heapGrowth, baseN),
		met:  float64(lLive) <= float64(bLive)*heapGrowth+1, detail: fmt.Sprintf("%d MB at N = %d, %d MB at N = %d", lLive, largest.n, bLive, baseN)})
	bCPU, lCPU := perResourceMs(b.totals().providerCPU, baseN), perResourceMs(l.totals().providerCPU, largest.n)
	ts = append(ts, target{
		text: fmt.Sprintf("%s: provider CPU per resource at N = %d <= at N = %d", title, largest.n, baseN),
		met:  lCPU <= bCPU, detail: fmt.Sprintf("%.1f ms vs %.1f ms", lCPU, bCPU)})
	return ts
}

// perResourceMs is d in milliseconds divided among n resources.
func perResourceMs(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(n)
}

func mark(met bool) string {
	if met {
		return "met"
	}
	return "NOT MET"
}

func (r *report) targetsText() string {
	var b strings.Builder
	for _, t := range r.targets {
		fmt.Fprintf(&b, "%-7s %s: %s\n", mark(t.met), t.text, t.detail)
	}
	return b.String()
}

func mdRow(cells ...string) string {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "|", "\\|")
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// chartFile is the SVG chart of a backend, beside the report.
func chartFile(out, backend string) string {
	base := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
	return filepath.Join(filepath.Dir(out), fmt.Sprintf("%s-%s.svg", base, backend))
}

// render evaluates the targets and renders the report: its Markdown, and
// its charts by file (beside the options' out).
func (r *report) render() (markdown string, charts map[string]string) {
	r.targets = nil
	r.evaluate()
	charts = map[string]string{}
	for _, br := range r.backends {
		charts[chartFile(r.opts.out, br.backend)] = r.chart(br)
	}
	return r.markdown(), charts
}

// write renders the report and writes it with its charts to the options'
// out, then prints the targets.
func (r *report) write() error {
	md, charts := r.render()
	for _, file := range slices.Sorted(maps.Keys(charts)) {
		if err := writeFileAtomic(file, []byte(charts[file])); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(r.opts.out, []byte(md)); err != nil {
		return err
	}
	fmt.Printf("\n%s\n==> Wrote %s\n", r.targetsText(), r.opts.out)
	return nil
}

func (r *report) markdown() string {
	var b strings.Builder
	o := r.opts
	b.WriteString("# Benchmarks\n\n")
	fmt.Fprintf(&b, "Generated by `scripts/bench` from the measurements it saved in `%s` (the analysis section from "+
		"`scripts/bench/analysis.md`); do not edit by hand. Measure again with:\n\n"+
		"```shell\nmake bench OFFICIAL_PROVIDER=/path/to/twilio/terraform-provider-twilio\n```\n\n"+
		"After editing the analysis, `make bench-report` renders this file again from `%[1]s` without measuring.\n\n",
		filepath.Base(resultsFileOf(o.out)))
	b.WriteString("`make bench` builds the pinned Terraform CLI and this provider into `bin/`, runs the Go micro-benchmarks of `internal/...`, " +
		"then the bench, `scripts/bench` (a Go module of its own; flags, given in `BENCH_FLAGS`: `-sizes`, `-local-max-size`, `-latency`, `-parallelism`, `-backend`, `-repeat`, `-official`, `-profile-dir`, `-out`, `-results`, `-from`). " +
		"Without `OFFICIAL_PROVIDER` it prints how to build Twilio's provider and measures this one and `terraform_data` alone.\n\n")
	b.WriteString("Each subject runs the same lifecycle in a fresh folder with `-parallelism`: **create** N resources, a **no-change plan** " +
		"(`-detailed-exitcode`), **update** every `friendly_name` in place, **destroy**. The subjects are this provider " +
		"(`twilio_verify_factor`), Twilio's provider (`twilio/twilio`, `" + officialResource + "`, routed to the same mock through " +
		"the bench's HTTPS proxy with a throwaway CA, `HTTPS_PROXY` + `SSL_CERT_FILE`) and Terraform's built-in `terraform_data` " +
		"(no provider, no API: Terraform's own cost). All talk to the same mock, which adds a fixed latency to every API request; " +
		"N TOTP factors spread over identities of at most 50. The subjects of a size run one after the other in the same run, " +
		"so they share the machine's conditions.\n\n")
	b.WriteString("Figures: **wall** seconds of the command; **CPU** seconds, terraform's own plus its provider processes' " +
		"(`utime + stime` and `cutime + cstime` of the exited terraform, read from `/proc/<pid>/stat` before it is reaped, " +
		"so each provider process's CPU comes from its own rusage); **requests** answered by the mock; " +
		"**RSS** the largest `VmHWM` of a provider process, polled every 50 ms; **live heap** the largest heap a garbage " +
		"collection of a provider process left live (the last figure of `a->b->c MB` in its `GODEBUG=gctrace=1` lines: each provider " +
		"runs behind a wrapper script that turns the trace on and copies its standard error, which still reaches the CLI, " +
		"to a file per step); **state bytes per factor** the size of `terraform state pull` after the create divided by N.\n\n")
	fmt.Fprintf(&b, "- Date: %s\n", r.date.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "- Machine: %s; CPU %s; %d CPUs; %s memory; load average %s at the start, %s at the end. "+
		"The machine is shared with other jobs, so absolute numbers are noisy; compare subjects within a run.\n",
		r.machine.uname, r.machine.cpu, r.machine.nproc, r.machine.memory, r.machine.loadStart, r.machine.loadEnd)
	fmt.Fprintf(&b, "- Terraform %s; mock latency %s per API request; `-parallelism=%d`; ", r.tfVersion, o.latency, o.parallelism)
	if o.repeat > 1 {
		fmt.Fprintf(&b, "%d runs of each lifecycle, medians shown\n", o.repeat)
	} else {
		b.WriteString("one run of each lifecycle\n")
	}
	if !r.hasOfficial() {
		b.WriteString("- Twilio's provider was not measured in this run (no `OFFICIAL_PROVIDER`).\n")
	}
	for _, s := range append(r.skipped, r.backends...) {
		if s.note != "" {
			fmt.Fprintf(&b, "- %s: %s\n", backendTitle(s.backend), s.note)
		}
	}
	b.WriteString("\n## Targets\n\n")
	for _, t := range r.targets {
		fmt.Fprintf(&b, "- **%s**: %s: %s\n", mark(t.met), t.text, t.detail)
	}
	for _, br := range r.backends {
		r.writeBackend(&b, br)
	}
	r.writeState(&b)
	if strings.TrimSpace(analysis) != "" {
		b.WriteString("\n" + strings.TrimSpace(analysis) + "\n")
	}
	if lines := r.micro; len(lines) > 0 {
		b.WriteString("\n## Go micro-benchmarks\n\nThe provider's hot paths, from `go test -run '^$' -bench . -benchmem ./internal/...` " +
			"in the same run (compare runs with `benchstat`).\n\n```\n")
		b.WriteString(strings.Join(lines, "\n"))
		b.WriteString("\n```\n")
	}
	return b.String()
}

// writeBackend writes a backend's side-by-side table at the largest size,
// the CPU split, and the totals at every size with the chart.
func (r *report) writeBackend(b *strings.Builder, br backendResult) {
	sz, ok := br.largest()
	if !ok {
		return
	}
	fmt.Fprintf(b, "\n## %s\n\n", strings.ToUpper(backendTitle(br.backend)[:1])+backendTitle(br.backend)[1:])
	fmt.Fprintf(b, "### N = %d, step by step\n\nwall s / CPU s (requests); CPU is terraform + provider.\n\n", sz.n)
	header := []string{"step"}
	for _, s := range r.subjects {
		header = append(header, s.label)
	}
	if r.hasOfficial() {
		header = append(header, "ours / Twilio's, wall", "ours / Twilio's, CPU")
	}
	b.WriteString(mdRow(header...))
	b.WriteString(mdRow(strings.Split(strings.Repeat("---|", len(header)-1)+"---", "|")...))
	cell := func(s step) string {
		c := fmt.Sprintf("%s / %s", seconds(s.wall), seconds(s.cpu()))
		if s.requests > 0 {
			c += fmt.Sprintf(" (%d)", s.requests)
		}
		if s.planChanges {
			c += " changes planned"
		}
		return c
	}
	for i, name := range stepNames {
		row := []string{name}
		for _, s := range r.subjects {
			row = append(row, cell(sz.lifecycles[s.key].steps[i]))
		}
		if r.hasOfficial() {
			o, t := sz.lifecycles[subjectOurs].steps[i], sz.lifecycles[subjectTwilio].steps[i]
			row = append(row, ratio(o.wall, t.wall), ratio(o.cpu(), t.cpu()))
		}
		b.WriteString(mdRow(row...))
	}
	row := []string{"**total**"}
	for _, s := range r.subjects {
		row = append(row, "**"+cell(sz.lifecycles[s.key].totals())+"**")
	}
	if r.hasOfficial() {
		o, t := sz.lifecycles[subjectOurs].totals(), sz.lifecycles[subjectTwilio].totals()
		row = append(row, "**"+ratio(o.wall, t.wall)+"**", "**"+ratio(o.cpu(), t.cpu())+"**")
	}
	b.WriteString(mdRow(row...))

	fmt.Fprintf(b, "\n### N = %d, CPU split over the four steps\n\n", sz.n)
	b.WriteString(mdRow("subject", "terraform CPU s", "provider CPU s", "total CPU s", "provider CPU ms per resource", "provider peak live heap MB", "provider peak RSS MB"))
	b.WriteString(mdRow("---", "---:", "---:", "---:", "---:", "---:", "---:"))
	for _, s := range r.subjects {
		t := sz.lifecycles[s.key].totals()
		live, rss := providerMemory(s, t)
		b.WriteString(mdRow(s.label, seconds(t.terraformCPU), seconds(t.providerCPU), seconds(t.cpu()),
			fmt.Sprintf("%.1f", perResourceMs(t.providerCPU, sz.n)), live, rss))
	}

	b.WriteString("\n### Every size: totals of the four steps\n\nwall s / CPU s.\n\n")
	header = []string{"N"}
	for _, s := range r.subjects {
		header = append(header, s.label)
	}
	b.WriteString(mdRow(header...))
	b.WriteString(mdRow(strings.Split(strings.Repeat("---:|", len(header)-1)+"---:", "|")...))
	for _, sz := range br.sizes {
		row := []string{strconv.Itoa(sz.n)}
		for _, s := range r.subjects {
			t := sz.lifecycles[s.key].totals()
			row = append(row, fmt.Sprintf("%s / %s", seconds(t.wall), seconds(t.cpu())))
		}
		b.WriteString(mdRow(row...))
	}
	r.writePerResource(b, br)
	fmt.Fprintf(b, "\n![CPU per resource of the four steps against N, %s](%s)\n", backendTitle(br.backend), filepath.Base(chartFile(r.opts.out, br.backend)))
}

// writePerResource writes, at every size, each subject's cost per resource
// over the four steps and its provider's peak memory.
func (r *report) writePerResource(b *strings.Builder, br backendResult) {
	b.WriteString("\n### Every size: cost per resource and provider memory\n\nOver the four steps; CPU is terraform + provider; " +
		"live heap and RSS are the peaks of any provider process (live heap of the no-change plan in brackets).\n\n")
	b.WriteString(mdRow("N", "subject", "wall ms per resource", "CPU ms per resource", "provider CPU ms per resource", "provider peak live heap MB", "provider peak RSS MB"))
	b.WriteString(mdRow("---:", "---", "---:", "---:", "---:", "---:", "---:"))
	for _, sz := range br.sizes {
		for _, s := range r.subjects {
			lc := sz.lifecycles[s.key]
			t := lc.totals()
			live, rss := providerMemory(s, t)
			if s.source != "" {
				live += fmt.Sprintf(" (%d)", lc.steps[noChangePlan].peakLiveMB)
			}
			b.WriteString(mdRow(strconv.Itoa(sz.n), s.label, fmt.Sprintf("%.1f", perResourceMs(t.wall, sz.n)),
				fmt.Sprintf("%.1f", perResourceMs(t.cpu(), sz.n)), fmt.Sprintf("%.1f", perResourceMs(t.providerCPU, sz.n)), live, rss))
		}
	}
}

// providerMemory formats a subject's peak live heap and RSS; "-" for
// terraform_data, which starts no provider.
func providerMemory(s subject, t step) (live, rss string) {
	if s.source == "" {
		return "-", "-"
	}
	return strconv.Itoa(t.peakLiveMB), fmt.Sprintf("%.1f", mb(t.peakKB))
}

// writeState writes the bytes of state per resource, from the first
// backend's largest size.
func (r *report) writeState(b *strings.Builder) {
	if len(r.backends) == 0 {
		return
	}
	sz, ok := r.backends[0].largest()
	if !ok {
		return
	}
	fmt.Fprintf(b, "\n## State per resource\n\nAfter the create of N = %d (%s): `terraform state pull` bytes divided by N, "+
		"attributes of one instance, and the paths in its `sensitive_attributes`.\n\n", sz.n, backendTitle(r.backends[0].backend))
	b.WriteString(mdRow("subject", "state bytes per resource", "attributes", "sensitive paths"))
	b.WriteString(mdRow("---", "---:", "---:", "---:"))
	for _, s := range r.subjects {
		st := sz.lifecycles[s.key].state
		b.WriteString(mdRow(s.label, strconv.Itoa(st.bytesPerInstance()), strconv.Itoa(st.attributes), strconv.Itoa(st.sensitivePaths)))
	}
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

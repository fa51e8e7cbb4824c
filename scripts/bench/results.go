package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// resultsFormat is the version of the results file's layout; a file of
// another version is refused rather than half read.
const resultsFormat = 1

// resultsFile is what a run measured, saved as JSON beside its report
// (BENCHMARKS.json beside BENCHMARKS.md): every lifecycle of every
// repeat, not only the medians, and the run's conditions. `bench -from`
// renders the report again from it with the current analysis.md, so that
// BENCHMARKS.md stays generated when only the hand-written analysis
// changes, and a test checks that the committed report is that rendering.
type resultsFile struct {
	Format      int           `json:"format"`
	Date        time.Time     `json:"date"`
	Machine     machineJSON   `json:"machine"`
	Terraform   string        `json:"terraform_version"`
	Latency     time.Duration `json:"mock_latency_ns"`
	Parallelism int           `json:"parallelism"`
	Repeat      int           `json:"repeat"`
	Subjects    []string      `json:"subjects"`
	Backends    []backendJSON `json:"backends"`
	Skipped     []backendJSON `json:"skipped,omitempty"`
	Micro       []string      `json:"micro_benchmarks,omitempty"`
}

type machineJSON struct {
	Uname     string `json:"uname"`
	CPU       string `json:"cpu"`
	Memory    string `json:"memory"`
	CPUs      int    `json:"cpus"`
	LoadStart string `json:"load_start"`
	LoadEnd   string `json:"load_end"`
}

type backendJSON struct {
	Backend string     `json:"backend"`
	Note    string     `json:"note,omitempty"`
	Sizes   []sizeJSON `json:"sizes,omitempty"`
}

type sizeJSON struct {
	N int `json:"n"`
	// Runs are the lifecycles of each subject (by key), one per repeat.
	Runs map[string][]lifecycleJSON `json:"runs"`
}

type lifecycleJSON struct {
	Steps []stepJSON `json:"steps"`
	State stateJSON  `json:"state"`
}

// stepJSON is one step; durations in nanoseconds, so that a rendering
// from the file equals the one made when it was measured.
type stepJSON struct {
	Name         string        `json:"name"`
	Wall         time.Duration `json:"wall_ns"`
	TerraformCPU time.Duration `json:"terraform_cpu_ns"`
	ProviderCPU  time.Duration `json:"provider_cpu_ns"`
	Requests     int           `json:"requests"`
	PeakRSSKB    int64         `json:"provider_peak_rss_kb"`
	PeakLiveMB   int           `json:"provider_peak_live_heap_mb"`
	PlanChanges  bool          `json:"plan_changes,omitempty"`
}

type stateJSON struct {
	Bytes          int `json:"bytes"`
	Instances      int `json:"instances"`
	Attributes     int `json:"attributes"`
	SensitivePaths int `json:"sensitive_paths"`
}

// resultsFileOf is the results file beside the report out: its name with
// .json for .md.
func resultsFileOf(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".json"
}

// results is the report's measurements in the results file's layout.
func (r *report) results() resultsFile {
	f := resultsFile{
		Format: resultsFormat, Date: r.date, Terraform: r.tfVersion,
		Machine: machineJSON{Uname: r.machine.uname, CPU: r.machine.cpu, Memory: r.machine.memory, CPUs: r.machine.nproc,
			LoadStart: r.machine.loadStart, LoadEnd: r.machine.loadEnd},
		Latency: r.opts.latency, Parallelism: r.opts.parallelism, Repeat: r.opts.repeat, Micro: r.micro,
	}
	for _, s := range r.subjects {
		f.Subjects = append(f.Subjects, s.key)
	}
	for _, br := range r.backends {
		f.Backends = append(f.Backends, backendToJSON(br))
	}
	for _, br := range r.skipped {
		f.Skipped = append(f.Skipped, backendToJSON(br))
	}
	return f
}

func backendToJSON(br backendResult) backendJSON {
	out := backendJSON{Backend: br.backend, Note: br.note}
	for _, sz := range br.sizes {
		js := sizeJSON{N: sz.n, Runs: map[string][]lifecycleJSON{}}
		for key, runs := range sz.runs {
			for _, lc := range runs {
				js.Runs[key] = append(js.Runs[key], lifecycleToJSON(lc))
			}
		}
		out.Sizes = append(out.Sizes, js)
	}
	return out
}

func lifecycleToJSON(lc lifecycle) lifecycleJSON {
	out := lifecycleJSON{State: stateJSON{Bytes: lc.state.bytes, Instances: lc.state.instances,
		Attributes: lc.state.attributes, SensitivePaths: lc.state.sensitivePaths}}
	for i, s := range lc.steps {
		out.Steps = append(out.Steps, stepJSON{Name: stepNames[i], Wall: s.wall, TerraformCPU: s.terraformCPU,
			ProviderCPU: s.providerCPU, Requests: s.requests, PeakRSSKB: s.peakKB, PeakLiveMB: s.peakLiveMB,
			PlanChanges: s.planChanges})
	}
	return out
}

// saveResults writes the report's measurements to file.
func (r *report) saveResults(file string) error {
	data, err := json.MarshalIndent(r.results(), "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(file, append(data, '\n'))
}

// loadReport reads a results file into a report that renders to out.
func loadReport(file, out string) (*report, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var f resultsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	r, err := reportFromResults(f, out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return r, nil
}

// reportFromResults rebuilds the report of a results file: the medians
// are computed again from the saved lifecycles.
func reportFromResults(f resultsFile, out string) (*report, error) {
	if f.Format != resultsFormat {
		return nil, fmt.Errorf("results format %d, this bench reads %d: measure again with make bench", f.Format, resultsFormat)
	}
	r := &report{
		opts: options{out: out, latency: f.Latency, parallelism: f.Parallelism, repeat: f.Repeat},
		date: f.Date, tfVersion: f.Terraform, micro: f.Micro,
		machine: machine{uname: f.Machine.Uname, cpu: f.Machine.CPU, memory: f.Machine.Memory, nproc: f.Machine.CPUs,
			loadStart: f.Machine.LoadStart, loadEnd: f.Machine.LoadEnd},
	}
	for _, key := range f.Subjects {
		s, ok := knownSubject(key)
		if !ok {
			return nil, fmt.Errorf("unknown subject %q", key)
		}
		r.subjects = append(r.subjects, s)
	}
	for _, list := range []struct {
		saved []backendJSON
		into  *[]backendResult
	}{{f.Backends, &r.backends}, {f.Skipped, &r.skipped}} {
		for _, b := range list.saved {
			br, err := backendFromJSON(b, r.subjects)
			if err != nil {
				return nil, err
			}
			*list.into = append(*list.into, br)
		}
	}
	return r, nil
}

func backendFromJSON(b backendJSON, subjects []subject) (backendResult, error) {
	br := backendResult{backend: b.Backend, note: b.Note}
	if b.Backend != backendLocal && b.Backend != backendPG {
		return br, fmt.Errorf("unknown backend %q", b.Backend)
	}
	for _, js := range b.Sizes {
		runs := map[string][]lifecycle{}
		for _, s := range subjects {
			saved := js.Runs[s.key]
			if len(saved) == 0 {
				return br, fmt.Errorf("%s, N = %d: no lifecycle of subject %q", b.Backend, js.N, s.key)
			}
			for _, lj := range saved {
				lc, err := lifecycleFromJSON(lj)
				if err != nil {
					return br, fmt.Errorf("%s, N = %d, %s: %w", b.Backend, js.N, s.key, err)
				}
				runs[s.key] = append(runs[s.key], lc)
			}
		}
		br.sizes = append(br.sizes, newSizeResult(js.N, runs))
	}
	return br, nil
}

func lifecycleFromJSON(lj lifecycleJSON) (lifecycle, error) {
	var lc lifecycle
	if len(lj.Steps) != len(stepNames) {
		return lc, fmt.Errorf("%d steps, want %d", len(lj.Steps), len(stepNames))
	}
	for i, s := range lj.Steps {
		if s.Name != stepNames[i] {
			return lc, fmt.Errorf("step %d is %q, want %q", i+1, s.Name, stepNames[i])
		}
		lc.steps[i] = step{wall: s.Wall, terraformCPU: s.TerraformCPU, providerCPU: s.ProviderCPU, requests: s.Requests,
			peakKB: s.PeakRSSKB, peakLiveMB: s.PeakLiveMB, planChanges: s.PlanChanges}
	}
	lc.state = stateFigures{bytes: lj.State.Bytes, instances: lj.State.Instances, attributes: lj.State.Attributes,
		sensitivePaths: lj.State.SensitivePaths}
	return lc, nil
}

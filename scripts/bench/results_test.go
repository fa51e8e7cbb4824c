package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// measuredReport is a report as a run leaves it: two backends, three
// subjects, two repeats whose medians differ from either run.
func measuredReport(t *testing.T, out string) *report {
	t.Helper()
	s := time.Second
	var subjects []subject
	for _, key := range []string{subjectBaseline, subjectOurs, subjectTwilio} {
		sub, ok := knownSubject(key)
		if !ok {
			t.Fatalf("knownSubject(%q) is unknown", key)
		}
		subjects = append(subjects, sub)
	}
	runs := func(scale time.Duration) map[string][]lifecycle {
		m := map[string][]lifecycle{}
		for i, key := range []string{subjectBaseline, subjectOurs, subjectTwilio} {
			for rep := range 2 {
				lc := lifecycleOf(scale*time.Duration(i+1+rep), scale*time.Duration(2*i+3+rep), 5+rep, int64(40<<10+rep))
				lc.steps[1].requests = 100 * (i + 1)
				lc.state = stateFigures{bytes: 1000 * (i + 1), instances: 10, attributes: 4 + i, sensitivePaths: i}
				m[key] = append(m[key], lc)
			}
		}
		return m
	}
	return &report{
		opts:      options{out: out, latency: 25 * time.Millisecond, parallelism: 10, repeat: 2},
		date:      time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC),
		machine:   machine{uname: "Linux x", cpu: "CPU y", memory: "1.0 GiB", nproc: 2, loadStart: "0.1 0.2 0.3", loadEnd: "1.0 1.1 1.2"},
		tfVersion: "1.8.5",
		subjects:  subjects,
		micro:     []string{"cpu: CPU y", "BenchmarkX-2   10   100 ns/op"},
		backends: []backendResult{
			{backend: backendLocal, note: "N > 10 measured with the pg backend only (-local-max-size)",
				sizes: []sizeResult{newSizeResult(10, runs(s))}},
			{backend: backendPG, sizes: []sizeResult{newSizeResult(10, runs(s)), newSizeResult(1000, runs(10*s))}},
		},
		skipped: nil,
	}
}

func TestResultsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "B.md")
	measured := measuredReport(t, out)
	file := resultsFileOf(out)
	if file != filepath.Join(dir, "B.json") {
		t.Fatalf("resultsFileOf(%q) = %q", out, file)
	}
	if err := measured.saveResults(file); err != nil {
		t.Fatal(err)
	}
	loaded, err := loadReport(file, out)
	if err != nil {
		t.Fatal(err)
	}
	wantMD, wantCharts := measured.render()
	gotMD, gotCharts := loaded.render()
	if gotMD != wantMD {
		t.Errorf("the report rendered from the results differs from the measured one:\n--- measured\n%s\n--- loaded\n%s", wantMD, gotMD)
	}
	for name, want := range wantCharts {
		if gotCharts[name] != want {
			t.Errorf("chart %s rendered from the results differs from the measured one", name)
		}
	}
	// The medians come from the saved runs, not from a saved copy of them.
	pg := loaded.backends[1].sizes[1]
	if got, want := pg.lifecycles[subjectOurs].steps[0].wall, 25*time.Second; got != want {
		t.Errorf("median wall of ours at N = 1000: %v, want %v (the mean of the two runs' 20 s and 30 s)", got, want)
	}
	if got := len(pg.runs[subjectTwilio]); got != 2 {
		t.Errorf("runs of Twilio's provider at N = 1000: %d, want 2", got)
	}
	if !strings.Contains(gotMD, "BenchmarkX-2") || !strings.Contains(gotMD, "0.1 0.2 0.3 at the start, 1.0 1.1 1.2 at the end") {
		t.Errorf("the micro-benchmarks or the machine's load did not come back from the results:\n%s", gotMD)
	}
}

func TestLoadReportRefusesWhatItCannotRender(t *testing.T) {
	dir := t.TempDir()
	good := measuredReport(t, filepath.Join(dir, "B.md")).results()
	tests := map[string]struct {
		edit func(*resultsFile)
		want string
	}{
		"another format":  {func(f *resultsFile) { f.Format = resultsFormat + 1 }, "results format 2"},
		"unknown subject": {func(f *resultsFile) { f.Subjects = append(f.Subjects, "other") }, `unknown subject "other"`},
		"unknown backend": {func(f *resultsFile) { f.Backends[0].Backend = "s3" }, `unknown backend "s3"`},
		"a subject without runs": {func(f *resultsFile) { delete(f.Backends[1].Sizes[1].Runs, subjectTwilio) },
			`pg, N = 1000: no lifecycle of subject "twilio"`},
		"a lifecycle of three steps": {func(f *resultsFile) {
			lc := &f.Backends[0].Sizes[0].Runs[subjectOurs][0]
			lc.Steps = lc.Steps[:3]
		}, "3 steps, want 4"},
		"steps out of order": {func(f *resultsFile) {
			st := f.Backends[0].Sizes[0].Runs[subjectOurs][1].Steps
			st[0].Name, st[1].Name = st[1].Name, st[0].Name
		}, `step 1 is "no-change plan", want "create"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			// A deep copy of the good results, through JSON.
			data, err := json.Marshal(good)
			if err != nil {
				t.Fatal(err)
			}
			var f resultsFile
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			tc.edit(&f)
			if data, err = json.Marshal(f); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "R.json")
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = loadReport(file, filepath.Join(dir, "B.md"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("loadReport: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestCommittedReportIsGenerated: BENCHMARKS.md and its charts are what
// the bench renders from BENCHMARKS.json and the current analysis.md, so
// that neither is edited by hand.
func TestCommittedReportIsGenerated(t *testing.T) {
	out := filepath.Join("..", "..", "BENCHMARKS.md")
	r, err := loadReport(resultsFileOf(out), out)
	if err != nil {
		t.Fatalf("reading the measurements behind BENCHMARKS.md: %v", err)
	}
	md, charts := r.render()
	committed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	const fix = "run `make bench-report` (after editing scripts/bench/analysis.md) or `make bench` (to measure again)"
	if string(committed) != md {
		t.Errorf("BENCHMARKS.md is not the rendering of BENCHMARKS.json and scripts/bench/analysis.md: %s", fix)
	}
	for file, want := range charts {
		got, err := os.ReadFile(file)
		if err != nil || string(got) != want {
			t.Errorf("%s is not the rendering of BENCHMARKS.json (%v): %s", filepath.Base(file), err, fix)
		}
	}
}

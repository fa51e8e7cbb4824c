package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPeakLiveHeapMB(t *testing.T) {
	trace := `{"@level":"info","@message":"configuring server automatic mTLS"}
gc 1 @4.830s 0%: 0.10+14+0.007 ms clock, 0.21+1.8/4.6/0+0.014 ms cpu, 3->4->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P
gc 30 @64.899s 1%: 6.0+562+0.007 ms clock, 12+453/310/33+0.015 ms cpu, 56->62->42 MB, 64 MB goal, 0 MB stacks, 0 MB globals, 2 P
gc 31 @66.254s 1%: 0.089+97+0.006 ms clock, 0.17+18/35/109+0.013 ms cpu, 56->58->39 MB, 63 MB goal, 0 MB stacks, 0 MB globals, 2 P
a log line that says 99->99->99 MB
`
	if got := peakLiveHeapMB([]byte(trace)); got != 42 {
		t.Errorf("peakLiveHeapMB = %d, want 42 (the largest third figure of a gc line)", got)
	}
	if got := peakLiveHeapMB(nil); got != 0 {
		t.Errorf("no trace: %d, want 0", got)
	}
}

// TestProviderWrapper runs the wrapper script with a stand-in provider: its
// arguments, standard output and standard error pass through, GODEBUG
// turns the trace on, and standard error is also appended to the step's
// file.
func TestProviderWrapper(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "it's a provider")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"out $1 $GODEBUG\"\necho \"gc 1 @0.1s 0%: x, 5->6->3 MB\" >&2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	wrapped := filepath.Join(dir, "wrapped")
	if err := writeProviderWrapper(wrapped, fake); err != nil {
		t.Fatal(err)
	}
	trace := filepath.Join(dir, "trace.log")
	for range 2 {
		cmd := exec.Command(filepath.Join(wrapped, providerBinary), "arg")
		cmd.Env = append(os.Environ(), gcTraceFileVariable+"="+trace)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stderr.String(), "5->6->3 MB") {
			t.Errorf("stderr %q, want the provider's own", stderr.String())
		}
		if got := strings.TrimSpace(string(out)); got != "out arg gctrace=1" {
			t.Errorf("stdout %q, want the provider's own", got)
		}
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), "gc 1 ") != 2 {
		t.Errorf("trace file %q, want both runs' lines", data)
	}
	if got, err := readPeakLiveHeapMB(trace); err != nil || got != 3 {
		t.Errorf("readPeakLiveHeapMB = %d, %v; want 3", got, err)
	}
	if _, err := os.Stat(trace); !os.IsNotExist(err) {
		t.Error("the trace file was not removed")
	}
	if got, err := readPeakLiveHeapMB(trace); err != nil || got != 0 {
		t.Errorf("missing file: %d, %v; want 0, nil", got, err)
	}
}

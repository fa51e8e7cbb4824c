package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// gcTraceFileVariable names the file a provider wrapper appends its
// provider's standard error to, where GODEBUG=gctrace=1 writes a line per
// garbage collection. The bench sets it for every step.
const gcTraceFileVariable = "BENCH_GCTRACE_FILE"

// writeProviderWrapper writes, as dir/terraform-provider-twilio (the name
// dev_overrides looks for), a bash script that runs binary with the garbage
// collector's trace on and a copy of its standard error appended to the
// file named by gcTraceFileVariable (tee). Standard error still reaches
// Terraform, which reads every line a provider writes there even when it
// keeps none (Twilio's provider writes about 6 kB per resource), so the
// CLI's CPU is measured as without the wrapper. The script replaces itself
// with the provider (exec), so the process Terraform starts, waits for and
// whose RSS and CPU the bench reads is the provider's; tee's CPU is not
// counted.
func writeProviderWrapper(dir, binary string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	script := fmt.Sprintf("#!/bin/bash\nexport GODEBUG=gctrace=1\nexec %s \"$@\" 2> >(tee -a \"${%s:-/dev/null}\" >&2)\n",
		shellQuote(binary), gcTraceFileVariable)
	return os.WriteFile(filepath.Join(dir, providerBinary), []byte(script), 0o755)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// gcTraceHeap matches the heap figures of a gctrace line: the heap at the
// start of the collection, at its end, and the live heap it marked, in MB.
var gcTraceHeap = regexp.MustCompile(`^gc \d+ @.* (\d+)->(\d+)->(\d+) MB`)

// peakLiveHeapMB is the largest live heap marked by a collection in the
// gctrace lines of trace (other lines are skipped); 0 if there are none.
func peakLiveHeapMB(trace []byte) int {
	peak := 0
	for line := range strings.Lines(string(trace)) {
		if m := gcTraceHeap.FindStringSubmatch(line); m != nil {
			if live, err := strconv.Atoi(m[3]); err == nil {
				peak = max(peak, live)
			}
		}
	}
	return peak
}

// readPeakLiveHeapMB reads and removes a step's trace file; a missing file
// (no provider process ran) is a peak of 0.
func readPeakLiveHeapMB(file string) (int, error) {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return peakLiveHeapMB(data), os.Remove(file)
}

//go:build benchprofile

// The benchmark's build of the provider (`go build -tags benchprofile`,
// which scripts/bench runs when given -profile-dir): every provider process
// writes a CPU profile of its whole life. Releases, `make build` and
// `make install` leave this file out.

package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// cpuProfileVariable names a folder: when set, each provider process writes
// a CPU profile of its whole life there as cpu-<pid>.pprof, for
// `go tool pprof` (see BENCHMARKS.md). Terraform starts several provider
// processes per command, hence one file per process.
const cpuProfileVariable = "TWILIO_VERIFY_CPU_PROFILE_DIR"

func init() {
	afterServe = startCPUProfile(os.Getenv(cpuProfileVariable))
}

// startCPUProfile starts profiling into dir and returns the function that
// stops it; with dir empty, or when the profile cannot start, it does nothing.
func startCPUProfile(dir string) (stop func()) {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		log.Printf("[WARN] %s: %v", cpuProfileVariable, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Printf("[WARN] %s: %v", cpuProfileVariable, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

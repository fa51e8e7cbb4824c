//go:build benchprofile

// The benchmark's build of the provider (`go build -tags benchprofile`,
// which scripts/bench runs when given -profile-dir): every provider process
// writes a CPU profile of its whole life, and heap and goroutine profiles
// at their peaks (main_benchprofile_memory.go). Releases, `make build` and
// `make install` leave these files out.

package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"
)

// profileVariable names a folder: when set, each provider process writes
// a CPU profile of its whole life there as cpu-<pid>.pprof, and its memory
// watch's profiles and peaks, for `go tool pprof` (see BENCHMARKS.md).
// Terraform starts several provider processes per command, hence one file
// per process.
const profileVariable = "TWILIO_VERIFY_PROFILE_DIR"

// memorySampleInterval is how often the memory watch reads the live heap.
const memorySampleInterval = 100 * time.Millisecond

func init() {
	dir := os.Getenv(profileVariable)
	stopCPU := startCPUProfile(dir)
	stopMemory := startMemoryWatch(dir, memorySampleInterval)
	afterServe = func() {
		stopMemory()
		stopCPU()
	}
}

// startCPUProfile starts profiling into dir and returns the function that
// stops it; with dir empty, or when the profile cannot start, it does nothing.
func startCPUProfile(dir string) (stop func()) {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		log.Printf("[WARN] %s: %v", profileVariable, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Printf("[WARN] %s: %v", profileVariable, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

//go:build benchprofile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestStartCPUProfile(t *testing.T) {
	// Not parallel: a process runs one CPU profile at a time.
	startCPUProfile("")() // no folder: nothing to start or stop

	dir := t.TempDir()
	stop := startCPUProfile(dir)
	for i := range 1_000_000 {
		_ = fmt.Sprint(i)
	}
	stop()
	fi, err := os.Stat(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() == 0 {
		t.Error("the profile is empty")
	}

	// A folder that does not exist: a warning, and no profile.
	startCPUProfile(filepath.Join(dir, "missing"))()
}

func TestMemoryWatchProfiles(t *testing.T) {
	t.Parallel()
	startMemoryWatch("", time.Millisecond)() // no folder: nothing to watch

	dir := t.TempDir()
	stop := startMemoryWatch(dir, time.Millisecond)
	var kept [][]byte
	for range 64 {
		kept = append(kept, make([]byte, 256<<10)) // 16 MiB live in all
		runtime.GC()
		time.Sleep(2 * time.Millisecond)
	}
	stop()
	runtime.KeepAlive(kept)

	pid := os.Getpid()
	for _, name := range []string{"heap", "goroutine"} {
		fi, err := os.Stat(filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", name, pid)))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() == 0 {
			t.Errorf("the %s profile is empty", name)
		}
	}
	summary, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("memory-%d.txt", pid)))
	if err != nil {
		t.Fatal(err)
	}
	var heap, goroutines uint64
	if _, err := fmt.Sscanf(string(summary), "peak_live_heap_bytes %d\npeak_goroutines %d\n", &heap, &goroutines); err != nil {
		t.Fatalf("summary %q: %v", summary, err)
	}
	if heap < 16<<20 || goroutines < 2 {
		t.Errorf("peaks %d bytes, %d goroutines; want at least the 16 MiB kept and the watch's own goroutine", heap, goroutines)
	}
}

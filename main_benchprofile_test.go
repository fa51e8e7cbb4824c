//go:build benchprofile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
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

//go:build benchprofile

package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// Metrics the memory watch samples.
const (
	liveHeapMetric   = "/gc/heap/live:bytes"
	goroutinesMetric = "/sched/goroutines:goroutines"
)

// memoryWatch samples the live heap (as the last garbage collection left
// it) and the number of goroutines of the process. At each new peak it
// writes a heap profile (heap-<pid>.pprof, the objects live at that peak,
// for `go tool pprof -sample_index=inuse_space`) or a goroutine profile
// (goroutine-<pid>.pprof) into dir, so the files show what the process held
// at its largest; at stop it writes both peaks to memory-<pid>.txt.
type memoryWatch struct {
	dir               string
	interval          time.Duration
	samples           []metrics.Sample
	peakHeap, written uint64
	peakGoroutines    uint64
	done              chan struct{}
	wg                sync.WaitGroup
}

// startMemoryWatch samples every interval until the returned function is
// called; with dir empty it does nothing.
func startMemoryWatch(dir string, interval time.Duration) (stop func()) {
	if dir == "" {
		return func() {}
	}
	w := &memoryWatch{dir: dir, interval: interval, done: make(chan struct{}),
		samples: []metrics.Sample{{Name: liveHeapMetric}, {Name: goroutinesMetric}}}
	w.wg.Go(w.loop)
	return func() {
		close(w.done)
		w.wg.Wait()
		w.sample()
		w.writeSummary()
	}
}

func (w *memoryWatch) loop() {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
			w.sample()
		}
	}
}

// sample reads both metrics and writes a profile at a new peak: a heap
// profile once the live heap is 5% above the one last written, so that a
// steadily growing heap costs a few profiles, not one per sample.
func (w *memoryWatch) sample() {
	metrics.Read(w.samples)
	heap, goroutines := w.samples[0].Value.Uint64(), w.samples[1].Value.Uint64()
	if heap > w.peakHeap {
		w.peakHeap = heap
		if heap > w.written+w.written/20 {
			w.written = heap
			w.writeProfile("heap")
		}
	}
	if goroutines > w.peakGoroutines {
		w.peakGoroutines = goroutines
		w.writeProfile("goroutine")
	}
}

func (w *memoryWatch) writeProfile(name string) {
	f, err := os.Create(filepath.Join(w.dir, fmt.Sprintf("%s-%d.pprof", name, os.Getpid())))
	if err != nil {
		log.Printf("[WARN] %s: %v", profileVariable, err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		log.Printf("[WARN] %s: %v", profileVariable, err)
	}
}

// writeSummary writes the peaks as "peak_live_heap_bytes N" and
// "peak_goroutines N" lines.
func (w *memoryWatch) writeSummary() {
	text := fmt.Sprintf("peak_live_heap_bytes %d\npeak_goroutines %d\n", w.peakHeap, w.peakGoroutines)
	name := filepath.Join(w.dir, fmt.Sprintf("memory-%d.txt", os.Getpid()))
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		log.Printf("[WARN] %s: %v", profileVariable, err)
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// terraform runs the CLI with the benchmark's environment.
type terraform struct {
	bin            string
	env            []string
	providerPrefix string // base name prefix of the provider binary, for RSS
}

// cmdResult is one finished CLI command.
type cmdResult struct {
	output []byte
	code   int
	wall   time.Duration
	cpu    time.Duration // user + system CPU of Terraform and the providers it waited for
	peakKB int64         // largest VmHWM of a provider process seen; 0 if none
	// providerCPU is the user + system CPU of the provider processes alone,
	// as last polled from /proc/<pid>/stat (up to one poll interval short).
	providerCPU time.Duration
}

// run runs `terraform -chdir=dir args...`, timing it and polling the peak
// RSS of the provider processes it starts. A non-zero exit is not an error
// here: res.code holds it.
func (t *terraform) run(ctx context.Context, dir string, args ...string) (cmdResult, error) {
	var res cmdResult
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = t.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	// Its own process group: a Ctrl-C in the terminal reaches this program,
	// which then interrupts Terraform once (a graceful stop) and kills it
	// and its providers if it has not stopped 20s later.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("starting %s: %w", t.bin, err)
	}
	mon := startRSSMonitor(cmd.Process.Pid, t.providerPrefix)
	err := cmd.Wait()
	res.wall = time.Since(start)
	res.peakKB, res.providerCPU = mon.stop()
	res.output = out.Bytes()
	if ps := cmd.ProcessState; ps != nil {
		res.cpu = ps.UserTime() + ps.SystemTime()
	}
	if ctx.Err() != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		return res, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), context.Cause(ctx))
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		return res, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return res, nil
}

// must runs the command and fails, printing its output, unless it exits 0
// (for `plan -detailed-exitcode`, 2 means the plan is not empty).
func (t *terraform) must(ctx context.Context, dir string, args ...string) (cmdResult, error) {
	res, err := t.run(ctx, dir, args...)
	if err != nil {
		if ctx.Err() == nil { // interrupted: the output says only that
			os.Stderr.Write(res.output)
		}
		return res, err
	}
	if res.code == 0 {
		return res, nil
	}
	os.Stderr.Write(res.output)
	return res, fmt.Errorf("terraform %s in %s exited with code %d", strings.Join(args, " "), dir, res.code)
}

func (t *terraform) version(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, t.bin, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", t.bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", fmt.Errorf("%s version -json: %w", t.bin, err)
	}
	return v.Version, nil
}

// rssMonitor polls, every 50 ms, the children of a Terraform process whose
// executable is the provider and keeps the largest VmHWM (peak resident set)
// seen. A provider process that lives less than a poll is missed.
type rssMonitor struct {
	root   int
	prefix string
	done   chan struct{}
	wg     sync.WaitGroup
	peakKB int64
	ticks  map[int]int64 // CPU clock ticks of each provider process seen
}

const rssPollInterval = 50 * time.Millisecond

func startRSSMonitor(root int, prefix string) *rssMonitor {
	m := &rssMonitor{root: root, prefix: prefix, done: make(chan struct{}), ticks: map[int]int64{}}
	m.wg.Go(func() {
		t := time.NewTicker(rssPollInterval)
		defer t.Stop()
		for {
			m.poll()
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	})
	return m
}

// stop ends the polling and returns the peak RSS in kB and the CPU time of
// the provider processes.
func (m *rssMonitor) stop() (int64, time.Duration) {
	close(m.done)
	m.wg.Wait()
	var ticks int64
	for _, t := range m.ticks {
		ticks += t
	}
	return m.peakKB, time.Duration(ticks) * time.Second / clockTicksPerSecond
}

// clockTicksPerSecond is Linux's USER_HZ, the unit of /proc/<pid>/stat times.
const clockTicksPerSecond = 100

func (m *rssMonitor) poll() {
	for _, pid := range children(m.root) {
		if !m.isProvider(pid) {
			continue
		}
		if kb := vmHWM(pid); kb > m.peakKB {
			m.peakKB = kb
		}
		if t := cpuTicks(pid); t > m.ticks[pid] {
			m.ticks[pid] = t
		}
	}
}

func (m *rssMonitor) isProvider(pid int) bool {
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil {
		return strings.HasPrefix(filepath.Base(strings.TrimSuffix(exe, " (deleted)")), m.prefix)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	argv0, _, _ := bytes.Cut(cmdline, []byte{0})
	return strings.HasPrefix(filepath.Base(string(argv0)), m.prefix)
}

// children lists the direct children of pid from
// /proc/<pid>/task/<tid>/children.
func children(pid int) []int {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return nil
	}
	var pids []int
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		if err != nil {
			continue
		}
		for f := range strings.FieldsSeq(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				pids = append(pids, c)
			}
		}
	}
	return pids
}

// vmHWM is the VmHWM of /proc/<pid>/status in kB, 0 if unreadable.
func vmHWM(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return 0
			}
			return n
		}
	}
	return 0
}

// cpuTicks is utime + stime of /proc/<pid>/stat in clock ticks, 0 if
// unreadable.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(string(b[i+1:]))
	// After the name: state is field 3 of the file, utime 14 and stime 15.
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return utime + stime
}

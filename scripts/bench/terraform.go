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
	"unsafe"
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
	peakKB int64 // largest VmHWM of a provider process seen; 0 if none
	// terraformCPU is the user + system CPU of the terraform process itself
	// and providerCPU that of the provider processes it started and waited
	// for, both read from the exited terraform's /proc/<pid>/stat before it
	// is reaped (utime + stime, and cutime + cstime).
	terraformCPU, providerCPU time.Duration
}

// run runs `terraform -chdir=dir args...` with env added to the bench's
// environment, timing it and polling the peak RSS of the provider
// processes it starts. A non-zero exit is not an error
// here: res.code holds it.
func (t *terraform) run(ctx context.Context, dir string, env []string, args ...string) (cmdResult, error) {
	var res cmdResult
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(t.env[:len(t.env):len(t.env)], env...)
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
	waitErr := waitExited(cmd.Process.Pid)
	res.wall = time.Since(start)
	res.peakKB = mon.stop()
	if waitErr == nil {
		res.terraformCPU, res.providerCPU, waitErr = exitedCPU(cmd.Process.Pid)
	}
	err := cmd.Wait()
	res.output = out.Bytes()
	if waitErr != nil && err == nil {
		return res, fmt.Errorf("reading the CPU time of terraform: %w", waitErr)
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
func (t *terraform) must(ctx context.Context, dir string, env []string, args ...string) (cmdResult, error) {
	res, err := t.run(ctx, dir, env, args...)
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
}

const rssPollInterval = 50 * time.Millisecond

func startRSSMonitor(root int, prefix string) *rssMonitor {
	m := &rssMonitor{root: root, prefix: prefix, done: make(chan struct{})}
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

// stop ends the polling and returns the peak RSS in kB.
func (m *rssMonitor) stop() int64 {
	close(m.done)
	m.wg.Wait()
	return m.peakKB
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

// waitExited waits until pid has exited without reaping it, so that its
// /proc/<pid>/stat still holds its final CPU times (waitid with WNOWAIT).
func waitExited(pid int) error {
	const pPID, wNoWait = 1, 0x1000000
	var info [128]byte // siginfo_t
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&info[0])), syscall.WEXITED|wNoWait, 0, 0)
		switch errno {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		default:
			return errno
		}
	}
}

// exitedCPU reads the CPU times of an exited, unreaped process: its own,
// and that of the children it waited for (Terraform's providers).
func exitedCPU(pid int) (self, children time.Duration, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	s, c, err := parseStatCPU(b)
	return ticksToDuration(s), ticksToDuration(c), err
}

func ticksToDuration(t int64) time.Duration {
	return time.Duration(t) * time.Second / clockTicksPerSecond
}

// parseStatCPU returns utime + stime and cutime + cstime of a
// /proc/<pid>/stat line, in clock ticks.
func parseStatCPU(b []byte) (self, children int64, err error) {
	// The command name, in parentheses, may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, errors.New("no command name in /proc/<pid>/stat")
	}
	fields := strings.Fields(string(b[i+1:]))
	// After the name, fields[0] is field 3 (state) of proc(5): utime is
	// field 14, stime 15, cutime 16 and cstime 17.
	if len(fields) < 15 {
		return 0, 0, fmt.Errorf("/proc/<pid>/stat has %d fields after the name, want at least 15", len(fields))
	}
	var v [4]int64
	for k := range v {
		if v[k], err = strconv.ParseInt(fields[11+k], 10, 64); err != nil {
			return 0, 0, fmt.Errorf("/proc/<pid>/stat field %d: %w", 14+k, err)
		}
	}
	return v[0] + v[1], v[2] + v[3], nil
}

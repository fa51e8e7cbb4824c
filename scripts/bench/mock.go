package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

var listeningLine = regexp.MustCompile(`^twilio-verify-mock listening on (http://\S+)`)

// mock is the running twilio-verify-mock process.
type mock struct {
	cmd    *exec.Cmd
	url    string
	stderr *lockedBuffer
	exited chan struct{}
	client *http.Client
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startMock runs the mock on a free loopback port and waits for the URL it
// prints. The process gets its own process group so that a Ctrl-C in the
// terminal reaches only this program, which then stops it.
func startMock(ctx context.Context, bin string, env []string, latency time.Duration) (*mock, error) {
	cmd := exec.Command(bin,
		"-addr", "127.0.0.1:0",
		"-latency", latency.String(),
		"-account-sid", accountSID,
		"-auth-token", authToken,
		"-service", "Bench",
		"-service-sid", serviceSID,
	)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	m := &mock{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{}),
		client: &http.Client{Timeout: 60 * time.Second}}
	cmd.Stderr = m.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the mock: %w", err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			if mm := listeningLine.FindStringSubmatch(sc.Text()); mm != nil && !found {
				found = true
				urls <- mm[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(urls)
	}()
	go func() {
		_ = cmd.Wait()
		close(m.exited)
	}()
	select {
	case u, ok := <-urls:
		if !ok {
			m.stop()
			return nil, fmt.Errorf("the mock exited without reporting its address:\n%s", m.stderr.String())
		}
		m.url = u
	case <-time.After(30 * time.Second):
		m.stop()
		return nil, fmt.Errorf("the mock did not report its address within 30s:\n%s", m.stderr.String())
	case <-ctx.Done():
		m.stop()
		return nil, ctx.Err()
	}
	return m, nil
}

// stop ends the mock: SIGTERM, then SIGKILL if it has not exited in 5s.
func (m *mock) stop() {
	select {
	case <-m.exited:
		return
	default:
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.exited
	}
}

// stats is GET /__mock/stats.
type stats struct {
	Total    int            `json:"total"`
	Requests map[string]int `json:"requests"`
}

func (m *mock) stats(ctx context.Context) (stats, error) {
	var s stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.url+"/__mock/stats", nil)
	if err != nil {
		return s, err
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return s, fmt.Errorf("reading the mock's stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("GET /__mock/stats: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return s, fmt.Errorf("decoding the mock's stats: %w", err)
	}
	return s, nil
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

const (
	testAccount = "AC11111111111111111111111111111111"
	testKey     = "SK22222222222222222222222222222222"
	fixedSID    = "VA33333333333333333333333333333333"
)

func noEnv(string) (string, bool) { return "", false }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// started runs the command until the test ends and returns its printed
// lines (the listening line first) and a stop function that cancels it
// and returns run's error.
func started(t *testing.T, args []string, env func(string) (string, bool), lines int) ([]string, func() error) {
	t.Helper()
	return startedFunc(t, func(ctx context.Context, stdout io.Writer) error {
		return runWith(ctx, args, stdout, io.Discard, env)
	}, lines)
}

func startedFunc(t *testing.T, runFn func(context.Context, io.Writer) error, lines int) ([]string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := runFn(ctx, pw)
		_ = pw.CloseWithError(io.EOF)
		done <- err
	}()
	sc := bufio.NewScanner(pr)
	var out []string
	for len(out) < lines && sc.Scan() {
		out = append(out, sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if len(out) < lines {
		cancel()
		t.Fatalf("printed %q, then: %v", out, <-done)
	}
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after cancellation")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return out, stop
}

var listenLine = regexp.MustCompile(`^twilio-verify-mock listening on (http://127\.0\.0\.1:\d+)$`)

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func get(t *testing.T, url, user, pass string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestRunServesAndStops(t *testing.T) {
	t.Parallel()
	lines, stop := started(t, []string{
		"-addr", "127.0.0.1:0", "-account-sid", testAccount, "-auth-token", "tok",
		"-service", "Acme Tests", "-service", "Second", "-service-sid", fixedSID, "-service-issuer", "Acme",
	}, noEnv, 3)
	m := listenLine.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("first line %q", lines[0])
	}
	base := m[1]
	if lines[1] != `seeded service `+fixedSID+` "Acme Tests"` {
		t.Errorf("second line %q", lines[1])
	}
	if !regexp.MustCompile(`^seeded service VA[0-9a-f]{32} "Second"$`).MatchString(lines[2]) {
		t.Errorf("third line %q", lines[2])
	}

	status, body := get(t, base+"/v2/Services/"+fixedSID, testAccount, "tok")
	if status != 200 || body["friendly_name"] != "Acme Tests" || asMap(body["totp"])["issuer"] != "Acme" {
		t.Fatalf("fetch seeded service: %d %v", status, body)
	}
	if status, _ := get(t, base+"/v2/Services", mockverify.DefaultAccountSID, mockverify.DefaultAuthToken); status != 401 {
		t.Errorf("default credentials accepted despite -account-sid: %d", status)
	}
	if status, body := get(t, base+"/__mock/stats", "", ""); status != 200 || body["total"] != float64(2) {
		t.Errorf("stats: %d %v", status, body)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	if _, err := http.Get(base + "/__mock/stats"); err == nil {
		t.Fatal("still serving after cancellation")
	}
}

// TestRun drives run itself, with the process environment cleared of
// credentials (so it cannot run in parallel).
func TestRun(t *testing.T) {
	for _, k := range []string{"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"} {
		t.Setenv(k, "")
	}
	lines, stop := startedFunc(t, func(ctx context.Context, stdout io.Writer) error {
		return run(ctx, []string{"-addr", "127.0.0.1:0", "-service", "Demo"}, stdout)
	}, 2)
	m := listenLine.FindStringSubmatch(lines[0])
	if m == nil || !strings.HasPrefix(lines[1], "seeded service VA") {
		t.Fatalf("printed %q", lines)
	}
	sid := strings.Fields(lines[1])[2]
	if status, body := get(t, m[1]+"/v2/Services/"+sid, mockverify.DefaultAccountSID, mockverify.DefaultAuthToken); status != 200 || body["friendly_name"] != "Demo" {
		t.Fatalf("fetch: %d %v", status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRunCredentialsFromEnvironment(t *testing.T) {
	t.Parallel()
	env := envOf(map[string]string{
		"TWILIO_ACCOUNT_SID": testAccount, "TWILIO_AUTH_TOKEN": "env-token",
		"TWILIO_API_KEY": testKey, "TWILIO_API_SECRET": "env-secret",
	})
	lines, stop := started(t, []string{"-addr", "127.0.0.1:0", "-seed", "7", "-max-page-size", "1"}, env, 1)
	base := listenLine.FindStringSubmatch(lines[0])[1]
	for _, cred := range [][2]string{{testAccount, "env-token"}, {testKey, "env-secret"}} {
		if status, body := get(t, base+"/v2/Services", cred[0], cred[1]); status != 200 || asMap(body["meta"])["page_size"] != float64(1) {
			t.Errorf("%s: %d %v", cred[0], status, body)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestRunConcurrencyLimit checks that -concurrency-limit reaches the mock
// and that the control API changes it.
func TestRunConcurrencyLimit(t *testing.T) {
	t.Parallel()
	lines, stop := started(t, []string{"-addr", "127.0.0.1:0", "-concurrency-limit", "3"}, noEnv, 1)
	base := listenLine.FindStringSubmatch(lines[0])[1]
	if status, body := get(t, base+"/__mock/concurrency-limit", "", ""); status != 200 || body["concurrency_limit"] != float64(3) {
		t.Fatalf("GET /__mock/concurrency-limit: %d %v", status, body)
	}
	resp, err := http.Post(base+"/__mock/concurrency-limit?n=0", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if status, body := get(t, base+"/__mock/concurrency-limit", "", ""); resp.StatusCode != 200 || status != 200 || body["concurrency_limit"] != float64(0) {
		t.Fatalf("after POST ?n=0 (%d): %d %v", resp.StatusCode, status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := parseFlags(nil, io.Discard, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:8089" || c.accountSID != mockverify.DefaultAccountSID || c.authToken != mockverify.DefaultAuthToken ||
		c.apiKey != "" || c.maxPageSize != 1000 || c.concurrencyLimit != 0 || c.faults != (mockverify.Faults{RetryAfter: time.Second}) || len(c.services) != 0 {
		t.Fatalf("defaults %+v", c)
	}
	// Flags win over the environment.
	c, err = parseFlags([]string{"-auth-token", "flag"}, io.Discard, envOf(map[string]string{"TWILIO_AUTH_TOKEN": "env"}))
	if err != nil || c.authToken != "flag" {
		t.Fatalf("%+v %v", c, err)
	}
	c, err = parseFlags([]string{"-latency", "250ms", "-throttle-rate", "0.5", "-error-rate", "0.25", "-drop-rate", "1", "-retry-after", "3s"}, io.Discard, noEnv)
	want := mockverify.Faults{Latency: 250 * time.Millisecond, ThrottleRate: 0.5, ErrorRate: 0.25, DropRate: 1, RetryAfter: 3 * time.Second}
	if err != nil || c.faults != want {
		t.Fatalf("faults %+v %v", c.faults, err)
	}
	c, err = parseFlags([]string{"-clock-skew", "-3m"}, io.Discard, noEnv)
	if err != nil || c.clockSkew != -3*time.Minute {
		t.Fatalf("-clock-skew: %v %v", c.clockSkew, err)
	}
}

func TestFlagErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"all interfaces", []string{"-addr", ":8089"}, "loopback"},
		{"any address", []string{"-addr", "0.0.0.0:0"}, "loopback"},
		{"remote name", []string{"-addr", "example.com:80"}, "loopback"},
		{"no port", []string{"-addr", "127.0.0.1"}, "-addr"},
		{"bad account", []string{"-account-sid", "AC123"}, "-account-sid"},
		{"empty token", []string{"-auth-token", ""}, "-auth-token"},
		{"key without secret", []string{"-api-key", testKey}, "-api-secret"},
		{"bad key", []string{"-api-key", "SK1", "-api-secret", "s"}, "-api-key"},
		{"rate above 1", []string{"-throttle-rate", "1.5"}, "-throttle-rate"},
		{"negative rate", []string{"-drop-rate", "-0.1"}, "-drop-rate"},
		{"negative concurrency limit", []string{"-concurrency-limit", "-1"}, "-concurrency-limit"},
		{"page size 0", []string{"-max-page-size", "0"}, "-max-page-size"},
		{"page size 1001", []string{"-max-page-size", "1001"}, "-max-page-size"},
		{"sid without service", []string{"-service-sid", fixedSID}, "-service"},
		{"empty service", []string{"-service", ""}, "empty"},
		{"positional", []string{"extra"}, "unexpected"},
		{"unknown flag", []string{"-nope"}, "nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			_, err := parseFlags(tc.args, &stderr, noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one about %q", err, tc.want)
			}
		})
	}
	for _, ok := range [][]string{
		{"-addr", "0.0.0.0:0", "-allow-non-loopback"},
		{"-addr", "localhost:0"},
		{"-addr", "[::1]:0"},
	} {
		if _, err := parseFlags(ok, io.Discard, noEnv); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	// A bad fixed SID fails when seeding, before listening.
	err := runWith(t.Context(), []string{"-addr", "127.0.0.1:0", "-service", "x", "-service-sid", "VA1"}, io.Discard, io.Discard, noEnv)
	if err == nil || !strings.Contains(err.Error(), "seeding") {
		t.Fatalf("bad -service-sid: %v", err)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	err := runWith(t.Context(), []string{"-h"}, io.Discard, &stderr, noEnv)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h returned %v", err)
	}
	for _, want := range []string{"Usage: twilio-verify-mock", "-addr host:port", "-service name", "-allow-non-loopback", "/__mock/stats", "-clock-skew duration", "/__mock/clock-skew", "-concurrency-limit requests", "/__mock/concurrency-limit?n=4", "Origin header", "TWILIO_AUTH_TOKEN", "Example:",
		"/v1/Credentials", "challenge.approved", "X-Twilio-Signature", "HMAC-SHA1", "sorted by name", "loopback addresses only"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestRunDeliversSignedEvents: the command delivers webhook events, signed
// (the signature itself is checked by package mockverify's tests).
func TestRunDeliversSignedEvents(t *testing.T) {
	t.Parallel()
	got := make(chan string, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got <- fmt.Sprintf("%s signed=%v", r.PostForm.Get("type"), r.Header.Get("X-Twilio-Signature") != "")
	}))
	t.Cleanup(receiver.Close)
	lines, _ := started(t, []string{
		"-addr", "127.0.0.1:0", "-account-sid", testAccount, "-auth-token", "tok", "-service", "Hooks", "-service-sid", fixedSID,
	}, noEnv, 2)
	base := listenLine.FindStringSubmatch(lines[0])[1]
	post := func(path string, form url.Values) {
		req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(testAccount, "tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("POST %s: HTTP %d", path, resp.StatusCode)
		}
	}
	post("/v2/Services/"+fixedSID+"/Webhooks", url.Values{"FriendlyName": {"r"}, "EventTypes": {"*"}, "WebhookUrl": {receiver.URL + "/hook"}})
	post("/v2/Services/"+fixedSID+"/Entities/user-0001/Factors", url.Values{"FriendlyName": {"p"}, "FactorType": {"totp"}})
	select {
	case ev := <-got:
		if ev != "factor.created signed=true" {
			t.Errorf("received %s", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event delivered")
	}
}

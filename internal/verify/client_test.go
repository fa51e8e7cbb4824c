package verify

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestNewBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		want    string
		wantErr string
	}{
		{name: "default", want: "https://verify.twilio.com"},
		{name: "edge and region", cfg: Config{Edge: "sydney", Region: "au1"}, want: "https://verify.sydney.au1.twilio.com"},
		{name: "edge without region means us1", cfg: Config{Edge: "ashburn"}, want: "https://verify.ashburn.us1.twilio.com"},
		{name: "region alone", cfg: Config{Region: "ie1"}, want: "https://verify.ie1.twilio.com"},
		{name: "base URL overrides", cfg: Config{BaseURL: "http://127.0.0.1:8089", Edge: "sydney", Region: "au1"}, want: "http://127.0.0.1:8089"},
		{name: "base URL trailing slash", cfg: Config{BaseURL: "http://127.0.0.1:8089/"}, want: "http://127.0.0.1:8089"},
		{name: "base URL with path prefix", cfg: Config{BaseURL: "https://proxy.example.com/twilio/"}, wantErr: "without a path"},
		{name: "empty query", cfg: Config{BaseURL: "http://127.0.0.1:8089?"}, wantErr: "query"},
		{name: "empty fragment", cfg: Config{BaseURL: "http://127.0.0.1:8089#"}, wantErr: "fragment"},
		{name: "bad scheme", cfg: Config{BaseURL: "ftp://example.com"}, wantErr: "scheme"},
		{name: "no host", cfg: Config{BaseURL: "http://"}, wantErr: "no host"},
		{name: "relative", cfg: Config{BaseURL: "/v2"}, wantErr: "scheme"},
		{name: "unparsable", cfg: Config{BaseURL: "http://[::1"}, wantErr: "invalid base URL"},
		{name: "user info", cfg: Config{BaseURL: "https://user:pw@example.com"}, wantErr: "user info"},
		{name: "port out of range", cfg: Config{BaseURL: "http://127.0.0.1:99999"}, wantErr: "port must be a number from 1 to 65535"},
		{name: "plain http to a remote host", cfg: Config{BaseURL: "http://verify.example.com"}, wantErr: "only for loopback hosts"},
		{name: "bad edge", cfg: Config{Edge: "evil.com/"}, wantErr: "invalid edge"},
		{name: "bad region", cfg: Config{Region: "us1.evil.com#"}, wantErr: "invalid region"},
		{name: "edge in capitals, as the provider refuses it", cfg: Config{Edge: "Dublin"}, wantErr: "invalid edge"},
		{name: "region longer than a host label", cfg: Config{Region: strings.Repeat("a", 64)}, wantErr: "invalid region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.BaseURL(); got != tt.want {
				t.Errorf("BaseURL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewTransport(t *testing.T) {
	t.Parallel()
	c, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tr := baseTransport(t, c)
	if tr.MaxIdleConnsPerHost < 32 {
		t.Errorf("MaxIdleConnsPerHost = %d, want >= 32", tr.MaxIdleConnsPerHost)
	}
	if lt := limitedTransportOf(t, c); lt.timeout != DefaultRequestTimeout || c.rc.HTTPClient.Timeout != 0 {
		t.Errorf("timeout = %v per attempt, %v for the whole client", lt.timeout, c.rc.HTTPClient.Timeout)
	}
	if c.rc.RetryWaitMin != DefaultRetryWaitMin || c.rc.RetryWaitMax != DefaultRetryWaitMax || c.rc.RetryMax != 0 {
		t.Errorf("retry settings = %v %v %d", c.rc.RetryWaitMin, c.rc.RetryWaitMax, c.rc.RetryMax)
	}
	if c.rc.Logger != nil {
		t.Errorf("retryablehttp logger = %v, want nil", c.rc.Logger)
	}
}

// limitedTransportOf returns the client's outermost transport, the
// concurrency limit.
func limitedTransportOf(t *testing.T, c *Client) *limitedTransport {
	t.Helper()
	lt, ok := c.rc.HTTPClient.Transport.(*limitedTransport)
	if !ok {
		t.Fatalf("transport is %T", c.rc.HTTPClient.Transport)
	}
	return lt
}

// baseTransport returns the *http.Transport under the client's concurrency
// limit, logging transport and clock.
func baseTransport(t *testing.T, c *Client) *http.Transport {
	t.Helper()
	lt, ok := limitedTransportOf(t, c).next.(*loggingTransport)
	if !ok {
		t.Fatalf("transport under the limit is %T", limitedTransportOf(t, c).next)
	}
	ct, ok := lt.base.(*clockTransport)
	if !ok {
		t.Fatalf("transport under the logging is %T", lt.base)
	}
	tr, ok := ct.next.(*http.Transport)
	if !ok {
		t.Fatalf("base transport is %T", ct.next)
	}
	return tr
}

// captured is what a capturing server saw of one request.
type captured struct {
	method, path, rawQuery string
	header                 http.Header
	body                   string
}

func captureServer(t *testing.T, status int, body string) (*httptest.Server, func() []captured) {
	t.Helper()
	return captureServerFunc(t, func(*http.Request) (int, string) { return status, body })
}

// captureServerFunc is captureServer answering each request with answer.
func captureServerFunc(t *testing.T, answer func(*http.Request) (status int, body string)) (*httptest.Server, func() []captured) {
	t.Helper()
	var mu sync.Mutex
	var reqs []captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, captured{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(b)})
		mu.Unlock()
		status, body := answer(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []captured {
		mu.Lock()
		defer mu.Unlock()
		return append([]captured(nil), reqs...)
	}
}

func TestAuthAndHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		cfg            Config
		user, password string
		userAgent      string
	}{
		{
			name: "account SID and auth token",
			cfg:  Config{AccountSID: testAccountSID, AuthToken: testAuthToken},
			user: testAccountSID, password: testAuthToken, userAgent: DefaultUserAgent,
		},
		{
			name: "API key takes precedence",
			cfg:  Config{AccountSID: testAccountSID, AuthToken: testAuthToken, APIKey: testAPIKey, APISecret: testAPISecret, UserAgent: "terraform-provider-twilio/1.2.3"},
			user: testAPIKey, password: testAPISecret, userAgent: "terraform-provider-twilio/1.2.3",
		},
		{
			name: "API key without secret is ignored",
			cfg:  Config{AccountSID: testAccountSID, AuthToken: testAuthToken, APIKey: testAPIKey},
			user: testAccountSID, password: testAuthToken, userAgent: DefaultUserAgent,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, reqs := captureServer(t, 200, `{"sid":"YF1","service_sid":"`+testServiceSID+`","identity":"`+testIdentity+`","factor_type":"totp","status":"verified","date_created":"2026-01-02T03:04:05Z"}`)
			cfg := tt.cfg
			cfg.BaseURL = srv.URL
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if c.username != tt.user {
				t.Errorf("Username = %q, want %q", c.username, tt.user)
			}
			ctx := t.Context()
			if _, err := c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.UpdateFactor(ctx, testServiceSID, testIdentity, "YF1", UpdateFactorParams{FriendlyName: ptr("n")}); err != nil {
				t.Fatal(err)
			}
			got := reqs()
			if len(got) != 2 {
				t.Fatalf("%d requests", len(got))
			}
			wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(tt.user+":"+tt.password))
			for _, r := range got {
				if a := r.header.Get("Authorization"); a != wantAuth {
					t.Errorf("%s Authorization = %q, want %q", r.method, a, wantAuth)
				}
				if ua := r.header.Get("User-Agent"); ua != tt.userAgent {
					t.Errorf("%s User-Agent = %q, want %q", r.method, ua, tt.userAgent)
				}
				if acc := r.header.Get("Accept"); acc != "application/json" {
					t.Errorf("%s Accept = %q", r.method, acc)
				}
			}
			if ct := got[0].header.Get("Content-Type"); ct != "" {
				t.Errorf("GET Content-Type = %q, want none", ct)
			}
			if ct := got[1].header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
				t.Errorf("POST Content-Type = %q", ct)
			}
			if got[1].body != "FriendlyName=n" {
				t.Errorf("POST body = %q", got[1].body)
			}
		})
	}
}

func TestPathsAndMethods(t *testing.T) {
	t.Parallel()
	srv, reqs := captureServerFunc(t, func(r *http.Request) (int, string) {
		switch p := r.URL.Path; {
		case r.Method == http.MethodGet && strings.HasSuffix(p, "/Factors"):
			return 200, `{"factors":[],"meta":{}}`
		case strings.Contains(p, "/Factors"):
			return 200, `{"sid":"YF1","service_sid":"VA1","identity":"user/with space?#","factor_type":"totp","status":"unverified","date_created":"2026-01-02T03:04:05Z"}`
		case r.Method == http.MethodGet && p == "/v2/Services":
			return 200, `{"services":[],"meta":{}}`
		}
		return 200, `{"sid":"VA1","friendly_name":"s","date_created":"2026-01-02T03:04:05Z"}`
	})
	c, err := New(Config{BaseURL: srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	identity := "user/with space?#"
	factorPath := "/v2/Services/VA1/Entities/user%2Fwith%20space%3F%23/Factors"
	calls := []struct {
		call            func() error
		method, path, q string
	}{
		{func() error {
			_, err := c.CreateFactor(ctx, CreateFactorParams{ServiceSID: "VA1", Identity: identity, FactorType: "totp"})
			return err
		},
			"POST", factorPath, ""},
		{func() error { _, err := c.FetchFactor(ctx, "VA1", identity, "YF1"); return err }, "GET", factorPath + "/YF1", ""},
		{func() error { _, err := c.UpdateFactor(ctx, "VA1", identity, "YF1", UpdateFactorParams{}); return err }, "POST", factorPath + "/YF1", ""},
		{func() error { return c.DeleteFactor(ctx, "VA1", identity, "YF1") }, "DELETE", factorPath + "/YF1", ""},
		{func() error { _, err := c.ListFactors(ctx, "VA1", identity); return err }, "GET", factorPath, "PageSize=1000"},
		{func() error { _, err := c.CreateService(ctx, ServiceParams{FriendlyName: ptr("s")}); return err }, "POST", "/v2/Services", ""},
		{func() error { _, err := c.FetchService(ctx, "VA1"); return err }, "GET", "/v2/Services/VA1", ""},
		{func() error { _, err := c.ListServices(ctx); return err }, "GET", "/v2/Services", "PageSize=1000"},
		{func() error { return c.DeleteService(ctx, "VA1") }, "DELETE", "/v2/Services/VA1", ""},
	}
	for i, cl := range calls {
		if err := cl.call(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		r := reqs()[i]
		if r.method != cl.method || r.path != cl.path || r.rawQuery != cl.q {
			t.Errorf("call %d: %s %s?%s, want %s %s?%s", i, r.method, r.path, r.rawQuery, cl.method, cl.path, cl.q)
		}
	}
}

func TestEmptyPathParameters(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := c.FetchFactor(ctx, "", testIdentity, "YF1"); err == nil || !strings.Contains(err.Error(), "service SID") {
		t.Errorf("err = %v", err)
	}
	if _, err := c.CreateFactor(ctx, CreateFactorParams{ServiceSID: "VA1"}); err == nil || !strings.Contains(err.Error(), "identity") {
		t.Errorf("err = %v", err)
	}
	if err := c.DeleteFactor(ctx, "VA1", testIdentity, ""); err == nil || !strings.Contains(err.Error(), "factor SID") {
		t.Errorf("err = %v", err)
	}
}

// Redirects are not followed: a POST must not turn into a GET elsewhere.
func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	var hits int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		http.Redirect(w, r, "https://elsewhere.example.com/", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FetchService(t.Context(), "VA1")
	if e, ok := errors.AsType[*Error](err); !ok || e.Status != http.StatusFound {
		t.Fatalf("err = %v, want *Error 302", err)
	}
	if hits != 1 {
		t.Errorf("%d hits", hits)
	}
}

func TestRequestTimeoutPerAttempt(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var mu sync.Mutex
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		n := hits
		mu.Unlock()
		if n == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	c, err := New(Config{BaseURL: srv.URL, MaxRetries: 1, RequestTimeout: 200 * time.Millisecond, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteService(t.Context(), "VA1"); err != nil {
		t.Fatalf("DeleteService: %v (the timed-out first attempt should have been retried)", err)
	}
}

func TestFollowURL(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "https://verify.twilio.com"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://verify.twilio.com/v2/Services?PageSize=50&Page=1&PageToken=PT1", "https://verify.twilio.com/v2/Services?PageSize=50&Page=1&PageToken=PT1", true},
		{"https://VERIFY.twilio.com:443/v2/Services?Page=1", "https://VERIFY.twilio.com:443/v2/Services?Page=1", true},
		{"/v2/Services?Page=1", "https://verify.twilio.com/v2/Services?Page=1", true},
		{"http://verify.twilio.com/v2/Services", "", false},
		{"https://verify.twilio.com.evil.com/v2/Services", "", false},
		{"https://verify.twilio.com:8443/v2/Services", "", false},
		{"https://attacker.example.com/v2/Services", "", false},
		{"//attacker.example.com/v2/Services", "", false},
		{"https://user@verify.twilio.com/v2/Services", "", false},
	}
	for _, tt := range tests {
		got, err := followURL(c.base, tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("followURL(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// A server streaming 200 MB to a GET gets an error naming the limit, and
// the call allocates a small fraction of that, with or without debug
// logging (which reads the start of every body).
func TestHugeBodyIsRefused(t *testing.T) { // not parallel: it measures the process's allocations
	const size = 200 << 20
	chunk := bytes.Repeat([]byte("a"), 32<<10)
	for _, tc := range []struct {
		name          string
		debug, length bool // debug logging; a Content-Length header
		prefix        string
		call          func(context.Context, *Client) error
	}{
		{name: "fetch", prefix: `{"sid":"`, call: func(ctx context.Context, c *Client) error {
			_, err := c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1")
			return err
		}},
		{name: "fetch with debug logging", debug: true, prefix: `{"sid":"`, call: func(ctx context.Context, c *Client) error {
			_, err := c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1")
			return err
		}},
		{name: "list with debug logging and Content-Length", debug: true, length: true, prefix: `{"factors":["`, call: func(ctx context.Context, c *Client) error {
			_, err := c.ListFactors(ctx, testServiceSID, testIdentity)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tc.length {
					w.Header().Set("Content-Length", strconv.Itoa(size))
				}
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, tc.prefix)
				for sent := len(tc.prefix); sent < size; sent += len(chunk) {
					if _, err := w.Write(chunk[:min(len(chunk), size-sent)]); err != nil {
						return // the client hung up
					}
				}
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{BaseURL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			var logs syncBuffer
			if tc.debug {
				ctx = tflogtest.RootLogger(ctx, &logs)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err = tc.call(ctx, c)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d MB during the call; err = %v", alloc>>20, err)
			if want := fmt.Sprintf("larger than %d MiB, the most this client reads of one answer", maxResponseBodyBytes>>20); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want one containing %q", err, want)
			}
			if alloc > 2*maxResponseBodyBytes { // a sixth of the body
				t.Errorf("the call allocated %d MB for a %d MB body", alloc>>20, size>>20)
			}
			if tc.debug {
				if !strings.Contains(logs.String(), `"http_response_body_cut":"only the first 262144 bytes of the`) {
					t.Errorf("the log does not say the body was cut")
				}
				if n := len(logs.String()); n > 2*maxLoggedBodyBytes {
					t.Errorf("%d bytes of logs", n)
				}
			}
		})
	}
}

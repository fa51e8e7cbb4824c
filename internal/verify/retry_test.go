package verify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// statusServer answers every request with status (with a Twilio error body
// for non-2xx), or drops the connection when status is 0, and counts the
// requests per method and path.
type statusServer struct {
	srv        *httptest.Server
	mu         sync.Mutex
	hits       map[string]int
	status     int
	retryAfter string
}

func newStatusServer(t *testing.T, status int, retryAfter string) *statusServer {
	t.Helper()
	s := &statusServer{hits: map[string]int{}, status: status, retryAfter: retryAfter}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		s.mu.Lock()
		s.hits[r.Method+" "+r.URL.Path]++
		s.mu.Unlock()
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/Factors"):
			// CreateFactor's recovery listing: the entity does not exist.
			writeTwilioError(w, 404, 20404, "not found")
		case s.status == 0:
			dropConnection(w)
		default:
			if s.retryAfter != "" {
				w.Header().Set("Retry-After", s.retryAfter)
			}
			writeTwilioError(w, s.status, 20000+s.status, http.StatusText(s.status))
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *statusServer) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

// TestRetryPolicy checks, for each kind of request and each outcome, how
// many attempts are made with MaxRetries = 2.
func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	const maxRetries = 2
	factorPath := "/v2/Services/" + testServiceSID + "/Entities/" + testIdentity + "/Factors"
	methods := []struct {
		name string
		key  string // method and path counted
		call func(context.Context, *Client) error
		// create is true for non-idempotent creates.
		create bool
		// recovers is true for CreateFactor, which resends a create whose
		// outcome is unknown after listing (here: an empty entity).
		recovers bool
	}{
		{name: "GET", key: "GET " + factorPath + "/YF1", call: func(ctx context.Context, c *Client) error {
			_, err := c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1")
			return err
		}},
		{name: "DELETE", key: "DELETE " + factorPath + "/YF1", call: func(ctx context.Context, c *Client) error {
			return c.DeleteFactor(ctx, testServiceSID, testIdentity, "YF1")
		}},
		{name: "update POST", key: "POST " + factorPath + "/YF1", call: func(ctx context.Context, c *Client) error {
			_, err := c.UpdateFactor(ctx, testServiceSID, testIdentity, "YF1", UpdateFactorParams{FriendlyName: ptr("x")})
			return err
		}},
		{name: "create POST (service)", key: "POST /v2/Services", create: true, call: func(ctx context.Context, c *Client) error {
			_, err := c.CreateService(ctx, ServiceParams{FriendlyName: ptr("x")})
			return err
		}},
		{name: "create POST (factor)", key: "POST " + factorPath, create: true, recovers: true, call: func(ctx context.Context, c *Client) error {
			_, err := c.CreateFactor(ctx, pushParams())
			return err
		}},
	}
	outcomes := []struct {
		name       string
		status     int // 0: connection dropped after the request was read
		retryAfter string
		// retried: by everyone, idempotent only, or never
		retried string
	}{
		{"429 without Retry-After", 429, "", "all"},
		{"429 with Retry-After", 429, "1", "all"},
		{"500", 500, "", "idempotent"},
		{"502", 502, "", "idempotent"},
		{"503", 503, "", "idempotent"},
		{"504", 504, "", "idempotent"},
		{"501", 501, "", "never"},
		{"400", 400, "", "never"},
		{"401", 401, "", "never"},
		{"404", 404, "", "never"},
		{"transport error", 0, "", "idempotent"},
	}
	for _, m := range methods {
		for _, o := range outcomes {
			t.Run(m.name+"/"+o.name, func(t *testing.T) {
				t.Parallel()
				s := newStatusServer(t, o.status, o.retryAfter)
				c, err := New(Config{
					AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: s.srv.URL,
					MaxRetries: maxRetries, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
				})
				if err != nil {
					t.Fatal(err)
				}
				err = m.call(t.Context(), c)
				if err == nil {
					t.Fatal("call succeeded, want an error")
				}

				want := 1
				switch {
				case o.retried == "all":
					want = maxRetries + 1
				case o.retried == "idempotent" && !m.create:
					want = maxRetries + 1
				case o.retried == "idempotent" && m.recovers:
					// Not retried as such: each unknown outcome is
					// checked by listing, then the create is resent,
					// within the same budget.
					want = maxRetries + 1
				}
				if got := s.count(m.key); got != want {
					t.Errorf("%d attempts, want %d (err: %v)", got, want, err)
				}
				if o.status != 0 {
					var e *Error
					if !errors.As(err, &e) || e.Status != o.status {
						t.Errorf("err = %v, want *Error with status %d", err, o.status)
					}
				}
			})
		}
	}
}

// dialFailingClient returns a client whose every dial fails with dialErr,
// and the counter of dials.
func dialFailingClient(t *testing.T, dialErr error) (*Client, *atomic.Int32) {
	t.Helper()
	c, err := New(Config{
		AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: "https://verify.invalid:8089",
		MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	var dials atomic.Int32
	tr := baseTransport(t, c)
	tr.Proxy = nil
	tr.DialContext = func(context.Context, string, string) (net.Conn, error) {
		dials.Add(1)
		return nil, dialErr
	}
	return c, &dials
}

// A create whose request never left the machine is retried: nothing can
// have been created. It is not "recovered": the outcome is known.
func TestRetryCreateOnDialErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}},
		{"DNS", &net.DNSError{Err: "no such host", Name: "verify.invalid", IsNotFound: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, dials := dialFailingClient(t, tc.err)
			_, err := c.CreateFactor(t.Context(), pushParams())
			if err == nil {
				t.Fatal("CreateFactor succeeded")
			}
			if got := dials.Load(); got != 4 {
				t.Errorf("%d dials, want 4 (1 + 3 retries, and no recovery listing)", got)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want it to wrap the dial error", err)
			}
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	const capWait = 60 * time.Millisecond
	for _, tc := range []struct {
		name, header string
		status       int
	}{
		{"429 seconds", "1", 429},
		{"503 HTTP date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var times []time.Time
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				times = append(times, time.Now())
				n := len(times)
				mu.Unlock()
				if n == 1 {
					w.Header().Set("Retry-After", tc.header)
					writeTwilioError(w, tc.status, 20429, "slow down")
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{BaseURL: srv.URL, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: capWait})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.DeleteFactor(t.Context(), testServiceSID, testIdentity, "YF1"); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(times) != 2 {
				t.Fatalf("%d attempts, want 2", len(times))
			}
			// Without the header the wait would be 1-1.5 ms; with it, the
			// (capped) Retry-After.
			if gap := times[1].Sub(times[0]); gap < capWait {
				t.Errorf("waited %v between attempts, want at least the capped Retry-After %v", gap, capWait)
			}
		})
	}
}

// A context cancelled while waiting out a 30 s Retry-After ends the call at
// once.
func TestCancelDuringRetryAfterWait(t *testing.T) {
	t.Parallel()
	s := newStatusServer(t, 429, "30")
	c, err := New(Config{BaseURL: s.srv.URL, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		call func(context.Context) error
	}{
		{"GET", func(ctx context.Context) error {
			_, err := c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1")
			return err
		}},
		{"create", func(ctx context.Context) error {
			_, err := c.CreateFactor(ctx, pushParams())
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			err := tc.call(ctx)
			elapsed := time.Since(start)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if elapsed > time.Second {
				t.Errorf("returned after %v, want within 1s of the cancellation", elapsed)
			}
		})
	}
	if n := s.count("GET /v2/Services/" + testServiceSID + "/Entities/" + testIdentity + "/Factors/YF1"); n != 1 {
		t.Errorf("GET sent %d times, want 1", n)
	}
}

// A context that is already done stops before any attempt is retried.
func TestDeadlineStopsRetries(t *testing.T) {
	t.Parallel()
	s := newStatusServer(t, 503, "")
	c, err := New(Config{BaseURL: s.srv.URL, MaxRetries: 50, RetryWaitMin: 20 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err = c.FetchService(ctx, testServiceSID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	const lo, hi = 100 * time.Millisecond, 2 * time.Second
	resp := func(status int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: status, Header: h}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name    string
		attempt int
		resp    *http.Response
		atLeast time.Duration
		atMost  time.Duration
	}{
		{"transport error, attempt 0", 0, nil, lo, lo * 3 / 2},
		{"transport error, attempt 2", 2, nil, 4 * lo, 6 * lo},
		{"capped", 10, resp(500, ""), hi, hi},
		{"huge attempt", 5000, nil, hi, hi},
		{"429 Retry-After seconds", 0, resp(429, "1"), time.Second, time.Second},
		{"429 Retry-After 0", 3, resp(429, "0"), 0, 0},
		{"503 Retry-After capped", 0, resp(503, "3600"), hi, hi},
		{"503 Retry-After date capped", 0, resp(503, future), hi, hi},
		{"429 Retry-After past date", 0, resp(429, past), 0, 0},
		{"429 Retry-After garbage", 0, resp(429, "soon"), lo, lo * 3 / 2},
		{"429 Retry-After negative", 0, resp(429, "-5"), lo, lo * 3 / 2},
		{"500 ignores Retry-After", 0, resp(500, "1"), lo, lo * 3 / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				got := backoff(lo, hi, tt.attempt, tt.resp)
				if got < tt.atLeast || got > tt.atMost {
					t.Fatalf("backoff = %v, want in [%v, %v]", got, tt.atLeast, tt.atMost)
				}
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"7", 7 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"99999999999999999999", 0, false},
		{"9223372036854775807", 1<<63 - 1, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestShouldRetryTransportErrors(t *testing.T) {
	t.Parallel()
	reset := fmt.Errorf("read: %w", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")})
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	tests := []struct {
		name       string
		err        error
		idempotent bool
		want       bool
	}{
		{"reset, idempotent", reset, true, true},
		{"reset, create", reset, false, false},
		{"dial, create", dial, false, true},
		{"dns, create", &net.DNSError{Err: "no such host"}, false, true},
		{"EOF, create", errors.New("EOF"), false, false},
	}
	for _, tt := range tests {
		if got := shouldRetry(tt.idempotent, nil, tt.err); got != tt.want {
			t.Errorf("%s: shouldRetry = %v, want %v", tt.name, got, tt.want)
		}
	}
}

package mockverify

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// heldResult is the answer to a request sent by sendHeld.
type heldResult struct {
	status     int
	code       int
	retryAfter string
	err        error
}

// sendHeld sends a GET of the services as the env's account with ctx, in
// a goroutine, and reports its answer on out. (A GET, because net/http
// sees a client leave only once the request's body is read.)
func (e *env) sendHeld(ctx context.Context, out chan<- heldResult) {
	go func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/v2/Services", nil)
		if err != nil {
			out <- heldResult{err: err}
			return
		}
		req.SetBasicAuth(e.user, e.pass)
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			out <- heldResult{err: err}
			return
		}
		defer func() { _ = resp.Body.Close() }()
		var body errorBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		out <- heldResult{status: resp.StatusCode, code: body.Code, retryAfter: resp.Header.Get("Retry-After")}
	}()
}

// waitFor polls cond until it holds; the test fails after 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) inFlightOf(accountSID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight[accountSID]
}

// TestConcurrencyLimit holds limit+1 requests of one account in flight at
// once (a long latency): exactly one is answered 429 at once; a create
// over the limit is refused the same way and changes nothing; other accounts and wrong credentials are not limited.
func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	const limit = 3
	const otherSID, otherToken = "AC99999999999999999999999999999999", "other-token"
	e := newEnv(t, Options{
		Accounts:         []Account{{SID: DefaultAccountSID, AuthToken: DefaultAuthToken}, {SID: otherSID, AuthToken: otherToken}},
		ConcurrencyLimit: limit,
		Faults:           Faults{Latency: time.Hour, RetryAfter: 2 * time.Second},
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	results := make(chan heldResult, limit+1)
	for range limit + 1 {
		e.sendHeld(ctx, results)
	}
	r := <-results
	if r.err != nil || r.status != http.StatusTooManyRequests || r.code != 20429 || r.retryAfter != "2" {
		t.Fatalf("first answer: %+v, want 429, code 20429, Retry-After 2", r)
	}
	waitFor(t, "every request to arrive", func() bool { return e.mock.Stats().Total == limit+1 })
	if st, n := e.mock.Stats(), e.mock.inFlightOf(DefaultAccountSID); st.Throttled != 1 || n != limit {
		t.Fatalf("throttled %d, in flight %d; want exactly 1 throttled and %d in flight", st.Throttled, n, limit)
	}

	// New requests see no latency; the held ones keep holding.
	e.mock.SetFaults(Faults{})
	e.expect(e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"refused"}}), http.StatusTooManyRequests, 20429)
	e.expect(e.as(otherSID, otherToken).do(http.MethodGet, "/v2/Services", nil), http.StatusOK, 0)
	e.expect(e.as(DefaultAccountSID, "wrong").do(http.MethodGet, "/v2/Services", nil), http.StatusUnauthorized, 20003)

	cancel()
	for range limit {
		if r := <-results; r.err == nil {
			t.Errorf("a held request was answered: %+v", r)
		}
	}
	waitFor(t, "the held requests to leave", func() bool { return e.mock.inFlightOf(DefaultAccountSID) == 0 })
	if n := len(e.do(http.MethodGet, "/v2/Services", nil).list("services")); n != 0 {
		t.Errorf("%d services exist; the refused create made one", n)
	}
	if st := e.mock.Stats(); st.Throttled != 2 {
		t.Errorf("throttled %d, want 2", st.Throttled)
	}
}

// TestConcurrencyLimitSequential checks that a request leaves the flight
// before its answer is written: one after the other, requests never count
// against each other, even at a limit of 1.
func TestConcurrencyLimitSequential(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{ConcurrencyLimit: 1})
	for range 5 {
		e.expect(e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"s"}}), http.StatusCreated, 0)
	}
	if st := e.mock.Stats(); st.Throttled != 0 {
		t.Errorf("sequential requests throttled %d times", st.Throttled)
	}
}

// TestConcurrencyLimitControl sets the limit through the control API.
func TestConcurrencyLimitControl(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{ConcurrencyLimit: 4})
	control := func(method, query string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, e.srv.URL+"/__mock/concurrency-limit"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		b, _ := json.Marshal(body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		method, query string
		status        int
		body          string
		limit         int
	}{
		{http.MethodGet, "", 200, `{"concurrency_limit":4}`, 4},
		{http.MethodPost, "?n=2", 200, `{"concurrency_limit":2}`, 2},
		{http.MethodPost, "?n=-1", 400, `{"error":"n must be a whole number, 0 for no limit"}`, 2},
		{http.MethodPost, "?n=many", 400, `{"error":"n must be a whole number, 0 for no limit"}`, 2},
		{http.MethodPost, "?n=0", 200, `{"concurrency_limit":0}`, 0},
		{http.MethodDelete, "", 405, `{"error":"method not allowed"}`, 0},
	} {
		status, body := control(tc.method, tc.query)
		if status != tc.status || body != tc.body || e.mock.ConcurrencyLimit() != tc.limit {
			t.Errorf("%s %s: %d %s, limit %d; want %d %s, limit %d", tc.method, tc.query, status, body, e.mock.ConcurrencyLimit(), tc.status, tc.body, tc.limit)
		}
	}
	e.mock.SetConcurrencyLimit(-5)
	if e.mock.ConcurrencyLimit() != 0 {
		t.Errorf("SetConcurrencyLimit(-5): limit %d, want 0", e.mock.ConcurrencyLimit())
	}
}

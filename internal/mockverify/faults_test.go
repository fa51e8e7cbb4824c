package mockverify

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestThrottleFault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		retryAfter time.Duration
		header     string
	}{
		{0, "1"},
		{time.Second, "1"},
		{2500 * time.Millisecond, "3"},
		{10 * time.Second, "10"},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, Options{Faults: Faults{ThrottleRate: 1, RetryAfter: tc.retryAfter}})
			r := e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"s"}})
			e.expect(r, http.StatusTooManyRequests, 20429)
			if got := r.header.Get("Retry-After"); got != tc.header {
				t.Errorf("Retry-After %q, want %q", got, tc.header)
			}
			if r.str("more_info") != "https://www.twilio.com/docs/errors/20429" || r.body["status"] != float64(429) {
				t.Errorf("body %s", r.raw)
			}
			// Throttling comes before authentication, and changes nothing.
			e.expect(e.as("", "").do(http.MethodGet, "/v2/Services", nil), http.StatusTooManyRequests, 20429)
			e.mock.SetFaults(Faults{})
			if n := len(e.do(http.MethodGet, "/v2/Services", nil).list("services")); n != 0 {
				t.Errorf("throttled create created %d services", n)
			}
			if st := e.mock.Stats(); st.Total != 3 || st.Requests["POST /v2/Services"] != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestErrorFault(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Faults: Faults{ErrorRate: 1}})
	svc := e.service(ServiceParams{})
	var statuses []int
	for range 4 {
		r := e.do(http.MethodPost, factorsURL(svc, "user-0001"), url.Values{"FriendlyName": {"f"}, "FactorType": {"totp"}})
		statuses = append(statuses, r.status)
		want := map[int]int{500: 20500, 503: 20503}[r.status]
		if want == 0 || r.code() != want || r.body["status"] != float64(r.status) {
			t.Fatalf("error fault answered %d %s", r.status, r.raw)
		}
		if r.header.Get("Retry-After") != "" {
			t.Errorf("Retry-After on %d", r.status)
		}
	}
	if statuses[0] == statuses[1] || statuses[0] != statuses[2] || statuses[1] != statuses[3] {
		t.Errorf("500 and 503 do not alternate: %v", statuses)
	}
	if n := len(e.mock.Factors("", svc, "")); n != 0 {
		t.Fatalf("failed requests created %d factors", n)
	}
}

func TestDropFault(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Faults: Faults{DropRate: 1}})
	svc := e.service(ServiceParams{})
	post := func(method, path string, form url.Values) error {
		req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
		resp, err := e.srv.Client().Do(req)
		if err == nil {
			_ = resp.Body.Close()
			return errors.New("got a response: " + resp.Status)
		}
		return nil
	}
	// The create is applied, its response lost.
	if err := post(http.MethodPost, factorsURL(svc, "user-0001"), url.Values{"FriendlyName": {"f"}, "FactorType": {"totp"}}); err != nil {
		t.Fatal(err)
	}
	fs := e.mock.Factors("", svc, "user-0001")
	if len(fs) != 1 {
		t.Fatalf("dropped create: %d factors", len(fs))
	}
	// GETs are never dropped.
	e.expect(e.do(http.MethodGet, factorsURL(svc, "user-0001")+"/"+fs[0].SID, nil), http.StatusOK, 0)
	// The delete is applied, its response lost.
	if err := post(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+fs[0].SID, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(e.mock.Factors("", svc, "")); n != 0 {
		t.Fatalf("dropped delete left %d factors", n)
	}
	st := e.mock.Stats()
	if st.Requests["POST /v2/Services/{ServiceSid}/Entities/{Identity}/Factors"] != 1 ||
		st.Requests["DELETE /v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}"] != 1 {
		t.Errorf("dropped requests not counted: %+v", st)
	}
}

func TestDropWithoutHijacker(t *testing.T) {
	t.Parallel()
	m := New(Options{Faults: Faults{DropRate: 1}})
	req := httptest.NewRequest(http.MethodPost, "/v2/Services", strings.NewReader("FriendlyName=s"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	defer func() {
		if p, _ := recover().(error); !errors.Is(p, http.ErrAbortHandler) {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", p)
		}
		if n := len(m.accounts[DefaultAccountSID].order); n != 1 {
			t.Fatalf("dropped create made %d services", n)
		}
	}()
	m.ServeHTTP(httptest.NewRecorder(), req)
}

func TestFaultsSpareControlAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Faults: Faults{ThrottleRate: 1, ErrorRate: 1, DropRate: 1, Latency: time.Hour}})
	start := time.Now()
	r := e.as("", "").do(http.MethodGet, "/__mock/stats", nil)
	if r.status != 200 || time.Since(start) > 10*time.Second {
		t.Fatalf("control API faulted: %d", r.status)
	}
	resp, err := e.srv.Client().Post(e.srv.URL+"/__mock/reset", "", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reset under faults: %v %v", resp, err)
	}
	_ = resp.Body.Close()
}

func TestFaultsAreSeeded(t *testing.T) {
	t.Parallel()
	run := func(seed int64) string {
		m := New(Options{Seed: seed, Faults: Faults{ThrottleRate: 0.3, ErrorRate: 0.3}})
		var b strings.Builder
		for range 60 {
			req := httptest.NewRequest(http.MethodGet, "/v2/Services", nil)
			req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
			rec := httptest.NewRecorder()
			m.ServeHTTP(rec, req)
			b.WriteString(map[int]string{200: ".", 429: "T", 500: "E", 503: "U"}[rec.Code])
		}
		return b.String()
	}
	a, b, c := run(1), run(1), run(2)
	if a != b {
		t.Fatalf("same seed, different faults:\n%s\n%s", a, b)
	}
	if a == c {
		t.Fatalf("different seeds, same faults: %s", a)
	}
	for _, ch := range "TE." {
		if !strings.ContainsRune(a, ch) {
			t.Errorf("rates 0.3 never produced %q in %s", ch, a)
		}
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	m := New(Options{Faults: Faults{Latency: 30 * time.Millisecond}})
	req := httptest.NewRequest(http.MethodGet, "/v2/Services", nil)
	req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	rec := httptest.NewRecorder()
	start := time.Now()
	m.ServeHTTP(rec, req)
	if d := time.Since(start); d < 30*time.Millisecond || rec.Code != 200 {
		t.Fatalf("answered %d after %v", rec.Code, d)
	}

	// A cancelled request stops waiting, is counted, and is not handled.
	m.SetFaults(Faults{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	body := "FriendlyName=late"
	req = httptest.NewRequestWithContext(ctx, http.MethodPost, "/v2/Services", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.ServeHTTP(httptest.NewRecorder(), req)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("latency ignored the cancelled context")
	}
	if st := m.Stats(); st.Requests["POST /v2/Services"] != 1 {
		t.Errorf("stats %+v", st)
	}
	if n := len(m.accounts[DefaultAccountSID].order); n != 0 {
		t.Errorf("cancelled request created %d services", n)
	}

	// Over HTTP, the client's timeout ends the wait.
	e := newEnv(t, Options{Faults: Faults{Latency: time.Hour}})
	client := &http.Client{Timeout: 50 * time.Millisecond}
	r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v2/Services", nil)
	r.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	if resp, err := client.Do(r); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		t.Fatal("answered despite an hour of latency")
	}
}

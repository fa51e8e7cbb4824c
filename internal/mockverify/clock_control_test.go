package mockverify

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestClockSkew checks that the skew shifts date_created, date_updated and
// the Date header alike, from Options and from the control API.
func TestClockSkew(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{ClockSkew: -3 * time.Minute})
	svc := e.service(ServiceParams{})
	check := func(skew time.Duration) {
		t.Helper()
		r := e.createTOTP(svc, "user-"+strings.TrimPrefix(skew.String(), "-")+"-skew", nil)
		want := testTime.Add(skew).UTC()
		for _, key := range []string{"date_created", "date_updated"} {
			if got := r.str(key); got != want.Format(time.RFC3339) {
				t.Errorf("skew %v: %s = %s, want %s", skew, key, got, want.Format(time.RFC3339))
			}
		}
		if got := r.header.Get("Date"); got != want.Format(http.TimeFormat) {
			t.Errorf("skew %v: Date = %q, want %q", skew, got, want.Format(http.TimeFormat))
		}
	}
	check(-3 * time.Minute)

	resp, err := http.Post(e.srv.URL+"/__mock/clock-skew?d=3m", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || e.mock.ClockSkew() != 3*time.Minute {
		t.Fatalf("POST /__mock/clock-skew: %d, skew %v", resp.StatusCode, e.mock.ClockSkew())
	}
	check(3 * time.Minute)

	resp, err = http.Post(e.srv.URL+"/__mock/clock-skew?d=soon", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad duration answered %d", resp.StatusCode)
	}
}

// TestControlAPIRefusesWebPages checks that a page in a browser cannot
// drive the control API: no Origin header, loopback Host only.
func TestControlAPIRefusesWebPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	send := func(method, path string, header http.Header, host string) int {
		t.Helper()
		req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(`{"drop_rate":1}`))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	textPlain := http.Header{"Content-Type": {"text/plain"}}
	for _, tc := range []struct {
		name   string
		header http.Header
		host   string
	}{
		{"cross-origin text/plain POST", http.Header{"Origin": {"https://evil.example"}, "Content-Type": {"text/plain"}}, ""},
		{"same-origin POST from a page", http.Header{"Origin": {e.srv.URL}}, ""},
		{"null origin", http.Header{"Origin": {"null"}}, ""},
		{"DNS rebinding", textPlain, "evil.example:8089"},
		{"LAN address", textPlain, "192.168.1.5:8089"},
	} {
		for _, path := range []string{"/__mock/faults", "/__mock/reset", "/__mock/clock-skew?d=1h", "/__mock/max-page-size?n=1"} {
			if got := send(http.MethodPost, path, tc.header, tc.host); got != http.StatusForbidden {
				t.Errorf("%s: POST %s answered %d, want 403", tc.name, path, got)
			}
		}
		if got := send(http.MethodGet, "/__mock/stats", tc.header, tc.host); got != http.StatusForbidden {
			t.Errorf("%s: GET /__mock/stats answered %d, want 403", tc.name, got)
		}
	}
	if f := e.mock.currentFaults(); f.DropRate != 0 || e.mock.ClockSkew() != 0 {
		t.Fatalf("a refused request changed the mock: %+v, skew %v", f, e.mock.ClockSkew())
	}
	// Tools on this machine still reach it, by any loopback name.
	for _, host := range []string{"", "localhost:1234", "[::1]:80", "127.0.0.2"} {
		if got := send(http.MethodPost, "/__mock/faults", textPlain, host); got != http.StatusOK {
			t.Errorf("Host %q: POST /__mock/faults answered %d, want 200", host, got)
		}
	}
	// The API itself is not affected by Origin (Twilio ignores it).
	r := e.do(http.MethodGet, "/v2/Services", url.Values{})
	if r.status != http.StatusOK {
		t.Errorf("GET /v2/Services: %d", r.status)
	}
}

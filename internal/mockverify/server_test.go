package mockverify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	acctA   = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	acctB   = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	tokenA  = "token-a"
	tokenB  = "token-b"
	keyA    = "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	keyB    = "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	secretA = "secret-a"
	secretB = "secret-b"
)

func twoAccounts() Options {
	return Options{Accounts: []Account{
		{SID: acctA, AuthToken: tokenA, APIKeys: map[string]string{keyA: secretA}},
		{SID: acctB, AuthToken: tokenB, APIKeys: map[string]string{keyB: secretB}},
	}}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	e := newEnv(t, twoAccounts())
	tests := []struct {
		name       string
		user, pass string
		want       int
	}{
		{"account and token", acctA, tokenA, http.StatusOK},
		{"other account and its token", acctB, tokenB, http.StatusOK},
		{"api key and secret", keyA, secretA, http.StatusOK},
		{"no credentials", "", "", http.StatusUnauthorized},
		{"wrong token", acctA, "nope", http.StatusUnauthorized},
		{"token of another account", acctA, tokenB, http.StatusUnauthorized},
		{"unknown account", "ACcccccccccccccccccccccccccccccccc", tokenA, http.StatusUnauthorized},
		{"api key with another account's key secret", keyB, secretA, http.StatusUnauthorized},
		{"api key with its account's auth token", keyA, tokenA, http.StatusUnauthorized},
		{"account with a key secret", acctA, secretA, http.StatusUnauthorized},
		{"empty token", acctA, "", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := e.with(t).as(tc.user, tc.pass).do(http.MethodGet, "/v2/Services", nil)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.raw)
			}
			if tc.want != http.StatusUnauthorized {
				return
			}
			want := map[string]any{
				"code":      float64(20003),
				"message":   "Authenticate",
				"more_info": "https://www.twilio.com/docs/errors/20003",
				"status":    float64(401),
			}
			if !reflect.DeepEqual(r.body, want) {
				t.Errorf("body %v, want %v", r.body, want)
			}
			if r.header.Get("Www-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestAuthenticationBeforeEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{}).as(DefaultAccountSID, "wrong")
	for _, path := range []string{"/v2/Nothing", "/v2/Services/VAnot-a-sid", factorsURL("VA00000000000000000000000000000000", "bad")} {
		e.expect(e.do(http.MethodGet, path, nil), http.StatusUnauthorized, 20003)
	}
}

func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, twoAccounts())
	svc := e.service(ServiceParams{})
	f := e.createTOTP(svc, "user-0001", nil)
	sid := f.str("sid")
	if f.str("account_sid") != acctA {
		t.Fatalf("account_sid %q", f.str("account_sid"))
	}

	for _, b := range []*env{e.as(acctB, tokenB), e.as(keyB, secretB)} {
		b.expect(b.do(http.MethodGet, "/v2/Services/"+svc, nil), http.StatusNotFound, 20404)
		b.expect(b.do(http.MethodGet, factorsURL(svc, "user-0001")+"/"+sid, nil), http.StatusNotFound, 20404)
		b.expect(b.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+sid, url.Values{"FriendlyName": {"x"}}), http.StatusNotFound, 20404)
		b.expect(b.do(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+sid, nil), http.StatusNotFound, 20404)
		b.expect(b.do(http.MethodGet, factorsURL(svc, "user-0001"), nil), http.StatusNotFound, 20404)
		b.expect(b.do(http.MethodDelete, "/v2/Services/"+svc, nil), http.StatusNotFound, 20404)
		list := b.do(http.MethodGet, "/v2/Services", nil)
		if n := len(list.list("services")); n != 0 {
			t.Fatalf("account B sees %d services", n)
		}
	}
	// The API key of account A acts as account A.
	k := e.as(keyA, secretA)
	k.expect(k.do(http.MethodGet, factorsURL(svc, "user-0001")+"/"+sid, nil), http.StatusOK, 0)
	if got := e.mock.Factors(acctA, svc, ""); len(got) != 1 {
		t.Fatalf("factor of A disturbed: %v", got)
	}
}

func TestOptionsDefaults(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	if m.maxPageSize != 1000 {
		t.Errorf("max page size %d", m.maxPageSize)
	}
	if f := m.currentFaults(); f != (Faults{RetryAfter: time.Second}) {
		t.Errorf("faults %+v", f)
	}
	before := time.Now().Add(-time.Second)
	info, err := m.CreateService("", ServiceParams{FriendlyName: "defaults"})
	if err != nil {
		t.Fatal(err)
	}
	if info.AccountSID != DefaultAccountSID || info.TotpTimeStep != 30 || info.TotpCodeLength != 6 || info.TotpSkew != 1 || info.TotpIssuer != "" {
		t.Errorf("service defaults %+v", info)
	}
	m.mu.Lock()
	created := m.accounts[DefaultAccountSID].services[info.SID].created
	m.mu.Unlock()
	if created.Before(before.Truncate(time.Second)) || created.After(time.Now()) {
		t.Errorf("default clock gave %v", created)
	}

	srv := newEnv(t, Options{})
	srv.expect(srv.do(http.MethodGet, "/v2/Services", url.Values{"PageSize": {"1000"}}), http.StatusOK, 0)
	r := srv.do(http.MethodGet, "/v2/Services", url.Values{"PageSize": {"1000"}})
	if got := r.obj("meta")["page_size"]; got != float64(1000) {
		t.Errorf("granted %v, want 1000", got)
	}
	r = srv.do(http.MethodGet, "/v2/Services", nil)
	if got := r.obj("meta")["page_size"]; got != float64(50) {
		t.Errorf("default page size %v, want 50", got)
	}
}

func TestNormalizeFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want Faults
	}{
		{Faults{}, Faults{RetryAfter: time.Second}},
		{Faults{RetryAfter: 200 * time.Millisecond}, Faults{RetryAfter: time.Second}},
		{Faults{RetryAfter: 1500 * time.Millisecond}, Faults{RetryAfter: 2 * time.Second}},
		{Faults{RetryAfter: 3 * time.Second}, Faults{RetryAfter: 3 * time.Second}},
		{Faults{ThrottleRate: 2, ErrorRate: -1, DropRate: 0.5, Latency: -time.Second},
			Faults{ThrottleRate: 1, ErrorRate: 0, DropRate: 0.5, RetryAfter: time.Second}},
	}
	for _, tc := range tests {
		if got := normalizeFaults(tc.in); got != tc.want {
			t.Errorf("normalizeFaults(%+v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	tests := []struct {
		method, path string
		status, code int
	}{
		{http.MethodGet, "/v2/Nothing", 404, 20404},
		{http.MethodGet, "/v2/Services/" + svc + "/Entities/user-0001/Nothing", 404, 20404},
		{http.MethodPost, "/v2/Services/" + svc + "/Entities/user-0001", 405, 20004},
		{http.MethodGet, "/v2/Services/", 404, 20404},
		{http.MethodGet, "/v1/Services", 404, 20404},
		{http.MethodPut, "/v2/Services", 405, 20004},
		{http.MethodDelete, "/v2/Services", 405, 20004},
		{http.MethodPatch, "/v2/Services/" + svc, 405, 20004},
		{http.MethodGet, factorsURL(svc, "user%2F0001"), 400, 60200},
		{http.MethodDelete, "/v2/Services/" + svc + "/Entities/user-0001/Challenges", 405, 20004},
		{http.MethodDelete, "/v2/Services/" + svc + "/Entities/user-0001/Challenges/YC" + strings.Repeat("0", 32), 405, 20004},
		{http.MethodPut, "/v2/Services/" + svc + "/Webhooks", 405, 20004},
		{http.MethodGet, "/v2/Services/" + svc + "/Webhooks/YW" + strings.Repeat("0", 32) + "/x", 404, 20404},
		{http.MethodDelete, "/v1/Credentials", 405, 20004},
		{http.MethodGet, "/v1/Credentials/CR" + strings.Repeat("0", 32) + "/x", 404, 20404},
	}
	for _, tc := range tests {
		e.expect(e.do(tc.method, tc.path, nil), tc.status, tc.code)
	}
	r := e.do(http.MethodGet, "/v2/Nothing", nil)
	if r.str("message") != "The requested resource /Nothing was not found" {
		t.Errorf("message %q", r.str("message"))
	}
}

func TestStatsAndReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{}) // direct seeding: not counted
	e.createTOTP(svc, "user-0001", nil)
	e.do(http.MethodPost, factorsURL(svc, "user-0001"), url.Values{"FactorType": {"totp"}}) // refused: counted
	e.do(http.MethodGet, factorsURL(svc, "user-0001"), nil)
	e.do(http.MethodGet, "/v2/Services/"+svc, nil)
	e.as(DefaultAccountSID, "bad").do(http.MethodGet, "/v2/Services", nil) // 401: counted
	e.do(http.MethodGet, "/v2/Unknown", nil)
	e.do(http.MethodDelete, "/nothing", nil)
	e.as("", "").do(http.MethodGet, "/__mock/stats", nil) // control: not counted

	want := Stats{Total: 7, Requests: map[string]int{
		"POST /v2/Services/{ServiceSid}/Entities/{Identity}/Factors": 2,
		"GET /v2/Services/{ServiceSid}/Entities/{Identity}/Factors":  1,
		"GET /v2/Services/{Sid}":                                     1,
		"GET /v2/Services":                                           1,
		"GET unmatched":                                              1,
		"DELETE unmatched":                                           1,
	}}
	if got := e.mock.Stats(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Stats() = %+v\nwant %+v", got, want)
	}
	r := e.as("", "").do(http.MethodGet, "/__mock/stats", nil)
	var fromAPI Stats
	if err := json.Unmarshal(r.raw, &fromAPI); err != nil || !reflect.DeepEqual(fromAPI, want) {
		t.Fatalf("/__mock/stats = %s (%v)", r.raw, err)
	}

	// The copy is detached.
	st := e.mock.Stats()
	st.Requests["GET unmatched"] = 99
	if e.mock.Stats().Requests["GET unmatched"] != 1 {
		t.Fatal("Stats() returned the live map")
	}

	r = e.as("", "").do(http.MethodPost, "/__mock/reset", nil)
	if r.status != http.StatusNoContent {
		t.Fatalf("reset: %d", r.status)
	}
	if got := e.mock.Stats(); got.Total != 0 || len(got.Requests) != 0 {
		t.Fatalf("after reset: %+v", got)
	}
	e.expect(e.do(http.MethodGet, "/v2/Services/"+svc, nil), http.StatusNotFound, 20404)
	if got := e.mock.Factors("", svc, ""); got != nil {
		t.Fatalf("factors after reset: %v", got)
	}
	// Accounts survive a reset, and new SIDs differ from old ones.
	svc2 := e.service(ServiceParams{})
	if svc2 == svc {
		t.Fatal("SID reused after reset")
	}
}

func TestControlAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	c := e.as("", "")
	post := func(path, body string) result {
		t.Helper()
		resp, err := e.srv.Client().Post(e.srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return result{status: resp.StatusCode, body: m}
	}

	r := post("/__mock/faults", `{"latency":"5ms","throttle_rate":0.25,"error_rate":0.5,"drop_rate":0.125,"retry_after":"2500ms"}`)
	if r.status != 200 {
		t.Fatalf("POST faults: %d %v", r.status, r.body)
	}
	want := Faults{Latency: 5 * time.Millisecond, ThrottleRate: 0.25, ErrorRate: 0.5, DropRate: 0.125, RetryAfter: 3 * time.Second}
	if got := e.mock.currentFaults(); got != want {
		t.Fatalf("faults %+v, want %+v", got, want)
	}
	r = c.do(http.MethodGet, "/__mock/faults", nil)
	if r.str("latency") != "5ms" || r.str("retry_after") != "3s" || r.body["throttle_rate"] != 0.25 {
		t.Fatalf("GET faults: %s", r.raw)
	}
	for _, bad := range []string{`{"latency":"soon"}`, `{"bogus":1}`, `not json`} {
		if r := post("/__mock/faults", bad); r.status != 400 {
			t.Errorf("POST faults %s: %d", bad, r.status)
		}
	}
	if r := post("/__mock/faults", `{}`); r.status != 200 || e.mock.currentFaults() != (Faults{RetryAfter: time.Second}) {
		t.Fatalf("clearing faults: %d %+v", r.status, e.mock.currentFaults())
	}

	if r := post("/__mock/max-page-size?n=25", ""); r.status != 200 || r.body["max_page_size"] != float64(25) {
		t.Fatalf("max-page-size: %d %v", r.status, r.body)
	}
	e.mock.mu.Lock()
	got := e.mock.maxPageSize
	e.mock.mu.Unlock()
	if got != 25 {
		t.Fatalf("maxPageSize %d", got)
	}
	for _, bad := range []string{"", "?n=0", "?n=x"} {
		if r := post("/__mock/max-page-size"+bad, ""); r.status != 400 {
			t.Errorf("max-page-size%s: %d", bad, r.status)
		}
	}
	if r := c.do(http.MethodGet, "/__mock/reset", nil); r.status != 405 {
		t.Errorf("GET reset: %d", r.status)
	}
	if r := c.do(http.MethodGet, "/__mock/nothing", nil); r.status != 404 {
		t.Errorf("unknown control path: %d", r.status)
	}
	if st := e.mock.Stats(); st.Total != 0 {
		t.Errorf("control requests counted: %+v", st)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	info, err := m.CreateService("", ServiceParams{FriendlyName: "concurrent"})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			id := fmt.Sprintf("user-%04d", i)
			for range 5 {
				form := url.Values{"FriendlyName": {"phone"}, "FactorType": {"totp"}}
				req := httptest.NewRequest(http.MethodPost, factorsURL(info.SID, id), strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
				rec := httptest.NewRecorder()
				m.ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					errs <- fmt.Errorf("create: %d %s", rec.Code, rec.Body)
					return
				}
				m.Stats()
				m.Factors("", info.SID, id)
				m.SetFaults(Faults{})
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := len(m.Factors("", info.SID, "")); n != 40 {
		t.Fatalf("%d factors, want 40", n)
	}
	if st := m.Stats(); st.Total != 40 {
		t.Fatalf("stats %+v", st)
	}
}

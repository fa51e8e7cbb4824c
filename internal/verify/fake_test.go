package verify

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Test credentials.
const (
	testAccountSID = "AC00000000000000000000000000000001"
	testAuthToken  = "authtoken-0123456789abcdef-SECRET"
	testAPIKey     = "SK00000000000000000000000000000002"
	testAPISecret  = "apisecret-fedcba9876543210-SECRET"
	testServiceSID = "VA00000000000000000000000000000003"
	testIdentity   = "ff483d1f-f2cb-4b5c-9d3e-000000000001"
)

// createFault says what the fake does with one factor create.
type createFault int

const (
	faultNone         createFault = iota
	faultDropAfter                // apply, then close the connection without a response
	faultDropBefore               // close the connection without applying
	fault500Before                // 500 without applying
	fault500After                 // apply, then 500
	faultDupDropAfter             // apply twice (a parallel create), then drop
	fault429                      // 429 with code 20429, not applied
	fault400                      // 400 with code 60200, not applied
	faultOtherThen500             // another process's identical create lands; ours is answered 500, not applied
)

// fakeVerify is a small stateful fake of the Verify factor API for this
// package's tests (the project's full mock lives in internal/mockverify).
type fakeVerify struct {
	srv *httptest.Server

	mu       sync.Mutex
	services map[string]*Service
	factors  map[string][]*fakeFactor // by service/identity, in creation order
	faults   []createFault            // per create call, in order; faultNone after the end
	// deleteLag keeps deleted factors in listings (eventual consistency).
	deleteLag bool

	creates, lists, deletes, fetches, serviceFetches int
	// skew shifts the fake's clock: its dates and its Date header.
	skew time.Duration
}

type fakeFactor struct {
	NewFactor
	deleted bool
}

func newFakeVerify(t *testing.T) *fakeVerify {
	t.Helper()
	f := &fakeVerify{
		services: map[string]*Service{},
		factors:  map[string][]*fakeFactor{},
	}
	svc := &Service{SID: testServiceSID, AccountSID: testAccountSID, FriendlyName: "Acme Service", DateCreated: time.Now().UTC().Truncate(time.Second)}
	svc.Totp.Issuer = "Acme Corp"
	svc.Totp.TimeStep, svc.Totp.CodeLength, svc.Totp.Skew = 30, 6, 1
	f.services[svc.SID] = svc

	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/Services/{svc}/Entities/{identity}/Factors", f.create)
	mux.HandleFunc("GET /v2/Services/{svc}/Entities/{identity}/Factors", f.list)
	mux.HandleFunc("GET /v2/Services/{svc}/Entities/{identity}/Factors/{sid}", f.fetch)
	mux.HandleFunc("DELETE /v2/Services/{svc}/Entities/{identity}/Factors/{sid}", f.delete)
	mux.HandleFunc("GET /v2/Services/{sid}", f.fetchService)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		skew := f.skew
		f.mu.Unlock()
		w.Header().Set("Date", time.Now().Add(skew).UTC().Format(http.TimeFormat))
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeVerify) client(t *testing.T, maxRetries int) *Client {
	t.Helper()
	c, err := New(Config{
		AccountSID: testAccountSID, AuthToken: testAuthToken,
		BaseURL:      f.srv.URL,
		MaxRetries:   maxRetries,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func randomSID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeTwilioError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{
		"code": code, "message": msg, "status": status,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
	})
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

func (f *fakeVerify) live(key string) []*fakeFactor {
	var out []*fakeFactor
	for _, ff := range f.factors[key] {
		if !ff.deleted {
			out = append(out, ff)
		}
	}
	return out
}

// Live returns the factors of the test entity that were not deleted.
func (f *fakeVerify) Live() []NewFactor {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []NewFactor
	for _, ff := range f.live(testServiceSID + "/" + testIdentity) {
		out = append(out, ff.NewFactor)
	}
	return out
}

func (f *fakeVerify) apply(svcSID, identity string, form url.Values) *NewFactor {
	svc := f.services[svcSID]
	now := time.Now().Add(f.skew).UTC().Truncate(time.Second)
	nf := NewFactor{Factor: Factor{
		SID: randomSID("YF"), AccountSID: testAccountSID, ServiceSID: svcSID,
		EntitySID: "YE" + hex.EncodeToString([]byte(identity))[:32], Identity: identity,
		DateCreated: now, DateUpdated: now,
		FriendlyName: form.Get("FriendlyName"), Status: StatusUnverified,
		FactorType: form.Get("FactorType"),
	}}
	nf.URL = f.srv.URL + "/v2/Services/" + svcSID + "/Entities/" + identity + "/Factors/" + nf.SID
	if m := form.Get("Metadata"); m != "" {
		_ = json.Unmarshal([]byte(m), &nf.Metadata)
	}
	intOr := func(key string, def int64) *int64 {
		if v := form.Get(key); v != "" {
			n, _ := strconv.ParseInt(v, 10, 64)
			return &n
		}
		return &def
	}
	switch nf.FactorType {
	case FactorTypeTOTP:
		nf.Config = FactorConfig{
			Alg:        form.Get("Config.Alg"),
			Skew:       intOr("Config.Skew", svc.Totp.Skew),
			CodeLength: intOr("Config.CodeLength", svc.Totp.CodeLength),
			TimeStep:   intOr("Config.TimeStep", svc.Totp.TimeStep),
		}
		if nf.Config.Alg == "" {
			nf.Config.Alg = "sha1"
		}
		secret := form.Get("Binding.Secret")
		if secret == "" {
			b := make([]byte, 20)
			_, _ = rand.Read(b)
			secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
		}
		nf.Binding = Binding{Secret: secret, URI: TOTPURI(svc, nf.Factor, secret)}
	case FactorTypePush:
		nf.Config = FactorConfig{
			SdkVersion: form.Get("Config.SdkVersion"), AppID: form.Get("Config.AppId"),
			NotificationPlatform: form.Get("Config.NotificationPlatform"),
			NotificationToken:    form.Get("Config.NotificationToken"),
		}
		nf.Binding = Binding{Alg: form.Get("Binding.Alg"), PublicKey: form.Get("Binding.PublicKey")}
	}
	key := svcSID + "/" + identity
	f.factors[key] = append(f.factors[key], &fakeFactor{NewFactor: nf})
	return &nf
}

func (f *fakeVerify) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeTwilioError(w, 400, 60200, "bad form")
		return
	}
	svcSID, identity := r.PathValue("svc"), r.PathValue("identity")
	f.mu.Lock()
	n := f.creates
	f.creates++
	fault := faultNone
	if n < len(f.faults) {
		fault = f.faults[n]
	}
	var nf *NewFactor
	switch fault {
	case faultNone, faultDropAfter, fault500After:
		nf = f.apply(svcSID, identity, r.PostForm)
	case faultDupDropAfter:
		f.apply(svcSID, identity, r.PostForm)
		nf = f.apply(svcSID, identity, r.PostForm)
	case faultOtherThen500:
		f.apply(svcSID, identity, r.PostForm)
	}
	f.mu.Unlock()

	switch fault {
	case faultNone:
		writeJSON(w, http.StatusCreated, nf)
	case faultDropAfter, faultDropBefore, faultDupDropAfter:
		dropConnection(w)
	case fault500Before, fault500After, faultOtherThen500:
		writeTwilioError(w, 500, 20500, "Internal Server Error")
	case fault429:
		writeTwilioError(w, 429, 20429, "Too Many Requests")
	case fault400:
		writeTwilioError(w, 400, 60200, "Invalid parameter")
	}
}

func (f *fakeVerify) list(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("svc") + "/" + r.PathValue("identity")
	f.mu.Lock()
	f.lists++
	all, exists := f.factors[key]
	factors := []Factor{} // an empty page has an empty array, as on Twilio
	for _, ff := range all {
		if !ff.deleted || f.deleteLag {
			factors = append(factors, ff.Factor)
		}
	}
	f.mu.Unlock()
	if !exists {
		writeTwilioError(w, 404, 20404, "The requested resource "+r.URL.Path+" was not found")
		return
	}
	self := f.srv.URL + r.URL.Path + "?PageSize=1000&Page=0"
	writeJSON(w, 200, map[string]any{
		"factors": factors,
		"meta": map[string]any{
			"page": 0, "page_size": 1000, "first_page_url": self, "previous_page_url": nil,
			"url": self, "next_page_url": nil, "key": "factors",
		},
	})
}

func (f *fakeVerify) find(r *http.Request) *fakeFactor {
	for _, ff := range f.factors[r.PathValue("svc")+"/"+r.PathValue("identity")] {
		if ff.SID == r.PathValue("sid") && !ff.deleted {
			return ff
		}
	}
	return nil
}

func (f *fakeVerify) fetch(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.fetches++
	ff := f.find(r)
	var fac Factor
	if ff != nil {
		fac = ff.Factor
	}
	f.mu.Unlock()
	if ff == nil {
		writeTwilioError(w, 404, 20404, "The requested resource "+r.URL.Path+" was not found")
		return
	}
	writeJSON(w, 200, fac)
}

func (f *fakeVerify) delete(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.deletes++
	ff := f.find(r)
	if ff != nil {
		ff.deleted = true
	}
	f.mu.Unlock()
	if ff == nil {
		writeTwilioError(w, 404, 20404, "The requested resource "+r.URL.Path+" was not found")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (f *fakeVerify) fetchService(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.serviceFetches++
	svc, ok := f.services[r.PathValue("sid")]
	var s Service
	if ok {
		s = *svc
	}
	f.mu.Unlock()
	if !ok {
		writeTwilioError(w, 404, 20404, "The requested resource "+r.URL.Path+" was not found")
		return
	}
	writeJSON(w, 200, s)
}

func (f *fakeVerify) counts() (creates, lists, deletes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.creates, f.lists, f.deletes
}

func ptr[T any](v T) *T { return &v }

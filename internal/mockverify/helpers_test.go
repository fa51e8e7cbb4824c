package mockverify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// testTime is the fixed clock of most tests.
var testTime = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// env is a mock behind an httptest server, with a client authenticated as
// the first account.
type env struct {
	t    *testing.T
	mock *Server
	srv  *httptest.Server
	user string
	pass string
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testTime }
	}
	m := New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	user, pass := DefaultAccountSID, DefaultAuthToken
	if len(opts.Accounts) > 0 {
		user, pass = opts.Accounts[0].SID, opts.Accounts[0].AuthToken
	}
	return &env{t: t, mock: m, srv: srv, user: user, pass: pass}
}

// with returns a copy of e that reports to t (for subtests).
func (e *env) with(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// as returns a copy of e that authenticates with other credentials.
func (e *env) as(user, pass string) *env {
	c := *e
	c.user, c.pass = user, pass
	return &c
}

type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// code is the Twilio error code of an error response (0 if none).
func (r result) code() int {
	if c, ok := r.body["code"].(float64); ok {
		return int(c)
	}
	return 0
}

func (r result) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

func (r result) obj(key string) map[string]any {
	return asMap(r.body[key])
}

// list returns the items of a list response.
func (r result) list(key string) []map[string]any {
	items, _ := r.body[key].([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = asMap(it)
	}
	return out
}

// sids returns the sid of each item of a list response.
func (r result) sids(key string) []string {
	var out []string
	for _, it := range r.list(key) {
		out = append(out, asString(it["sid"]))
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func asInt(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// do sends an API request; path is relative to the server, or absolute.
func (e *env) do(method, path string, form url.Values) result {
	e.t.Helper()
	u := path
	if !strings.HasPrefix(u, "http") {
		u = e.srv.URL + path
	}
	var body io.Reader
	if form != nil && method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	} else if form != nil {
		u += "?" + form.Encode()
	}
	contentType := ""
	if body != nil {
		contentType = "application/x-www-form-urlencoded"
	}
	return e.send(method, u, contentType, body)
}

// doJSON POSTs a JSON body (sent as it is, so that tests can send broken
// JSON) to a path relative to the server.
func (e *env) doJSON(path, body string) result {
	e.t.Helper()
	return e.send(http.MethodPost, e.srv.URL+path, "application/json", strings.NewReader(body))
}

// send sends one request, with a body of contentType when body is not nil.
func (e *env) send(method, u, contentType string, body io.Reader) result {
	e.t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if e.user != "" {
		req.SetBasicAuth(e.user, e.pass)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, u, err, raw)
		}
	}
	return r
}

// expect fails unless r has the status (and, for errors, the code).
func (e *env) expect(r result, status, code int) {
	e.t.Helper()
	if r.status != status || r.code() != code {
		e.t.Fatalf("got HTTP %d code %d, want HTTP %d code %d; body: %s", r.status, r.code(), status, code, r.raw)
	}
}

// service seeds a service directly and returns its SID.
func (e *env) service(p ServiceParams) string {
	e.t.Helper()
	if p.FriendlyName == "" {
		p.FriendlyName = "Test Service"
	}
	info, err := e.mock.CreateService(e.user, p)
	if err != nil {
		e.t.Fatal(err)
	}
	return info.SID
}

func factorsURL(svc, identity string) string {
	return "/v2/Services/" + svc + "/Entities/" + identity + "/Factors"
}

// createTOTP creates a TOTP factor and fails unless it gets 201.
func (e *env) createTOTP(svc, identity string, extra url.Values) result {
	e.t.Helper()
	form := url.Values{"FriendlyName": {"My Phone"}, "FactorType": {"totp"}}
	for k, v := range extra {
		form[k] = v
	}
	r := e.do(http.MethodPost, factorsURL(svc, identity), form)
	e.expect(r, http.StatusCreated, 0)
	return r
}

const testToken = "fcm-token-0123456789abcdefghijklmnopqrstuvwxyz"

func pushForm(key verifytest.DeviceKey) url.Values {
	return url.Values{
		"FriendlyName":                {"Pixel 8"},
		"FactorType":                  {"push"},
		"Binding.Alg":                 {"ES256"},
		"Binding.PublicKey":           {key.PublicKey},
		"Config.AppId":                {"com.example.app"},
		"Config.NotificationPlatform": {"fcm"},
		"Config.NotificationToken":    {testToken},
		"Config.SdkVersion":           {"1.0.0"},
	}
}

func (e *env) createPush(svc, identity string, key verifytest.DeviceKey) result {
	e.t.Helper()
	r := e.do(http.MethodPost, factorsURL(svc, identity), pushForm(key))
	e.expect(r, http.StatusCreated, 0)
	return r
}

// apnPair returns a fresh self-signed certificate and its private key, as
// PEM (the key PKCS #8), for APN credentials.
func apnPair(t *testing.T) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "Apple Push Services: com.example.app"},
		NotBefore:    testTime.Add(-time.Hour),
		NotAfter:     testTime.Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
}

// serviceAccountJSON is a Firebase service-account key with a fresh
// private key (PKCS #8 PEM, as Google writes it; P-256 rather than Google's
// RSA because it is instant to make, and the mock parses any key).
var serviceAccountJSON = newServiceAccountJSON()

// serviceAccountWithKey is serviceAccountJSON with its private_key replaced.
func serviceAccountWithKey(t *testing.T, privateKey string) string {
	t.Helper()
	var sa map[string]any
	if err := json.Unmarshal([]byte(serviceAccountJSON), &sa); err != nil {
		t.Fatal(err)
	}
	sa["private_key"] = privateKey
	b, err := json.Marshal(sa)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newServiceAccountJSON() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic(err)
	}
	b, err := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "demo-project", "private_key_id": "0123",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})),
		"client_email": "push@demo-project.iam.gserviceaccount.com", "client_id": "1",
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

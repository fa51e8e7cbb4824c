package mockverify

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio's webhook signature is HMAC-SHA1
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// received is one webhook request as a receiver saw it.
type received struct {
	method, contentType, signature string
	form                           url.Values
}

// receiver is a webhook endpoint that records what it receives.
type receiver struct {
	srv    *httptest.Server
	events chan received
}

func newReceiver(t *testing.T, status int) *receiver {
	t.Helper()
	rc := &receiver{events: make(chan received, 64)}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("receiver: %v", err)
		}
		rc.events <- received{
			method: r.Method, contentType: r.Header.Get("Content-Type"),
			signature: r.Header.Get("X-Twilio-Signature"), form: r.PostForm,
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) next(t *testing.T) received {
	t.Helper()
	select {
	case ev := <-rc.events:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook request within 5s")
		return received{}
	}
}

func (rc *receiver) none(t *testing.T) {
	t.Helper()
	select {
	case ev := <-rc.events:
		t.Errorf("unexpected webhook request: %v", ev.form)
	default:
	}
}

// expectedSignature computes X-Twilio-Signature from Twilio's documented
// algorithm, independently of the mock: base64 of the HMAC-SHA1, keyed
// with the auth token, of the full URL followed by each POST parameter's
// name and value, in name order.
func expectedSignature(authToken, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	data := fullURL
	for _, k := range keys {
		data += k + form.Get(k)
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkEvent checks an event's transport, its signature with the
// account's auth token (hookToken), and its type.
func checkEvent(t *testing.T, ev received, hookURL, eventType string) {
	t.Helper()
	if ev.method != http.MethodPost || ev.contentType != "application/x-www-form-urlencoded" {
		t.Errorf("%s %s", ev.method, ev.contentType)
	}
	if want := expectedSignature(hookToken, hookURL, ev.form); ev.signature != want {
		t.Errorf("X-Twilio-Signature %q, want %q", ev.signature, want)
	}
	if ev.form.Get("type") != eventType || !uuidPattern.MatchString(ev.form.Get("uuid")) {
		t.Errorf("event %v, want type %s and a uuid", ev.form, eventType)
	}
}

const hookToken = "account-auth-token-1"

func hookEnv(t *testing.T, opts Options) *env {
	t.Helper()
	opts.Accounts = []Account{{SID: "AC" + strings.Repeat("1", 32), AuthToken: hookToken}}
	e := newEnv(t, opts)
	t.Cleanup(e.mock.Close)
	return e
}

func (e *env) hook(svc, hookURL, version string, types ...string) {
	e.t.Helper()
	e.createWebhook(svc, url.Values{"FriendlyName": {"h"}, "EventTypes": types, "WebhookUrl": {hookURL}, "Version": {version}})
}

func TestWebhookFactorAndTOTPChallengeEvents(t *testing.T) {
	t.Parallel()
	e := hookEnv(t, Options{})
	svc := e.service(ServiceParams{})
	disabled, deniedOnly, v1, all := newReceiver(t, 204), newReceiver(t, 204), newReceiver(t, 200), newReceiver(t, 200)
	// Created first, so that anything they wrongly got arrives before the
	// last event of the last webhook (deliveries keep their order).
	e.createWebhook(svc, url.Values{"FriendlyName": {"off"}, "EventTypes": {"*"}, "WebhookUrl": {disabled.srv.URL}, "Status": {"disabled"}})
	e.hook(svc, deniedOnly.srv.URL, "v2", "challenge.denied")
	e.hook(svc, v1.srv.URL+"/v1?x=1", "v1", "factor.verified")
	e.hook(svc, all.srv.URL+"/all", "v2", "*")

	factor := e.verifiedTOTP(svc, "user-0001", testTime) // created, verified
	e.do(http.MethodPost, challengesURL(svc, "user-0001"), url.Values{"FactorSid": {factor}, "AuthPayload": {totpCode(t, testTime)}})
	e.do(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+factor, nil)

	seen := map[string]bool{}
	for _, typ := range []string{"factor.created", "factor.verified", "challenge.approved", "factor.deleted"} {
		ev := all.next(t)
		checkEvent(t, ev, all.srv.URL+"/all", typ)
		if seen[ev.form.Get("uuid")] {
			t.Errorf("uuid %s repeated", ev.form.Get("uuid"))
		}
		seen[ev.form.Get("uuid")] = true
		want := map[string]string{
			"account_sid": "AC" + strings.Repeat("1", 32), "service_sid": svc, "entity_identity": "user-0001",
			"factor_sid": factor, "factor_type": "totp", "factor_friendly_name": "My Phone",
		}
		for k, v := range want {
			if ev.form.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", typ, k, ev.form.Get(k), v)
			}
		}
		if typ == "challenge.approved" && !strings.HasPrefix(ev.form.Get("challenge_sid"), "YC") {
			t.Errorf("challenge.approved without challenge_sid: %v", ev.form)
		}
	}
	ev := v1.next(t)
	checkEvent(t, ev, v1.srv.URL+"/v1?x=1", "factor.verified")
	disabled.none(t)
	deniedOnly.none(t)
	v1.none(t)
	// A delivery is counted once its answer is read, after the receiver
	// has seen it.
	waitFor(t, "five deliveries counted", func() bool { return e.mock.Stats().Webhooks == WebhookStats{Delivered: 5} })
}

func TestWebhookPushChallengeEvent(t *testing.T) {
	t.Parallel()
	e := hookEnv(t, Options{})
	svc := e.service(ServiceParams{})
	v1, v2 := newReceiver(t, 200), newReceiver(t, 200)
	e.hook(svc, v1.srv.URL, "v1", "challenge.denied")
	e.hook(svc, v2.srv.URL, "v2", "challenge.denied")
	key := verifytest.NewDeviceKey(t)
	form := pushForm(key)
	form.Set("Metadata", `{"os":"Android"}`)
	factor := e.do(http.MethodPost, factorsURL(svc, "user-0001"), form).str("sid")
	e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+factor, url.Values{"AuthPayload": {key.Sign(t, factor)}})
	base := challengesURL(svc, "user-0001")
	sid := e.do(http.MethodPost, base, url.Values{
		"FactorSid": {factor}, "Details.Message": {"Log in?"}, "Details.Fields": {`{"label":"IP","value":"10.0.0.1"}`},
		"HiddenDetails": {`{"ip":"10.0.0.1"}`},
	}).str("sid")
	fetched := e.do(http.MethodGet, base+"/"+sid, nil)
	e.expect(e.do(http.MethodPost, base+"/"+sid, url.Values{
		"AuthPayload": {pushAnswer(t, key, fetched, "denied")}, "Metadata": {`{"app":"1.2"}`},
	}), http.StatusOK, 0)

	old, cur := v1.next(t), v2.next(t)
	checkEvent(t, old, v1.srv.URL, "challenge.denied")
	checkEvent(t, cur, v2.srv.URL, "challenge.denied")
	var details map[string]any
	if err := json.Unmarshal([]byte(cur.form.Get("challenge_details")), &details); err != nil || details["message"] != "Log in?" {
		t.Errorf("challenge_details %q", cur.form.Get("challenge_details"))
	}
	if cur.form.Get("challenge_sid") != sid || cur.form.Get("challenge_hidden_details") != `{"ip":"10.0.0.1"}` ||
		cur.form.Get("challenge_metadata") != `{"app":"1.2"}` || cur.form.Get("factor_metadata") != `{"os":"Android"}` {
		t.Errorf("v2 event %v", cur.form)
	}
	if old.form.Has("challenge_metadata") || old.form.Has("factor_metadata") || old.form.Get("challenge_sid") != sid {
		t.Errorf("v1 event %v", old.form)
	}
}

// lineWriter passes each write (one log record of slog's text handler) on
// to a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	w <- string(p)
	return len(p), nil
}

// drain returns the lines written so far.
func (w lineWriter) drain() string {
	var b strings.Builder
	for {
		select {
		case line := <-w:
			b.WriteString(line)
		default:
			return b.String()
		}
	}
}

func TestWebhookFailuresNeverBlockTheAPI(t *testing.T) {
	t.Parallel()
	logs := make(lineWriter, 16)
	e := hookEnv(t, Options{WebhookTimeout: 300 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	svc := e.service(ServiceParams{})
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(func() { close(release); hang.Close() })
	failing := newReceiver(t, http.StatusInternalServerError)
	e.hook(svc, hang.URL, "v2", "*")
	e.hook(svc, failing.srv.URL, "v2", "*")
	e.hook(svc, "http://192.0.2.1:9/hook", "v2", "*") // TEST-NET-1: not loopback

	start := time.Now()
	e.createTOTP(svc, "user-0001", nil)
	if took := time.Since(start); took > 250*time.Millisecond {
		t.Errorf("the API waited %v for webhook deliveries", took)
	}
	failing.next(t)
	waitFor(t, "three failed deliveries", func() bool { return e.mock.Stats().Webhooks.Failed == 3 })
	got := logs.drain()
	for _, want := range []string{"webhook delivery failed", "HTTP 500", "192.0.2.1 is not a loopback address", "factor.created"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, hookToken) {
		t.Error("the log contains the auth token")
	}
	r := e.as("", "").do(http.MethodGet, "/__mock/stats", nil)
	if w := r.obj("webhooks"); w["failed"] != float64(3) || w["delivered"] != float64(0) {
		t.Errorf("/__mock/stats webhooks = %v", w)
	}
	e.mock.Reset()
	if s := e.mock.Stats().Webhooks; s != (WebhookStats{}) {
		t.Errorf("after Reset %+v", s)
	}
}

func TestWebhookQueueIsBounded(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(func() { close(release); hang.Close() })
	d := newDispatcher(Options{WebhookTimeout: time.Minute, Logger: slog.New(slog.DiscardHandler)})
	extra := 10
	for range webhookQueueSize + 1 + extra { // one in flight, a full queue, and more
		d.enqueue(delivery{url: hang.URL, params: url.Values{"type": {"factor.created"}}, authToken: "t"})
	}
	waitFor(t, "the drops", func() bool { return d.stats().Dropped >= int64(extra) })
	start := time.Now()
	d.close() // abandons the rest without waiting for the hanging receiver
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("close took %v", took)
	}
	s := d.stats()
	if s.Delivered != 0 || s.Dropped+s.Failed != int64(webhookQueueSize+1+extra) {
		t.Errorf("stats %+v", s)
	}
	d.enqueue(delivery{url: hang.URL})
	if d.stats().Dropped != s.Dropped+1 {
		t.Error("a delivery after close was not dropped")
	}
}

// nonLoopbackIP returns an address of this machine that is not loopback.
func nonLoopbackIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip(err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
			return ipn.IP.String()
		}
	}
	t.Skip("this machine has no non-loopback IPv4 address")
	return ""
}

func TestWebhookNonLoopbackOnlyWhenAllowed(t *testing.T) {
	t.Parallel()
	ip := nonLoopbackIP(t)
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skip(err)
	}
	rc := &receiver{events: make(chan received, 8)}
	rc.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		rc.events <- received{method: r.Method, form: r.PostForm}
	}))
	rc.srv.Listener = ln
	rc.srv.Start()
	t.Cleanup(rc.srv.Close)

	for _, allow := range []bool{false, true} {
		e := hookEnv(t, Options{AllowNonLoopbackWebhooks: allow, Logger: slog.New(slog.DiscardHandler)})
		svc := e.service(ServiceParams{})
		e.hook(svc, rc.srv.URL, "v2", "factor.created")
		e.createTOTP(svc, "user-0001", nil)
		waitFor(t, "the delivery attempt", func() bool { s := e.mock.Stats().Webhooks; return s.Delivered+s.Failed == 1 })
		if s := e.mock.Stats().Webhooks; (s.Delivered == 1) != allow {
			t.Errorf("AllowNonLoopbackWebhooks=%v: %+v", allow, s)
		}
	}
	rc.next(t)
	rc.none(t)
}

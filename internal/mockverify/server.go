// Package mockverify is a stateful, in-memory mock of the Twilio Verify v2
// API (services, entities, their factors and challenges, webhooks) and of
// Notify v1's push credentials, as an http.Handler serving both on one
// base URL.
//
// It authenticates like Twilio (HTTP Basic with an account SID and auth
// token, or an API key SID and secret), validates parameters with Twilio's
// error codes, verifies TOTP codes and push signatures, paginates like
// Twilio, and can inject faults (latency, throttling, server errors and lost
// responses). On factor and challenge events it POSTs to the service's
// webhooks, signed with X-Twilio-Signature as Twilio signs (see
// Options.AllowNonLoopbackWebhooks and the package example). A small
// control API under /__mock/ (no authentication) exposes request counts and
// run-time settings; see Server.ServeHTTP.
package mockverify

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultAccountSID is the account used when Options.Accounts is empty.
const DefaultAccountSID = "AC0123456789abcdef0123456789abcdef"

// DefaultAuthToken is the auth token of DefaultAccountSID.
const DefaultAuthToken = "mock-auth-token"

const (
	defaultMaxPageSize = 1000
	maxBodyBytes       = 1 << 20
	controlPrefix      = "/__mock"
)

// Account is a Twilio account known to the mock, with its auth token and
// its API keys (key SID "SK..." -> secret).
type Account struct {
	SID       string
	AuthToken string
	APIKeys   map[string]string
}

// Faults configures the faults injected into API requests (paths under
// /v2/ and /v1/). Rates are fractions between 0 and 1; decisions come from a random
// source seeded by Options.Seed.
type Faults struct {
	Latency      time.Duration // added before handling every API request (honours request ctx cancellation)
	ThrottleRate float64       // fraction answered 429, code 20429, with header Retry-After
	ErrorRate    float64       // fraction answered 500 or 503 (alternating), before any change is made
	DropRate     float64       // fraction of mutating requests (POST, DELETE) whose change is applied but whose response is lost
	RetryAfter   time.Duration // value of Retry-After on 429 (whole seconds, min 1s; default 1s)
}

// Options configures a Server.
type Options struct {
	Accounts    []Account        // empty: one account DefaultAccountSID/DefaultAuthToken
	Faults      Faults           // faults injected from the start
	Seed        int64            // seeds SIDs, generated secrets and fault decisions
	MaxPageSize int              // caps the page size granted on lists (default 1000)
	Now         func() time.Time // clock (default time.Now)
	// ClockSkew shifts the mock's clock (Now) by this much: a negative
	// skew puts the mock behind the client's machine, a positive one ahead.
	// date_created, date_updated, the Date header and TOTP checks all use
	// the shifted clock, as Twilio's all use Twilio's.
	ClockSkew time.Duration
	// ConcurrencyLimit is the number of API requests of one account that
	// may be in flight at once, as Twilio's per-account concurrency limit
	// (0: no limit). A request over it is answered at once with 429, code
	// 20429, and Faults.RetryAfter's Retry-After, and changes nothing.
	ConcurrencyLimit int
	// AllowNonLoopbackWebhooks lets the mock deliver events to webhook
	// URLs that resolve to addresses other than loopback ones. By default
	// it delivers to loopback addresses only (checked on the address
	// dialled), so that a mock cannot be made to POST into a network.
	AllowNonLoopbackWebhooks bool
	// WebhookTimeout bounds each event delivery, connection included
	// (default 5s).
	WebhookTimeout time.Duration
	// Logger receives the failures of event deliveries (default
	// slog.Default()). It never receives auth tokens or signatures.
	Logger *slog.Logger
}

// Stats counts the API requests received (every request outside /__mock/,
// refused, faulted and unauthenticated ones included), keyed by method and
// route template, e.g.
// "POST /v2/Services/{ServiceSid}/Entities/{Identity}/Factors". Requests
// that match no route are counted under "METHOD unmatched". Throttled
// counts those of them answered 429 (Faults.ThrottleRate or
// Options.ConcurrencyLimit). Webhooks counts the deliveries of events to
// webhooks.
type Stats struct {
	Total     int            `json:"total"`
	Requests  map[string]int `json:"requests"`
	Throttled int            `json:"throttled"`
	Webhooks  WebhookStats   `json:"webhooks"`
}

// Server is the mock. Create it with New; all its methods are safe for
// concurrent use.
type Server struct {
	mu        sync.Mutex
	clock     func() time.Time
	clockSkew atomic.Int64 // nanoseconds added to clock(); read without mu

	accounts map[string]*accountState
	order    []string // account SIDs, Options order (the first is the default)
	creds    map[string]credential

	faults      Faults
	maxPageSize int
	ids         *rand.Rand          // SIDs and generated secrets
	chaos       *rand.Rand          // fault decisions
	flip        bool                // alternates 500 and 503
	seq         int64               // creation sequence, orders lists and page tokens
	issuedSIDs  map[string]struct{} // every SID handed out, never reused

	concurrencyLimit int            // 0: none
	inFlight         map[string]int // API requests in flight, by account SID

	total     int
	requests  map[string]int
	throttled int

	webhookDeliveries *dispatcher
}

type credential struct {
	secret     string
	accountSID string
}

// New returns a mock configured by opts.
func New(opts Options) *Server {
	accounts := opts.Accounts
	if len(accounts) == 0 {
		accounts = []Account{{SID: DefaultAccountSID, AuthToken: DefaultAuthToken}}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	seed := uint64(opts.Seed) //nolint:gosec // any bit pattern is a fine seed
	s := &Server{
		clock:    now,
		accounts: make(map[string]*accountState),
		creds:    make(map[string]credential),
		// Deterministic on purpose: the mock must be reproducible, not secure.
		ids:        rand.New(rand.NewPCG(seed, 0x5eed1d5)),   //nolint:gosec // reproducible mock data
		chaos:      rand.New(rand.NewPCG(seed, 0xfa0175eed)), //nolint:gosec // reproducible fault decisions
		issuedSIDs: make(map[string]struct{}),
		requests:   make(map[string]int),
		inFlight:   make(map[string]int),

		webhookDeliveries: newDispatcher(opts),
	}
	for _, a := range accounts {
		if _, dup := s.accounts[a.SID]; !dup {
			s.order = append(s.order, a.SID)
		}
		s.accounts[a.SID] = newAccountState(a.SID)
		s.creds[a.SID] = credential{secret: a.AuthToken, accountSID: a.SID}
		for key, secret := range a.APIKeys {
			s.creds[key] = credential{secret: secret, accountSID: a.SID}
		}
	}
	s.clockSkew.Store(int64(opts.ClockSkew))
	s.faults = normalizeFaults(opts.Faults)
	s.maxPageSize = normalizeMaxPageSize(opts.MaxPageSize)
	s.concurrencyLimit = max(opts.ConcurrencyLimit, 0)
	return s
}

// Stats returns a copy of the request counts.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := make(map[string]int, len(s.requests))
	for k, v := range s.requests {
		req[k] = v
	}
	return Stats{Total: s.total, Requests: req, Throttled: s.throttled, Webhooks: s.webhookDeliveries.stats()}
}

// Close stops the delivery of events to webhooks: events queued or in
// flight are abandoned (counted as dropped), later ones dropped. The API
// keeps answering. Close is needed only to stop the delivery goroutine
// before the program ends.
func (s *Server) Close() { s.webhookDeliveries.close() }

// Reset removes every service (with its entities, factors, challenges and
// webhooks) and push credential, and clears the request and delivery
// counts. Accounts, the current faults, the clock skew, the concurrency
// limit and the page-size cap are kept, and SIDs issued before the reset
// are never issued again.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for sid := range s.accounts {
		s.accounts[sid] = newAccountState(sid)
	}
	s.total = 0
	s.requests = make(map[string]int)
	s.throttled = 0
	s.flip = false
	s.webhookDeliveries.resetStats()
}

// SetFaults replaces the faults injected into API requests.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = normalizeFaults(f)
}

// SetClockSkew shifts the mock's clock by d from now on (see
// Options.ClockSkew); factors created before keep their dates.
func (s *Server) SetClockSkew(d time.Duration) { s.clockSkew.Store(int64(d)) }

// ClockSkew returns the current shift of the mock's clock.
func (s *Server) ClockSkew() time.Duration { return time.Duration(s.clockSkew.Load()) }

// now is the mock's clock: Options.Now shifted by the clock skew. It takes
// no lock, so it may be called with s.mu held.
func (s *Server) now() time.Time { return s.clock().Add(s.ClockSkew()) }

// SetMaxPageSize caps the page size granted on lists; n <= 0 restores the
// default, 1000.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPageSize = normalizeMaxPageSize(n)
}

// SetConcurrencyLimit sets Options.ConcurrencyLimit from now on; n <= 0
// removes the limit. Requests already in flight are not affected.
func (s *Server) SetConcurrencyLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.concurrencyLimit = max(n, 0)
}

// ConcurrencyLimit returns the current concurrency limit (0: none).
func (s *Server) ConcurrencyLimit() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.concurrencyLimit
}

func (s *Server) currentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

func normalizeFaults(f Faults) Faults {
	clamp := func(r float64) float64 {
		if math.IsNaN(r) || r < 0 {
			return 0
		}
		return math.Min(r, 1)
	}
	f.ThrottleRate = clamp(f.ThrottleRate)
	f.ErrorRate = clamp(f.ErrorRate)
	f.DropRate = clamp(f.DropRate)
	if f.Latency < 0 {
		f.Latency = 0
	}
	if f.RetryAfter <= time.Second {
		f.RetryAfter = time.Second
	}
	// Retry-After carries whole seconds: round up so the header never
	// promises less than configured.
	f.RetryAfter = (f.RetryAfter + time.Second - 1).Truncate(time.Second)
	return f
}

func normalizeMaxPageSize(n int) int {
	if n <= 0 {
		return defaultMaxPageSize
	}
	return n
}

// chance draws a fault decision; s.mu must be held.
func (s *Server) chance(rate float64) bool {
	switch {
	case rate <= 0:
		return false
	case rate >= 1:
		return true
	}
	return s.chaos.Float64() < rate
}

// newSID returns a fresh SID with the given two-letter prefix; s.mu must be
// held. SIDs are never reused, not even after Reset.
func (s *Server) newSID(prefix string) string {
	for {
		sid := prefix + hex32(s.ids.Uint64(), s.ids.Uint64())
		if _, dup := s.issuedSIDs[sid]; !dup {
			s.issuedSIDs[sid] = struct{}{}
			return sid
		}
	}
}

func hex32(a, b uint64) string {
	const digits = "0123456789abcdef"
	buf := make([]byte, 32)
	for i := 15; i >= 0; i-- {
		buf[i] = digits[a&0xf]
		a >>= 4
		buf[16+i] = digits[b&0xf]
		b >>= 4
	}
	return string(buf)
}

func (s *Server) nextSeq() int64 {
	s.seq++
	return s.seq
}

// account returns the state of an account; "" means the first account.
// s.mu must be held.
func (s *Server) account(sid string) *accountState {
	if sid == "" && len(s.order) > 0 {
		sid = s.order[0]
	}
	return s.accounts[sid]
}

// authenticate returns the account SID of the request's credentials.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	c, ok := s.creds[user]
	if !ok || c.secret == "" {
		return "", false
	}
	if subtle.ConstantTimeCompare([]byte(pass), []byte(c.secret)) != 1 {
		return "", false
	}
	return c.accountSID, true
}

// response is a handler's answer, written only once fault injection has
// decided that it is not lost.
type response struct {
	status int
	body   any // JSON-encoded; nil means no body
	header http.Header
}

func errResponse(e *apiError) response {
	r := response{status: e.Status, body: e.body()}
	if e.Code == codeAuthentication {
		r.header = http.Header{"Www-Authenticate": {`Basic realm="Twilio API"`}}
	}
	return r
}

func (r response) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.body == nil {
		w.WriteHeader(r.status)
		return
	}
	writeJSON(w, r.status, r.body)
}

// writeJSON writes body as JSON without HTML escaping, so that URIs keep
// their "&" as Twilio's do.
func writeJSON(w http.ResponseWriter, status int, body any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ServeHTTP serves the Verify v2 API under /v2/, Notify v1's push
// credentials under /v1/Credentials, and the control API:
//
//	GET  /__mock/stats          request and webhook delivery counts (Stats as JSON)
//	POST /__mock/reset          Reset (204)
//	GET  /__mock/faults         current faults as JSON
//	POST /__mock/faults         replace the faults: {"latency":"250ms","throttle_rate":0.1,
//	                            "error_rate":0,"drop_rate":0,"retry_after":"2s"}
//	POST /__mock/max-page-size?n=25   SetMaxPageSize
//	GET  /__mock/clock-skew     current clock skew: {"clock_skew":"-3m0s"}
//	POST /__mock/clock-skew?d=-3m     SetClockSkew
//	GET  /__mock/concurrency-limit    current limit: {"concurrency_limit":4}
//	POST /__mock/concurrency-limit?n=4  SetConcurrencyLimit (0: no limit)
//
// The control API refuses (403) any request that carries an Origin header
// or whose Host is not a loopback name or address, so that a web page the
// developer visits cannot drive it (no cross-origin or DNS-rebinding
// requests).
//
// Every API request is counted; a request of an account that already has
// Options.ConcurrencyLimit requests in flight is answered 429 at once.
// The others are in flight until their answer is decided: delayed by
// Faults.Latency, possibly throttled (429) or failed (500/503) before
// anything changes, handled, and for POST and DELETE possibly dropped
// after the change is applied: the connection is hijacked and closed
// without a response (with a writer that cannot be hijacked, the handler
// panics with http.ErrAbortHandler, which net/http servers turn into an
// aborted response).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == controlPrefix || strings.HasPrefix(r.URL.Path, controlPrefix+"/") {
		if why := controlRefusal(r); why != "" {
			writeJSON(w, http.StatusForbidden, controlError{why})
			return
		}
		s.serveControl(w, r)
		return
	}
	// Twilio's Date header comes from Twilio's clock; so does the mock's
	// (net/http would otherwise write the machine's time).
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	rt := matchRoute(r.URL.EscapedPath())

	s.mu.Lock()
	s.total++
	s.requests[r.Method+" "+rt.template()]++
	s.mu.Unlock()

	if withoutVersion(r.URL.Path) == r.URL.Path {
		s.handle(w, r, rt).write(w)
		return
	}
	leave, refusal := s.enter(r)
	if refusal != nil {
		refusal.write(w)
		return
	}
	res, outcome := s.serveAPI(w, r, rt)
	// The request leaves the account's flight before its answer is
	// written, so a client that sends the next request on receiving this
	// answer never finds it still counted.
	leave()
	switch outcome {
	case answered:
		res.write(w)
	case dropped:
		dropConnection(w)
	case clientGone:
	}
}

// apiOutcome is what becomes of an API request's answer.
type apiOutcome int

const (
	answered   apiOutcome = iota
	dropped               // applied, connection closed without a response
	clientGone            // the client went away during the latency
)

// serveAPI delays, faults and handles an API request.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rt route) (response, apiOutcome) {
	if latency := s.currentFaults().Latency; latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return response{}, clientGone
		case <-t.C:
		}
	}
	if res, faulted := s.injectFault(); faulted {
		return res, answered
	}
	res := s.handle(w, r, rt)
	if r.Method == http.MethodPost || r.Method == http.MethodDelete {
		s.mu.Lock()
		drop := s.chance(s.faults.DropRate)
		s.mu.Unlock()
		if drop {
			return response{}, dropped
		}
	}
	return res, answered
}

// enter counts an API request in its account's flight, unless the account
// is at its concurrency limit: then it returns the 429 to answer at once.
// leave takes the request out of the flight again. Requests whose
// credentials are wrong belong to no account and are not limited.
func (s *Server) enter(r *http.Request) (leave func(), refusal *response) {
	accountSID, authenticated := s.authenticate(r)
	if !authenticated {
		return func() {}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.concurrencyLimit > 0 && s.inFlight[accountSID] >= s.concurrencyLimit {
		res := s.throttledLocked()
		return nil, &res
	}
	s.inFlight[accountSID]++
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.inFlight[accountSID]--
	}, nil
}

// injectFault decides whether the request is throttled or failed.
func (s *Server) injectFault() (response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chance(s.faults.ThrottleRate) {
		return s.throttledLocked(), true
	}
	if s.chance(s.faults.ErrorRate) {
		s.flip = !s.flip
		return errResponse(errServer(!s.flip)), true
	}
	return response{}, false
}

// throttledLocked counts and returns a 429 with code 20429 and the
// configured Retry-After; s.mu must be held.
func (s *Server) throttledLocked() response {
	s.throttled++
	res := errResponse(errTooManyRequests())
	res.header = http.Header{"Retry-After": {formatSeconds(s.faults.RetryAfter)}}
	return res
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10)
}

// dropConnection loses the response: the connection is closed without a
// byte written.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// handle authenticates and routes an API request.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, rt route) response {
	accountSID, ok := s.authenticate(r)
	if !ok {
		return errResponse(errAuthenticate())
	}
	if rt.id == routeNone {
		return errResponse(errNotFound(withoutVersion(r.URL.Path)))
	}
	if !rt.allows(r.Method) {
		return errResponse(errMethodNotAllowed(r.Method))
	}
	req := apiRequest{method: r.Method, base: baseURL(r), route: rt}
	switch {
	case r.Method == http.MethodPost && rt.takesJSON():
		body, e := readJSONBody(w, r)
		if e != nil {
			return errResponse(e)
		}
		req.body = body
	case r.Method == http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if err := r.ParseForm(); err != nil {
			return errResponse(errInvalid("body", "not a valid application/x-www-form-urlencoded body"))
		}
		req.form = params(r.PostForm)
	default:
		req.form = params(r.URL.Query())
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return errResponse(errAuthenticate())
	}
	res, err := s.routeHandler(rt.id)(acct, req)
	if err != nil {
		return errResponse(err)
	}
	return res
}

// routeHandler returns the handler of a matched API route.
func (s *Server) routeHandler(id routeID) func(*accountState, apiRequest) (response, *apiError) {
	return map[routeID]func(*accountState, apiRequest) (response, *apiError){
		routeServices:    s.serveServices,
		routeService:     s.serveService,
		routeEntities:    s.serveEntities,
		routeEntity:      s.serveEntity,
		routeFactors:     s.serveFactors,
		routeFactor:      s.serveFactor,
		routeChallenges:  s.serveChallenges,
		routeChallenge:   s.serveChallenge,
		routeWebhooks:    s.serveWebhooks,
		routeWebhook:     s.serveWebhook,
		routeCredentials: s.serveCredentials,
		routeCredential:  s.serveCredential,

		routePasskeysFactors: s.servePasskeysFactors,
	}[id]
}

// apiRequest is what the resource handlers need of a request.
type apiRequest struct {
	method string
	base   string // scheme://host of the request, for absolute URLs
	form   params // body parameters for a form POST, query parameters otherwise
	body   []byte // the body of a POST to a route that takes JSON
	route  route
}

// readJSONBody reads the body of a POST that must be a JSON object
// (application/json, at most maxBodyBytes).
func readJSONBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, errInvalid("Content-Type", "must be application/json on this route")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, errInvalid("body", "could not be read, or is over 1 MiB")
	}
	return body, nil
}

// apiVersions are the path prefixes of the API: Verify v2 and Notify v1
// (for push credentials), both served on the mock's one base URL.
var apiVersions = []string{"/v2/", "/v1/"}

// withoutVersion returns an API path without its version prefix, as
// Twilio's error messages name resources; any other path is returned as
// it is.
func withoutVersion(path string) string {
	for _, v := range apiVersions {
		if strings.HasPrefix(path, v) {
			return path[len(v)-1:]
		}
	}
	return path
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

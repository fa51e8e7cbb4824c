package provider

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
)

// hostileProxy is an HTTP server in front of a test's mock that lets the
// test answer chosen requests itself: with a lie, an oversized or
// malformed body, a delay, or a failure after (or instead of) forwarding.
// Everything the handler passes on reaches the mock unchanged, so the mock
// stays the one model of Twilio and the misbehaviour lives in the test.
type hostileProxy struct {
	// URL is the proxy's base URL, to use as the provider's base_url.
	URL string

	mu      sync.Mutex
	handler hostileHandler
}

// hostileHandler answers one request. It may write its own answer, pass
// the request on to the mock with upstream.ServeHTTP (possibly into a
// recorder, to change the answer), or both.
type hostileHandler func(w http.ResponseWriter, r *http.Request, upstream http.Handler)

// passThrough forwards every request unchanged.
func passThrough(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
	upstream.ServeHTTP(w, r)
}

// newHostileProxy starts a proxy to the test's mock; it forwards every
// request until set gives it a handler. It stops with the test.
func (e *testEnv) newHostileProxy(t *testing.T) *hostileProxy {
	t.Helper()
	e.requireMock()
	target, err := url.Parse(e.baseURL)
	if err != nil {
		t.Fatal(err)
	}
	upstream := httputil.NewSingleHostReverseProxy(target)
	p := &hostileProxy{handler: passThrough}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		h := p.handler
		p.mu.Unlock()
		h(w, r, upstream)
	}))
	t.Cleanup(server.Close)
	p.URL = server.URL
	return p
}

// set replaces the proxy's handler; nil passes every request through.
func (p *hostileProxy) set(h hostileHandler) {
	if h == nil {
		h = passThrough
	}
	p.mu.Lock()
	p.handler = h
	p.mu.Unlock()
}

// frontMock puts front in the mock's place for the rest of the test: the
// provider's base_url (e.baseURL) becomes a hostile proxy whose handler is
// front.
func (e *testEnv) frontMock(front hostileHandler) {
	e.t.Helper()
	p := e.newHostileProxy(e.t)
	p.set(front)
	e.baseURL = p.URL
}

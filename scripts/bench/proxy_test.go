package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestTLSProxyRelaysHTTPSToPlainUpstream is what Twilio's provider does in
// the bench: HTTPS to verify.twilio.com through HTTPS_PROXY, trusting only
// the run's CA, answered by a plain-HTTP upstream.
func TestTLSProxyRelaysHTTPSToPlainUpstream(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		user, _, _ := r.BasicAuth()
		w.Header().Set("X-Seen", r.Method+" "+r.URL.Path+" "+user+" "+string(body))
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"sid":"YF1"}`)
	}))
	defer upstream.Close()
	p, err := startTLSProxy(strings.TrimPrefix(upstream.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()

	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(p.caPEM) {
		t.Fatal("the CA PEM does not parse")
	}
	proxyURL, _ := url.Parse(p.addr())
	client := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
	}}
	defer client.CloseIdleConnections()
	for i := range 3 { // several requests over one tunnel
		req, _ := http.NewRequest(http.MethodPost, "https://verify.twilio.com/v2/Services/VA1/Entities/u/Factors", strings.NewReader("FactorType=totp"))
		req.SetBasicAuth("AC1", "token")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || string(body) != `{"sid":"YF1"}` {
			t.Fatalf("request %d: %d %s", i, resp.StatusCode, body)
		}
		if got, want := resp.Header.Get("X-Seen"), "POST /v2/Services/VA1/Entities/u/Factors AC1 FactorType=totp"; got != want {
			t.Fatalf("upstream saw %q, want %q", got, want)
		}
	}
}

// TestTLSProxyIsNotTrustedWithoutItsCA checks the certificate really comes
// from the throwaway CA: a client with the system roots refuses it.
func TestTLSProxyIsNotTrustedWithoutItsCA(t *testing.T) {
	p, err := startTLSProxy("127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	proxyURL, _ := url.Parse(p.addr())
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}}}
	if resp, err := client.Get("https://verify.twilio.com/v2/Services"); err == nil {
		resp.Body.Close()
		t.Fatal("a client without the bench CA accepted the proxy's certificate")
	}
}

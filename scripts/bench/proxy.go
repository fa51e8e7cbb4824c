package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tlsProxy is the bench's HTTPS proxy for Twilio's provider, which
// hard-codes https://verify.twilio.com: it answers CONNECT, ends TLS with a
// certificate from a CA made for this run only, and relays each request in
// plain HTTP to the mock. Twilio's client honours HTTPS_PROXY and
// SSL_CERT_FILE, which the bench sets to addr and caPEM.
type tlsProxy struct {
	listener net.Listener
	upstream string // host:port of the plain-HTTP mock
	caPEM    []byte
	caCert   *x509.Certificate
	caKey    *ecdsa.PrivateKey
	relay    http.RoundTripper

	mu     sync.Mutex
	leaves map[string]*tls.Certificate
	conns  sync.WaitGroup
}

// startTLSProxy listens on a free loopback port and relays to upstream
// (host:port).
func startTLSProxy(upstream string) (*tlsProxy, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "terraform-provider-twilio bench CA (throwaway)"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(12 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &tlsProxy{
		listener: ln,
		upstream: upstream,
		caPEM:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		caCert:   cert,
		caKey:    key,
		relay:    &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
		leaves:   map[string]*tls.Certificate{},
	}
	go p.serve()
	return p, nil
}

// addr is the proxy's URL, for HTTPS_PROXY.
func (p *tlsProxy) addr() string { return "http://" + p.listener.Addr().String() }

// close stops accepting and waits for the open tunnels to end.
func (p *tlsProxy) close() {
	_ = p.listener.Close()
	p.conns.Wait()
}

func (p *tlsProxy) serve() {
	for {
		c, err := p.listener.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		go func() {
			defer p.conns.Done()
			defer c.Close()
			p.tunnel(c)
		}()
	}
}

// tunnel reads the CONNECT request, then serves HTTP/1.1 over TLS on the
// same connection, relaying each request to the mock.
func (p *tlsProxy) tunnel(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(10 * time.Minute))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	if req.Method != http.MethodConnect {
		_, _ = io.WriteString(c, "HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
		return
	}
	host, _, err := net.SplitHostPort(req.Host)
	if err != nil {
		host = req.Host
	}
	leaf, err := p.leaf(host)
	if err != nil {
		_, _ = io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
		return
	}
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{*leaf}, NextProtos: []string{"http/1.1"}, MinVersion: tls.VersionTLS12})
	br := bufio.NewReader(tc)
	for {
		in, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if !p.relayOne(tc, in) || in.Close {
			return
		}
	}
}

// relayOne sends in to the mock and writes the answer back; false when the
// connection cannot go on.
func (p *tlsProxy) relayOne(w io.Writer, in *http.Request) bool {
	out := in.Clone(in.Context())
	out.RequestURI = ""
	out.URL.Scheme = "http"
	out.URL.Host = p.upstream
	out.Host = p.upstream
	resp, err := p.relay.RoundTrip(out)
	if err != nil {
		msg := "bench proxy: " + err.Error()
		_, _ = fmt.Fprintf(w, "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(msg), msg)
		return false
	}
	defer resp.Body.Close()
	return resp.Write(w) == nil
}

// leaf is the certificate for host, signed by the run's CA, made once.
func (p *tlsProxy) leaf(host string) (*tls.Certificate, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.leaves[host]; ok {
		return c, nil
	}
	if host == "" || strings.ContainsAny(host, "/ ") {
		return nil, errors.New("bad host")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(int64(len(p.leaves) + 2)),
		Subject:      pkix.Name{CommonName: host},
		NotBefore:    p.caCert.NotBefore,
		NotAfter:     p.caCert.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &key.PublicKey, p.caKey)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	p.leaves[host] = c
	return c, nil
}

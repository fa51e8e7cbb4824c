package main

import (
	"crypto/x509"
	"testing"
)

// TestThrowawayCertificatesVerify checks that the server certificate is
// valid for 127.0.0.1 and localhost under the CA written for SSL_CERT_FILE.
func TestThrowawayCertificatesVerify(t *testing.T) {
	caPEM, server, err := throwawayCertificates()
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("the CA PEM holds no certificate")
	}
	leaf, err := x509.ParseCertificate(server.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"127.0.0.1", "localhost"} {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: name}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: x509.NewCertPool(), DNSName: "127.0.0.1"}); err == nil {
		t.Error("the server certificate verifies without the CA")
	}
}

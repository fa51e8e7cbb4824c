package verifytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"testing"
)

// DeviceKey is a push device's ES256 (ECDSA P-256) key pair.
type DeviceKey struct {
	private *ecdsa.PrivateKey
	// PublicKey is the public key as Binding.PublicKey takes it: base64 of
	// the DER-encoded PKIX key.
	PublicKey string
}

// NewDeviceKey generates a fresh device key.
func NewDeviceKey(tb testing.TB) DeviceKey {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		tb.Fatal(err)
	}
	return DeviceKey{private: key, PublicKey: base64.StdEncoding.EncodeToString(der)}
}

// Sign returns the device's ES256 signature of message (a factor SID for a
// push AuthPayload): ASN.1 DER over SHA-256, base64.
func (k DeviceKey) Sign(tb testing.TB, message string) string {
	tb.Helper()
	digest := sha256.Sum256([]byte(message))
	sig, err := ecdsa.SignASN1(rand.Reader, k.private, digest[:])
	if err != nil {
		tb.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

package verifytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
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

// SignJWT returns claims as a compact JWS signed by the device, as the
// Verify Push SDK answers a challenge (its AuthPayload): header
// {"typ":"JWT","alg":"ES256"}, base64url without padding, and the ES256
// signature as R||S (32 bytes each) over SHA-256 of "header.claims".
func (k DeviceKey) SignJWT(tb testing.TB, claims map[string]any) string {
	tb.Helper()
	enc := base64.RawURLEncoding
	header, err := json.Marshal(map[string]string{"typ": "JWT", "alg": "ES256"})
	if err != nil {
		tb.Fatal(err)
	}
	body, err := json.Marshal(claims)
	if err != nil {
		tb.Fatal(err)
	}
	message := enc.EncodeToString(header) + "." + enc.EncodeToString(body)
	digest := sha256.Sum256([]byte(message))
	r, s, err := ecdsa.Sign(rand.Reader, k.private, digest[:])
	if err != nil {
		tb.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return message + "." + enc.EncodeToString(sig)
}

package mockverify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"strings"
)

// decodeBase64 accepts standard base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// parsePublicKey parses a push Binding.PublicKey: the base64 of a DER
// PKIX (SubjectPublicKeyInfo) ECDSA P-256 public key.
func parsePublicKey(b64 string) (*ecdsa.PublicKey, error) {
	der, err := decodeBase64(b64)
	if err != nil {
		return nil, err
	}
	key, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	ec, ok := key.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, errors.New("not an ECDSA P-256 public key")
	}
	return ec, nil
}

// verifyPush checks a push AuthPayload: the base64 of an ASN.1 DER ECDSA
// signature over SHA-256 of the factor SID, by the factor's key.
func verifyPush(publicKey, factorSID, payload string) bool {
	key, err := parsePublicKey(publicKey)
	if err != nil {
		return false
	}
	sig, err := decodeBase64(payload)
	if err != nil {
		return false
	}
	digest := sha256.Sum256([]byte(factorSID))
	return ecdsa.VerifyASN1(key, digest[:], sig)
}

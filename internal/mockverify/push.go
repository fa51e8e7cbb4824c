package mockverify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
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

// verifyJWS checks a compact JWS signed ES256 by publicKey, as the Verify
// Push SDK builds a challenge's AuthPayload: header {"typ":"JWT",
// "alg":"ES256"}, base64url (unpadded) header, claims and signature, the
// signature being R||S (32 bytes each) over SHA-256 of "header.claims".
// It returns the claims.
func verifyJWS(publicKey, token string) (map[string]any, bool) {
	key, err := parsePublicKey(publicKey)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, false
	}
	var header struct {
		Alg string `json:"alg"`
	}
	rawHeader, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	rawClaims, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err := errors.Join(err1, err2, err3); err != nil || len(sig) != 64 {
		return nil, false
	}
	if json.Unmarshal(rawHeader, &header) != nil || header.Alg != "ES256" {
		return nil, false
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(key, digest[:], r, s) {
		return nil, false
	}
	var claims map[string]any
	if json.Unmarshal(rawClaims, &claims) != nil || claims == nil {
		return nil, false
	}
	return claims, true
}

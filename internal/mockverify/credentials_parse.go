package mockverify

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
)

// Push credential types, as the Notify spec enumerates them.
const (
	credentialAPN = "apn"
	credentialFCM = "fcm"
	credentialGCM = "gcm"

	maxCredentialFriendlyName = 64
)

var (
	credentialTypes = []string{credentialAPN, credentialFCM, credentialGCM}
	// credentialTypeParams are the parameters of each type beside
	// FriendlyName, and credentialRequired those required on create.
	credentialTypeParams = map[string][]string{
		credentialAPN: {"Certificate", "PrivateKey", "Sandbox"},
		credentialFCM: {"Secret"},
		credentialGCM: {"ApiKey"},
	}
	credentialRequired = map[string][]string{
		credentialAPN: {"Certificate", "PrivateKey"},
		credentialFCM: {"Secret"},
		credentialGCM: {"ApiKey"},
	}
	createCredentialParams = []string{"Type", "FriendlyName", "Certificate", "PrivateKey", "Sandbox", "ApiKey", "Secret"}
	updateCredentialParams = createCredentialParams[1:]
)

// credentialSpec is a validated create or update of a push credential.
// Secrets are kept only as digests (credentialDigests); nil fields are
// left unchanged.
type credentialSpec struct {
	credType     string
	friendlyName *string
	sandbox      *bool
	digests      map[string]string // parameter name -> SHA-256 hex of its value
}

// parseCredentialForm validates a create (credType "") or an update of a
// credential of type credType. Every message names the parameter and
// never echoes its value.
func parseCredentialForm(p params, credType string) (credentialSpec, *apiError) {
	sp := credentialSpec{credType: credType, digests: map[string]string{}}
	create := credType == ""
	allowed := updateCredentialParams
	if create {
		allowed = createCredentialParams
	}
	e := p.rejectUnknown(allowed, func(name string) string {
		if name == "Type" {
			return "cannot be changed on an existing credential"
		}
		return "unknown parameter"
	})
	if e != nil {
		return sp, e
	}
	if create {
		if sp.credType, e = p.required("Type"); e != nil {
			return sp, e
		}
		if _, e = p.oneOf("Type", credentialTypes...); e != nil {
			return sp, e
		}
		for _, name := range credentialRequired[sp.credType] {
			if _, e = p.required(name); e != nil {
				return sp, e
			}
		}
	}
	if e = rejectOtherTypesParams(p, sp.credType); e != nil {
		return sp, e
	}
	if v, ok := p.get("FriendlyName"); ok {
		if e = validateLength("FriendlyName", v, 0, maxCredentialFriendlyName); e != nil {
			return sp, e
		}
		sp.friendlyName = &v
	}
	if sp.sandbox, e = p.bool("Sandbox"); e != nil {
		return sp, e
	}
	if e = sp.checkSecrets(p); e != nil {
		return sp, e
	}
	return sp, nil
}

// rejectOtherTypesParams refuses the parameters of the other credential
// types (Twilio ignores them; refusing them catches a provider that sends
// an FCM secret to an APN credential).
func rejectOtherTypesParams(p params, credType string) *apiError {
	for _, other := range credentialTypes {
		if other == credType {
			continue
		}
		for _, name := range credentialTypeParams[other] {
			if _, sent := p[name]; sent && !slices.Contains(credentialTypeParams[credType], name) {
				return errInvalid(name, "not allowed for type "+credType)
			}
		}
	}
	return nil
}

// secretChecks are the checks of the secret parameters, in the order
// they are made.
var secretChecks = []struct {
	name   string
	valid  func(string) bool
	reason string
}{
	{"Certificate", func(v string) bool { _, err := parseCertificate(v); return err == nil }, "must be a PEM X.509 certificate"},
	{"PrivateKey", func(v string) bool { _, err := parsePrivateKey(v); return err == nil }, "must be a PEM private key (PKCS #1, PKCS #8 or SEC 1)"},
	{"Secret", isServiceAccountJSON, "must be a Firebase service-account JSON object (type service_account, project_id, client_email, and private_key a PEM private key)"},
	{"ApiKey", func(v string) bool { return strings.TrimSpace(v) != "" }, "must not be empty"},
}

// checkSecrets checks the secret parameters that were sent and records
// their digests.
func (sp *credentialSpec) checkSecrets(p params) *apiError {
	for _, c := range secretChecks {
		v, sent := p.get(c.name)
		if !sent {
			continue
		}
		if !c.valid(v) {
			return errInvalid(c.name, c.reason)
		}
		sp.digests[c.name] = digest(v)
	}
	return checkKeyPair(p)
}

// checkKeyPair refuses a certificate and a private key sent together that
// do not belong to each other.
func checkKeyPair(p params) *apiError {
	certPEM, certSent := p.get("Certificate")
	keyPEM, keySent := p.get("PrivateKey")
	if !certSent || !keySent {
		return nil
	}
	cert, _ := parseCertificate(certPEM)
	key, _ := parsePrivateKey(keyPEM)
	pub, ok := key.(interface{ Public() crypto.PublicKey })
	if !ok {
		return errInvalid("PrivateKey", "must be a signing key")
	}
	if eq, ok := pub.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(cert.PublicKey) {
		return errInvalid("PrivateKey", "does not belong to the certificate")
	}
	return nil
}

// pemPattern finds one PEM block, also when it was sent on one line (as
// Twilio's own example shows it): the body is base64 once whitespace is
// dropped.
var pemPattern = regexp.MustCompile(`(?s)-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----`)

var errNotPEM = errors.New("not a PEM block of the expected type")

// digest is the SHA-256 (hex) of a secret: all the mock keeps of it.
func digest(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// decodePEM returns the type and DER bytes of the first PEM block of v.
func decodePEM(v string) (string, []byte, bool) {
	m := pemPattern.FindStringSubmatch(v)
	if m == nil || m[1] != m[3] {
		return "", nil, false
	}
	body := strings.Join(strings.Fields(m[2]), "")
	der, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return "", nil, false
	}
	return m[1], der, true
}

func parseCertificate(v string) (*x509.Certificate, error) {
	kind, der, ok := decodePEM(v)
	if !ok || kind != "CERTIFICATE" {
		return nil, errNotPEM
	}
	return x509.ParseCertificate(der)
}

func parsePrivateKey(v string) (any, error) {
	kind, der, ok := decodePEM(v)
	if !ok {
		return nil, errNotPEM
	}
	switch kind {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY":
		return x509.ParseECPrivateKey(der)
	case "PRIVATE KEY":
		return x509.ParsePKCS8PrivateKey(der)
	}
	return nil, errNotPEM
}

// isServiceAccountJSON reports whether v is the shape of a Firebase
// service-account key, which FCM's HTTP v1 API (the only one Google still
// serves) authenticates with. Deliberately stricter than the spec, which
// still describes FCM's retired legacy server key.
func isServiceAccountJSON(v string) bool {
	var sa map[string]any
	if err := json.Unmarshal([]byte(v), &sa); err != nil {
		return false
	}
	if sa["type"] != "service_account" {
		return false
	}
	for _, field := range []string{"project_id", "private_key", "client_email"} {
		if s, ok := sa[field].(string); !ok || s == "" {
			return false
		}
	}
	// FCM signs its access tokens with this key, so it must be one.
	privateKey, _ := sa["private_key"].(string)
	_, err := parsePrivateKey(privateKey)
	return err == nil
}

package provider

import (
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The checks of a push credential's material (APN certificate and key, FCM
// service-account JSON), run at plan before any request. Their messages
// say what is wrong and never quote the value, nor an error that could
// (only crypto/x509's fixed texts and byte offsets are shown).

// notShown ends every message about a secret value.
const notShown = " (the value is not shown)"

// parseCertificatePEM returns the first certificate of a PEM text, or why
// there is none.
func parseCertificatePEM(s string) (*x509.Certificate, string) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, "must be a PEM certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----"
	}
	if block.Type != "CERTIFICATE" {
		return nil, fmt.Sprintf("must be a PEM certificate, but its first PEM block is a %q", block.Type)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, "holds a CERTIFICATE block that crypto/x509 cannot parse: " + err.Error()
	}
	return cert, ""
}

// parsePrivateKeyPEM returns the private key of a PEM text (PKCS #1 RSA,
// SEC 1 EC or PKCS #8), or why there is none.
func parsePrivateKeyPEM(s string) (crypto.Signer, string) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, "must be a PEM private key, from -----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY-----"
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" {
		return nil, "is an encrypted private key; Twilio needs it unencrypted (openssl pkey -in key.pem -out plain.pem)"
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Sprintf("must be a PEM private key, but its first PEM block is a %q", block.Type)
	}
	if err != nil {
		return nil, "holds a " + block.Type + " block that crypto/x509 cannot parse" + notShown
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, "holds a key of a kind that cannot sign"
	}
	return signer, ""
}

// keyMatchesCertificate reports whether key is the private key of cert's
// public key.
func keyMatchesCertificate(cert *x509.Certificate, key crypto.Signer) bool {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(cert.PublicKey)
}

// certificateExpiry returns an error when cert has expired at now, a
// warning when it expires within certificateExpiryWarning, else "".
func certificateExpiry(cert *x509.Certificate, now time.Time) (err, warning string) {
	end := cert.NotAfter.UTC().Format(time.RFC3339)
	switch {
	case now.After(cert.NotAfter):
		return fmt.Sprintf("The certificate expired on %s; Apple refuses it. Create a new APN certificate in the Apple "+
			"Developer portal, and set certificate and its private key to the new ones.", end), ""
	case cert.NotAfter.Sub(now) < certificateExpiryWarning:
		return "", fmt.Sprintf("The certificate expires on %s, in less than %d days; push notifications stop then. Renew it "+
			"in the Apple Developer portal and set certificate and private key (or bump private_key_wo_version) to rotate it in place.",
			end, int(certificateExpiryWarning/(24*time.Hour)))
	}
	return "", ""
}

// serviceAccountFields are the members of a Firebase service-account JSON
// that FCM's HTTP v1 API needs to sign its tokens (what Twilio accepts as
// an FCM credential's secret since Google retired the legacy server keys).
var serviceAccountFields = []string{"project_id", "private_key", "client_email"}

// checkServiceAccountJSON returns why s is not a Firebase service-account
// JSON key file, or "".
func checkServiceAccountJSON(s string) string {
	var account map[string]any
	if err := json.Unmarshal([]byte(s), &account); err != nil {
		if strings.HasPrefix(strings.TrimSpace(s), "AAAA") || !strings.HasPrefix(strings.TrimSpace(s), "{") {
			return "must be the Firebase service-account JSON (Firebase console, Project settings, Service accounts, " +
				"Generate new private key), not a legacy FCM server key, which Google retired in 2024" + notShown
		}
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Sprintf("is not valid JSON (error at byte %d)%s", syntax.Offset, notShown)
		}
		return "must be a JSON object: the Firebase service-account key file" + notShown
	}
	if account["type"] != "service_account" {
		return `must be a Firebase service-account key file, whose "type" is "service_account"` + notShown
	}
	for _, field := range serviceAccountFields {
		if v, ok := account[field].(string); !ok || strings.TrimSpace(v) == "" {
			return fmt.Sprintf("lacks %q, which every service-account key file has: download the file again from the "+
				"Firebase console%s", field, notShown)
		}
	}
	privateKey, _ := account["private_key"].(string) // a non-empty string: checked above
	if _, why := parsePrivateKeyPEM(privateKey); why != "" {
		return `has a "private_key" that ` + why + notShown
	}
	return ""
}

// certificateValidator checks that a value is a PEM certificate.
func certificateValidator() validator.String {
	return stringCheck{summary: "Invalid APN Certificate", description: "must be a PEM certificate",
		check: func(s string) string { _, why := parseCertificatePEM(s); return why }}
}

// privateKeyValidator checks that a value is an unencrypted PEM private
// key, never showing it.
func privateKeyValidator() validator.String {
	return stringCheck{summary: "Invalid APN Private Key", description: "must be an unencrypted PEM private key",
		check: func(s string) string { _, why := parsePrivateKeyPEM(s); return why }}
}

// serviceAccountValidator checks that a value is a Firebase
// service-account JSON, never showing it.
func serviceAccountValidator() validator.String {
	return stringCheck{summary: "Invalid FCM Secret", description: "must be a Firebase service-account JSON key file",
		check: checkServiceAccountJSON}
}

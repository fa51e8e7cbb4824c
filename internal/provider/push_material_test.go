package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"
)

// apnPair is a throwaway APN-like certificate and its key, as PEM.
type apnPair struct {
	certPEM, keyPEM string
}

// newAPNPair makes a self-signed certificate valid until notAfter, with an
// EC P-256 key written in SEC 1 form (as openssl writes it).
func newAPNPair(t testing.TB, notAfter time.Time) apnPair {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "Apple Push Services: com.example.app"},
		NotBefore:    notAfter.Add(-365 * 24 * time.Hour),
		NotAfter:     notAfter,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return apnPair{
		certPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		keyPEM:  string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})),
	}
}

// newServiceAccountJSON makes a throwaway Firebase service-account key
// file with a fresh RSA key in PKCS #8, as Google writes it.
func newServiceAccountJSON(t testing.TB, project string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]string{
		"type": "service_account", "project_id": project, "private_key_id": "0123456789abcdef",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "firebase-adminsdk@" + project + ".iam.gserviceaccount.com", "client_id": "1234567890",
		"token_uri": "https://oauth2.googleapis.com/token",
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseCertificateAndKey(t *testing.T) {
	t.Parallel()
	pair := newAPNPair(t, time.Now().Add(365*24*time.Hour))
	other := newAPNPair(t, time.Now().Add(365*24*time.Hour))
	cert, why := parseCertificatePEM(pair.certPEM)
	if why != "" {
		t.Fatal(why)
	}
	key, why := parsePrivateKeyPEM(pair.keyPEM)
	if why != "" {
		t.Fatal(why)
	}
	otherKey, _ := parsePrivateKeyPEM(other.keyPEM)
	if !keyMatchesCertificate(cert, key) || keyMatchesCertificate(cert, otherKey) {
		t.Error("keyMatchesCertificate does not tell the certificate's own key from another")
	}
	for name, bad := range map[string]string{
		"empty": "", "not PEM": "hello", "key as certificate": pair.keyPEM,
		"broken": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
	} {
		if _, why := parseCertificatePEM(bad); why == "" {
			t.Errorf("%s: parsed as a certificate", name)
		}
	}
	for name, bad := range map[string]string{
		"certificate as key": pair.certPEM,
		"encrypted":          "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
		"broken":             "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
	} {
		if _, why := parsePrivateKeyPEM(bad); why == "" {
			t.Errorf("%s: parsed as a key", name)
		}
	}
}

func TestCertificateExpiry(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for _, tt := range []struct {
		left               time.Duration
		wantErr, wantWarns bool
	}{
		{-time.Hour, true, false},
		{10 * 24 * time.Hour, false, true},
		{29 * 24 * time.Hour, false, true},
		{31 * 24 * time.Hour, false, false},
	} {
		cert, _ := parseCertificatePEM(newAPNPair(t, now.Add(tt.left)).certPEM)
		err, warn := certificateExpiry(cert, now)
		if (err != "") != tt.wantErr || (warn != "") != tt.wantWarns {
			t.Errorf("%v left: error %q, warning %q", tt.left, err, warn)
		}
	}
}

func TestCheckServiceAccountJSON(t *testing.T) {
	t.Parallel()
	good := newServiceAccountJSON(t, "acme-push")
	if why := checkServiceAccountJSON(good); why != "" {
		t.Fatalf("a real service-account JSON refused: %s", why)
	}
	var fields map[string]any
	_ = json.Unmarshal([]byte(good), &fields)
	with := func(name string, v any) string {
		m := map[string]any{}
		for k, x := range fields {
			m[k] = x
		}
		if v == nil {
			delete(m, name)
		} else {
			m[name] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	for name, bad := range map[string]string{
		"legacy server key": "AAAAabcdefg:APA91bHPRgkF3JUikC4ENAHEeMrd41Zxv3hVZjC9KtT8OvPVGJ-hQMRKRrZuJAEcl7B338qju59zJMjw2DELjzEvxwYv7hH5Ynpc1ODQ0aT4U4OFEeco8ohsN5PjL1iC2dNtk2BAokeMCg2ZXKqpc8FXKmhX94kIxQ",
		"not JSON":          "{not json",
		"a list":            `["service_account"]`,
		"wrong type":        with("type", "authorized_user"),
		"no project":        with("project_id", nil),
		"blank email":       with("client_email", " "),
		"key not PEM":       with("private_key", "secret"),
	} {
		why := checkServiceAccountJSON(bad)
		if why == "" {
			t.Errorf("%s: accepted", name)
		}
		for _, leak := range []string{"APA91b", "not json", "secret\"", "authorized_user"} {
			if strings.Contains(why, leak) {
				t.Errorf("%s: the message echoes the value (%q): %s", name, leak, why)
			}
		}
	}
}

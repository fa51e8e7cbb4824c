package mockverify

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

func TestTOTPURI(t *testing.T) {
	t.Parallel()
	cfg := totpConfig{secret: "GEZDGNBVGY3TQOJQ", alg: "sha1", timeStep: 30, codeLength: 6, skew: 1}
	tests := []struct {
		issuer, name string
		want         string
	}{
		{"test-issuer", "John’s Account Name",
			"otpauth://totp/test-issuer:John%E2%80%99s%20Account%20Name?secret=GEZDGNBVGY3TQOJQ&issuer=test-issuer&algorithm=SHA1&digits=6&period=30"},
		{"Acme & Co", "a:b/c?d#e",
			"otpauth://totp/Acme%20&%20Co:a%3Ab%2Fc%3Fd%23e?secret=GEZDGNBVGY3TQOJQ&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30"},
		{"x+y=z", "100%",
			"otpauth://totp/x+y=z:100%25?secret=GEZDGNBVGY3TQOJQ&issuer=x%2By%3Dz&algorithm=SHA1&digits=6&period=30"},
	}
	for _, tc := range tests {
		got := totpURI(tc.issuer, tc.name, cfg)
		if got != tc.want {
			t.Errorf("totpURI(%q, %q)\n got %s\nwant %s", tc.issuer, tc.name, got, tc.want)
			continue
		}
		// Authenticator libraries read back what was put in.
		key, err := otp.NewKeyFromURL(got)
		if err != nil {
			t.Fatal(err)
		}
		if key.Issuer() != tc.issuer || key.AccountName() != tc.name || key.Secret() != cfg.secret || key.Period() != 30 {
			t.Errorf("%s read back as issuer %q account %q", got, key.Issuer(), key.AccountName())
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if u.Query().Get("issuer") != tc.issuer {
			t.Errorf("issuer param %q", u.Query().Get("issuer"))
		}
	}
	cfg.alg, cfg.codeLength, cfg.timeStep = "sha256", 8, 20
	if got := totpURI("i", "n", cfg); !strings.HasSuffix(got, "&algorithm=SHA256&digits=8&period=20") {
		t.Errorf("uri %s", got)
	}
}

func TestGeneratedSecretsAreSeeded(t *testing.T) {
	t.Parallel()
	secret := func(seed int64) string {
		m := New(Options{Seed: seed})
		return generateSecret(m.ids)
	}
	a, b, c := secret(7), secret(7), secret(8)
	if a != b || a == c {
		t.Fatal("secrets do not follow the seed")
	}
	if s := secret(7); len(s) != 32 || validateSecret(s) != nil {
		t.Fatalf("secret %q", s)
	}
}

// verifyTOTPSelf checks that a secret verifies the code generated from it.
func verifyTOTPSelf(secret string) bool {
	cfg := totpConfig{secret: secret, alg: "sha1", timeStep: 30, codeLength: 6, skew: 0}
	code, err := totp.GenerateCodeCustom(secret, testTime, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && verifyTOTP(code, cfg, testTime)
}

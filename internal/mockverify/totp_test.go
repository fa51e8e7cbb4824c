package mockverify

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

func TestTOTPURI(t *testing.T) {
	t.Parallel()
	for _, tc := range verifytest.TOTPURIVectors {
		cfg := totpConfig{secret: tc.Secret, alg: "sha1", timeStep: 30, codeLength: 6, skew: 1}
		got := totpURI(tc.Issuer, tc.Account, cfg)
		if got != tc.URI {
			t.Errorf("totpURI(%q, %q)\n got %s\nwant %s", tc.Issuer, tc.Account, got, tc.URI)
			continue
		}
		// Authenticator libraries read back what was put in.
		key, err := otp.NewKeyFromURL(got)
		if err != nil {
			t.Fatal(err)
		}
		if key.Issuer() != tc.Issuer || key.AccountName() != tc.Account || key.Secret() != tc.Secret || key.Period() != 30 {
			t.Errorf("%s read back as issuer %q account %q", got, key.Issuer(), key.AccountName())
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if u.Query().Get("issuer") != tc.Issuer {
			t.Errorf("issuer param %q", u.Query().Get("issuer"))
		}
	}
	cfg := totpConfig{secret: "GEZDGNBVGY3TQOJQ", alg: "sha256", timeStep: 20, codeLength: 8, skew: 1}
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

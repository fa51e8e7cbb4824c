package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

func TestNewTOTPCodeMatchesRFC6238(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 25, 10, 0, 10, 0, time.UTC)
	now := func() time.Time { return at }
	for _, c := range []struct {
		alg    string
		otpAlg otp.Algorithm
		digits int64
		period int64
	}{{"sha1", otp.AlgorithmSHA1, 6, 30}, {"sha256", otp.AlgorithmSHA256, 8, 60}, {"sha512", otp.AlgorithmSHA512, 3, 20}, {"", otp.AlgorithmSHA1, 0, 0}} {
		code, err := newTOTPCodeAt(knownSecret, c.alg, c.digits, c.period, now)
		if err != nil {
			t.Fatal(err)
		}
		digits, period := c.digits, c.period
		if digits == 0 {
			digits, period = 6, 30
		}
		ok, err := totp.ValidateCustom(code.value, knownSecret, at, totp.ValidateOpts{Period: uint(period), Digits: otp.Digits(digits), Algorithm: c.otpAlg})
		if err != nil || !ok || len(code.value) != int(digits) {
			t.Errorf("%+v: code %q not valid (%v)", c, code.value, err)
		}
		if code.stepChanged() {
			t.Errorf("step changed with a frozen clock")
		}
	}
	if _, err := newTOTPCodeAt("not base32!", "sha1", 6, 30, now); err == nil {
		t.Error("want an error for a secret that is not base32")
	}
	if _, err := newTOTPCodeAt(knownSecret, "md5", 6, 30, now); err == nil {
		t.Error("want an error for an unsupported algorithm")
	}
}

func TestCodeClockNote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		offset time.Duration
		ok     bool
		want   string
	}{
		{0, false, "on this machine's clock: no answer from Twilio carried a Date header"},
		{3*time.Minute + 420*time.Millisecond, true, "as 3m0.4s ahead of this machine's"},
		{-3*time.Minute + 40*time.Millisecond, true, "as 3m0s behind this machine's"},
		{-900 * time.Millisecond, true, "as within a second of this machine's"},
		{950 * time.Millisecond, true, "as 1s ahead of this machine's"},
	} {
		if got := codeClockNote(c.offset, c.ok); !strings.Contains(got, c.want) {
			t.Errorf("codeClockNote(%v, %v) = %q, want it to contain %q", c.offset, c.ok, got, c.want)
		}
	}
}

package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// totpCode is an RFC 6238 code computed for auto_verify.
type totpCode struct {
	value  string
	at     time.Time
	opts   totp.ValidateOpts
	secret string
	now    func() time.Time
}

// newTOTPCode computes the current code of secret with the factor's
// algorithm (sha1, sha256, sha512), digits and period in seconds, through
// github.com/pquerna/otp. An empty algorithm and zero digits or period mean
// Twilio's defaults (verify.DefaultTOTPAlgorithm, ...Digits, ...Period).
func newTOTPCode(secret, alg string, digits, period int64) (totpCode, error) {
	return newTOTPCodeAt(secret, alg, digits, period, time.Now)
}

func newTOTPCodeAt(secret, alg string, digits, period int64, now func() time.Time) (totpCode, error) {
	if digits == 0 {
		digits = verify.DefaultTOTPDigits
	}
	if period == 0 {
		period = verify.DefaultTOTPPeriod
	}
	if alg == "" {
		alg = verify.DefaultTOTPAlgorithm
	}
	var algorithm otp.Algorithm
	switch strings.ToLower(alg) {
	case "sha1":
		algorithm = otp.AlgorithmSHA1
	case "sha256":
		algorithm = otp.AlgorithmSHA256
	case "sha512":
		algorithm = otp.AlgorithmSHA512
	default:
		return totpCode{}, fmt.Errorf("unsupported algorithm %q", alg)
	}
	c := totpCode{
		at:     now(),
		opts:   totp.ValidateOpts{Period: uint(period), Digits: otp.Digits(digits), Algorithm: algorithm},
		secret: secret,
		now:    now,
	}
	value, err := totp.GenerateCodeCustom(secret, c.at, c.opts)
	if err != nil {
		return totpCode{}, fmt.Errorf("the secret is not valid base32: %w", err)
	}
	c.value = value
	return c, nil
}

// step returns the RFC 6238 time-step counter of t.
func (c totpCode) step(t time.Time) int64 { return t.Unix() / int64(c.opts.Period) }

// stepChanged reports whether the time step has moved on since the code was
// computed, so a rejected code may have been merely late.
func (c totpCode) stepChanged() bool { return c.step(c.now()) != c.step(c.at) }

// next returns the code of the current time step.
func (c totpCode) next() (string, error) {
	return totp.GenerateCodeCustom(c.secret, c.now(), c.opts)
}

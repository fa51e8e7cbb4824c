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

// newTOTPCodeAt computes the code of secret at now() with the factor's
// algorithm (sha1, sha256, sha512), digits and period in seconds, through
// github.com/pquerna/otp. An empty algorithm and zero digits or period mean
// Twilio's defaults (verify.DefaultTOTPAlgorithm, ...Digits, ...Period).
// now is the clock the code is checked on (Twilio's), and stepChanged
// and next read it again.
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

// codeClockNote says on which clock auto_verify computed its code, from
// the client's estimate of Twilio's clock offset (ok: one was made).
func codeClockNote(offset time.Duration, ok bool) string {
	if !ok {
		return "auto_verify computed the code on this machine's clock: no answer from Twilio carried a Date header."
	}
	var relation string
	switch rounded := offset.Round(100 * time.Millisecond); {
	case rounded >= time.Second:
		relation = rounded.String() + " ahead of"
	case rounded <= -time.Second:
		relation = (-rounded).String() + " behind"
	default:
		relation = "within a second of"
	}
	return fmt.Sprintf("auto_verify computed the code on Twilio's clock, estimated from the Date header of its answers "+
		"as %s this machine's. If that estimate is wrong, give the code with auth_payload instead.", relation)
}

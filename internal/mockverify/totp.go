package mockverify

import (
	"encoding/base32"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// generateSecret returns a random base32 secret of 32 characters (160
// bits), drawn from the seeded source.
func generateSecret(r *rand.Rand) string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func otpAlgorithm(alg string) otp.Algorithm {
	switch alg {
	case "sha256":
		return otp.AlgorithmSHA256
	case "sha512":
		return otp.AlgorithmSHA512
	}
	return otp.AlgorithmSHA1
}

// totpURI builds the binding URI of a TOTP factor:
//
//	otpauth://totp/{issuer}:{name}?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30
//
// The label parts are path-escaped (":" too, since it separates them) and
// the query values query-escaped with spaces as %20, as Twilio does.
func totpURI(issuer, name string, c totpConfig) string {
	label := func(s string) string {
		return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	query := func(s string) string {
		return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	return "otpauth://totp/" + label(issuer) + ":" + label(name) +
		"?secret=" + query(c.secret) +
		"&issuer=" + query(issuer) +
		"&algorithm=" + strings.ToUpper(c.alg) +
		"&digits=" + strconv.FormatInt(c.codeLength, 10) +
		"&period=" + strconv.FormatInt(c.timeStep, 10)
}

// verifyTOTP checks an RFC 6238 code at now, within +/- skew time steps.
func verifyTOTP(code string, c totpConfig, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, c.secret, now.UTC(), totp.ValidateOpts{
		Period:    uint(c.timeStep), //nolint:gosec // validated 20-60
		Skew:      uint(c.skew),     //nolint:gosec // validated 0-2
		Digits:    otp.Digits(c.codeLength),
		Algorithm: otpAlgorithm(c.alg),
	})
	return err == nil && ok
}

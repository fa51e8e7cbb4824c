package verify

import (
	"net/url"
	"strconv"
	"strings"
)

// Twilio's defaults for a TOTP factor whose factor and service settings
// leave them unset: the HMAC algorithm, the number of digits of a code, the
// seconds each code is valid, and how many time steps before and after the
// current one are accepted.
const (
	DefaultTOTPAlgorithm = "sha1"
	DefaultTOTPDigits    = 6
	DefaultTOTPPeriod    = 30
	DefaultTOTPSkew      = 1
)

// TOTPURI builds a TOTP factor's binding.uri the way Twilio does:
//
//	otpauth://totp/{issuer}:{friendly_name}?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30
//
// The issuer is the service's totp.issuer, else its friendly_name. The label
// parts are path-escaped, with ":" (the issuer/name separator) escaped too;
// the query values are query-escaped with spaces as %20 rather than "+" (as
// the Key URI Format and Twilio's own URIs do; "+" is not a space to every
// authenticator). This matches internal/mockverify. Algorithm, digits and
// period come from the factor's config, falling back to the service's TOTP
// settings and then to Twilio's defaults (DefaultTOTPAlgorithm,
// DefaultTOTPDigits, DefaultTOTPPeriod).
func TOTPURI(svc *Service, f Factor, secret string) string {
	var issuer string
	alg, digits, period := DefaultTOTPAlgorithm, int64(DefaultTOTPDigits), int64(DefaultTOTPPeriod)
	if svc != nil {
		issuer = svc.Totp.Issuer
		if issuer == "" {
			issuer = svc.FriendlyName
		}
		if svc.Totp.CodeLength > 0 {
			digits = svc.Totp.CodeLength
		}
		if svc.Totp.TimeStep > 0 {
			period = svc.Totp.TimeStep
		}
	}
	if f.Config.Alg != "" {
		alg = f.Config.Alg
	}
	if f.Config.CodeLength != nil {
		digits = *f.Config.CodeLength
	}
	if f.Config.TimeStep != nil {
		period = *f.Config.TimeStep
	}

	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(uriLabelEscape(issuer))
	b.WriteByte(':')
	b.WriteString(uriLabelEscape(f.FriendlyName))
	b.WriteString("?secret=")
	b.WriteString(uriQueryEscape(secret))
	b.WriteString("&issuer=")
	b.WriteString(uriQueryEscape(issuer))
	b.WriteString("&algorithm=")
	b.WriteString(uriQueryEscape(strings.ToUpper(alg)))
	b.WriteString("&digits=")
	b.WriteString(strconv.FormatInt(digits, 10))
	b.WriteString("&period=")
	b.WriteString(strconv.FormatInt(period, 10))
	return b.String()
}

// uriLabelEscape path-escapes one part of a key URI label, ":" included.
func uriLabelEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// uriQueryEscape query-escapes a key URI parameter with spaces as %20 (a
// literal "+" is already escaped as %2B by url.QueryEscape).
func uriQueryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

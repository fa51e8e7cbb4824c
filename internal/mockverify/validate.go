package mockverify

import (
	"encoding/base32"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SID and identity patterns, as Twilio's spec declares them. The provider
// has its own copy on purpose: the mock is an independent model of Twilio
// and shares no code with the client or the provider.
var (
	serviceSIDPattern    = regexp.MustCompile(`^VA[0-9a-fA-F]{32}$`)
	factorSIDPattern     = regexp.MustCompile(`^YF[0-9a-fA-F]{32}$`)
	challengeSIDPattern  = regexp.MustCompile(`^YC[0-9a-fA-F]{32}$`)
	credentialSIDPattern = regexp.MustCompile(`^CR[0-9a-fA-F]{32}$`)
	templateSIDPattern   = regexp.MustCompile(`^HJ[0-9a-fA-F]{32}$`)
	messagingSIDPattern  = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	identityPattern      = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)
)

// Limits documented by Twilio.
const (
	maxFactorFriendlyName  = 64
	maxServiceFriendlyName = 32
	minIdentity            = 8
	maxIdentity            = 64
	maxMetadata            = 1024
	minNotificationToken   = 32
	maxNotificationToken   = 255
	maxAppID               = 100
	minSecret              = 16
	maxSecret              = 128
)

// params are the form (POST) or query (GET, DELETE) parameters of a request.
type params url.Values

// get returns the first value of a parameter and whether it was sent.
func (p params) get(name string) (string, bool) {
	v, ok := p[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// required returns a required parameter; absent or empty is missing (20001).
func (p params) required(name string) (string, *apiError) {
	v, ok := p.get(name)
	if !ok || v == "" {
		return "", errMissing(name)
	}
	return v, nil
}

// int returns an optional integer parameter within [lo, hi].
func (p params) int(name string, lo, hi int64) (*int64, *apiError) {
	v, ok := p.get(name)
	if !ok {
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return nil, errInvalid(name, "must be an integer")
	}
	if e := checkRange(name, &n, lo, hi); e != nil {
		return nil, e
	}
	return &n, nil
}

// bool returns an optional boolean parameter ("true" or "false", any case).
func (p params) bool(name string) (*bool, *apiError) {
	v, ok := p.get(name)
	if !ok {
		return nil, nil
	}
	switch strings.ToLower(v) {
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	}
	return nil, errInvalid(name, "must be true or false")
}

// checkRange checks an optional integer against [lo, hi].
func checkRange(name string, v *int64, lo, hi int64) *apiError {
	if v != nil && (*v < lo || *v > hi) {
		return errInvalid(name, "must be between "+strconv.FormatInt(lo, 10)+" and "+strconv.FormatInt(hi, 10))
	}
	return nil
}

// oneOf returns an optional enumerated parameter.
func (p params) oneOf(name string, allowed ...string) (*string, *apiError) {
	v, ok := p.get(name)
	if !ok {
		return nil, nil
	}
	if !slices.Contains(allowed, v) {
		return nil, errInvalid(name, "must be one of "+strings.Join(allowed, ", "))
	}
	return &v, nil
}

// rejectUnknown fails on the first parameter, in name order, that is not in
// allowed; why explains the refusal.
func (p params) rejectUnknown(allowed []string, why func(name string) string) *apiError {
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			return errInvalid(name, why(name))
		}
	}
	return nil
}

// unknownParameter is the reason rejectUnknown gives for a parameter the
// operation does not have.
func unknownParameter(string) string { return "unknown parameter" }

// rejectPresent fails on the first of names that was sent.
func (p params) rejectPresent(names []string, reason string) *apiError {
	for _, name := range names {
		if _, ok := p[name]; ok {
			return errInvalid(name, reason)
		}
	}
	return nil
}

// validateServiceSID checks a service SID sent as parameter name.
func validateServiceSID(name, sid string) *apiError {
	if !serviceSIDPattern.MatchString(sid) {
		return errInvalid(name, "must match ^VA[0-9a-fA-F]{32}$")
	}
	return nil
}

func validateFactorSID(sid string) *apiError {
	if !factorSIDPattern.MatchString(sid) {
		return errInvalid("Sid", "must match ^YF[0-9a-fA-F]{32}$")
	}
	return nil
}

// validateIdentity checks the Identity path parameter.
func validateIdentity(identity string) *apiError {
	return validateIdentityParam("Identity", identity)
}

// validateIdentityParam checks an entity identity sent as parameter name.
func validateIdentityParam(name, identity string) *apiError {
	if n := len(identity); n < minIdentity || n > maxIdentity || !identityPattern.MatchString(identity) {
		return errInvalid(name, "must be 8 to 64 dash-separated alphanumeric characters")
	}
	return nil
}

// validateLength checks that a value has between lo and hi characters.
func validateLength(name, v string, lo, hi int) *apiError {
	if n := utf8.RuneCountInString(v); n < lo || n > hi {
		return errInvalid(name, "must be "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi)+" characters long")
	}
	return nil
}

// parseMetadata parses the Metadata parameter: a JSON object whose values
// are all strings, at most 1024 characters long.
func parseMetadata(v string) (map[string]string, *apiError) {
	return parseStringMap("Metadata", v)
}

// parseStringMap parses a "stringified JSON with only string values" such
// as Metadata or HiddenDetails, at most 1024 characters long.
func parseStringMap(name, v string) (map[string]string, *apiError) {
	if utf8.RuneCountInString(v) > maxMetadata {
		return nil, errInvalid(name, "must be at most 1024 characters long")
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(v), &raw); err != nil || raw == nil {
		// raw is nil for the JSON literal null, which is no object.
		return nil, errInvalid(name, "must be a JSON object whose values are strings")
	}
	md := make(map[string]string, len(raw))
	for k, val := range raw {
		s, ok := val.(string)
		if !ok {
			return nil, errInvalid(name, "must be a JSON object whose values are strings")
		}
		md[k] = s
	}
	return md, nil
}

// validateSecret checks a TOTP Binding.Secret: base32 (RFC 4648 alphabet,
// case-insensitive, optional "=" padding) of 16 to 128 characters, padding
// excluded, that decodes the way TOTP validation will decode it.
func validateSecret(v string) *apiError {
	const name = "Binding.Secret"
	body := strings.TrimRight(v, "=")
	if n := len(body); n < minSecret || n > maxSecret {
		return errInvalid(name, "must be 16 to 128 base32 characters long")
	}
	for _, c := range strings.ToUpper(body) {
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return errInvalid(name, "must be base32 (A-Z, 2-7)")
		}
	}
	if _, err := decodeSecret(v); err != nil {
		return errInvalid(name, "must be valid base32")
	}
	return nil
}

// decodeSecret decodes a secret exactly as github.com/pquerna/otp does:
// upper-cased and padded to a multiple of 8.
func decodeSecret(v string) ([]byte, error) {
	s := strings.ToUpper(v)
	if n := len(s) % 8; n != 0 {
		s += strings.Repeat("=", 8-n)
	}
	return base32.StdEncoding.DecodeString(s)
}

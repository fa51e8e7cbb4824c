package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// checkBase32Secret returns why s is not a TOTP secret Twilio accepts, or "".
// Twilio refuses = padding, so the secret is unpadded base32.
func checkBase32Secret(s string) string {
	if len(s) < secretMinLength || len(s) > secretMaxLength {
		return fmt.Sprintf("must be %d to %d characters long, got %d", secretMinLength, secretMaxLength, len(s))
	}
	if strings.HasSuffix(s, "=") && base32Pattern.MatchString(strings.TrimRight(s, "=")) {
		return "must be unpadded base32: remove the = padding at its end, which Twilio refuses"
	}
	if !base32Pattern.MatchString(s) {
		return "must be base32 (RFC 4648) without padding: letters A-Z and digits 2-7 only"
	}
	// Pad as authenticator apps and TOTP libraries do before decoding.
	padded := strings.ToUpper(s) + strings.Repeat("=", (8-len(s)%8)%8)
	if _, err := base32.StdEncoding.DecodeString(padded); err != nil {
		return "is not valid base32: " + err.Error()
	}
	return ""
}

// checkP256PublicKey returns why s is not a base64 DER (PKIX) P-256 public
// key, or "".
func checkP256PublicKey(s string) string {
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "must be standard base64: " + err.Error()
	}
	key, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return "must be a DER-encoded PKIX (SubjectPublicKeyInfo) public key: " + err.Error()
	}
	ec, ok := key.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P256() {
		return "must be an ECDSA P-256 public key, as used by the ES256 algorithm"
	}
	return ""
}

// stringCheck adapts a check function to a framework string validator.
type stringCheck struct {
	summary     string
	description string
	check       func(string) string
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if why := v.check(req.ConfigValue.ValueString()); why != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("The value of %s %s.", req.Path, why))
	}
}

// settingPattern checks a provider setting against pattern without echoing
// its value (the framework's RegexMatches prints it, and a secret put in
// the wrong setting would be shown and logged).
func settingPattern(summary string, pattern *regexp.Regexp, description string) validator.String {
	return stringCheck{
		summary:     summary,
		description: description,
		check: func(v string) string {
			if pattern.MatchString(v) {
				return ""
			}
			return description + " (the value is not shown, in case it is a secret put in the wrong place)"
		},
	}
}

// checkTOTPCode returns why payload cannot be a TOTP code of the factor, or
// "": a code is digits only, codeLength of them when it is known, else 3 to
// 8. The message never shows the payload, which is sensitive.
func checkTOTPCode(payload string, codeLength types.Int64) string {
	for _, r := range payload {
		if r < '0' || r > '9' {
			return "must be the factor's current TOTP code, made of digits only"
		}
	}
	if !codeLength.IsNull() && !codeLength.IsUnknown() {
		if n := codeLength.ValueInt64(); int64(len(payload)) != n {
			return fmt.Sprintf("must be the factor's current TOTP code, of %d digits as config_code_length says", n)
		}
		return ""
	}
	if len(payload) < totpCodeLengthMin || len(payload) > totpCodeLengthMax {
		return fmt.Sprintf("must be the factor's current TOTP code, of %d to %d digits (the service's code length)", totpCodeLengthMin, totpCodeLengthMax)
	}
	return ""
}

// checkNoControlCharacters returns where s holds a character that changes
// how text is shown (see controlKind), or "". It names the character's
// code point and position, never the value, which may be secret.
func checkNoControlCharacters(s string) string {
	n := 0
	for _, r := range s {
		n++
		if kind := controlKind(r); kind != "" {
			return fmt.Sprintf("holds %s (U+%04X) at character %d; remove it (the value is not shown)", kind, r, n)
		}
	}
	return ""
}

// noControlCharacters refuses control characters (NUL, ESC, CR, LF, other
// C0 and C1 controls), line separators and bidirectional text controls in a
// text that Twilio stores and shows, such as a name or an app ID.
func noControlCharacters() validator.String {
	return stringCheck{
		summary:     "Control Character in Value",
		description: "must not contain control characters, line separators or bidirectional text controls",
		check:       checkNoControlCharacters,
	}
}

// notBlank refuses a value made only of white space.
func notBlank() validator.String {
	return stringCheck{
		summary:     "Blank Value",
		description: "must not be only white space",
		check: func(s string) string {
			if strings.TrimSpace(s) == "" && s != "" {
				return "is only white space; give a name that shows"
			}
			return ""
		},
	}
}

// nameValidators check a human-readable name of 1 to maxLength characters:
// not blank, no control characters.
func nameValidators(maxLength int) []validator.String {
	return []validator.String{stringvalidator.UTF8LengthBetween(1, maxLength), notBlank(), noControlCharacters()}
}

// base32SecretValidator checks a TOTP secret. Its message never echoes the
// value, which is secret.
func base32SecretValidator() validator.String {
	return stringCheck{
		summary:     "Invalid TOTP Secret",
		description: fmt.Sprintf("must be an unpadded base32 secret of %d to %d characters", secretMinLength, secretMaxLength),
		check:       checkBase32Secret,
	}
}

// p256PublicKeyValidator checks a push factor's public key.
func p256PublicKeyValidator() validator.String {
	return stringCheck{
		summary:     "Invalid Push Public Key",
		description: "must be the base64 of a DER-encoded PKIX ECDSA P-256 public key",
		check:       checkP256PublicKey,
	}
}

// metadataValidator checks that metadata, sent as a JSON object, fits the
// API's limit of 1024 characters.
type metadataValidator struct{}

var _ validator.Map = metadataValidator{}

func (metadataValidator) Description(context.Context) string {
	return fmt.Sprintf("must encode to at most %d characters of JSON", metadataMaxLength)
}

func (v metadataValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (metadataValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elements := req.ConfigValue.Elements()
	keys := make([]string, 0, len(elements))
	for k := range elements {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	values := map[string]string{}
	unknown := false
	for _, k := range keys {
		if why := checkNoControlCharacters(k); why != "" {
			resp.Diagnostics.AddAttributeError(req.Path, "Control Character in Metadata Key",
				fmt.Sprintf("A metadata key %s. Twilio stores the keys as they are sent.", why))
		}
		s, ok := elements[k].(types.String)
		switch {
		case !ok || s.IsUnknown():
			unknown = true // known at apply only; checked again then by the API
		case s.IsNull():
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Null Metadata Value",
				fmt.Sprintf("The value of metadata key %q is null; Twilio stores only string values. Set a string, or remove the key.", k))
		default:
			values[k] = s.ValueString()
		}
	}
	if unknown || resp.Diagnostics.HasError() {
		return
	}
	// Measured on exactly what the create sends, counted in characters as
	// Twilio counts them.
	encoded := verify.MetadataJSON(values)
	if n := utf8.RuneCountInString(encoded); n > metadataMaxLength {
		resp.Diagnostics.AddAttributeError(req.Path, "Factor Metadata Too Long",
			fmt.Sprintf("metadata encodes to %d characters of JSON; Twilio accepts at most %d. Shorten or remove keys.", n, metadataMaxLength))
	}
}

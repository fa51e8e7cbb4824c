package verify

import (
	"context"
	"encoding/base64"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretFormKeys are the form parameters whose values are secrets: they are
// masked in logs and replaced by "***" in returned error messages.
// PrivateKey (an APN certificate's key) and Secret (an FCM service-account
// JSON) are push credentials' secrets.
var secretFormKeys = []string{"Binding.Secret", "AuthPayload", "Config.NotificationToken", "PrivateKey", "Secret"}

// requestSecrets returns the credentials' secrets and the secret values of
// form, each raw and query-escaped, longest first, without empty strings.
func (c *Client) requestSecrets(form url.Values) []string {
	vals := append([]string{}, c.credentialSecrets...)
	for _, k := range secretFormKeys {
		vals = append(vals, form[k]...)
	}
	return expandSecrets(vals...)
}

func expandSecrets(vals ...string) []string {
	seen := make(map[string]struct{}, 2*len(vals))
	out := make([]string, 0, 2*len(vals))
	for _, v := range vals {
		for _, s := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			if s == "" {
				continue
			}
			if _, ok := seen[s]; ok {
				continue
			}
			seen[s] = struct{}{}
			out = append(out, s)
		}
	}
	// Longest first, so that a secret containing another is replaced whole.
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// Patterns masked in every log of this package, whatever the values: TOTP
// key URIs and JSON members that carry secrets. They back up the exact
// string masks, which need the values to be known.
var (
	logMaskRegexes = []*regexp.Regexp{
		regexp.MustCompile(`otpauth://[^\s"'<>]*`),
		// The closing quote is optional: a body cut short (a dropped
		// connection, a size limit) is masked up to its end.
		regexp.MustCompile(`"(?:secret|notification_token|uri|private_key)"\s*:\s*"(?:[^"\\]|\\.)*(?:"|\\?$)`),
		// A PEM private key (an APN key, or one inside an FCM
		// service-account JSON), to its END line or the end of the text.
		regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z ]*PRIVATE KEY-----|$)`),
	}
	// Field keys whose values are always replaced entirely.
	logMaskFieldKeys = []string{"authorization", "Authorization", "auth_token", "api_secret", "password"}
)

// maskContext returns ctx with tflog masking of secrets in log messages and
// field values, plus the package's standing masks.
func maskContext(ctx context.Context, secrets []string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, logMaskFieldKeys...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, logMaskRegexes...)
	ctx = tflog.MaskMessageRegexes(ctx, logMaskRegexes...)
	if len(secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
	}
	return ctx
}

// redact replaces every occurrence of the secrets (longest first) by "***".
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// secretsKey is the context key of secrets that every request made with the
// context masks, besides its own.
type secretsKey struct{}

// withSecrets returns ctx whose requests also mask secrets.
func withSecrets(ctx context.Context, secrets []string) context.Context {
	return context.WithValue(ctx, secretsKey{}, secrets)
}

// redactBytes is redact for a body, plus the package's standing patterns
// (secret JSON members, key URIs), which catch secrets whose values are not
// known, such as a generated one echoed in an error page.
func redactBytes(b []byte, secrets []string) []byte {
	return []byte(redactText(string(b), secrets))
}

// redactText is redactBytes for a string.
func redactText(s string, secrets []string) string {
	s = redact(s, secrets)
	for _, re := range logMaskRegexes {
		s = re.ReplaceAllString(s, "***")
	}
	return s
}

// basicAuthCredentials is the base64 part of the Authorization header for
// user and password, as net/http's SetBasicAuth writes it.
func basicAuthCredentials(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

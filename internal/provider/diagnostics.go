package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// apiErrorDetail builds a diagnostic detail: first what to do (advice), then
// what Twilio said: HTTP status, Twilio code, message and more_info link.
func apiErrorDetail(advice string, err error) string {
	var b strings.Builder
	if advice != "" {
		b.WriteString(advice)
		b.WriteString("\n\n")
	}
	var apiErr *verify.Error
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "Twilio answered HTTP %d", apiErr.Status)
		if apiErr.Code != 0 {
			fmt.Fprintf(&b, " with error %d", apiErr.Code)
		}
		if apiErr.Message != "" {
			fmt.Fprintf(&b, ": %s", serverText(apiErr.Message))
		}
		if apiErr.MoreInfo != "" {
			fmt.Fprintf(&b, "\nMore information: %s", serverText(apiErr.MoreInfo))
		}
	case errors.As(err, new(*verify.UnexpectedResponseError)):
		fmt.Fprintf(&b, "Twilio's answer was refused, and nothing of it was written to state: %v. "+
			"Twilio does not answer this way; if base_url points to a proxy or a mock, check it, then run again.", err)
	case errors.Is(err, context.Canceled):
		b.WriteString("The request was cancelled before Twilio answered.")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("The request did not finish in time; raise request_timeout or check the network.")
	default:
		fmt.Fprintf(&b, "The request to the Twilio Verify API failed: %s", serverText(err.Error()))
	}
	return b.String()
}

// addAPIError appends an error diagnostic for a failed API call. Errors
// whose cause the user can fix get advice naming it: rejected credentials,
// throttling, a service that does not exist.
func (d *providerData) addAPIError(diags *diag.Diagnostics, summary string, err error, advice string) {
	switch verify.ErrorCode(err) {
	case verify.CodeAuthentication:
		summary = "Twilio Rejected the Credentials"
		advice = "Twilio did not accept the credentials: " + d.credentials + ". Check that the SID and its " +
			"secret belong together and to this account, and that the key has not been revoked."
	case verify.CodeTooManyRequests:
		advice = "Twilio kept throttling the request after every retry. Lower -parallelism or raise max_retries."
	}
	diags.AddError(summary, apiErrorDetail(advice, err))
}

// serviceNotFound is the advice for a 404 of a Verify service, or of
// anything in it when the service itself is what is missing.
func (d *providerData) serviceNotFound(serviceSID string) string {
	return fmt.Sprintf("The Verify service %s does not exist in account %s, or these credentials cannot see it. "+
		"Check service_sid against the services in the Twilio Console.", serviceSID, d.accountSID)
}

// addReadError appends the error of a failed read of serviceSID's objects
// (or of the service): a 404 says the service is not found, any other
// error gets summary and advice.
func (d *providerData) addReadError(diags *diag.Diagnostics, err error, serviceSID, summary, advice string) {
	if verify.IsNotFound(err) {
		summary, advice = "Verify Service Not Found", d.serviceNotFound(serviceSID)
	}
	d.addAPIError(diags, summary, err, advice)
}

// serverText makes a string that a server sent (or an error that quotes
// one) safe to put into a diagnostic: every control character, line or
// paragraph separator and bidirectional text control (see controlKind), and
// every byte that is not UTF-8, becomes a visible escape (\n, \x1b, \u202e),
// so that a hostile answer can neither drive the terminal (clear it, move
// the cursor, fake "Apply complete!" on a line of its own) nor reorder what
// is shown. Ordinary text, in any script, is kept as it is.
func serverText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case controlKind(r) == "":
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// controlKind names the kind of r when it is a character that changes how
// text is shown rather than being shown: a control character (C0, DEL,
// C1: escape sequences, carriage returns, line feeds, NUL), a line or
// paragraph separator, or a bidirectional text control (the embeddings,
// overrides and isolates U+202A-U+202E and U+2066-U+2069 that "Trojan
// Source" uses, and the marks U+061C, U+200E, U+200F). Otherwise "".
// Diagnostics escape these in what a server sends (serverText), and inputs
// that Twilio would store and show refuse them (noControlCharacters).
func controlKind(r rune) string {
	switch {
	case unicode.IsControl(r):
		return "a control character"
	case r == '\u2028' || r == '\u2029':
		return "a line or paragraph separator"
	case r == '\u061c' || r == '\u200e' || r == '\u200f' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
		return "a bidirectional text control"
	}
	return ""
}

// importIDQuoteMax is how many characters of a malformed import ID a
// diagnostic quotes.
const importIDQuoteMax = 40

// quoteImportID quotes an import ID for a diagnostic: whole when it is
// short, else its first importIDQuoteMax characters and its length, so that
// a huge ID does not flood the terminal (a 5,000-character ID gave a 10 KB
// error). Quoting escapes control characters.
func quoteImportID(id string) string {
	end, n := 0, 0
	for end < len(id) && n < importIDQuoteMax {
		_, size := utf8.DecodeRuneInString(id[end:])
		end += size
		n++
	}
	if end == len(id) {
		return strconv.Quote(id)
	}
	return fmt.Sprintf("%q…(%d characters)", id[:end], utf8.RuneCountInString(id))
}

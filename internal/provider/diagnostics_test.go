package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func TestServerText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Invalid parameter: FriendlyName":   "Invalid parameter: FriendlyName",
		"Nom invalide « téléphone » 認証 🔐":   "Nom invalide « téléphone » 認証 🔐",
		"\x1b[2J\r\nApply complete!":        `\x1b[2J\r\nApply complete!`,
		"a\tb\x00c\x7fd":                    `a\tb\x00c\x7fd`,
		"C1 \u009b31m CSI":                  `C1 \u009b31m CSI`,
		"raw byte \x9b31m":                  `raw byte \x9b31m`,
		"evil \u202egnp.exe":                `evil \u202egnp.exe`,
		"isolate \u2066x\u2069 mark \u200f": `isolate \u2066x\u2069 mark \u200f`,
		"line\u2028separator":               `line\u2028separator`,
		"":                                  "",
	} {
		if got := serverText(in); got != want {
			t.Errorf("serverText(%q) = %q, want %q", in, got, want)
		}
	}
}

// What Twilio (or anything posing as it) says reaches the diagnostic only
// escaped: its message, its link and the text of any other error.
func TestAPIErrorDetailEscapesServerText(t *testing.T) {
	t.Parallel()
	const hostile = "\x1b[2J\x1b[H\r\nApply complete! Resources: 1 added.\u202e"
	for name, err := range map[string]error{
		"message":     &verify.Error{Status: 400, Code: 60200, Message: hostile},
		"more_info":   &verify.Error{Status: 400, Code: 60200, Message: "Invalid", MoreInfo: "https://x/" + hostile},
		"other error": errors.New("decoding the answer: " + hostile),
	} {
		got := apiErrorDetail("Advice.", err)
		if strings.ContainsAny(got, "\x1b\r\u202e") || strings.Contains(got, "\nApply") {
			t.Errorf("%s: the detail carries raw control characters: %q", name, got)
		}
		if !strings.Contains(got, `\x1b[2J\x1b[H\r\nApply complete!`) {
			t.Errorf("%s: the detail does not show the escaped text: %q", name, got)
		}
	}
}

// A malformed import ID is quoted whole when short, else by its first 40
// characters and its length, in every resource's diagnostic.
func TestImportIDErrorsQuoteAShortPrefix(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"x/y":                     `"x/y"`,
		strings.Repeat("a", 40):   `"` + strings.Repeat("a", 40) + `"`,
		strings.Repeat("a", 41):   `"` + strings.Repeat("a", 40) + `"…(41 characters)`,
		strings.Repeat("電", 5000): `"` + strings.Repeat("電", 40) + `"…(5000 characters)`,
		"VA\x1b[2J\n":             `"VA\x1b[2J\n"`,
	} {
		if got := quoteImportID(id); got != want {
			t.Errorf("quoteImportID(%.50q) = %s, want %s", id, got, want)
		}
	}
	long := "VA" + strings.Repeat("0", 4998)
	for name, detail := range map[string]func(string) string{
		"factor": importIDErrorDetail, "entity": entityImportIDErrorDetail, "service": serviceImportIDErrorDetail,
	} {
		if d := detail(long); len(d) > 600 || !strings.Contains(d, `"VA00000000000000000000000000000000000000"…(5000 characters)`) {
			t.Errorf("%s: %d bytes: %s", name, len(d), d)
		}
	}
}

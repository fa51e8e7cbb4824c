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

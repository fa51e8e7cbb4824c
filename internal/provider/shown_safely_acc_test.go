package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// A 400 whose message carries escape sequences, carriage returns and a
// bidi override reaches the user escaped: the CLI's output (-no-color)
// holds none of them raw, and shows the escaped text.
func TestAccServerTextShownEscaped(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	proxy := e.newHostileProxy(t)
	const hostile = "\x1b[2J\x1b[H\r\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\r\n\u202eevil"
	proxy.set(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/Factors") {
			upstream.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"code": 60200, "message": hostile, "more_info": "https://www.twilio.com/docs/errors/60200\x1b]8;;https://evil.example\x07", "status": 400,
		})
	})
	header := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\nprovider \"twilio\" {\n  max_retries = 0\n}\n", providerNamespace+"/twilio")
	r := newCLIRun(t, map[string]string{"main.tf": header + totpResource(e.serviceSID, "user-00000001", "Phone", "")},
		envBaseURL+"="+proxy.URL, envAccountSID+"="+e.accountSID, envAuthToken+"="+e.authToken)
	out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply succeeded:\n%s", out)
	}
	if i := strings.IndexAny(out, "\x1b\r\x07\u202e"); i >= 0 {
		t.Errorf("the output carries a raw control character at %d, after %q", i, out[max(0, i-100):i])
	}
	for _, want := range []string{`\x1b[2J\x1b[H\r\nApply`, `\u202eevil`, `60200\x1b]8;;https://evil.example\x07`} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not show %s:\n%s", want, out)
		}
	}
}

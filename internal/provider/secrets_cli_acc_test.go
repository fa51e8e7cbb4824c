package provider

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// leakCheck fails the test when secret, or its first ten characters (what
// a truncation would leave), appears in what the CLI printed and logged.
func leakCheck(t *testing.T, r *cliRun, name, secret string) {
	t.Helper()
	all := r.log.String()
	for _, s := range []string{secret, secret[:10]} {
		if i := strings.Index(all, s); i >= 0 {
			t.Errorf("%s (%q) appears in the CLI output or logs, after: %q", name, s, all[max(0, i-200):i])
			return
		}
	}
}

// TestAccSecretsNeverEchoed puts secrets where they do not belong and makes
// Twilio (the mock, behind a front that misbehaves) echo them, then checks
// with the real CLI at TF_LOG=trace that no secret reaches the output or
// the log.
func TestAccSecretsNeverEchoed(t *testing.T) {
	t.Parallel()
	const token = "5e7f1a2b3c4d5e6f7a8b9c0d1e2f3a4b"
	header := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")

	t.Run("settings", func(t *testing.T) {
		t.Parallel()
		e := newTestEnv(t, mockverify.Options{})
		e.requireMock()
		resourceBlock := totpResource(e.serviceSID, "user-00000001", "Phone", "")
		sensitiveVars := `
variable "sid" {
  type      = string
  sensitive = true
}
`
		for _, tc := range []struct {
			name, provider, want string
			env                  []string
		}{
			{"auth token as TWILIO_ACCOUNT_SID", `provider "twilio" {}`, "Invalid Twilio Account SID",
				[]string{envAccountSID + "=" + token, envAuthToken + "=x", envBaseURL + "=" + e.baseURL}},
			{"auth token as TWILIO_API_KEY", `provider "twilio" {}`, "Invalid Twilio API Key",
				[]string{envAccountSID + "=" + e.accountSID, envAPIKey + "=" + token, envAPISecret + "=x", envBaseURL + "=" + e.baseURL}},
			{"auth token as account_sid from a sensitive variable", sensitiveVars + "provider \"twilio\" {\n  account_sid = var.sid\n}\n", "Invalid Twilio Account SID",
				[]string{"TF_VAR_sid=" + token, envAuthToken + "=x", envBaseURL + "=" + e.baseURL}},
			{"auth token as api_key from a sensitive variable", sensitiveVars + "provider \"twilio\" {\n  api_key = var.sid\n  api_secret = \"x\"\n}\n", "Invalid Twilio API Key",
				[]string{"TF_VAR_sid=" + token, envAccountSID + "=" + e.accountSID, envBaseURL + "=" + e.baseURL}},
			{"auth token as request_timeout from a sensitive variable", sensitiveVars + "provider \"twilio\" {\n  request_timeout = var.sid\n}\n", "Invalid Request Timeout",
				[]string{"TF_VAR_sid=" + token, envAccountSID + "=" + e.accountSID, envAuthToken + "=x", envBaseURL + "=" + e.baseURL}},
			{"password in TWILIO_BASE_URL", `provider "twilio" {}`, "Invalid Twilio Base URL",
				[]string{envAccountSID + "=" + e.accountSID, envAuthToken + "=x", envBaseURL + "=https://user:" + token + "@verify.twilio.com"}},
		} {
			r := newCLIRun(t, map[string]string{"main.tf": header + tc.provider + resourceBlock}, append(tc.env, "TF_LOG=trace")...)
			out, err := r.try("plan", "-input=false", "-no-color")
			if err == nil || !strings.Contains(out, tc.want) {
				t.Errorf("%s: plan did not fail with %q (%v):\n%s", tc.name, tc.want, err, out)
			}
			leakCheck(t, r, tc.name, token)
		}
		if n := e.requests(""); n != 0 {
			t.Errorf("bad settings sent %d requests", n)
		}
	})

	t.Run("error page echoing the request", func(t *testing.T) {
		t.Parallel()
		const secret = "KRUGS4ZANFZSAYJAONSWG4TFOQQQ"
		e := newTestEnv(t, mockverify.Options{})
		e.frontMock(func(w http.ResponseWriter, r *http.Request, mock http.Handler) {
			if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/Factors") {
				mock.ServeHTTP(w, r)
				return
			}
			// A proxy's error page that echoes the form, placed so that the
			// first characters of the secret fall just before where an
			// error message would be cut (200 characters).
			body, _ := io.ReadAll(r.Body)
			prefix := "<html><body><pre>"
			pad := 200 - len(prefix) - len("Binding.Secret=") - 10
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, prefix+strings.Repeat("x", pad)+string(body)+"</pre></body></html>")
		})
		r := newCLIRun(t, map[string]string{"main.tf": header + "provider \"twilio\" {\n  max_retries = 0\n}\n" +
			totpResource(e.serviceSID, "user-00000002", "Phone", fmt.Sprintf("  binding_secret = %q", secret))},
			append(e.cliEnv(), "TF_LOG=trace")...)
		out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve")
		if err == nil || !strings.Contains(out, "Binding.Secret=") {
			t.Fatalf("the apply did not fail with the echoed page (%v):\n%s", err, out)
		}
		leakCheck(t, r, "binding_secret echoed by an error page", secret)
	})

	t.Run("create answer cut inside the secret", func(t *testing.T) {
		t.Parallel()
		e := newTestEnv(t, mockverify.Options{})
		var mu sync.Mutex
		var lost string
		e.frontMock(func(w http.ResponseWriter, r *http.Request, mock http.Handler) {
			mu.Lock()
			cut := lost == "" && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Factors")
			mu.Unlock()
			if !cut {
				mock.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			mock.ServeHTTP(rec, r)
			full := rec.Body.Bytes()
			i := bytes.Index(full, []byte(`"secret":"`))
			if rec.Code != http.StatusCreated || i < 0 {
				t.Errorf("the mock answered %d %s", rec.Code, full)
				return
			}
			i += len(`"secret":"`)
			mu.Lock()
			lost = string(full[i : i+bytes.IndexByte(full[i:], '"')])
			mu.Unlock()
			// The connection ends before the closing quote of the secret.
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(full)))
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write(full[:i+12])
		})
		r := newCLIRun(t, map[string]string{"main.tf": header + "provider \"twilio\" {}\n" +
			totpResource(e.serviceSID, "user-00000003", "Phone", "")},
			append(e.cliEnv(), "TF_LOG=trace")...)
		out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
		mu.Lock()
		lostSecret := lost
		mu.Unlock()
		if lostSecret == "" || !strings.Contains(r.log.String(), "Sending HTTP request to Twilio Verify") {
			t.Fatalf("the create was not cut, or nothing was logged")
		}
		leakCheck(t, r, "the secret of a cut create answer", lostSecret)
		leakCheck(t, r, "the Basic auth header value", base64.StdEncoding.EncodeToString([]byte(e.accountSID+":"+e.authToken)))
		// The cut answer's factor cannot be told from another process's,
		// so it is left behind, named, and the factor created again.
		if n := len(e.mock.Factors("", e.serviceSID, "user-00000003")); n != 2 || !strings.Contains(out, "Verify Factors May Have Been Left Behind") {
			t.Errorf("%d factors after the recovery, want 2 (one named as left behind):\n%s", n, out)
		}
		r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	})
}

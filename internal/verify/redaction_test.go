package verify

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A non-JSON error page that echoes the request body is redacted before
// it is shortened: no prefix of a secret survives the cut.
func TestErrorSnippetRedactedBeforeTruncation(t *testing.T) {
	t.Parallel()
	p := totpParams(testSecret)
	// Put the secret across the 200-character cut of the snippet.
	echo := "Binding.Secret=" + url.QueryEscape(testSecret)
	page := "<html><body>Internal error while handling " + strings.Repeat("x", maxErrorMessageRunes-len("Internal Server Error: <html><body>Internal error while handling ")-len("Binding.Secret=")-5) + " " + echo + "</body></html>"
	srv, _ := captureServer(t, 500, page)
	c, err := New(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateFactor(t.Context(), p)
	if err == nil {
		t.Fatal("CreateFactor succeeded")
	}
	if !strings.Contains(err.Error(), "Binding.Secret=") {
		t.Fatalf("the test does not cut inside the secret: %v", err)
	}
	if strings.Contains(err.Error(), testSecret[:6]) {
		t.Errorf("the error shows the start of the secret: %v", err)
	}
}

// A response body cut short (here, inside the generated secret) is still
// masked in the logs.
func TestTruncatedResponseMaskedInLogs(t *testing.T) {
	t.Parallel()
	const generated = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		body := `{"sid":"YF1","binding":{"secret":"` + generated[:20]
		w.Header().Set("Content-Length", "400")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	var out syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	c, err := New(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.FetchFactor(ctx, testServiceSID, testIdentity, "YF1")
	logs := out.String()
	if !strings.Contains(logs, "Received HTTP response") {
		t.Fatalf("nothing logged: %s", logs)
	}
	if strings.Contains(logs, generated[:12]) {
		t.Errorf("the logs show the truncated secret:\n%s", logs)
	}
}

// The Basic auth header's base64 value is masked like the secret in it.
func TestBasicAuthValueIsMasked(t *testing.T) {
	t.Parallel()
	c, err := New(Config{AccountSID: testAccountSID, AuthToken: testAuthToken})
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString([]byte(testAccountSID + ":" + testAuthToken))
	masked := redact("Authorization: Basic "+b64, c.requestSecrets(nil))
	if strings.Contains(masked, b64) {
		t.Errorf("Basic credentials not masked: %s", masked)
	}
}

// A Twilio error is decoded before the request's secrets are redacted from
// it: a one-character auth payload found in the JSON text does not spoil
// the code, and only its real occurrences in the message and link are
// redacted.
func TestTwilioErrorDecodedBeforeRedaction(t *testing.T) {
	t.Parallel()
	srv, _ := captureServer(t, 403, `{"code":60311,"message":"Factor Verification Failed: payload 3 rejected","more_info":"https://www.twilio.com/docs/errors/60311","status":403}`)
	c, err := New(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateFactor(t.Context(), testServiceSID, testIdentity, "YF1", UpdateFactorParams{AuthPayload: ptr("3")})
	e, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("err = %v, want an *Error", err)
	}
	if e.Code != CodeVerificationFailed || e.Status != 403 ||
		e.Message != "Factor Verification Failed: payload *** rejected" || e.MoreInfo != "https://www.twilio.com/docs/errors/60***11" {
		t.Errorf("error = %+v", e)
	}
}

package verify

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// jsonEscaped returns s as it appears inside a JSON string.
func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// TestLogsMaskSecrets installs a real tflog provider logger at TRACE level
// and checks that requests and responses are logged while no secret (auth
// token, API secret, Basic credentials, binding secret, TOTP URI, auth
// payload, notification token) reaches the output in any encoding.
func TestLogsMaskSecrets(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &out)

	f := newFakeVerify(t)
	f.faults = []createFault{faultNone, faultNone, faultDropAfter} // the third create is recovered
	c, err := New(Config{
		AccountSID: testAccountSID, AuthToken: testAuthToken,
		APIKey: testAPIKey, APISecret: testAPISecret,
		BaseURL: f.srv.URL, MaxRetries: 2,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}

	const (
		givenSecret = "GIVENSECRETJBSWY3DPEHPK3PXP2345"
		authPayload = "918273"
		newToken    = "new-token/with+plus&amp;and=equals:0123456789abcdef"
	)
	// totp with a generated secret
	gen, err := c.CreateFactor(ctx, totpParams(""))
	if err != nil {
		t.Fatal(err)
	}
	// push with a notification token holding characters that escape
	push, err := c.CreateFactor(ctx, pushParams())
	if err != nil {
		t.Fatal(err)
	}
	// totp with a given secret, whose response is lost and recovered
	p := totpParams(givenSecret)
	p.FriendlyName = "recovered"
	given, err := c.CreateFactor(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListFactors(ctx, testServiceSID, testIdentity); err != nil {
		t.Fatal(err)
	}
	// an update carrying an auth payload and a token; the fake has no
	// update route, so this is also an error response
	_, err = c.UpdateFactor(ctx, testServiceSID, testIdentity, push.SID, UpdateFactorParams{AuthPayload: ptr(authPayload), ConfigNotificationToken: ptr(newToken)})
	if err == nil {
		t.Fatal("update: want the fake's 405")
	}

	logs := out.String()
	for _, want := range []string{
		"Sending HTTP request to Twilio Verify",
		"Received HTTP response from Twilio Verify",
		"/v2/Services/" + testServiceSID + "/Entities/" + testIdentity + "/Factors",
		`"http_status":201`,
		"FriendlyName=recovered",
		"Look-alikes appeared while a create's answer was lost",
		`"http_request_body":"AuthPayload=***`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs do not contain %q", want)
		}
	}

	secrets := map[string]string{
		"auth token":                 testAuthToken,
		"API secret":                 testAPISecret,
		"Basic credentials":          base64.StdEncoding.EncodeToString([]byte(testAPIKey + ":" + testAPISecret)),
		"generated binding secret":   gen.Binding.Secret,
		"generated binding URI":      gen.Binding.URI,
		"given binding secret":       givenSecret,
		"given binding URI":          given.Binding.URI,
		"auth payload":               authPayload,
		"notification token":         testToken,
		"updated notification token": newToken,
	}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("%s is empty", name)
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), jsonEscaped(s)} {
			if strings.Contains(logs, form) {
				t.Errorf("logs contain the %s (%q)", name, form)
			}
		}
	}
	if strings.Contains(logs, "otpauth://") {
		t.Errorf("logs contain a TOTP URI")
	}
	if strings.Contains(strings.ToLower(logs), "authorization") {
		t.Errorf("logs mention an Authorization header")
	}
	if t.Failed() {
		t.Logf("logs:\n%s", logs)
	}
}

// Retries are logged at warn level with the attempt, the previous outcome
// and the wait.
func TestRetryIsLogged(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	s := newStatusServer(t, 503, "")
	c, err := New(Config{BaseURL: s.srv.URL, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.FetchService(ctx, testServiceSID)

	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range entries {
		if e["@message"] != "Retrying Twilio Verify request" {
			continue
		}
		found = true
		u, _ := e["http_url"].(string)
		if e["@level"] != "warn" || e["http_method"] != "GET" || e["attempt"] != float64(2) ||
			e["previous_result"] != "HTTP 503" || e["wait"] == nil || !strings.Contains(u, "/v2/Services/") {
			t.Errorf("retry log = %v", e)
		}
	}
	if !found {
		t.Errorf("no retry log in:\n%s", out.String())
	}
}

// A body longer than maxLoggedBodyBytes is logged cut, with a note saying
// so; a secret of the request that lies across the cut is redacted before
// cutting, so no start of it is logged.
func TestLoggedBodyIsCut(t *testing.T) {
	t.Parallel()
	const authPayload = "QZXJVKWPQZXJVKWP1234567890"
	prefix := `{"sid":"YF1","padding":"`
	body := prefix + strings.Repeat("x", maxLoggedBodyBytes-len(prefix)-5) + authPayload + strings.Repeat("y", 100<<10) + `"}`
	srv, _ := captureServer(t, 200, body)
	var out syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.UpdateFactor(ctx, testServiceSID, testIdentity, "YF1", UpdateFactorParams{AuthPayload: ptr(authPayload)})
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range entries {
		if e["@message"] != "Received HTTP response from Twilio Verify" {
			continue
		}
		found = true
		logged, _ := e["http_response_body"].(string)
		if len(logged) > maxLoggedBodyBytes || !strings.HasPrefix(logged, prefix) {
			t.Errorf("logged %d bytes of the body, starting %.40q", len(logged), logged)
		}
		// The test server streams the body without a Content-Length.
		want := fmt.Sprintf("only the first %d bytes of the body are logged; it is longer", maxLoggedBodyBytes)
		if cut, _ := e["http_response_body_cut"].(string); !strings.HasPrefix(cut, want) {
			t.Errorf("http_response_body_cut = %q, want %q...", cut, want)
		}
	}
	if !found {
		t.Fatalf("no response logged")
	}
	if strings.Contains(out.String(), authPayload[:5]) {
		t.Errorf("the logs show the start of the secret cut by the limit")
	}
}

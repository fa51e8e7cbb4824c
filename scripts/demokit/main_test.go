package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// documentedForm is the POST of Twilio's request-validation example, with
// the caller number that varies between the documented vectors.
func documentedForm(caller string) url.Values {
	return url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {caller},
		"Digits":  {"1234"},
		"From":    {caller},
		"To":      {"+18005551212"},
	}
}

// TestValidSignatureDocumentedVectors checks the receiver against the
// signatures Twilio's documentation and SDK test suites publish (auth
// token 12345), which this code did not produce.
func TestValidSignatureDocumentedVectors(t *testing.T) {
	const docURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
	for caller, signature := range map[string]string{
		"+14158675309": "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
		"+14158675310": "GvWf1cFY/Q7PnoempGyD5oXAezc=",
	} {
		if !validSignature("12345", docURL, documentedForm(caller), signature) {
			t.Errorf("caller %s: documented signature %s refused", caller, signature)
		}
		if validSignature("12346", docURL, documentedForm(caller), signature) {
			t.Errorf("caller %s: accepted with the wrong auth token", caller)
		}
		tampered := documentedForm(caller)
		tampered.Set("Digits", "9999")
		if validSignature("12345", docURL, tampered, signature) {
			t.Errorf("caller %s: accepted a tampered parameter", caller)
		}
	}
}

// TestEventHandler checks that a signed event is printed and answered 200,
// and a forged one refused with 403.
func TestEventHandler(t *testing.T) {
	var out bytes.Buffer
	server := httptest.NewServer(eventHandler("token", &out))
	defer server.Close()
	form := url.Values{"type": {"factor.created"}, "factor_sid": {"YF0123"}}
	post := func(signature string) int {
		req, err := http.NewRequest(http.MethodPost, server.URL+"/events", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", signature)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("forged"); code != http.StatusForbidden {
		t.Errorf("forged signature: status %d, want 403", code)
	}
	if code := post(sign("token", server.URL+"/events", form)); code != http.StatusOK {
		t.Errorf("signed event: status %d, want 200", code)
	}
	want := "event factor.created (signature checked): factor_sid=YF0123\n"
	if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "REFUSED") {
		t.Errorf("printed %q, want a REFUSED line and %q", out.String(), want)
	}
}

// TestServiceAccountShape checks the throwaway key file has what an FCM
// credential needs.
func TestServiceAccountShape(t *testing.T) {
	file, err := newServiceAccount("demo-project")
	if err != nil {
		t.Fatal(err)
	}
	var account map[string]string
	if err := json.Unmarshal(file, &account); err != nil {
		t.Fatal(err)
	}
	if account["type"] != "service_account" || account["project_id"] != "demo-project" ||
		!strings.HasPrefix(account["private_key"], "-----BEGIN PRIVATE KEY-----") ||
		!strings.HasSuffix(account["client_email"], "@demo-project.iam.gserviceaccount.com") {
		t.Errorf("unexpected key file: type %q project %q email %q", account["type"], account["project_id"], account["client_email"])
	}
}

package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccPushCredentialSecretsNeverShown applies an APN and an FCM
// credential with the real CLI at TF_LOG=trace, then plans a key that is
// not the certificate's, and checks that no private key or service-account
// secret reaches the output or the log (the certificate is public and may).
// The material is read with file(), as a configuration keeps it: a literal
// in main.tf would be quoted by the CLI itself in the snippet of any
// diagnostic about the attribute.
func TestAccPushCredentialSecretsNeverShown(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	year := time.Now().Add(365 * 24 * time.Hour)
	pair, other := newAPNPair(t, year), newAPNPair(t, year)
	account := newServiceAccountJSON(t, "leak-test")
	accountKey := account[strings.Index(account, "BEGIN PRIVATE KEY")+40:][:60]
	files := map[string]string{"cert.pem": pair.certPEM, "key.pem": pair.keyPEM, "firebase.json": account, "main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {}

resource "twilio_verify_push_credential" "ios" {
  type          = "apn"
  friendly_name = "iOS"
  certificate   = file("${path.module}/cert.pem")
  private_key   = file("${path.module}/key.pem")
}

resource "twilio_verify_push_credential" "android" {
  type          = "fcm"
  friendly_name = "Android"
  secret        = file("${path.module}/firebase.json")
}
`, providerNamespace+"/twilio")}
	r := newCLIRun(t, files, append(e.cliEnv(), "TF_LOG=trace")...)
	plan := r.run("plan", "-input=false", "-no-color")
	if strings.Count(plan, "(sensitive value)") < 2 {
		t.Errorf("the plan does not mark the key and the secret sensitive:\n%s", plan)
	}
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	r.writeFile("key.pem", other.keyPEM)
	out, err := r.try("plan", "-input=false", "-no-color")
	if err == nil || !strings.Contains(out, "APN Private Key Does Not Match the Certificate") {
		t.Errorf("a key of another certificate planned (%v):\n%s", err, out)
	}
	r.writeFile("key.pem", pair.keyPEM)
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")

	keyBody := func(p apnPair) string { return p.keyPEM[strings.Index(p.keyPEM, "\n")+1:][:60] }
	leakCheck(t, r, "APN private key", keyBody(pair))
	leakCheck(t, r, "other APN private key", keyBody(other))
	leakCheck(t, r, "service-account private key", accountKey)
	if !strings.Contains(r.log.String(), "/v1/Credentials") {
		t.Error("the log holds no credential request: the check proves nothing")
	}
}

// An error page that echoes the create's body (key and secret included)
// reaches neither the output nor the log.
func TestAccPushCredentialEchoedSecretsMasked(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	proxy := e.newHostileProxy(t)
	proxy.set(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		if r.Method != http.MethodPost || r.URL.Path != mockverify.TemplateCredentials {
			upstream.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 60200, "status": 400,
			"message": "Invalid parameter in " + string(body) + " decoded: " + r.URL.Query().Encode()})
	})
	pair := newAPNPair(t, time.Now().Add(365*24*time.Hour))
	account := newServiceAccountJSON(t, "echo-test")
	files := map[string]string{"cert.pem": pair.certPEM, "key.pem": pair.keyPEM, "firebase.json": account, "main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {
  max_retries = 0
}

resource "twilio_verify_push_credential" "ios" {
  type          = "apn"
  friendly_name = "iOS"
  certificate   = file("${path.module}/cert.pem")
  private_key   = file("${path.module}/key.pem")
}

resource "twilio_verify_push_credential" "android" {
  type          = "fcm"
  friendly_name = "Android"
  secret        = file("${path.module}/firebase.json")
}
`, providerNamespace+"/twilio")}
	r := newCLIRun(t, files, envBaseURL+"="+proxy.URL, envAccountSID+"="+e.accountSID, envAuthToken+"="+e.authToken, "TF_LOG=trace")
	out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve")
	if err == nil || !strings.Contains(out, "Error Creating Push Credential") {
		t.Fatalf("the apply did not fail on the echo (%v):\n%s", err, out)
	}
	leakCheck(t, r, "APN private key", pair.keyPEM[strings.Index(pair.keyPEM, "\n")+1:][:60])
	leakCheck(t, r, "service-account private key", account[strings.Index(account, "BEGIN PRIVATE KEY")+40:][:60])
	leakCheck(t, r, "service-account client email", "firebase-adminsdk@echo-test")
}

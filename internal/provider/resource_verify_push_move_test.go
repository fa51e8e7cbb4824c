package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// Twilio's provider keeps event_types as a list, or as one string.
func TestMoveWebhookState(t *testing.T) {
	t.Parallel()
	const raw = `{"id":"YW0123456789abcdef0123456789abcdef","sid":"YW0123456789abcdef0123456789abcdef",
  "service_sid":"VA0123456789abcdef0123456789abcdef","friendly_name":"backend","event_types":["factor.verified","challenge.approved"],
  "webhook_url":"https://example.com/hook","status":"enabled","webhook_method":"POST","account_sid":"AC0123456789abcdef0123456789abcdef"}`
	for name, state := range map[string]string{
		"list":        raw,
		"JSON string": strings.Replace(raw, `["factor.verified","challenge.approved"]`, `"[\"factor.verified\",\"challenge.approved\"]"`, 1),
		"CSV string":  strings.Replace(raw, `["factor.verified","challenge.approved"]`, `"factor.verified, challenge.approved"`, 1),
	} {
		var m webhookModel
		resp := runMover(t, &webhookResource{}, legacyWebhookTypeName, state, &m)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", name, resp.Diagnostics)
		}
		if m.ID.ValueString() != "VA0123456789abcdef0123456789abcdef/YW0123456789abcdef0123456789abcdef" ||
			len(m.EventTypes.Elements()) != 2 || m.WebhookURL.ValueString() != "https://example.com/hook" || !m.Version.IsNull() {
			t.Errorf("%s: moved %+v", name, m)
		}
	}
	resp := runMover(t, &webhookResource{}, legacyWebhookTypeName, strings.Replace(raw, `"service_sid":"VA`, `"service_sid":"XX`, 1), &webhookModel{})
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "terraform import twilio_verify_webhook") {
		t.Errorf("a bad service_sid moved: %v", resp.Diagnostics)
	}
}

// The certificate, key and secret that Twilio's provider keeps in plain
// state move into the sensitive attributes; sandbox may be a string.
func TestMovePushCredentialState(t *testing.T) {
	t.Parallel()
	const raw = `{"id":"CR0123456789abcdef0123456789abcdef","sid":"CR0123456789abcdef0123456789abcdef","type":"apn",
  "friendly_name":"ios","certificate":"CERT","private_key":"KEY","sandbox":"true","api_key":null,"secret":null}`
	var m pushCredentialModel
	resp := runMover(t, &pushCredentialResource{}, legacyCredentialTypeName, raw, &m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if m.SID.ValueString() != "CR0123456789abcdef0123456789abcdef" || m.PrivateKey.ValueString() != "KEY" ||
		m.Certificate.ValueString() != "CERT" || !m.Sandbox.Equal(types.BoolValue(true)) || !m.Secret.IsNull() || !m.PrivateKeyWO.IsNull() {
		t.Errorf("moved %+v", m)
	}
	resp = runMover(t, &pushCredentialResource{}, legacyCredentialTypeName, `{"sid":"","type":"fcm"}`, &pushCredentialModel{})
	if !resp.Diagnostics.HasError() {
		t.Error("a state without a SID moved")
	}
	if resp := runMover(t, &pushCredentialResource{}, legacyWebhookTypeName, raw, &pushCredentialModel{}); resp.Diagnostics.HasError() || !resp.TargetState.Raw.IsNull() {
		t.Errorf("the credential mover took another type's state: %v", resp.Diagnostics)
	}
}

// TestAccMigratePushDeployment moves a webhook and an APN credential that
// Twilio's provider (its stand-in) manages into this provider with `moved`
// blocks: no request creates, updates or deletes anything, and the plan
// after the move is empty.
func TestAccMigratePushDeployment(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	ctx := t.Context()
	pair := newAPNPair(t, time.Now().Add(365*24*time.Hour))
	hook, err := e.client.CreateWebhook(ctx, e.serviceSID, verify.WebhookParams{FriendlyName: ptrTo("backend"),
		WebhookURL: ptrTo("https://example.com/hook"), EventTypes: &[]string{"factor.verified", "challenge.approved"}})
	if err != nil {
		t.Fatal(err)
	}
	cred, err := e.client.CreateCredential(ctx, verify.CredentialParams{Type: ptrTo("apn"), FriendlyName: ptrTo("ios"),
		Certificate: ptrTo(pair.certPEM), PrivateKey: ptrTo(pair.keyPEM), Sandbox: ptrTo(false)})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"cert.pem": pair.certPEM, "key.pem": pair.keyPEM}
	legacy := fmt.Sprintf(`
import {
  to = twilio_verify_services_webhooks_v2.backend
  id = "%[1]s/%[2]s"
}

import {
  to = twilio_notify_credentials_v1.ios
  id = %[3]q
}

resource "twilio_verify_services_webhooks_v2" "backend" {
  provider      = legacy
  service_sid   = %[1]q
  friendly_name = "backend"
  webhook_url   = "https://example.com/hook"
  event_types   = ["factor.verified", "challenge.approved"]
}

resource "twilio_notify_credentials_v1" "ios" {
  provider      = legacy
  type          = "apn"
  friendly_name = "ios"
  certificate   = file("${path.module}/cert.pem")
  private_key   = file("${path.module}/key.pem")
  sandbox       = "false"
}
`, e.serviceSID, hook.SID, cred.SID)
	moved := fmt.Sprintf(`
moved {
  from = twilio_verify_services_webhooks_v2.backend
  to   = twilio_verify_webhook.backend
}

moved {
  from = twilio_notify_credentials_v1.ios
  to   = twilio_verify_push_credential.ios
}

resource "twilio_verify_webhook" "backend" {
  service_sid   = %q
  friendly_name = "backend"
  webhook_url   = "https://example.com/hook"
  event_types   = ["factor.verified", "challenge.approved"]
}

resource "twilio_verify_push_credential" "ios" {
  type          = "apn"
  friendly_name = "ios"
  certificate   = file("${path.module}/cert.pem")
  private_key   = file("${path.module}/key.pem")
  sandbox       = false
}
`, e.serviceSID)
	files["main.tf"] = bothProvidersHeader() + legacy
	r := newCLIRunWithPlugins(t, files, map[string]string{"twilio/twilio": buildPlugin(t, "./internal/provider/testdata/legacytwilio")}, e.cliEnv()...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")

	r.writeFile("main.tf", bothProvidersHeader()+moved)
	before := e.mock.Stats().Requests
	plan := r.run("plan", "-input=false", "-no-color")
	for _, want := range []string{"has moved to twilio_verify_webhook.backend", "has moved to twilio_verify_push_credential.ios",
		"0 to add, 0 to change, 0 to destroy"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("the plan lacks %q:\n%s", want, plan)
		}
	}
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	after := e.mock.Stats().Requests
	for _, route := range []string{mockverify.TemplateWebhooks, mockverify.TemplateWebhook, mockverify.TemplateCredentials, mockverify.TemplateCredential} {
		for _, method := range []string{"POST", "DELETE"} {
			if after[method+" "+route] != before[method+" "+route] {
				t.Errorf("the move sent %s %s: %v", method, route, after)
			}
		}
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if got := e.mock.Credentials(e.accountSID); len(got) != 0 {
		t.Errorf("credentials left after destroy: %v", got)
	}
}

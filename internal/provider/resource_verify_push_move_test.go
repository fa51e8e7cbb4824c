package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
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

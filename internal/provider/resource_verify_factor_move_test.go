package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// moveLegacy runs the resource's state mover on a raw state of Twilio's
// factor resource and returns the target model.
func moveLegacy(t *testing.T, typeName, provider, rawJSON string) (factorResourceModel, resource.MoveStateResponse) {
	t.Helper()
	ctx := context.Background()
	r := &factorResource{}
	schemaResp := &resource.SchemaResponse{}
	r.Schema(ctx, resource.SchemaRequest{}, schemaResp)
	resp := resource.MoveStateResponse{TargetState: tfsdk.State{
		Schema: schemaResp.Schema,
		Raw:    tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil),
	}}
	movers := r.MoveState(ctx)
	if len(movers) != 1 {
		t.Fatalf("%d movers", len(movers))
	}
	movers[0].StateMover(ctx, resource.MoveStateRequest{
		SourceTypeName:        typeName,
		SourceProviderAddress: provider,
		SourceRawState:        &tfprotov6.RawState{JSON: []byte(rawJSON)},
	}, &resp)
	var m factorResourceModel
	if !resp.Diagnostics.HasError() && !resp.TargetState.Raw.IsNull() {
		resp.Diagnostics.Append(resp.TargetState.Get(ctx, &m)...)
	}
	return m, resp
}

// legacyTOTPState is a factor as Twilio's provider stores it: flat
// attributes, metadata as a JSON string.
const legacyTOTPState = `{
  "id": "YF0123456789abcdef0123456789abcdef",
  "service_sid": "VA0123456789abcdef0123456789abcdef",
  "identity": "user-0001",
  "sid": "YF0123456789abcdef0123456789abcdef",
  "friendly_name": "Alice's phone",
  "factor_type": "totp",
  "binding_alg": null,
  "binding_public_key": null,
  "binding_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  "config_alg": "sha1",
  "config_app_id": null,
  "config_code_length": 6,
  "config_notification_platform": null,
  "config_notification_token": null,
  "config_sdk_version": null,
  "config_skew": "1",
  "config_time_step": 30,
  "metadata": "{\"os\": \"Android\"}",
  "auth_payload": null
}`

func TestMoveStateFromTwilioProvider(t *testing.T) {
	t.Parallel()
	m, resp := moveLegacy(t, legacyFactorTypeName, "registry.terraform.io/twilio/twilio", legacyTOTPState)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if m.ServiceSID.ValueString() != "VA0123456789abcdef0123456789abcdef" || m.Identity.ValueString() != "user-0001" ||
		m.SID.ValueString() != "YF0123456789abcdef0123456789abcdef" ||
		m.BindingSecret.ValueString() != "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" || m.ConfigSkew.ValueInt64() != 1 ||
		m.ConfigTimeStep.ValueInt64() != 30 || m.FriendlyName.ValueString() != "Alice's phone" || !m.Push.IsNull() {
		t.Errorf("unexpected model %+v", m)
	}
	if got := m.Metadata.Elements()["os"]; got == nil || got.String() != `"Android"` {
		t.Errorf("metadata = %v", m.Metadata)
	}
}

// TestMoveStatePushFactorFromTwilioProvider checks that Twilio's flat push
// attributes land in push.
func TestMoveStatePushFactorFromTwilioProvider(t *testing.T) {
	t.Parallel()
	raw := strings.NewReplacer(
		`"factor_type": "totp"`, `"factor_type": "push"`,
		`"binding_alg": null`, `"binding_alg": "ES256"`,
		`"binding_public_key": null`, `"binding_public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"`,
		`"binding_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"`, `"binding_secret": null`,
		`"config_alg": "sha1"`, `"config_alg": null`,
		`"config_app_id": null`, `"config_app_id": "com.example.app"`,
		`"config_code_length": 6`, `"config_code_length": null`,
		`"config_notification_platform": null`, `"config_notification_platform": "fcm"`,
		`"config_notification_token": null`, `"config_notification_token": "fcm-0123456789abcdef0123456789abcdef"`,
		`"config_sdk_version": null`, `"config_sdk_version": "4.1.0"`,
		`"config_skew": "1"`, `"config_skew": null`,
		`"config_time_step": 30`, `"config_time_step": null`,
	).Replace(legacyTOTPState)
	m, resp := moveLegacy(t, legacyFactorTypeName, "registry.terraform.io/twilio/twilio", raw)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	push, ok := m.push()
	if !ok || push.Alg.ValueString() != "ES256" || push.PublicKey.ValueString() != "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" ||
		push.AppID.ValueString() != "com.example.app" || push.NotificationPlatform.ValueString() != "fcm" ||
		push.NotificationToken.ValueString() != "fcm-0123456789abcdef0123456789abcdef" || push.SdkVersion.ValueString() != "4.1.0" {
		t.Errorf("push = %+v", push)
	}
	if !m.BindingSecret.IsNull() || !m.ConfigAlg.IsNull() {
		t.Errorf("a push factor has TOTP attributes: %+v", m)
	}
}

func TestMoveStateIgnoresOtherSources(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ typeName, provider string }{
		{"twilio_verify_services_v2", "registry.terraform.io/twilio/twilio"},
		{legacyFactorTypeName, "registry.terraform.io/hashicorp/twilio"},
	} {
		_, resp := moveLegacy(t, c.typeName, c.provider, legacyTOTPState)
		if resp.Diagnostics.HasError() || !resp.TargetState.Raw.IsNull() {
			t.Errorf("%+v: the mover handled a source that is not Twilio's factor: %v", c, resp.Diagnostics)
		}
	}
}

func TestMoveStateRefusesWhatCannotBeMapped(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ from, to, want string }{
		"metadata with a number": {`"{\"os\": \"Android\"}"`, `"{\"build\": 42}"`, "not a string"},
		"metadata not JSON":      {`"{\"os\": \"Android\"}"`, `"os=Android"`, "not a JSON object"},
		"missing sid":            {`"sid": "YF0123456789abcdef0123456789abcdef"`, `"sid": null`, "lacks a valid service_sid, identity or sid"},
		"passkeys":               {`"factor_type": "totp"`, `"factor_type": "passkeys"`, `is a passkeys factor; twilio_verify_factor manages only totp and push factors`},
		"time step not a number": {`"config_time_step": 30`, `"config_time_step": "thirty"`, "not a whole number"},
	} {
		_, resp := moveLegacy(t, legacyFactorTypeName, "registry.terraform.io/twilio/twilio", strings.Replace(legacyTOTPState, c.from, c.to, 1))
		if !resp.Diagnostics.HasError() {
			t.Errorf("%s: no error", name)
			continue
		}
		if d := resp.Diagnostics.Errors()[0]; d.Summary() != "Unable to Move Twilio Factor State" || !strings.Contains(d.Detail(), c.want) {
			t.Errorf("%s: got %q / %q, want detail containing %q", name, d.Summary(), d.Detail(), c.want)
		}
	}
}

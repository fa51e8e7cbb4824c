package provider

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func int64p(n int64) *int64 { return &n }

func TestApplyFactorMapsTheAPIAnswer(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f := &verify.Factor{
		SID: "YF0123456789abcdef0123456789abcdef", AccountSID: testAccount, ServiceSID: "VA0123456789abcdef0123456789abcdef",
		EntitySID: "YE0123456789abcdef0123456789abcdef", Identity: "user-0001", DateCreated: created, DateUpdated: created,
		FriendlyName: "Phone", Status: "verified", FactorType: "totp", URL: "https://verify.twilio.com/v2/x",
		Config: verify.FactorConfig{Alg: "SHA256", Skew: int64p(1), CodeLength: int64p(8), TimeStep: int64p(30)},
	}
	m := factorResourceModel{
		BindingSecret: types.StringValue(knownSecret), Metadata: types.MapValueMust(types.StringType, nil),
	}
	if diags := applyFactor(&m, f); diags.HasError() {
		t.Fatal(diags)
	}
	if m.SID.ValueString() != f.SID || m.ConfigAlg.ValueString() != "sha256" ||
		m.ConfigCodeLength.ValueInt64() != 8 || m.FriendlyName.ValueString() != "Phone" ||
		m.BindingSecret.ValueString() != knownSecret || !m.Push.IsNull() || m.Status.ValueString() != "verified" {
		t.Errorf("unexpected model %+v", m)
	}
	// A configured empty map stays an empty map against the API's null.
	if m.Metadata.IsNull() || len(m.Metadata.Elements()) != 0 {
		t.Errorf("metadata = %v, want the configured empty map", m.Metadata)
	}
}

// TestApplyFactorKeepsTheDeviceKey checks that a push factor's answer, which
// never holds the device key and may omit the notification token, keeps
// those from the plan or state.
func TestApplyFactorKeepsTheDeviceKey(t *testing.T) {
	t.Parallel()
	f := &verify.Factor{
		SID: "YF0123456789abcdef0123456789abcdef", ServiceSID: "VA0123456789abcdef0123456789abcdef", Identity: "user-0001",
		FriendlyName: "Pixel", Status: "verified", FactorType: "push",
		Config: verify.FactorConfig{AppID: "com.example.app", NotificationPlatform: "fcm", SdkVersion: "4.2.0"},
	}
	m := factorResourceModel{Push: factorPushModel{
		Alg: types.StringValue("ES256"), PublicKey: types.StringValue("MFkw"), AppID: types.StringValue("com.example.app"),
		NotificationPlatform: types.StringValue("fcm"), NotificationToken: types.StringValue("token-0123"),
		SdkVersion: types.StringValue("4.1.0"),
	}.object()}
	if diags := applyFactor(&m, f); diags.HasError() {
		t.Fatal(diags)
	}
	push, ok := m.push()
	if !ok || push.Alg.ValueString() != "ES256" || push.PublicKey.ValueString() != "MFkw" ||
		push.NotificationToken.ValueString() != "token-0123" || push.SdkVersion.ValueString() != "4.2.0" {
		t.Errorf("push = %+v, want the device key and token kept and the SDK version from the answer", push)
	}
	if !m.ConfigAlg.IsNull() || !m.ConfigTimeStep.IsNull() {
		t.Errorf("a push factor has TOTP config: %v, %v", m.ConfigAlg, m.ConfigTimeStep)
	}
}

// benchFactor is a typical TOTP factor as the API returns it.
func benchFactor() *verify.Factor {
	created := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return &verify.Factor{
		SID: "YF0123456789abcdef0123456789abcdef", AccountSID: testAccount, ServiceSID: "VA0123456789abcdef0123456789abcdef",
		EntitySID: "YE0123456789abcdef0123456789abcdef", Identity: "user-0001", DateCreated: created, DateUpdated: created,
		FriendlyName: "Phone", Status: "verified", FactorType: "totp", URL: "https://verify.twilio.com/v2/x",
		Config:   verify.FactorConfig{Alg: "sha1", Skew: int64p(1), CodeLength: int64p(6), TimeStep: int64p(30)},
		Metadata: map[string]string{"os": "Android"},
	}
}

// BenchmarkApplyFactor measures converting an API factor into resource state.
func BenchmarkApplyFactor(b *testing.B) {
	f := benchFactor()
	for b.Loop() {
		m := factorResourceModel{Metadata: types.MapNull(types.StringType)}
		if diags := applyFactor(&m, f); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// The data sources read a passkeys factor's config, in the shape of the
// spec's fetchPasskeys example, into `passkeys`, whose type is the schema's;
// other factor types have passkeys = null.
func TestFactorDataModelReadsPasskeysConfig(t *testing.T) {
	const fetched = `{"sid": "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "factor_type": "passkeys", "status": "unverified",
		"config": {"relying_party": {"id": "example.com", "name": "Example", "origins": ["https://example.com"]},
		"authenticator_attachment": "platform", "discoverable_credentials": "preferred", "user_verification": "required"}}`
	var f verify.Factor
	if err := json.Unmarshal([]byte(fetched), &f); err != nil {
		t.Fatal(err)
	}
	m, diags := newFactorDataModel(&f)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if _, diags := m.objectValue(factorDataAttrTypes()); diags.HasError() {
		t.Fatalf("the passkeys value does not have the schema's type: %v", diags)
	}
	want := types.ObjectValueMust(factorDataPasskeysAttrTypes, map[string]attr.Value{
		"relying_party_id":         types.StringValue("example.com"),
		"relying_party_name":       types.StringValue("Example"),
		"relying_party_origins":    types.ListValueMust(types.StringType, []attr.Value{types.StringValue("https://example.com")}),
		"authenticator_attachment": types.StringValue("platform"),
		"discoverable_credentials": types.StringValue("preferred"),
		"user_verification":        types.StringValue("required"),
	})
	if !m.Passkeys.Equal(want) || !m.Push.IsNull() || !m.ConfigAlg.IsNull() {
		t.Errorf("passkeys = %v, push = %v, config_alg = %v", m.Passkeys, m.Push, m.ConfigAlg)
	}
	if totp, _ := newFactorDataModel(benchFactor()); !totp.Passkeys.IsNull() {
		t.Errorf("a TOTP factor has passkeys = %v", totp.Passkeys)
	}
}

package provider

import (
	"testing"
	"time"

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
		ConfigNotificationToken: types.StringNull(),
	}
	if diags := applyFactor(&m, f); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != f.ServiceSID+"/user-0001/"+f.SID || m.ConfigAlg.ValueString() != "sha256" ||
		m.ConfigCodeLength.ValueInt64() != 8 || m.DateCreated.ValueString() != "2026-11-25T10:00:00Z" ||
		m.BindingSecret.ValueString() != knownSecret || !m.ConfigSdkVersion.IsNull() || m.Status.ValueString() != "verified" {
		t.Errorf("unexpected model %+v", m)
	}
	// A configured empty map stays an empty map against the API's null.
	if m.Metadata.IsNull() || len(m.Metadata.Elements()) != 0 {
		t.Errorf("metadata = %v, want the configured empty map", m.Metadata)
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
		m := factorResourceModel{Metadata: types.MapNull(types.StringType), ConfigNotificationToken: types.StringNull()}
		if diags := applyFactor(&m, f); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func int64p(n int64) *int64 { return &n }

func TestPlanUpdateSendsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	state := factorResourceModel{
		FriendlyName: types.StringValue("Phone"), ConfigTimeStep: types.Int64Value(30), ConfigSkew: types.Int64Value(1),
		ConfigCodeLength: types.Int64Value(6), ConfigAlg: types.StringValue("sha1"), Status: types.StringValue("unverified"),
		AuthPayload: types.StringNull(), AutoVerify: types.BoolNull(), BindingSecret: types.StringNull(),
	}

	same := state
	same.BindingSecret = types.StringValue(knownSecret) // adopted after import: no request
	if u := planUpdate(state, same); u.sendsRequest() {
		t.Errorf("recording a secret sends a request: %+v", u)
	}

	changed := state
	changed.FriendlyName = types.StringValue("New phone")
	changed.ConfigTimeStep = types.Int64Value(60)
	u := planUpdate(state, changed)
	if !u.changes || u.verifies || u.params.FriendlyName == nil || *u.params.FriendlyName != "New phone" ||
		u.params.ConfigTimeStep == nil || *u.params.ConfigTimeStep != 60 || u.params.ConfigSkew != nil || u.params.ConfigAlg != nil {
		t.Errorf("unexpected update %+v", u)
	}

	verifying := state
	verifying.AuthPayload = types.StringValue("123456")
	if u := planUpdate(state, verifying); u.changes || !u.verifies || u.params.AuthPayload == nil || u.autoVerify {
		t.Errorf("auth_payload update %+v", u)
	}

	auto := state
	auto.AutoVerify = types.BoolValue(true)
	if u := planUpdate(state, auto); !u.verifies || !u.autoVerify {
		t.Errorf("auto_verify turned on while unverified: %+v", u)
	}
	verified := state
	verified.Status = types.StringValue("verified")
	autoVerified := verified
	autoVerified.AutoVerify = types.BoolValue(true)
	if u := planUpdate(verified, autoVerified); u.sendsRequest() {
		t.Errorf("auto_verify on a verified factor sends a request: %+v", u)
	}

	unknown := state
	unknown.FriendlyName = types.StringUnknown()
	if u := planUpdate(state, unknown); !u.changes || u.params.FriendlyName != nil {
		t.Errorf("unknown planned value: %+v", u)
	}
}

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

func TestNewTOTPCodeMatchesRFC6238(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 25, 10, 0, 10, 0, time.UTC)
	now := func() time.Time { return at }
	for _, c := range []struct {
		alg    string
		otpAlg otp.Algorithm
		digits int64
		period int64
	}{{"sha1", otp.AlgorithmSHA1, 6, 30}, {"sha256", otp.AlgorithmSHA256, 8, 60}, {"sha512", otp.AlgorithmSHA512, 3, 20}, {"", otp.AlgorithmSHA1, 0, 0}} {
		code, err := newTOTPCodeAt(knownSecret, c.alg, c.digits, c.period, now)
		if err != nil {
			t.Fatal(err)
		}
		digits, period := c.digits, c.period
		if digits == 0 {
			digits, period = 6, 30
		}
		ok, err := totp.ValidateCustom(code.value, knownSecret, at, totp.ValidateOpts{Period: uint(period), Digits: otp.Digits(digits), Algorithm: c.otpAlg})
		if err != nil || !ok || len(code.value) != int(digits) {
			t.Errorf("%+v: code %q not valid (%v)", c, code.value, err)
		}
		if code.stepChanged() {
			t.Errorf("step changed with a frozen clock")
		}
	}
	if _, err := newTOTPCodeAt("not base32!", "sha1", 6, 30, now); err == nil {
		t.Error("want an error for a secret that is not base32")
	}
	if _, err := newTOTPCodeAt(knownSecret, "md5", 6, 30, now); err == nil {
		t.Error("want an error for an unsupported algorithm")
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

// BenchmarkFactorsDataSourceList measures converting a 1000-factor list into
// the data source's list value.
func BenchmarkFactorsDataSourceList(b *testing.B) {
	factors := make([]verify.Factor, 1000)
	for i := range factors {
		factors[i] = *benchFactor()
	}
	attrTypes := factorDataAttrTypes()
	for b.Loop() {
		objects := make([]attr.Value, 0, len(factors))
		for i := range factors {
			m, _ := newFactorDataModel(&factors[i])
			object, diags := m.objectValue(attrTypes)
			if diags.HasError() {
				b.Fatal(diags)
			}
			objects = append(objects, object)
		}
		if _, diags := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, objects); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRebuildBindingURI(t *testing.T) {
	t.Parallel()
	const prior = "otpauth://totp/Acme%20%26%20Co:Phone?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30"
	model := func() factorResourceModel {
		return factorResourceModel{
			FactorType:       types.StringValue("totp"),
			FriendlyName:     types.StringValue("Work laptop"),
			BindingSecret:    types.StringValue("JBSWY3DPEHPK3PXP"),
			ConfigAlg:        types.StringValue("sha512"),
			ConfigCodeLength: types.Int64Value(8),
			ConfigTimeStep:   types.Int64Value(60),
		}
	}
	got := rebuildBindingURI(types.StringValue(prior), model())
	want := "otpauth://totp/Acme%20&%20Co:Work%20laptop?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20%26%20Co&algorithm=SHA512&digits=8&period=60"
	if got.ValueString() != want {
		t.Errorf("rebuilt URI\n %s\nwant\n %s", got.ValueString(), want)
	}

	m := model()
	m.BindingSecret = types.StringNull()
	if got := rebuildBindingURI(types.StringValue(prior), m); !got.IsNull() {
		t.Errorf("unknown secret: got %v, want null", got)
	}
	m = model()
	m.ConfigCodeLength = types.Int64Unknown()
	if got := rebuildBindingURI(types.StringValue(prior), m); !got.IsUnknown() {
		t.Errorf("unknown code length: got %v, want unknown", got)
	}
	if got := rebuildBindingURI(types.StringNull(), model()); !got.IsNull() {
		t.Errorf("no prior URI (import): got %v, want null", got)
	}
	// Without an issuer parameter, the label's prefix is the issuer.
	if got := rebuildBindingURI(types.StringValue("otpauth://totp/Acme:Phone?secret=X"), model()); got.ValueString() !=
		"otpauth://totp/Acme:Work%20laptop?secret=JBSWY3DPEHPK3PXP&issuer=Acme&algorithm=SHA512&digits=8&period=60" {
		t.Errorf("label issuer: %s", got.ValueString())
	}
	if got := rebuildBindingURI(types.StringValue("https://example.com"), model()); !got.IsNull() {
		t.Errorf("not an otpauth URI: got %v, want null", got)
	}
}

func TestBindingURIChanges(t *testing.T) {
	t.Parallel()
	state := factorResourceModel{
		FactorType: types.StringValue("totp"), BindingURI: types.StringValue("otpauth://totp/A:B?issuer=A"),
		FriendlyName: types.StringValue("B"), ConfigAlg: types.StringValue("sha1"),
		ConfigCodeLength: types.Int64Value(6), ConfigTimeStep: types.Int64Value(30), ConfigSkew: types.Int64Value(1),
	}
	plan := state
	if bindingURIChanges(state, plan) {
		t.Error("no change reported as a URI change")
	}
	plan.ConfigSkew = types.Int64Value(2) // the URI does not carry the skew
	if bindingURIChanges(state, plan) {
		t.Error("a skew change reported as a URI change")
	}
	for _, change := range []func(*factorResourceModel){
		func(m *factorResourceModel) { m.FriendlyName = types.StringValue("C") },
		func(m *factorResourceModel) { m.ConfigAlg = types.StringValue("sha256") },
		func(m *factorResourceModel) { m.ConfigCodeLength = types.Int64Value(8) },
		func(m *factorResourceModel) { m.ConfigTimeStep = types.Int64Value(60) },
	} {
		p := state
		change(&p)
		if !bindingURIChanges(state, p) {
			t.Errorf("change %+v not reported", p)
		}
	}
	noURI := state
	noURI.BindingURI = types.StringNull()
	changed := noURI
	changed.FriendlyName = types.StringValue("C")
	if bindingURIChanges(noURI, changed) {
		t.Error("a factor without a URI (imported, write-only secret) reported a URI change")
	}
}

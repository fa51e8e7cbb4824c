package provider

import (
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// bindingURIChanges reports whether an in-place update changes what a TOTP
// factor's otpauth:// URI says (its label, algorithm, digits or period),
// so that the URI in state must be rebuilt.
func bindingURIChanges(state, plan factorResourceModel) bool {
	if state.BindingURI.IsNull() || plan.FactorType.ValueString() != verify.FactorTypeTOTP {
		return false
	}
	for _, pair := range [][2]attr.Value{
		{plan.FriendlyName, state.FriendlyName},
		{plan.ConfigAlg, state.ConfigAlg},
		{plan.ConfigCodeLength, state.ConfigCodeLength},
		{plan.ConfigTimeStep, state.ConfigTimeStep},
	} {
		if !pair[0].IsNull() && !pair[0].Equal(pair[1]) {
			return true
		}
	}
	return false
}

// rebuildBindingURI returns the otpauth:// URI that describes the factor m
// (label, algorithm, digits, period) with its secret, keeping the issuer of
// priorURI (the service's, as Twilio wrote it at creation), so no request
// is needed. It is unknown while any input is unknown, and null when the
// secret or the issuer is not known: a URI that describes another
// authenticator than the factor's must never be in state.
func rebuildBindingURI(priorURI types.String, m factorResourceModel) types.String {
	secret := m.BindingSecret
	if priorURI.IsNull() || secret.IsNull() {
		return types.StringNull()
	}
	for _, v := range []attr.Value{priorURI, secret, m.FriendlyName, m.ConfigAlg, m.ConfigCodeLength, m.ConfigTimeStep} {
		if v.IsUnknown() {
			return types.StringUnknown()
		}
	}
	issuer, ok := uriIssuer(priorURI.ValueString())
	if !ok || secret.ValueString() == "" {
		return types.StringNull()
	}
	svc := &verify.Service{FriendlyName: issuer}
	svc.Totp.Issuer = issuer
	f := verify.Factor{
		FriendlyName: m.FriendlyName.ValueString(),
		FactorType:   verify.FactorTypeTOTP,
		Config: verify.FactorConfig{
			Alg:        m.ConfigAlg.ValueString(),
			CodeLength: knownInt64(m.ConfigCodeLength),
			TimeStep:   knownInt64(m.ConfigTimeStep),
		},
	}
	return types.StringValue(verify.TOTPURI(svc, f, secret.ValueString()))
}

// uriIssuer returns the issuer of an otpauth:// URI: its issuer parameter,
// else the label's prefix before ":".
func uriIssuer(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "otpauth" {
		return "", false
	}
	if issuer := u.Query().Get("issuer"); issuer != "" {
		return issuer, true
	}
	label := strings.TrimPrefix(u.Path, "/")
	if i := strings.Index(label, ":"); i > 0 {
		return label[:i], true
	}
	return "", false
}

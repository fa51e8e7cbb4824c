package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestValidateCombinations(t *testing.T) {
	t.Parallel()
	secret := types.StringValue("JBSWY3DPEHPK3PXP")
	for _, c := range []struct {
		name   string
		config func(*factorResourceModel)
		want   string // "" for no error
	}{
		{"nothing set", func(*factorResourceModel) {}, ""},
		{"auto_verify alone", func(m *factorResourceModel) { m.AutoVerify = types.BoolValue(true) }, ""},
		{"auto_verify and auth_payload", func(m *factorResourceModel) {
			m.AutoVerify, m.AuthPayload = types.BoolValue(false), types.StringValue("123456")
		}, "auto_verify and auth_payload cannot be configured together"},
		{"unknown auth_payload counts as set", func(m *factorResourceModel) {
			m.AutoVerify, m.AuthPayload = types.BoolValue(true), types.StringUnknown()
		}, "cannot be configured together"},
		{"both secrets", func(m *factorResourceModel) {
			m.BindingSecret, m.BindingSecretWO, m.BindingSecretWOVersion = secret, secret, types.Int64Value(1)
		}, "binding_secret and binding_secret_wo cannot be configured together"},
		{"write-only secret with version", func(m *factorResourceModel) {
			m.BindingSecretWO, m.BindingSecretWOVersion = secret, types.Int64Value(1)
		}, ""},
		{"write-only secret without version", func(m *factorResourceModel) { m.BindingSecretWO = secret },
			"must be configured together: set binding_secret_wo_version"},
		{"version without write-only secret", func(m *factorResourceModel) { m.BindingSecretWOVersion = types.Int64Value(2) },
			"must be configured together: set binding_secret_wo "},
		{"unknown version is not judged yet", func(m *factorResourceModel) {
			m.BindingSecretWO, m.BindingSecretWOVersion = secret, types.Int64Unknown()
		}, ""},
	} {
		var m factorResourceModel
		c.config(&m)
		diags := validateCombinations(m)
		if c.want == "" {
			if diags.HasError() {
				t.Errorf("%s: unexpected %v", c.name, diags)
			}
			continue
		}
		if len(diags) != 1 || !strings.Contains(diags[0].Detail(), c.want) || strings.Contains(diags[0].Detail(), "JBSWY3DP") {
			t.Errorf("%s: got %v, want one error containing %q and no secret", c.name, diags, c.want)
		}
	}
}

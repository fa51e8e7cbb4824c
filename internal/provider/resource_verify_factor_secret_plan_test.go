package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPlanWriteOnlySecretKeepsOnlyTheSameSecret(t *testing.T) {
	t.Parallel()
	kept := factorResourceModel{SID: types.StringValue("YF0123456789abcdef0123456789abcdef"),
		BindingSecret: types.StringValue(knownSecret), BindingSecretWOVersion: types.Int64Null()}
	imported := kept
	imported.BindingSecret = types.StringNull()
	written := imported
	written.BindingSecretWOVersion = types.Int64Value(1)

	for _, c := range []struct {
		name             string
		state            factorResourceModel
		secret           types.String
		version          types.Int64
		changes, replace bool
		warning          string
	}{
		{"same version", written, types.StringValue(otherSecret), types.Int64Value(1), false, false, ""},
		{"kept secret, same value", kept, types.StringValue(knownSecret), types.Int64Value(1), true, false, "Write-Only Secret Adopted"},
		{"kept secret, other value", kept, types.StringValue(otherSecret), types.Int64Value(1), true, true, "Write-Only Secret Replaces Factor"},
		{"kept secret, unknown value", kept, types.StringUnknown(), types.Int64Value(1), true, true, "Write-Only Secret Replaces Factor"},
		{"kept secret, unknown version", kept, types.StringValue(knownSecret), types.Int64Unknown(), true, true, "Write-Only Secret Replaces Factor"},
		{"imported, no secret to compare", imported, types.StringValue(otherSecret), types.Int64Value(1), true, false, "Write-Only Secret Recorded Without Check"},
		{"new version", written, types.StringValue(otherSecret), types.Int64Value(2), true, true, ""},
		{"version removed", written, types.StringNull(), types.Int64Null(), true, true, ""},
	} {
		a := planWriteOnlySecret(c.state, c.secret, c.version)
		if a.changes != c.changes || a.replace != c.replace {
			t.Errorf("%s: changes %v replace %v, want %v %v", c.name, a.changes, a.replace, c.changes, c.replace)
		}
		if (c.warning == "") != (len(a.diags) == 0) || (c.warning != "" && a.diags[0].Summary() != c.warning) {
			t.Errorf("%s: diagnostics %v, want %q", c.name, a.diags, c.warning)
		}
		for _, d := range a.diags {
			if strings.Contains(d.Detail(), knownSecret) || strings.Contains(d.Detail(), otherSecret) || d.Severity().String() != "Warning" {
				t.Errorf("%s: %s %q echoes a secret or is not a warning", c.name, d.Severity(), d.Detail())
			}
		}
	}
}

func TestPlanAutoVerifySecretRefusesAnUnknownSecret(t *testing.T) {
	t.Parallel()
	state := factorResourceModel{SID: types.StringValue("YF0123456789abcdef0123456789abcdef"), Status: types.StringValue("unverified"),
		AutoVerify: types.BoolNull(), AuthPayload: types.StringNull(), BindingSecret: types.StringNull()}
	plan := state
	plan.AutoVerify = types.BoolValue(true)
	if d := planAutoVerifySecret(state, plan, types.StringNull()); !d.HasError() || d[0].Summary() != "Cannot Auto-Verify Factor" {
		t.Errorf("auto_verify without a secret: %v", d)
	}
	for name, ok := range map[string]struct {
		plan factorResourceModel
		wo   types.String
	}{
		"write-only secret":          {plan, types.StringValue(knownSecret)},
		"write-only secret unknown":  {plan, types.StringUnknown()},
		"configured secret":          {withSecret(plan, types.StringValue(knownSecret)), types.StringNull()},
		"secret unknown until apply": {withSecret(plan, types.StringUnknown()), types.StringNull()},
		"auto_verify off":            {state, types.StringNull()},
	} {
		if d := planAutoVerifySecret(state, ok.plan, ok.wo); d.HasError() {
			t.Errorf("%s: refused: %v", name, d)
		}
	}
	verified := state
	verified.Status = types.StringValue("verified")
	if d := planAutoVerifySecret(verified, plan, types.StringNull()); d.HasError() {
		t.Errorf("auto_verify on a verified factor needs no secret: %v", d)
	}
}

func withSecret(m factorResourceModel, secret types.String) factorResourceModel {
	m.BindingSecret = secret
	return m
}

func TestValidateCreateNeedsTheDeviceKeyAndToken(t *testing.T) {
	t.Parallel()
	push := func(publicKey, platform, token types.String) factorResourceModel {
		return factorResourceModel{FactorType: types.StringValue("push"), Push: factorPushModel{
			Alg: types.StringValue(pushBindingAlgorithm), PublicKey: publicKey, AppID: types.StringValue("com.example.app"),
			NotificationPlatform: platform, NotificationToken: token, SdkVersion: types.StringValue("4.1.0"),
		}.object()}
	}
	key, token := types.StringValue("MFkw..."), types.StringValue(strings.Repeat("t", 40))
	for name, c := range map[string]struct {
		config factorResourceModel
		want   string
	}{
		"complete":                {push(key, types.StringValue("fcm"), token), ""},
		"no token, platform none": {push(key, types.StringValue("none"), types.StringNull()), ""},
		"key unknown until apply": {push(types.StringUnknown(), types.StringValue("none"), types.StringNull()), ""},
		"no key":                  {push(types.StringNull(), types.StringValue("fcm"), token), "push.public_key"},
		"no token":                {push(key, types.StringValue("apn"), types.StringNull()), "push.notification_token"},
		"platform unknown":        {push(key, types.StringUnknown(), types.StringNull()), ""},
		"totp":                    {factorResourceModel{FactorType: types.StringValue("totp"), Push: types.ObjectNull(factorPushAttrTypes)}, ""},
	} {
		d := validateCreate(c.config)
		if c.want == "" && d.HasError() || c.want != "" && (!d.HasError() || !strings.Contains(d[0].Detail(), c.want)) {
			t.Errorf("%s: %v, want an error naming %q", name, d, c.want)
		}
	}
}

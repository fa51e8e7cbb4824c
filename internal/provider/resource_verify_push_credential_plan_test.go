package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// credentialConfig is a configuration of the credential's attributes;
// unset ones are null.
func credentialConfig(kind string, set func(*pushCredentialModel)) pushCredentialModel {
	m := pushCredentialModel{
		Type: types.StringValue(kind), FriendlyName: types.StringValue("push"),
		Certificate: types.StringNull(), PrivateKey: types.StringNull(), PrivateKeyWO: types.StringNull(),
		PrivateKeyWOVersion: types.Int64Null(), Sandbox: types.BoolNull(), Secret: types.StringNull(),
		SecretWO: types.StringNull(), SecretWOVersion: types.Int64Null(),
	}
	set(&m)
	return m
}

func TestValidatePushCredential(t *testing.T) {
	t.Parallel()
	now := time.Now()
	pair := newAPNPair(t, now.Add(365*24*time.Hour))
	soon := newAPNPair(t, now.Add(5*24*time.Hour))
	expired := newAPNPair(t, now.Add(-time.Hour))
	other := newAPNPair(t, now.Add(365*24*time.Hour))
	account := newServiceAccountJSON(t, "acme-push")
	str := types.StringValue
	for _, tt := range []struct {
		name, kind string
		set        func(*pushCredentialModel)
		want, warn string // "" when none is expected
	}{
		{"apn", "apn", func(m *pushCredentialModel) { m.Certificate, m.PrivateKey = str(pair.certPEM), str(pair.keyPEM) }, "", ""},
		{"apn write-only", "apn", func(m *pushCredentialModel) {
			m.Certificate, m.PrivateKeyWO, m.PrivateKeyWOVersion = str(pair.certPEM), str(pair.keyPEM), types.Int64Value(1)
		}, "", ""},
		{"apn without key", "apn", func(m *pushCredentialModel) { m.Certificate = str(pair.certPEM) }, "Set private_key (or private_key_wo", ""},
		{"apn without certificate", "apn", func(m *pushCredentialModel) { m.PrivateKey = str(pair.keyPEM) }, "needs certificate", ""},
		{"apn both keys", "apn", func(m *pushCredentialModel) {
			m.Certificate, m.PrivateKey, m.PrivateKeyWO, m.PrivateKeyWOVersion = str(pair.certPEM), str(pair.keyPEM), str(pair.keyPEM), types.Int64Value(1)
		}, "cannot be configured together", ""},
		{"apn write-only without version", "apn", func(m *pushCredentialModel) {
			m.Certificate, m.PrivateKeyWO = str(pair.certPEM), str(pair.keyPEM)
		}, "set private_key_wo_version", ""},
		{"apn key of another certificate", "apn", func(m *pushCredentialModel) { m.Certificate, m.PrivateKey = str(pair.certPEM), str(other.keyPEM) }, "is not the key of the certificate", ""},
		{"apn expired", "apn", func(m *pushCredentialModel) { m.Certificate, m.PrivateKey = str(expired.certPEM), str(expired.keyPEM) }, "expired on", ""},
		{"apn expires soon", "apn", func(m *pushCredentialModel) { m.Certificate, m.PrivateKey = str(soon.certPEM), str(soon.keyPEM) }, "", "expires on"},
		{"apn with secret", "apn", func(m *pushCredentialModel) {
			m.Certificate, m.PrivateKey, m.Secret = str(pair.certPEM), str(pair.keyPEM), str(account)
		}, "secret applies to fcm credentials only", ""},
		{"fcm", "fcm", func(m *pushCredentialModel) { m.Secret = str(account) }, "", ""},
		{"fcm write-only", "fcm", func(m *pushCredentialModel) { m.SecretWO, m.SecretWOVersion = str(account), types.Int64Value(3) }, "", ""},
		{"fcm without secret", "fcm", func(*pushCredentialModel) {}, "Set secret (or secret_wo", ""},
		{"fcm version alone", "fcm", func(m *pushCredentialModel) { m.Secret, m.SecretWOVersion = str(account), types.Int64Value(1) }, "set secret_wo ", ""},
		{"fcm with sandbox", "fcm", func(m *pushCredentialModel) { m.Secret, m.Sandbox = str(account), types.BoolValue(true) }, "sandbox applies to apn", ""},
		{"unknown type", "", func(m *pushCredentialModel) { m.Type = types.StringUnknown() }, "", ""},
	} {
		// A create's plan: ValidateConfig, then ModifyPlan.
		config := credentialConfig(tt.kind, tt.set)
		diags := validatePushCredential(config, now)
		diags.Append(validatePushCredentialCreate(config)...)
		var errs, warns []string
		for _, d := range diags.Errors() {
			errs = append(errs, d.Summary()+": "+d.Detail())
		}
		for _, d := range diags.Warnings() {
			warns = append(warns, d.Detail())
		}
		all := strings.Join(errs, "\n")
		if (tt.want == "") != (len(errs) == 0) || !strings.Contains(all, tt.want) {
			t.Errorf("%s: errors %q, want one with %q", tt.name, errs, tt.want)
		}
		if (tt.warn == "") != (len(warns) == 0) || !strings.Contains(strings.Join(warns, "\n"), tt.warn) {
			t.Errorf("%s: warnings %q, want %q", tt.name, warns, tt.warn)
		}
		for _, secret := range []string{pair.keyPEM[40:80], account[100:140]} {
			if strings.Contains(all, secret) {
				t.Errorf("%s: a diagnostic shows the secret", tt.name)
			}
		}
	}
}

// The configuration of an imported credential has no material (Twilio
// never returns it): valid, since only a create needs it.
func TestValidatePushCredential_MaterialOnlyToCreate(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"apn", "fcm"} {
		config := credentialConfig(kind, func(*pushCredentialModel) {})
		if diags := validatePushCredential(config, time.Now()); diags.HasError() {
			t.Errorf("%s without material: ValidateConfig refused it: %v", kind, diags)
		}
		if diags := validatePushCredentialCreate(config); !diags.HasError() {
			t.Errorf("%s without material: a create was not refused", kind)
		}
	}
}

// An update sends only what changed; a bumped write-only version sends the
// write-only value from the configuration.
func TestPlanPushCredentialChange(t *testing.T) {
	t.Parallel()
	str := types.StringValue
	state := credentialConfig("apn", func(m *pushCredentialModel) {
		m.Certificate, m.PrivateKeyWOVersion, m.Sandbox = str("cert-1"), types.Int64Value(1), types.BoolValue(false)
	})
	create := planPushCredentialChange(state, credentialConfig("apn", func(m *pushCredentialModel) { m.PrivateKeyWO = str("key-1") }), nil)
	if f := create.params.Form(); f.Get("Type") != "apn" || f.Get("PrivateKey") != "key-1" || f.Get("Certificate") != "cert-1" || f.Get("Sandbox") != "false" {
		t.Errorf("create sends %v", f)
	}
	for _, tt := range []struct {
		name string
		set  func(plan, config *pushCredentialModel)
		want string // the encoded form
	}{
		{"nothing", func(*pushCredentialModel, *pushCredentialModel) {}, ""},
		{"name", func(p, _ *pushCredentialModel) { p.FriendlyName = str("renamed") }, "FriendlyName=renamed"},
		{"rotation by version", func(p, c *pushCredentialModel) {
			p.PrivateKeyWOVersion, c.PrivateKeyWO = types.Int64Value(2), str("key-2")
		}, "PrivateKey=key-2"},
		{"new certificate", func(p, _ *pushCredentialModel) { p.Certificate = str("cert-2") }, "Certificate=cert-2"},
		{"sandbox", func(p, _ *pushCredentialModel) { p.Sandbox = types.BoolValue(true) }, "Sandbox=true"},
		{"write-only value without a version bump", func(_, c *pushCredentialModel) { c.PrivateKeyWO = str("key-3") }, ""},
	} {
		plan, config := state, credentialConfig("apn", func(*pushCredentialModel) {})
		tt.set(&plan, &config)
		got := planPushCredentialChange(plan, config, &state)
		if enc := got.params.Form().Encode(); enc != tt.want || got.changed != (tt.want != "") {
			t.Errorf("%s: sends %q (changed %t), want %q", tt.name, enc, got.changed, tt.want)
		}
	}
}

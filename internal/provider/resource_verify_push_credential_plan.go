package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithValidateConfig = (*pushCredentialResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*pushCredentialResource)(nil)
)

// pushCredentialAttributes are the attributes of each credential type;
// the other type's are refused.
var pushCredentialAttributes = map[string][]string{
	verify.CredentialTypeAPN: {"certificate", "private_key", "private_key_wo", "private_key_wo_version", "sandbox"},
	verify.CredentialTypeFCM: {"secret", "secret_wo", "secret_wo_version"},
}

// ValidateConfig checks, at plan and before any request, that the
// attributes fit the type, that a secret is given at most once (plainly or
// write-only, with its version), and that an APN key belongs to its
// certificate, which has not expired. That the material is there at all is
// checked by ModifyPlan, and only for a create. The values themselves are checked
// by the attributes' validators; no message shows them.
func (r *pushCredentialResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config pushCredentialModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validatePushCredential(config, time.Now())...)
}

// validatePushCredential is ValidateConfig at the time now.
func validatePushCredential(config pushCredentialModel, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	values := config.typedValues()
	requireWithVersion(&diags, "private_key_wo", config.PrivateKeyWO, config.PrivateKeyWOVersion)
	requireWithVersion(&diags, "secret_wo", config.SecretWO, config.SecretWOVersion)
	kind, known := knownString(config.Type)
	if !known {
		return diags
	}
	for other, names := range pushCredentialAttributes {
		if other == kind {
			continue
		}
		for _, name := range names {
			if !values[name].IsNull() {
				diags.AddAttributeError(path.Root(name), "Attribute Not Allowed for This Credential Type",
					fmt.Sprintf("%s applies to %s credentials only. Remove it, or set type = %q.", name, other, other))
			}
		}
	}
	switch kind {
	case verify.CredentialTypeAPN:
		notBoth(&diags, "private_key", "private_key_wo", config.PrivateKey, config.PrivateKeyWO, apnKeyMaterial)
		checkAPNPair(&diags, config, now)
	case verify.CredentialTypeFCM:
		notBoth(&diags, "secret", "secret_wo", config.Secret, config.SecretWO, fcmSecretMaterial)
	}
	return diags
}

// typedValues returns the type-specific attributes by name.
func (m pushCredentialModel) typedValues() map[string]attr.Value {
	return map[string]attr.Value{
		"certificate": m.Certificate, "private_key": m.PrivateKey, "private_key_wo": m.PrivateKeyWO,
		"private_key_wo_version": m.PrivateKeyWOVersion, "sandbox": m.Sandbox,
		"secret": m.Secret, "secret_wo": m.SecretWO, "secret_wo_version": m.SecretWOVersion,
	}
}

// requireWithVersion requires a write-only value and its version together.
func requireWithVersion(diags *diag.Diagnostics, name string, value types.String, version types.Int64) {
	if value.IsUnknown() || version.IsUnknown() || value.IsNull() == version.IsNull() {
		return
	}
	missing := name + "_version"
	if value.IsNull() {
		missing = name
	}
	diags.AddAttributeError(path.Root(missing), "Missing Attribute for Write-Only Secret",
		fmt.Sprintf("%s and %s_version must be configured together: set %s (change the version whenever the write-only "+
			"value changes: that is what sends it again).", name, name, missing))
}

// What each type's secret is, in diagnostics.
const (
	apnKeyMaterial    = "the PEM private key of the certificate"
	fcmSecretMaterial = "the Firebase service-account JSON"
)

// notBoth refuses a secret given in both its forms, plain and write-only.
func notBoth(diags *diag.Diagnostics, plain, writeOnly string, a, b types.String, what string) {
	if !a.IsNull() && !b.IsNull() {
		diags.AddAttributeError(path.Root(writeOnly), "Conflicting Attributes",
			fmt.Sprintf("%s and %s cannot be configured together: set %s in one of them only (%s keeps it out of state).",
				plain, writeOnly, what, writeOnly))
	}
}

// eitherOf requires a secret in one of its two forms, plain or write-only.
func eitherOf(diags *diag.Diagnostics, plain, writeOnly string, a, b types.String, what string) {
	if a.IsNull() && b.IsNull() {
		diags.AddAttributeError(path.Root(plain), "Missing Attribute for Push Credential",
			fmt.Sprintf("Set %s (or %s, which keeps it out of state): %s.", plain, writeOnly, what))
	}
}

// ModifyPlan refuses, at plan and before any request, a create without
// the material its type needs. Only a create needs it: Twilio never returns
// a credential's certificate, key or secret, so the configuration of an
// imported credential (such as `terraform query -generate-config-out`
// writes) has none, and plans clean without it.
func (r *pushCredentialResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return // destroy, or update
	}
	var config pushCredentialModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validatePushCredentialCreate(config)...)
}

// validatePushCredentialCreate requires the material of the credential's
// type: an APN certificate and its key, or an FCM service-account JSON.
func validatePushCredentialCreate(config pushCredentialModel) diag.Diagnostics {
	var diags diag.Diagnostics
	kind, _ := knownString(config.Type)
	switch kind {
	case verify.CredentialTypeAPN:
		if config.Certificate.IsNull() {
			diags.AddAttributeError(path.Root("certificate"), "Missing APN Certificate",
				"An apn credential needs certificate to be created: the PEM of the Apple Push Notification service certificate.")
		}
		eitherOf(&diags, "private_key", "private_key_wo", config.PrivateKey, config.PrivateKeyWO,
			apnKeyMaterial)
	case verify.CredentialTypeFCM:
		eitherOf(&diags, "secret", "secret_wo", config.Secret, config.SecretWO,
			fcmSecretMaterial)
	}
	return diags
}

// checkAPNPair checks the certificate's dates and that the key is its own.
// A value that does not parse is reported by its attribute's validator.
func checkAPNPair(diags *diag.Diagnostics, config pushCredentialModel, now time.Time) {
	pem, ok := knownString(config.Certificate)
	if !ok {
		return
	}
	cert, why := parseCertificatePEM(pem)
	if why != "" {
		return
	}
	expired, soon := certificateExpiry(cert, now)
	if expired != "" {
		diags.AddAttributeError(path.Root("certificate"), "APN Certificate Expired", expired)
	}
	if soon != "" {
		diags.AddAttributeWarning(path.Root("certificate"), "APN Certificate Expires Soon", soon)
	}
	name, keyValue := "private_key", config.PrivateKey
	if keyValue.IsNull() {
		name, keyValue = "private_key_wo", config.PrivateKeyWO
	}
	keyPEM, ok := knownString(keyValue)
	if !ok {
		return
	}
	if key, why := parsePrivateKeyPEM(keyPEM); why == "" && !keyMatchesCertificate(cert, key) {
		diags.AddAttributeError(path.Root(name), "APN Private Key Does Not Match the Certificate",
			fmt.Sprintf("The private key in %s is not the key of the certificate's public key, so Apple would refuse every "+
				"push. Export the certificate and its own key together (from the same .p12) and set both%s.", name, notShown))
	}
}

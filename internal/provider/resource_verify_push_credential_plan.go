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

var _ resource.ResourceWithValidateConfig = (*pushCredentialResource)(nil)

// pushCredentialAttributes are the attributes of each credential type;
// the other type's are refused.
var pushCredentialAttributes = map[string][]string{
	verify.CredentialTypeAPN: {"certificate", "private_key", "private_key_wo", "private_key_wo_version", "sandbox"},
	verify.CredentialTypeFCM: {"secret", "secret_wo", "secret_wo_version"},
}

// ValidateConfig checks, at plan and before any request, that the
// attributes fit the type, that a secret is given once (plainly or
// write-only, with its version), and that an APN key belongs to its
// certificate, which has not expired. The values themselves are checked
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
		if config.Certificate.IsNull() {
			diags.AddAttributeError(path.Root("certificate"), "Missing APN Certificate",
				"An apn credential needs certificate: the PEM of the Apple Push Notification service certificate.")
		}
		exactlyOne(&diags, "private_key", "private_key_wo", config.PrivateKey, config.PrivateKeyWO,
			"the PEM private key of the certificate")
		checkAPNPair(&diags, config, now)
	case verify.CredentialTypeFCM:
		exactlyOne(&diags, "secret", "secret_wo", config.Secret, config.SecretWO,
			"the Firebase service-account JSON")
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

// exactlyOne requires one of a secret's two forms, plain or write-only.
func exactlyOne(diags *diag.Diagnostics, plain, writeOnly string, a, b types.String, what string) {
	switch {
	case !a.IsNull() && !b.IsNull():
		diags.AddAttributeError(path.Root(writeOnly), "Conflicting Attributes",
			fmt.Sprintf("%s and %s cannot be configured together: set %s in one of them only (%s keeps it out of state).",
				plain, writeOnly, what, writeOnly))
	case a.IsNull() && b.IsNull():
		diags.AddAttributeError(path.Root(plain), "Missing Attribute for Push Credential",
			fmt.Sprintf("Set %s (or %s, which keeps it out of state): %s.", plain, writeOnly, what))
	}
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

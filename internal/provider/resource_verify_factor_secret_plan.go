package provider

import (
	"crypto/subtle"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// secretAdoption is what the plan does when binding_secret_wo_version
// changes: keep the factor (the write-only value is the secret it already
// has) or replace it (a different secret, which the API cannot change in
// place).
type secretAdoption struct {
	changes bool // the version changes
	replace bool
	diags   diag.Diagnostics
}

// planWriteOnlySecret decides what a change of binding_secret_wo_version
// does. A first version on a factor that has none moves its secret to the
// write-only attribute: the factor is kept when the write-only value equals
// the secret in state (binding_secret), or when state has no secret to
// compare with (an imported factor: Twilio never returns secrets, and no
// request can test a code without verifying the factor or creating a
// challenge), and replaced when it differs. Any later change of the version
// replaces the factor, as it says the secret changed.
func planWriteOnlySecret(state factorResourceModel, woSecret types.String, version types.Int64) secretAdoption {
	if version.Equal(state.BindingSecretWOVersion) {
		return secretAdoption{}
	}
	a := secretAdoption{changes: true, replace: true}
	sid := state.SID.ValueString()
	prior, priorKnown := knownString(state.BindingSecret)
	switch {
	case !state.BindingSecretWOVersion.IsNull():
		// The version changed: a new secret, as binding_secret_wo_version's description says.
		return a
	case version.IsUnknown() || woSecret.IsUnknown():
		a.diags.AddAttributeWarning(path.Root("binding_secret_wo"), "Write-Only Secret Replaces Factor",
			fmt.Sprintf("binding_secret_wo is not known until apply, so it cannot be compared with the secret of factor %s: "+
				"the factor is replaced with a new one (new SID, unverified). Use a value known at plan time to keep the factor.", sid))
	case priorKnown && subtle.ConstantTimeCompare([]byte(prior), []byte(woSecret.ValueString())) == 1:
		a.replace = false
		a.diags.AddAttributeWarning(path.Root("binding_secret_wo"), "Write-Only Secret Adopted",
			fmt.Sprintf("binding_secret_wo is the secret factor %s already has (the binding_secret in state): the factor is kept, "+
				"binding_secret and binding_uri are removed from state, and no request is sent.", sid))
	case priorKnown:
		a.diags.AddAttributeWarning(path.Root("binding_secret_wo"), "Write-Only Secret Replaces Factor",
			fmt.Sprintf("binding_secret_wo differs from the secret of factor %s in state (binding_secret), and the API cannot change "+
				"a secret: the factor is replaced with a new one (new SID, unverified). To keep the factor, set binding_secret_wo "+
				"to its current secret.", sid))
	default:
		a.replace = false
		a.diags.AddAttributeWarning(path.Root("binding_secret_wo"), "Write-Only Secret Recorded Without Check",
			fmt.Sprintf("Factor %s has no secret in state (it was imported, and Twilio never returns secrets), so binding_secret_wo "+
				"cannot be compared with it: the factor is kept and no request is sent. If the value is not the factor's secret, "+
				"its codes will not match (auto_verify fails with error %d); change binding_secret_wo_version to replace the "+
				"factor with one that has this secret.", sid, verify.CodeVerificationFailed))
	}
	return a
}

// planAutoVerifySecret refuses, at plan, an auto_verify that the apply
// could not do: the factor is unverified and its secret is known nowhere
// (imported, and neither binding_secret nor binding_secret_wo is set).
func planAutoVerifySecret(state, plan factorResourceModel, woSecret types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if !planUpdate(state, plan).autoVerify || !woSecret.IsNull() || !plan.BindingSecret.IsNull() || !state.BindingSecret.IsNull() {
		return diags
	}
	diags.AddAttributeError(path.Root("auto_verify"), "Cannot Auto-Verify Factor",
		fmt.Sprintf("auto_verify needs the secret of factor %s to compute a code, but it is not known: the factor was imported "+
			"(Twilio never returns secrets) and the configuration sets neither binding_secret nor binding_secret_wo. Set one "+
			"of them to the factor's secret, or verify it with auth_payload instead.", state.SID.ValueString()))
	return diags
}

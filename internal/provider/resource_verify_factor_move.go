package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var _ resource.ResourceWithMoveState = (*factorResource)(nil)

// moveFactorSummary is the summary of a failed move of a factor's state.
const moveFactorSummary = "Unable to Move Twilio Factor State"

// MoveState carries a factor over from Twilio's generated provider
// (`moved { from = twilio_verify_services_entities_factors_v2.x  to =
// twilio_verify_factor.x }`, Terraform >= 1.8) without recreating it.
func (r *factorResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromLegacyFactor}}
}

// moveFromLegacyFactor maps the flat attributes of Twilio's resource
// (metadata as a JSON string, numbers possibly as strings) onto ours.
// Anything that cannot be mapped is an error naming the attribute.
func moveFromLegacyFactor(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	l, ok := decodeLegacyState(req, resp, legacyFactorTypeName, moveFactorSummary)
	if !ok {
		return // not ours (the framework reports that no mover handled it), or resp carries the error
	}
	model, diags := legacyFactorModel(ctx, l)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &model)...)
}

// legacyFactorModel converts the source attributes; it is separate from
// the framework plumbing so it can be tested on its own.
func legacyFactorModel(ctx context.Context, l *legacyState) (factorResourceModel, diag.Diagnostics) {
	m := factorResourceModel{
		ServiceSID:             l.str("service_sid"),
		Identity:               l.str("identity"),
		SID:                    l.str("sid"),
		FactorType:             l.str("factor_type"),
		FriendlyName:           l.str("friendly_name"),
		BindingSecret:          l.str("binding_secret"),
		BindingSecretWO:        types.StringNull(),
		BindingSecretWOVersion: types.Int64Null(),
		BindingURI:             types.StringNull(),
		ConfigTimeStep:         l.int("config_time_step"),
		ConfigSkew:             l.int("config_skew"),
		ConfigCodeLength:       l.int("config_code_length"),
		ConfigAlg:              l.str("config_alg"),
		AuthPayload:            l.str("auth_payload"),
		AutoVerify:             types.BoolNull(),
		Push:                   types.ObjectNull(factorPushAttrTypes),
		Status:                 l.str("status"),
		Metadata:               types.MapNull(types.StringType),
	}
	if m.FactorType.ValueString() == verify.FactorTypePush {
		m.Push = factorPushModel{
			Alg:                  l.str("binding_alg"),
			PublicKey:            l.str("binding_public_key"),
			AppID:                l.str("config_app_id"),
			NotificationPlatform: l.str("config_notification_platform"),
			NotificationToken:    l.str("config_notification_token"),
			SdkVersion:           l.str("config_sdk_version"),
		}.object()
	}
	// Twilio's provider may keep the creation response's binding, the only
	// place the otpauth:// URI exists.
	if binding, ok := l.raw["binding"].(string); ok && binding != "" {
		var b verify.Binding
		if json.Unmarshal([]byte(binding), &b) == nil {
			m.BindingURI = stringOrNull(b.URI)
			if m.BindingSecret.IsNull() {
				m.BindingSecret = stringOrNull(b.Secret)
			}
		}
	}

	switch metadata := l.raw["metadata"].(type) {
	case nil:
	case string:
		parsed, err := verify.DecodeMetadataJSON(metadata)
		if err != nil {
			l.diags.AddError(moveFactorSummary,
				fmt.Sprintf("Attribute metadata of %s cannot become a map of strings: %v. Fix it with Twilio's provider "+
					"first, or import the factor instead.", legacyFactorTypeName, err))
		} else if parsed != nil {
			var d diag.Diagnostics
			m.Metadata, d = types.MapValueFrom(ctx, types.StringType, parsed)
			l.diags.Append(d...)
		}
	default:
		l.diags.AddError(moveFactorSummary,
			fmt.Sprintf("Attribute metadata of %s holds %T, expected a JSON string.", legacyFactorTypeName, metadata))
	}

	serviceSID, identity, sid := m.ServiceSID.ValueString(), m.Identity.ValueString(), m.SID.ValueString()
	m.ID = types.StringValue(ids.Factor(serviceSID, identity, sid))
	if _, _, _, ok := ids.ParseFactor(m.ID.ValueString()); !ok {
		l.diags.AddError(moveFactorSummary,
			fmt.Sprintf("The source state lacks a valid service_sid, identity or sid (got %q, %q, %q), so the factor "+
				"cannot be found. Import it instead: terraform import twilio_verify_factor.<name> %s.", serviceSID, identity, sid, importIDFormat))
	}
	if t := m.FactorType.ValueString(); !slices.Contains(managedFactorTypes, t) {
		l.diags.AddError(moveFactorSummary, unmanagedFactorTypeDetail(m, t, "Remove its `moved` block and its "+
			"twilio_verify_factor resource block, and keep it with Twilio's provider or `terraform state rm` it there "+
			"(which deletes nothing in Twilio)."))
	}
	return m, l.diags
}

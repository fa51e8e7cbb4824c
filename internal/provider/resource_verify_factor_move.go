package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var _ resource.ResourceWithMoveState = (*factorResource)(nil)

// Twilio's own provider and its factor resource, the source of `moved` blocks.
const (
	legacyProviderNamespaceType = "twilio/twilio"
	legacyFactorTypeName        = "twilio_verify_services_entities_factors_v2"
)

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
	if req.SourceTypeName != legacyFactorTypeName || !isLegacyProvider(req.SourceProviderAddress) {
		return // not ours: the framework reports that no mover handled it
	}
	if req.SourceRawState == nil || req.SourceRawState.JSON == nil {
		resp.Diagnostics.AddError("Unable to Move Twilio Factor State",
			"The state of "+legacyFactorTypeName+" has no JSON form (it predates Terraform 0.12). Run `terraform apply` "+
				"with the twilio/twilio provider once to upgrade it, then move it again, or import the factor instead.")
		return
	}
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(string(req.SourceRawState.JSON)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		resp.Diagnostics.AddError("Unable to Move Twilio Factor State", "The source state is not a JSON object: "+err.Error())
		return
	}
	model, diags := legacyFactorModel(ctx, raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &model)...)
}

// isLegacyProvider reports whether address is Twilio's provider on any
// registry host.
func isLegacyProvider(address string) bool {
	return strings.HasSuffix(address, "/"+legacyProviderNamespaceType) || address == legacyProviderNamespaceType
}

// legacyFactorModel converts the source attributes; it is separate from
// the framework plumbing so it can be tested on its own.
func legacyFactorModel(ctx context.Context, raw map[string]any) (factorResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	legacyString := func(name string) types.String {
		switch v := raw[name].(type) {
		case nil:
			return types.StringNull()
		case string:
			return stringOrNull(v)
		case json.Number:
			return types.StringValue(v.String())
		default:
			diags.AddError("Unable to Move Twilio Factor State",
				fmt.Sprintf("Attribute %s of %s holds %T, expected a string. Import the factor instead.", name, legacyFactorTypeName, v))
			return types.StringNull()
		}
	}
	legacyInt64 := func(name string) types.Int64 {
		var text string
		switch v := raw[name].(type) {
		case nil:
			return types.Int64Null()
		case json.Number:
			text = v.String()
		case string:
			if v == "" {
				return types.Int64Null()
			}
			text = v
		default:
			text = fmt.Sprint(v)
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			diags.AddError("Unable to Move Twilio Factor State",
				fmt.Sprintf("Attribute %s of %s holds %q, which is not a whole number.", name, legacyFactorTypeName, text))
			return types.Int64Null()
		}
		return types.Int64Value(n)
	}

	m := factorResourceModel{
		ServiceSID:                 legacyString("service_sid"),
		Identity:                   legacyString("identity"),
		SID:                        legacyString("sid"),
		FactorType:                 legacyString("factor_type"),
		FriendlyName:               legacyString("friendly_name"),
		BindingAlg:                 legacyString("binding_alg"),
		BindingPublicKey:           legacyString("binding_public_key"),
		BindingSecret:              legacyString("binding_secret"),
		BindingSecretWO:            types.StringNull(),
		BindingSecretWOVersion:     types.Int64Null(),
		BindingURI:                 types.StringNull(),
		ConfigAppID:                legacyString("config_app_id"),
		ConfigTimeStep:             legacyInt64("config_time_step"),
		ConfigSkew:                 legacyInt64("config_skew"),
		ConfigCodeLength:           legacyInt64("config_code_length"),
		ConfigAlg:                  legacyString("config_alg"),
		ConfigNotificationPlatform: legacyString("config_notification_platform"),
		ConfigNotificationToken:    legacyString("config_notification_token"),
		ConfigSdkVersion:           legacyString("config_sdk_version"),
		AuthPayload:                legacyString("auth_payload"),
		AutoVerify:                 types.BoolNull(),
		EntitySID:                  legacyString("entity_sid"),
		Status:                     legacyString("status"),
		DateCreated:                legacyString("date_created"),
		DateUpdated:                legacyString("date_updated"),
		Metadata:                   types.MapNull(types.StringType),
	}
	// Twilio's provider may keep the creation response's binding, the only
	// place the otpauth:// URI exists.
	if binding, ok := raw["binding"].(string); ok && binding != "" {
		var b verify.Binding
		if json.Unmarshal([]byte(binding), &b) == nil {
			m.BindingURI = stringOrNull(b.URI)
			if m.BindingSecret.IsNull() {
				m.BindingSecret = stringOrNull(b.Secret)
			}
		}
	}

	switch metadata := raw["metadata"].(type) {
	case nil:
	case string:
		parsed, err := decodeMetadataJSON(metadata)
		if err != nil {
			diags.AddError("Unable to Move Twilio Factor State",
				fmt.Sprintf("Attribute metadata of %s cannot become a map of strings: %v. Fix it with Twilio's provider "+
					"first, or import the factor instead.", legacyFactorTypeName, err))
		} else if parsed != nil {
			var d diag.Diagnostics
			m.Metadata, d = types.MapValueFrom(ctx, types.StringType, parsed)
			diags.Append(d...)
		}
	default:
		diags.AddError("Unable to Move Twilio Factor State",
			fmt.Sprintf("Attribute metadata of %s holds %T, expected a JSON string.", legacyFactorTypeName, metadata))
	}

	serviceSID, identity, sid := m.ServiceSID.ValueString(), m.Identity.ValueString(), m.SID.ValueString()
	if _, _, _, ok := parseFactorID(factorID(serviceSID, identity, sid)); !ok {
		diags.AddError("Unable to Move Twilio Factor State",
			fmt.Sprintf("The source state lacks a valid service_sid, identity or sid (got %q, %q, %q), so the factor "+
				"cannot be found. Import it instead: terraform import twilio_verify_factor.<name> %s.", serviceSID, identity, sid, importIDFormat))
	}
	if t := m.FactorType.ValueString(); t != verify.FactorTypeTOTP && t != verify.FactorTypePush {
		diags.AddError("Unable to Move Twilio Factor State",
			fmt.Sprintf("factor_type %q is not supported by twilio_verify_factor, which manages totp and push factors.", t))
	}
	m.ID = types.StringValue(factorID(serviceSID, identity, sid))
	return m, diags
}

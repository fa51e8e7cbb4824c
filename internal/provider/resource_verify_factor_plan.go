package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// totpOnlyAttributes apply to TOTP factors only; `push` is the push-only one.
var totpOnlyAttributes = []string{"binding_secret", "binding_secret_wo", "binding_secret_wo_version", "config_time_step", "config_skew", "config_code_length", "config_alg", "auto_verify"}

// ValidateConfig checks the rules that depend on factor_type, at plan time
// and before any request: push needs its binding and config attributes, and
// neither type accepts the other's attributes.
func (r *factorResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config factorResourceModel
	resp.Diagnostics.Append(getConfigObject(req.Config.Raw, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateCombinations(config)...)
	resp.Diagnostics.Append(validateFactorType(config)...)
}

// validateCombinations rejects attributes that cannot be set together, and
// requires the write-only secret's version with it. These checks read the
// decoded configuration: the framework's path-matching config validators
// walked the whole configuration per check, 9% of the provider's CPU at
// 100 factors (see BENCHMARKS.md).
func validateCombinations(config factorResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	conflicting := func(a, b string, va, vb attr.Value, advice string) {
		if !va.IsNull() && !vb.IsNull() {
			diags.AddAttributeError(path.Root(b), "Conflicting Attributes",
				fmt.Sprintf("%s and %s cannot be configured together: %s", a, b, advice))
		}
	}
	conflicting("auto_verify", "auth_payload", config.AutoVerify, config.AuthPayload,
		"auto_verify computes the code itself; remove one of them.")
	conflicting("binding_secret", "binding_secret_wo", config.BindingSecret, config.BindingSecretWO,
		"set the secret in one of them only (binding_secret_wo keeps it out of state).")
	secret, version := config.BindingSecretWO, config.BindingSecretWOVersion
	if !secret.IsUnknown() && !version.IsUnknown() && secret.IsNull() != version.IsNull() {
		missing := "binding_secret_wo_version"
		if secret.IsNull() {
			missing = "binding_secret_wo"
		}
		diags.AddAttributeError(path.Root(missing), "Missing Attribute for Write-Only Secret",
			"binding_secret_wo and binding_secret_wo_version must be configured together: set "+missing+
				" (change the version whenever the write-only secret changes).")
	}
	return diags
}

// validateFactorType returns the diagnostics of the type-specific rules.
func validateFactorType(config factorResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	values := config.attributeValues()
	isSet := func(name string) bool { return !values[name].IsNull() }

	switch config.FactorType.ValueString() {
	case verify.FactorTypePush:
		for _, name := range totpOnlyAttributes {
			if isSet(name) {
				diags.AddAttributeError(path.Root(name), "Attribute Not Allowed for Push Factors",
					fmt.Sprintf("%s applies to TOTP factors only. Remove it, or set factor_type = \"totp\".", name))
			}
		}
		if config.Push.IsNull() {
			diags.AddAttributeError(path.Root("push"), "Missing Attribute for Push Factor",
				"A push factor needs push = { alg, public_key, app_id, notification_platform, sdk_version }: set them from "+
					"the device's Verify Push SDK registration.")
			break
		}
	case verify.FactorTypeTOTP:
		if !config.Push.IsNull() && !config.Push.IsUnknown() {
			diags.AddAttributeError(path.Root("push"), "Attribute Not Allowed for TOTP Factors",
				"push applies to push factors only. Remove it, or set factor_type = \"push\".")
		}
		if p := config.AuthPayload; !p.IsNull() && !p.IsUnknown() {
			if why := checkTOTPCode(p.ValueString(), config.ConfigCodeLength); why != "" {
				diags.AddAttributeError(path.Root("auth_payload"), "Invalid TOTP Code",
					"auth_payload "+why+" (the value is not shown: it is sensitive).")
			}
		}
	}
	return diags
}

// attributeValues returns the type-specific attributes by name.
func (m factorResourceModel) attributeValues() map[string]attr.Value {
	return map[string]attr.Value{
		"binding_secret":            m.BindingSecret,
		"binding_secret_wo":         m.BindingSecretWO,
		"binding_secret_wo_version": m.BindingSecretWOVersion,
		"config_time_step":          m.ConfigTimeStep,
		"config_skew":               m.ConfigSkew,
		"config_code_length":        m.ConfigCodeLength,
		"config_alg":                m.ConfigAlg,
		"auto_verify":               m.AutoVerify,
	}
}

// ModifyPlan makes the plan exact: attributes of the other factor type are
// null rather than "known after apply", status is unknown only when the
// apply verifies the factor. It refuses, before any request, a create that
// lacks what only a create needs, and an update that cannot be applied.
//
// It also refuses any plan, destroy included, for a factor of a type it does
// not manage that an earlier build imported into state: planned with
// -refresh=false, such a factor would otherwise be replaced or deleted.
func (r *factorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state factorResourceModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(getObject(req.State.Raw, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if t := state.FactorType.ValueString(); !state.FactorType.IsNull() && !slices.Contains(managedFactorTypes, t) {
			resp.Diagnostics.AddError(unmanagedFactorTypeSummary, unmanagedFactorTypeDetail(state, t, unmanagedFactorInStateAdvice))
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config factorResourceModel
	resp.Diagnostics.Append(getObject(req.Plan.Raw, &plan)...)
	resp.Diagnostics.Append(getConfigObject(req.Config.Raw, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	woSecret := config.BindingSecretWO
	nullOtherTypeAttributes(&plan, req.Config.Raw)
	if !woSecret.IsNull() || !plan.BindingSecretWOVersion.IsNull() {
		// The write-only secret is never stored, nor the URI that carries it.
		nullIfUnknownString(&plan.BindingSecret)
		nullIfUnknownString(&plan.BindingURI)
	}

	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(validateCreate(config)...)
	} else {
		resp.Diagnostics.Append(planAutoVerifySecret(state, plan, woSecret)...)
		if adoption := planWriteOnlySecret(state, woSecret, plan.BindingSecretWOVersion); adoption.changes {
			resp.Diagnostics.Append(adoption.diags...)
			if adoption.replace {
				resp.RequiresReplace = append(resp.RequiresReplace, path.Root("binding_secret_wo_version"))
			} else {
				plan.BindingSecret = types.StringNull()
				plan.BindingURI = types.StringNull()
			}
		}
		change := planUpdate(state, plan)
		if !change.verifies {
			plan.Status = state.Status
		}
		if bindingURIChanges(state, plan) {
			// The URI names the factor and its code settings: show it
			// changing, so that nobody enrols an authenticator from the old one.
			plan.BindingURI = rebuildBindingURI(state.BindingURI, plan)
		}
	}
	resp.Diagnostics.Append(setObject(ctx, &resp.Plan.Raw, &plan)...)
}

func nullIfUnknownString(v *types.String) {
	if v.IsUnknown() {
		*v = types.StringNull()
	}
}

func nullIfUnknownInt(v *types.Int64) {
	if v.IsUnknown() {
		*v = types.Int64Null()
	}
}

// nullOtherTypeAttributes shows the TOTP attributes of a push factor as
// null rather than "known after apply", and so the push values that the
// configuration does not set and state does not hold.
func nullOtherTypeAttributes(plan *factorResourceModel, config tftypes.Value) {
	if plan.FactorType.ValueString() != verify.FactorTypePush {
		return
	}
	nullIfUnknownString(&plan.BindingSecret)
	nullIfUnknownString(&plan.BindingURI)
	nullIfUnknownString(&plan.ConfigAlg)
	nullIfUnknownInt(&plan.ConfigTimeStep)
	nullIfUnknownInt(&plan.ConfigSkew)
	nullIfUnknownInt(&plan.ConfigCodeLength)
	push, ok := plan.push()
	if !ok {
		return
	}
	// Unset, the token is required unless the platform is "none", which
	// has none; the device key of an imported factor is unknown to Twilio's
	// answers: show them absent rather than "known after apply".
	if push.NotificationToken.IsUnknown() && !configuresPushAttribute(config, "notification_token") {
		push.NotificationToken = types.StringNull()
	}
	if push.PublicKey.IsUnknown() && !configuresPushAttribute(config, "public_key") {
		push.PublicKey = types.StringNull()
	}
	plan.Push = push.object()
}

// validateCreate checks what only a create needs: a push factor's device
// key and notification token, which an imported factor may lack (the API
// never returns the key), so the schema cannot require them.
func validateCreate(config factorResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	push, known := config.push()
	if config.FactorType.ValueString() != verify.FactorTypePush || !known {
		return diags
	}
	if push.PublicKey.IsNull() {
		diags.AddAttributeError(path.Root("push").AtName("public_key"), "Missing Attribute for Push Factor",
			"Creating a push factor needs push.public_key, the device key that the Verify Push SDK registered (base64 DER "+
				"PKIX P-256). Only an imported factor may go without it: import the factor if it exists.")
	}
	if !push.NotificationPlatform.IsUnknown() && push.NotificationPlatform.ValueString() != notificationPlatformNone &&
		push.NotificationToken.IsNull() {
		diags.AddAttributeError(path.Root("push").AtName("notification_token"), "Missing Attribute for Push Factor",
			"Creating a push factor needs push.notification_token (the device's APN or FCM token) unless "+
				"push.notification_platform is \"none\".")
	}
	return diags
}

// factorUpdate is what an in-place update sends.
type factorUpdate struct {
	params verify.UpdateFactorParams
	// changesSettings is true when params carry a setting to change
	// (anything besides a verification).
	changesSettings bool
	// verifies is true when the update verifies the factor: a new
	// auth_payload, or auto_verify turned on while the factor is unverified.
	verifies bool
	// autoVerify is true when the provider must compute the code itself.
	autoVerify bool
}

// planUpdate compares state and plan and returns the one request an update
// needs: only what changed. An unknown planned value counts as a change.
func planUpdate(state, plan factorResourceModel) factorUpdate {
	var u factorUpdate
	settings := changeSet{unknownIsChange: true}
	settings.string(plan.FriendlyName, state.FriendlyName, &u.params.FriendlyName)
	settings.int64(plan.ConfigTimeStep, state.ConfigTimeStep, &u.params.ConfigTimeStep)
	settings.int64(plan.ConfigSkew, state.ConfigSkew, &u.params.ConfigSkew)
	settings.int64(plan.ConfigCodeLength, state.ConfigCodeLength, &u.params.ConfigCodeLength)
	settings.string(plan.ConfigAlg, state.ConfigAlg, &u.params.ConfigAlg)
	if planned, ok := plan.push(); ok {
		prior, _ := state.push()
		settings.string(planned.NotificationPlatform, prior.NotificationPlatform, &u.params.ConfigNotificationPlatform)
		settings.string(planned.NotificationToken, prior.NotificationToken, &u.params.ConfigNotificationToken)
		settings.string(planned.SdkVersion, prior.SdkVersion, &u.params.ConfigSdkVersion)
	}
	u.changesSettings = settings.changed

	verification := changeSet{unknownIsChange: true}
	verification.string(plan.AuthPayload, state.AuthPayload, &u.params.AuthPayload)
	u.verifies = verification.changed
	if plan.AutoVerify.ValueBool() && !state.AutoVerify.ValueBool() && state.Status.ValueString() != verify.StatusVerified {
		u.verifies = true
		u.autoVerify = true
	}
	return u
}

// configuresPushAttribute reports whether the configuration sets
// push.<name>, possibly to a value not known until apply.
func configuresPushAttribute(config tftypes.Value, name string) bool {
	p := tftypes.NewAttributePath().WithAttributeName("push").WithAttributeName(name)
	v, _, err := tftypes.WalkAttributePath(config, p)
	if err != nil {
		return false // push is null, so is the token
	}
	token, ok := v.(tftypes.Value)
	return ok && !token.IsNull()
}

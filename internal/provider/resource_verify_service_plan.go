package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// serviceChange is what one create or update of a service sends.
type serviceChange struct {
	params  verify.ServiceParams
	changes bool // at least one parameter is sent
}

// sends reports whether plan holds a value to send: known, not null, and
// (on update) different from state.
func sends(plan, state attr.Value, create bool) bool {
	if plan == nil || plan.IsNull() || plan.IsUnknown() {
		return false
	}
	return create || state == nil || !plan.Equal(state)
}

// changeTracker collects the parameters of one request.
type changeTracker struct {
	create  bool
	changes bool
}

func (c *changeTracker) str(plan, state types.String) *string {
	if !sends(plan, state, c.create) {
		return nil
	}
	c.changes = true
	v := plan.ValueString()
	return &v
}

func (c *changeTracker) int(plan, state types.Int64) *int64 {
	if !sends(plan, state, c.create) {
		return nil
	}
	c.changes = true
	v := plan.ValueInt64()
	return &v
}

func (c *changeTracker) bool(plan, state types.Bool) *bool {
	if !sends(plan, state, c.create) {
		return nil
	}
	c.changes = true
	v := plan.ValueBool()
	return &v
}

// nested reads a nested attribute into out; a null or unknown object leaves
// out with null fields, which send nothing.
func nested(ctx context.Context, obj types.Object, out any) diag.Diagnostics {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	return obj.As(ctx, out, basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true})
}

// planServiceChange returns the parameters that take the service from state
// to plan: on create (state nil) every known value of the plan, on update
// only the values that differ from state, so one POST carries only what
// changed.
func planServiceChange(ctx context.Context, plan serviceModel, state *serviceModel) (serviceChange, diag.Diagnostics) {
	var diags diag.Diagnostics
	prior := serviceModel{}
	if state != nil {
		prior = *state
	}
	c := &changeTracker{create: state == nil}
	p := verify.ServiceParams{
		FriendlyName:                   c.str(plan.FriendlyName, prior.FriendlyName),
		CodeLength:                     c.int(plan.CodeLength, prior.CodeLength),
		LookupEnabled:                  c.bool(plan.LookupEnabled, prior.LookupEnabled),
		SkipSmsToLandlines:             c.bool(plan.SkipSmsToLandlines, prior.SkipSmsToLandlines),
		DtmfInputRequired:              c.bool(plan.DtmfInputRequired, prior.DtmfInputRequired),
		TtsName:                        c.str(plan.TtsName, prior.TtsName),
		Psd2Enabled:                    c.bool(plan.Psd2Enabled, prior.Psd2Enabled),
		DoNotShareWarningEnabled:       c.bool(plan.DoNotShareWarningEnabled, prior.DoNotShareWarningEnabled),
		CustomCodeEnabled:              c.bool(plan.CustomCodeEnabled, prior.CustomCodeEnabled),
		DefaultTemplateSID:             c.str(plan.DefaultTemplateSID, prior.DefaultTemplateSID),
		VerifyEventSubscriptionEnabled: c.bool(plan.VerifyEventSubscriptionEnabled, prior.VerifyEventSubscriptionEnabled),
	}

	var planTotp, stateTotp serviceTotpModel
	diags.Append(nested(ctx, plan.Totp, &planTotp)...)
	diags.Append(nested(ctx, prior.Totp, &stateTotp)...)
	p.TotpIssuer = c.str(planTotp.Issuer, stateTotp.Issuer)
	p.TotpTimeStep = c.int(planTotp.TimeStep, stateTotp.TimeStep)
	p.TotpCodeLength = c.int(planTotp.CodeLength, stateTotp.CodeLength)
	p.TotpSkew = c.int(planTotp.Skew, stateTotp.Skew)

	var planPush, statePush servicePushModel
	diags.Append(nested(ctx, plan.Push, &planPush)...)
	diags.Append(nested(ctx, prior.Push, &statePush)...)
	p.PushIncludeDate = c.bool(planPush.IncludeDate, statePush.IncludeDate)
	p.PushApnCredentialSID = c.str(planPush.ApnCredentialSID, statePush.ApnCredentialSID)
	p.PushFcmCredentialSID = c.str(planPush.FcmCredentialSID, statePush.FcmCredentialSID)

	var planWA, stateWA serviceWhatsappModel
	diags.Append(nested(ctx, plan.Whatsapp, &planWA)...)
	diags.Append(nested(ctx, prior.Whatsapp, &stateWA)...)
	p.WhatsappMsgServiceSID = c.str(planWA.MsgServiceSID, stateWA.MsgServiceSID)
	p.WhatsappFrom = c.str(planWA.From, stateWA.From)

	var planPK, statePK servicePasskeysModel
	diags.Append(nested(ctx, plan.Passkeys, &planPK)...)
	diags.Append(nested(ctx, prior.Passkeys, &statePK)...)
	p.PasskeysRelyingPartyID = c.str(planPK.RelyingPartyID, statePK.RelyingPartyID)
	p.PasskeysRelyingPartyName = c.str(planPK.RelyingPartyName, statePK.RelyingPartyName)
	p.PasskeysAuthenticatorAttach = c.str(planPK.AuthenticatorAttachment, statePK.AuthenticatorAttachment)
	p.PasskeysDiscoverableCreds = c.str(planPK.DiscoverableCredentials, statePK.DiscoverableCredentials)
	p.PasskeysUserVerification = c.str(planPK.UserVerification, statePK.UserVerification)
	if sends(planPK.RelyingPartyOrigins, statePK.RelyingPartyOrigins, c.create) {
		var origins []string
		diags.Append(planPK.RelyingPartyOrigins.ElementsAs(ctx, &origins, false)...)
		p.PasskeysRelyingPartyOrigins = &origins
		c.changes = true
	}
	return serviceChange{params: p, changes: c.changes}, diags
}

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*serviceResource)(nil)

const moveServiceSummary = "Unable to Move Twilio Service State"

// MoveState carries a service over from Twilio's provider (`moved { from =
// twilio_verify_services_v2.x  to = twilio_verify_service.x }`, Terraform
// >= 1.8) without recreating it. The refresh that follows the move reads
// every setting from the API.
func (r *serviceResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		l, ok := decodeLegacyState(req, resp, legacyServiceTypeName, moveServiceSummary)
		if !ok {
			return
		}
		m, diags := legacyServiceModel(ctx, l)
		resp.Diagnostics.Append(diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// legacyServiceModel maps the flat attributes of twilio_verify_services_v2
// (totp_issuer, push_include_date, ...) onto the nested ones.
func legacyServiceModel(ctx context.Context, l *legacyState) (serviceModel, diag.Diagnostics) {
	sid := l.str("sid")
	if sid.IsNull() {
		sid = l.str("id")
	}
	m := serviceModel{
		ID: sid, SID: sid,
		FriendlyName:                   l.str("friendly_name"),
		CodeLength:                     l.int("code_length"),
		LookupEnabled:                  l.bool("lookup_enabled"),
		SkipSmsToLandlines:             l.bool("skip_sms_to_landlines"),
		DtmfInputRequired:              l.bool("dtmf_input_required"),
		TtsName:                        l.str("tts_name"),
		Psd2Enabled:                    l.bool("psd2_enabled"),
		DoNotShareWarningEnabled:       l.bool("do_not_share_warning_enabled"),
		CustomCodeEnabled:              l.bool("custom_code_enabled"),
		DefaultTemplateSID:             l.str("default_template_sid"),
		VerifyEventSubscriptionEnabled: l.bool("verify_event_subscription_enabled"),
		Passkeys:                       types.ObjectNull(servicePasskeysAttrTypes),
		DateCreated:                    l.str("date_created"),
		DateUpdated:                    l.str("date_updated"),
	}
	totp := serviceTotpModel{
		Issuer: l.str("totp_issuer"), TimeStep: l.int("totp_time_step"), CodeLength: l.int("totp_code_length"), Skew: l.int("totp_skew"),
	}
	push := servicePushModel{
		IncludeDate: l.bool("push_include_date"), ApnCredentialSID: l.str("push_apn_credential_sid"), FcmCredentialSID: l.str("push_fcm_credential_sid"),
	}
	whatsapp := serviceWhatsappModel{MsgServiceSID: l.str("whatsapp_msg_service_sid"), From: l.str("whatsapp_from")}
	diags := l.diags
	var d diag.Diagnostics
	m.Totp, d = types.ObjectValueFrom(ctx, serviceTotpAttrTypes, totp)
	diags.Append(d...)
	m.Push, d = types.ObjectValueFrom(ctx, servicePushAttrTypes, push)
	diags.Append(d...)
	m.Whatsapp, d = types.ObjectValueFrom(ctx, serviceWhatsappAttrTypes, whatsapp)
	diags.Append(d...)
	if !serviceSIDPattern.MatchString(sid.ValueString()) {
		diags.AddError(moveServiceSummary, fmt.Sprintf("The source state lacks a valid sid (got %q), so the service cannot "+
			"be found. Import it instead: terraform import twilio_verify_service.<name> <VA... SID>.", sid.ValueString()))
	}
	return m, diags
}

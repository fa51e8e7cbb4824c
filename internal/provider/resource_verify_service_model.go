package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// serviceModel is the state of `twilio_verify_service` and of the
// `twilio_verify_service` data source; each element of
// `twilio_verify_services` has the same attributes but id.
type serviceModel struct {
	ID                             types.String `tfsdk:"id"`
	SID                            types.String `tfsdk:"sid"`
	FriendlyName                   types.String `tfsdk:"friendly_name"`
	CodeLength                     types.Int64  `tfsdk:"code_length"`
	LookupEnabled                  types.Bool   `tfsdk:"lookup_enabled"`
	SkipSmsToLandlines             types.Bool   `tfsdk:"skip_sms_to_landlines"`
	DtmfInputRequired              types.Bool   `tfsdk:"dtmf_input_required"`
	TtsName                        types.String `tfsdk:"tts_name"`
	Psd2Enabled                    types.Bool   `tfsdk:"psd2_enabled"`
	DoNotShareWarningEnabled       types.Bool   `tfsdk:"do_not_share_warning_enabled"`
	CustomCodeEnabled              types.Bool   `tfsdk:"custom_code_enabled"`
	DefaultTemplateSID             types.String `tfsdk:"default_template_sid"`
	VerifyEventSubscriptionEnabled types.Bool   `tfsdk:"verify_event_subscription_enabled"`
	Totp                           types.Object `tfsdk:"totp"`
	Push                           types.Object `tfsdk:"push"`
	Whatsapp                       types.Object `tfsdk:"whatsapp"`
	Passkeys                       types.Object `tfsdk:"passkeys"`
	DateCreated                    types.String `tfsdk:"date_created"`
	DateUpdated                    types.String `tfsdk:"date_updated"`
}

// serviceTotpModel is the `totp` attribute: settings of the service's TOTP
// factors.
type serviceTotpModel struct {
	Issuer     types.String `tfsdk:"issuer"`
	TimeStep   types.Int64  `tfsdk:"time_step"`
	CodeLength types.Int64  `tfsdk:"code_length"`
	Skew       types.Int64  `tfsdk:"skew"`
}

// servicePushModel is the `push` attribute.
type servicePushModel struct {
	IncludeDate      types.Bool   `tfsdk:"include_date"`
	ApnCredentialSID types.String `tfsdk:"apn_credential_sid"`
	FcmCredentialSID types.String `tfsdk:"fcm_credential_sid"`
}

// serviceWhatsappModel is the `whatsapp` attribute.
type serviceWhatsappModel struct {
	MsgServiceSID types.String `tfsdk:"msg_service_sid"`
	From          types.String `tfsdk:"from"`
}

// servicePasskeysModel is the `passkeys` attribute.
type servicePasskeysModel struct {
	RelyingPartyID          types.String `tfsdk:"relying_party_id"`
	RelyingPartyName        types.String `tfsdk:"relying_party_name"`
	RelyingPartyOrigins     types.List   `tfsdk:"relying_party_origins"`
	AuthenticatorAttachment types.String `tfsdk:"authenticator_attachment"`
	DiscoverableCredentials types.String `tfsdk:"discoverable_credentials"`
	UserVerification        types.String `tfsdk:"user_verification"`
}

// Attribute types of the nested attributes.
var (
	serviceTotpAttrTypes = map[string]attr.Type{
		"issuer": types.StringType, "time_step": types.Int64Type, "code_length": types.Int64Type, "skew": types.Int64Type,
	}
	servicePushAttrTypes = map[string]attr.Type{
		"include_date": types.BoolType, "apn_credential_sid": types.StringType, "fcm_credential_sid": types.StringType,
	}
	serviceWhatsappAttrTypes = map[string]attr.Type{
		"msg_service_sid": types.StringType, "from": types.StringType,
	}
	servicePasskeysAttrTypes = map[string]attr.Type{
		"relying_party_id": types.StringType, "relying_party_name": types.StringType,
		"relying_party_origins":    types.ListType{ElemType: types.StringType},
		"authenticator_attachment": types.StringType, "discoverable_credentials": types.StringType,
		"user_verification": types.StringType,
	}
)

// serviceElementAttrTypes are the attribute types of an element of
// `twilio_verify_services`: a service without id.
func serviceElementAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"sid": types.StringType, "friendly_name": types.StringType, "code_length": types.Int64Type,
		"lookup_enabled": types.BoolType, "skip_sms_to_landlines": types.BoolType, "dtmf_input_required": types.BoolType,
		"tts_name": types.StringType, "psd2_enabled": types.BoolType, "do_not_share_warning_enabled": types.BoolType,
		"custom_code_enabled": types.BoolType, "default_template_sid": types.StringType,
		"verify_event_subscription_enabled": types.BoolType,
		"totp":                              types.ObjectType{AttrTypes: serviceTotpAttrTypes},
		"push":                              types.ObjectType{AttrTypes: servicePushAttrTypes},
		"whatsapp":                          types.ObjectType{AttrTypes: serviceWhatsappAttrTypes},
		"passkeys":                          types.ObjectType{AttrTypes: servicePasskeysAttrTypes},
		"date_created":                      types.StringType, "date_updated": types.StringType,
	}
}

// ptrStringOrNull maps the API's null or empty string to null.
func ptrStringOrNull(p *string) types.String {
	if p == nil {
		return types.StringNull()
	}
	return stringOrNull(*p)
}

// newServiceModel converts a service as the API returns it.
func newServiceModel(ctx context.Context, s *verify.Service) (serviceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := serviceModel{
		ID:                             types.StringValue(s.SID),
		SID:                            types.StringValue(s.SID),
		FriendlyName:                   types.StringValue(s.FriendlyName),
		CodeLength:                     types.Int64Value(s.CodeLength),
		LookupEnabled:                  types.BoolValue(s.LookupEnabled),
		SkipSmsToLandlines:             types.BoolValue(s.SkipSmsToLandlines),
		DtmfInputRequired:              types.BoolValue(s.DtmfInputRequired),
		TtsName:                        ptrStringOrNull(s.TtsName),
		Psd2Enabled:                    types.BoolValue(s.Psd2Enabled),
		DoNotShareWarningEnabled:       types.BoolValue(s.DoNotShareWarningEnabled),
		CustomCodeEnabled:              types.BoolValue(s.CustomCodeEnabled),
		DefaultTemplateSID:             ptrStringOrNull(s.DefaultTemplateSID),
		VerifyEventSubscriptionEnabled: types.BoolValue(s.VerifyEventSubscriptionEnabled),
		DateCreated:                    timeOrNull(s.DateCreated),
		DateUpdated:                    timeOrNull(s.DateUpdated),
	}
	var d diag.Diagnostics
	m.Totp, d = types.ObjectValueFrom(ctx, serviceTotpAttrTypes, serviceTotpModel{
		Issuer:     stringOrNull(s.Totp.Issuer),
		TimeStep:   types.Int64Value(s.Totp.TimeStep),
		CodeLength: types.Int64Value(s.Totp.CodeLength),
		Skew:       types.Int64Value(s.Totp.Skew),
	})
	diags.Append(d...)
	m.Push, d = types.ObjectValueFrom(ctx, servicePushAttrTypes, servicePushModel{
		IncludeDate:      types.BoolValue(s.Push.IncludeDate),
		ApnCredentialSID: ptrStringOrNull(s.Push.ApnCredentialSID),
		FcmCredentialSID: ptrStringOrNull(s.Push.FcmCredentialSID),
	})
	diags.Append(d...)
	m.Whatsapp, d = types.ObjectValueFrom(ctx, serviceWhatsappAttrTypes, serviceWhatsappModel{
		MsgServiceSID: ptrStringOrNull(s.Whatsapp.MsgServiceSID),
		From:          ptrStringOrNull(s.Whatsapp.From),
	})
	diags.Append(d...)
	pk := servicePasskeysModel{
		RelyingPartyID:          types.StringNull(),
		RelyingPartyName:        types.StringNull(),
		RelyingPartyOrigins:     types.ListNull(types.StringType),
		AuthenticatorAttachment: ptrStringOrNull(s.Passkeys.AuthenticatorAttachment),
		DiscoverableCredentials: ptrStringOrNull(s.Passkeys.DiscoverableCredentials),
		UserVerification:        ptrStringOrNull(s.Passkeys.UserVerification),
	}
	if rp := s.Passkeys.RelyingParty; rp != nil {
		pk.RelyingPartyID, pk.RelyingPartyName = ptrStringOrNull(rp.ID), ptrStringOrNull(rp.Name)
		if len(rp.Origins) > 0 {
			pk.RelyingPartyOrigins, d = types.ListValueFrom(ctx, types.StringType, rp.Origins)
			diags.Append(d...)
		}
	}
	m.Passkeys, d = types.ObjectValueFrom(ctx, servicePasskeysAttrTypes, pk)
	diags.Append(d...)
	return m, diags
}

// elementValue is the service as an element of `twilio_verify_services`.
func (m serviceModel) elementValue() (types.Object, diag.Diagnostics) {
	return types.ObjectValue(serviceElementAttrTypes(), map[string]attr.Value{
		"sid": m.SID, "friendly_name": m.FriendlyName, "code_length": m.CodeLength,
		"lookup_enabled": m.LookupEnabled, "skip_sms_to_landlines": m.SkipSmsToLandlines,
		"dtmf_input_required": m.DtmfInputRequired, "tts_name": m.TtsName, "psd2_enabled": m.Psd2Enabled,
		"do_not_share_warning_enabled": m.DoNotShareWarningEnabled, "custom_code_enabled": m.CustomCodeEnabled,
		"default_template_sid": m.DefaultTemplateSID, "verify_event_subscription_enabled": m.VerifyEventSubscriptionEnabled,
		"totp": m.Totp, "push": m.Push, "whatsapp": m.Whatsapp, "passkeys": m.Passkeys,
		"date_created": m.DateCreated, "date_updated": m.DateUpdated,
	})
}

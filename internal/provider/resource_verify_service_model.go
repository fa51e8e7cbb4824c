package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// serviceSettings are the settings of a service, each written once: its
// attribute in the resource and the data sources, where the API returns it,
// where a create or update sends it, and (from its name) where Twilio's
// provider keeps it. Adding a setting to the client's verify.Service and
// verify.ServiceParams and a row here is all the provider needs.
var serviceSettings = []serviceSetting{
	int64Setting("code_length", fmt.Sprintf("Length of the verification codes, %s. Twilio's default is %d.", serviceCodeLengthRange, serviceDefaultCodeLength),
		"Length of the verification codes.",
		serviceCodeLengthRange, func(s *verify.Service, p *verify.ServiceParams) (int64, **int64) { return s.CodeLength, &p.CodeLength }),
	boolSetting("lookup_enabled", "Whether to look up the phone number of each verification.", "Whether each verification looks up the phone number.",
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.LookupEnabled, &p.LookupEnabled
		}),
	boolSetting("skip_sms_to_landlines", "Whether to skip SMS verifications to landlines (needs `lookup_enabled`).", "Whether SMS verifications to landlines are skipped.",
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.SkipSmsToLandlines, &p.SkipSmsToLandlines
		}),
	boolSetting("dtmf_input_required", "Whether a call asks the user to press a key before reading the code.", "Whether a call asks the user to press a key first.",
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.DtmfInputRequired, &p.DtmfInputRequired
		}),
	stringSetting("tts_name", "Alternative text-to-speech name used in calls.", "Alternative text-to-speech name.",
		func(s *verify.Service, p *verify.ServiceParams) (*string, **string) { return s.TtsName, &p.TtsName }, nonEmptySetting),
	boolSetting("psd2_enabled", "Whether verifications take PSD2 transaction parameters.", sameDescription,
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) { return s.Psd2Enabled, &p.Psd2Enabled }),
	boolSetting("do_not_share_warning_enabled", "Whether SMS verifications end with a do-not-share warning.", sameDescription,
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.DoNotShareWarningEnabled, &p.DoNotShareWarningEnabled
		}),
	boolSetting("custom_code_enabled", "Whether verifications may carry a custom code.", sameDescription,
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.CustomCodeEnabled, &p.CustomCodeEnabled
		}),
	stringSetting("default_template_sid", "SID of the default message template (`HJ` followed by 32 hex digits).", "SID of the default message template.",
		func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
			return s.DefaultTemplateSID, &p.DefaultTemplateSID
		},
		sidValidator(templateSIDPrefix, "a template SID")),
	boolSetting("verify_event_subscription_enabled", "Whether verification events reach the account's event streams sinks.", "Whether verification events reach event streams sinks.",
		func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
			return s.VerifyEventSubscriptionEnabled, &p.VerifyEventSubscriptionEnabled
		}),
	objectSetting("totp", "Settings of the service's TOTP factors.", "TOTP factor settings.",
		stringSetting("issuer", "Issuer shown in authenticator apps and in factors' `otpauth://` URIs, 1 to 32 characters. When not set, "+
			"the service's `friendly_name` is the issuer (and this stays null).", "Issuer of TOTP URIs; null means the friendly name.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return &s.Totp.Issuer, &p.TotpIssuer
			},
			nameValidators(serviceFriendlyNameMax)...),
		int64Setting("time_step", fmt.Sprintf("Seconds each TOTP code is valid, %s (default %d).", totpTimeStepRange, verify.DefaultTOTPPeriod),
			"Seconds each code is valid.",
			totpTimeStepRange, func(s *verify.Service, p *verify.ServiceParams) (int64, **int64) {
				return s.Totp.TimeStep, &p.TotpTimeStep
			}),
		int64Setting("code_length", fmt.Sprintf("Digits of TOTP codes, %s (default %d).", totpCodeLengthRange, verify.DefaultTOTPDigits),
			"Digits of TOTP codes.",
			totpCodeLengthRange, func(s *verify.Service, p *verify.ServiceParams) (int64, **int64) {
				return s.Totp.CodeLength, &p.TotpCodeLength
			}),
		int64Setting("skew", fmt.Sprintf("Time steps before and after the current one that are accepted, %s (default %d).", totpSkewRange, verify.DefaultTOTPSkew),
			"Time steps accepted before and after the current one.",
			totpSkewRange, func(s *verify.Service, p *verify.ServiceParams) (int64, **int64) { return s.Totp.Skew, &p.TotpSkew }),
	),
	objectSetting("push", "Settings of the service's push factors.", "Push factor settings.",
		deprecated(boolSetting("include_date", "Whether challenges' responses include the date.", sameDescription,
			func(s *verify.Service, p *verify.ServiceParams) (bool, **bool) {
				return s.Push.IncludeDate, &p.PushIncludeDate
			}), "Twilio deprecated Push.IncludeDate: the date it adds to a challenge's response is the challenge's "+
			"date_created. Remove push.include_date from the configuration."),
		stringSetting("apn_credential_sid", "SID of the APN credential for iOS devices (`CR` followed by 32 hex digits).", "SID of the APN credential.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Push.ApnCredentialSID, &p.PushApnCredentialSID
			},
			credentialSIDValidators()...),
		stringSetting("fcm_credential_sid", "SID of the FCM credential for Android devices (`CR` followed by 32 hex digits).", "SID of the FCM credential.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Push.FcmCredentialSID, &p.PushFcmCredentialSID
			},
			credentialSIDValidators()...),
	),
	objectSetting("whatsapp", "Settings of WhatsApp verifications.", "WhatsApp settings.",
		stringSetting("msg_service_sid", "SID of the Messaging Service holding the WhatsApp senders (`MG` followed by 32 hex digits).",
			"SID of the Messaging Service.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Whatsapp.MsgServiceSID, &p.WhatsappMsgServiceSID
			},
			sidValidator(messagingSIDPrefix, "a Messaging Service SID")),
		stringSetting("from", "WhatsApp sender number, such as `whatsapp:+15005550006`; it must belong to the Messaging Service.", "WhatsApp sender.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Whatsapp.From, &p.WhatsappFrom
			}, nonEmptySetting),
	),
	objectSetting("passkeys", "Settings of passkeys factors.", "Passkeys settings.",
		stringSetting("relying_party_id", passkeysSettingDescriptions["relying_party_id"], "Relying party ID.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return relyingParty(s).ID, &p.PasskeysRelyingPartyID
			}, nonEmptySetting),
		stringSetting("relying_party_name", passkeysSettingDescriptions["relying_party_name"], "Relying party name.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return relyingParty(s).Name, &p.PasskeysRelyingPartyName
			}, nonEmptySetting),
		originsSetting("relying_party_origins", "Relying party origins.",
			func(s *verify.Service, p *verify.ServiceParams) ([]string, **[]string) {
				return relyingParty(s).Origins, &p.PasskeysRelyingPartyOrigins
			}),
		stringSetting("authenticator_attachment", passkeysSettingDescriptions["authenticator_attachment"], "Authenticators allowed.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Passkeys.AuthenticatorAttachment, &p.PasskeysAuthenticatorAttach
			},
			stringvalidator.OneOf(authenticatorAttachments...)),
		stringSetting("discoverable_credentials", passkeysSettingDescriptions["discoverable_credentials"],
			"Whether credentials must be discoverable.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Passkeys.DiscoverableCredentials, &p.PasskeysDiscoverableCreds
			},
			stringvalidator.OneOf(passkeysRequirements...)),
		stringSetting("user_verification", passkeysSettingDescriptions["user_verification"], "User verification requirement.",
			func(s *verify.Service, p *verify.ServiceParams) (*string, **string) {
				return s.Passkeys.UserVerification, &p.PasskeysUserVerification
			},
			stringvalidator.OneOf(passkeysRequirements...)),
	).notInLegacyProvider(),
}

// passkeysSettingDescriptions describe the passkeys settings of a service,
// and of a passkeys factor in the factor data sources.
var passkeysSettingDescriptions = map[string]string{
	"relying_party_id":         "Relying party ID: the domain of the application, such as `example.com`.",
	"relying_party_name":       "Relying party name shown to users, such as `Example App`.",
	"authenticator_attachment": "Authenticators allowed: " + oneOfText(authenticatorAttachments...) + ".",
	"discoverable_credentials": "Whether credentials must be discoverable: " + oneOfText(passkeysRequirements...) + ".",
	"user_verification":        "User verification: " + oneOfText(passkeysRequirements...) + ".",
}

// nonEmptySetting checks a free-text setting.
var nonEmptySetting = stringvalidator.UTF8LengthBetween(1, serviceSettingMaxLength)

// relyingParty is the service's passkeys relying party, empty when the API
// returns none.
func relyingParty(s *verify.Service) *verify.RelyingParty {
	if rp := s.Passkeys.RelyingParty; rp != nil {
		return rp
	}
	return &verify.RelyingParty{}
}

// serviceModel is a service's attributes by name: the state of the
// `twilio_verify_service` resource and data source, and (id aside) an
// element of `twilio_verify_services`. The settings are those of
// serviceSettings; the others are id, sid, friendly_name, date_created and
// date_updated.
type serviceModel map[string]attr.Value

// string returns a string attribute (null when absent).
func (m serviceModel) string(name string) types.String {
	v, _ := m[name].(types.String)
	return v
}

// getServiceModel reads a service from a plan, state or configuration.
func getServiceModel(ctx context.Context, from interface {
	Get(context.Context, any) diag.Diagnostics
}) (serviceModel, diag.Diagnostics) {
	var obj types.Object
	diags := from.Get(ctx, &obj)
	return serviceModel(obj.Attributes()), diags
}

// object returns m as a value of the object type typ (a schema's, or a
// list element's), leaving out the attributes typ does not have.
func (m serviceModel) object(typ attr.Type) (types.Object, diag.Diagnostics) {
	attrTypes := attributeTypes(typ)
	values := make(map[string]attr.Value, len(attrTypes))
	for name := range attrTypes {
		v, ok := m[name]
		if !ok {
			var diags diag.Diagnostics
			diags.AddError("Provider Bug: Incomplete Service", "The service has no attribute "+name+". Please report this bug.")
			return types.Object{}, diags
		}
		values[name] = v
	}
	return types.ObjectValue(attrTypes, values)
}

// attributeTypes returns the attribute types of an object type, nil for
// any other type.
func attributeTypes(typ attr.Type) map[string]attr.Type {
	if t, ok := typ.(attr.TypeWithAttributeTypes); ok {
		return t.AttributeTypes()
	}
	return nil
}

// setServiceState stores m in state (of a resource, a data source or a
// move), typed by the state's schema.
func setServiceState(ctx context.Context, state *tfsdk.State, m serviceModel) diag.Diagnostics {
	obj, diags := m.object(state.Schema.Type())
	if diags.HasError() {
		return diags
	}
	return append(diags, state.Set(ctx, obj)...)
}

// newServiceModel converts a service as the API returns it.
func newServiceModel(s *verify.Service) (serviceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := serviceModel{
		"id":            types.StringValue(s.SID),
		"sid":           types.StringValue(s.SID),
		"friendly_name": types.StringValue(s.FriendlyName),
		"date_created":  timeOrNull(s.DateCreated),
		"date_updated":  timeOrNull(s.DateUpdated),
	}
	for _, setting := range serviceSettings {
		m[setting.name] = setting.read(s, &diags)
	}
	return m, diags
}

// serviceElementType is the type of an element of `twilio_verify_services`,
// derived from its schema.
func serviceElementType() types.ObjectType {
	attrTypes := map[string]attr.Type{}
	for name, a := range serviceElementAttributes() {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// serviceDataAttributes are the attributes of a service as the data sources
// show it, all computed, but id, sid and friendly_name.
func serviceDataAttributes() map[string]dschema.Attribute {
	attrs := map[string]dschema.Attribute{
		"date_created": dschema.StringAttribute{MarkdownDescription: "When the service was created (RFC 3339, UTC).", Computed: true},
		"date_updated": dschema.StringAttribute{MarkdownDescription: "When the service was last updated (RFC 3339, UTC).", Computed: true},
	}
	for _, setting := range serviceSettings {
		attrs[setting.name] = setting.data
	}
	return attrs
}

// serviceResourceSettings are the resource's attributes of the settings.
func serviceResourceSettings() map[string]rschema.Attribute {
	attrs := make(map[string]rschema.Attribute, len(serviceSettings))
	for _, setting := range serviceSettings {
		attrs[setting.name] = setting.resource
	}
	return attrs
}

// sameDescription gives a data source attribute the resource's description.
const sameDescription = ""

// serviceSetting is one row of serviceSettings.
type serviceSetting struct {
	name     string
	resource rschema.Attribute // optional and computed, kept from state when not configured
	data     dschema.Attribute // computed
	// read returns the setting as the API returns it.
	read func(*verify.Service, *diag.Diagnostics) attr.Value
	// send puts the planned value into the parameters when it changed.
	send func(c *changeSet, p *verify.ServiceParams, planned, prior attr.Value)
	// moved reads the setting from the state of Twilio's provider, where it
	// is the flat attribute name.
	moved func(l *legacyState, name string) attr.Value
}

// serviceField reaches one setting in the service the API returns (of type
// V) and in the parameters of a create or update (the *P that holds it).
type serviceField[V, P any] func(*verify.Service, *verify.ServiceParams) (V, *P)

// value is the setting in s.
func (f serviceField[V, P]) value(s *verify.Service) V {
	v, _ := f(s, &verify.ServiceParams{})
	return v
}

// param is where p holds the setting.
func (f serviceField[V, P]) param(p *verify.ServiceParams) *P {
	_, dst := f(&verify.Service{}, p)
	return dst
}

// orDescription returns dataDescription, or description when it is
// sameDescription.
func orDescription(dataDescription, description string) string {
	if dataDescription == sameDescription {
		return description
	}
	return dataDescription
}

// scalarSetting is a setting of one value: value converts it as the API
// returns it, send puts it into the parameters, legacy reads it from the
// state of Twilio's provider.
func scalarSetting[V, P any, T attr.Value](name string, resource rschema.Attribute, data dschema.Attribute, field serviceField[V, P],
	value func(V) T, send func(*changeSet, attr.Value, attr.Value, *P), legacy func(*legacyState, string) T) serviceSetting {
	return serviceSetting{
		name: name, resource: resource, data: data,
		read: func(s *verify.Service, _ *diag.Diagnostics) attr.Value { return value(field.value(s)) },
		send: func(c *changeSet, p *verify.ServiceParams, planned, prior attr.Value) {
			send(c, planned, prior, field.param(p))
		},
		moved: func(l *legacyState, name string) attr.Value { return legacy(l, name) },
	}
}

// boolSetting is a boolean setting; Twilio's default applies when it is not
// set.
func boolSetting(name, description, dataDescription string, field serviceField[bool, *bool]) serviceSetting {
	return scalarSetting(name,
		rschema.BoolAttribute{
			MarkdownDescription: description + " Twilio's default applies when not set.",
			Optional:            true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		dschema.BoolAttribute{MarkdownDescription: orDescription(dataDescription, description), Computed: true},
		field, types.BoolValue, (*changeSet).bool, (*legacyState).bool)
}

// deprecated marks a boolean setting that Twilio deprecated, in its
// description only: a schema DeprecationMessage would make Terraform 1.8's
// `plan -generate-config-out` leave the attribute out of the nested object
// it writes and then refuse that object ("attribute ... is required"), so
// an imported service's generated configuration would not plan.
func deprecated(setting serviceSetting, message string) serviceSetting {
	if attribute, ok := setting.resource.(rschema.BoolAttribute); ok {
		attribute.MarkdownDescription += " **Deprecated**: " + message
		setting.resource = attribute
	}
	return setting
}

// stringSetting is a nullable string setting: the API's null or empty
// string is null.
func stringSetting(name, description, dataDescription string, field serviceField[*string, *string], validators ...validator.String) serviceSetting {
	return scalarSetting(name,
		rschema.StringAttribute{
			MarkdownDescription: description,
			Optional:            true, Computed: true,
			Validators:    validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		dschema.StringAttribute{MarkdownDescription: orDescription(dataDescription, description), Computed: true},
		field, ptrStringOrNull, (*changeSet).string, (*legacyState).str)
}

// int64Setting is a whole-number setting of the range rng.
func int64Setting(name, description, dataDescription string, rng int64Range, field serviceField[int64, *int64]) serviceSetting {
	return scalarSetting(name,
		rschema.Int64Attribute{
			MarkdownDescription: description,
			Optional:            true, Computed: true,
			CustomType:    rng.Type(),
			Validators:    rng.Validators(),
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		dschema.Int64Attribute{MarkdownDescription: orDescription(dataDescription, description), Computed: true},
		field, types.Int64Value, (*changeSet).int64, (*legacyState).int)
}

// originsSetting is the passkeys relying party's origins: a list that
// Twilio receives joined by commas; an empty list is null.
func originsSetting(name, dataDescription string, field serviceField[[]string, *[]string]) serviceSetting {
	return serviceSetting{
		name: name,
		resource: rschema.ListAttribute{
			MarkdownDescription: fmt.Sprintf("Origins of the application: the exact HTTPS origins (such as `https://login.example.com`) "+
				"or app IDs where passkeys are created and verified; 1 to %d distinct values, none containing a comma or white space "+
				"(Twilio receives them joined by commas and documents no limit; %d is this provider's bound).", passkeysMaxOrigins, passkeysMaxOrigins),
			ElementType: stringType,
			Optional:    true, Computed: true,
			Validators: []validator.List{
				listvalidator.SizeBetween(1, passkeysMaxOrigins),
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(nonEmptySetting, noControlCharacters(),
					stringvalidator.RegexMatches(originPattern, "must not contain a comma or white space (Twilio takes the origins comma-separated)")),
			},
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		},
		data: dschema.ListAttribute{MarkdownDescription: dataDescription, ElementType: types.StringType, Computed: true},
		read: func(s *verify.Service, _ *diag.Diagnostics) attr.Value {
			return originsValue(field.value(s))
		},
		send: func(c *changeSet, p *verify.ServiceParams, planned, prior attr.Value) {
			c.strings(planned, prior, field.param(p))
		},
		moved: func(*legacyState, string) attr.Value { return types.ListNull(types.StringType) },
	}
}

// originsValue is a list of passkeys origins as the API returns them (of a
// service or of a passkeys factor): null when there are none.
func originsValue(origins []string) types.List {
	if len(origins) == 0 {
		return types.ListNull(types.StringType)
	}
	elems := make([]attr.Value, len(origins))
	for i, o := range origins {
		elems[i] = types.StringValue(o)
	}
	return types.ListValueMust(types.StringType, elems)
}

// objectSetting groups settings in a nested attribute (Twilio's `Totp.*`
// parameters, ...). Twilio's provider keeps them flat, each named
// `<name>_<setting>`.
func objectSetting(name, description, dataDescription string, settings ...serviceSetting) serviceSetting {
	resourceAttrs := make(map[string]rschema.Attribute, len(settings))
	dataAttrs := make(map[string]dschema.Attribute, len(settings))
	for _, s := range settings {
		resourceAttrs[s.name], dataAttrs[s.name] = s.resource, s.data
	}
	data := dschema.SingleNestedAttribute{MarkdownDescription: dataDescription, Computed: true, Attributes: dataAttrs}
	attrTypes := attributeTypes(data.GetType())
	return serviceSetting{
		name: name,
		resource: rschema.SingleNestedAttribute{
			MarkdownDescription: description,
			Optional:            true, Computed: true,
			Attributes:    resourceAttrs,
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		},
		data: data,
		read: func(s *verify.Service, diags *diag.Diagnostics) attr.Value {
			values := make(map[string]attr.Value, len(settings))
			for _, setting := range settings {
				values[setting.name] = setting.read(s, diags)
			}
			obj, d := types.ObjectValue(attrTypes, values)
			diags.Append(d...)
			return obj
		},
		// A null or unknown object sends nothing; a null prior one (on
		// create) makes every known planned value a change.
		send: func(c *changeSet, p *verify.ServiceParams, planned, prior attr.Value) {
			plannedValues, priorValues := knownAttributes(planned), knownAttributes(prior)
			for _, setting := range settings {
				setting.send(c, p, plannedValues[setting.name], priorValues[setting.name])
			}
		},
		moved: func(l *legacyState, name string) attr.Value {
			values := make(map[string]attr.Value, len(settings))
			for _, setting := range settings {
				values[setting.name] = setting.moved(l, name+"_"+setting.name)
			}
			obj, d := types.ObjectValue(attrTypes, values)
			l.diags.Append(d...)
			return obj
		},
	}
}

// notInLegacyProvider marks a nested attribute that Twilio's provider does
// not have: moved from it, the object is null.
func (s serviceSetting) notInLegacyProvider() serviceSetting {
	attrTypes := attributeTypes(s.data.GetType())
	s.moved = func(*legacyState, string) attr.Value { return types.ObjectNull(attrTypes) }
	return s
}

// knownAttributes returns the attributes of a known object, nil otherwise.
func knownAttributes(v attr.Value) map[string]attr.Value {
	obj, ok := v.(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	return obj.Attributes()
}

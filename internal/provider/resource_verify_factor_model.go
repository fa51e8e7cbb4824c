package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// metadataValue converts the API's metadata into a map value. An empty or
// absent object keeps prior when prior is an empty map, so a configured
// `metadata = {}` does not show a perpetual diff against the API's null.
func metadataValue(m map[string]string, prior types.Map) (types.Map, diag.Diagnostics) {
	if len(m) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior, nil
		}
		return types.MapNull(types.StringType), nil
	}
	elements := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elements[k] = types.StringValue(v)
	}
	return types.MapValue(types.StringType, elements)
}

// metadataMap reads a map value into Go, nil when null or unknown.
func metadataMap(ctx context.Context, v types.Map) (map[string]string, diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	out := map[string]string{}
	diags := v.ElementsAs(ctx, &out, false)
	return out, diags
}

// isTOTP reports whether f is a TOTP factor, whose config is the TOTP one.
func isTOTP(f *verify.Factor) bool { return f.FactorType == verify.FactorTypeTOTP }

// factorDataModel is a factor as the data sources show it: every attribute
// the API returns except the secret notification token.
type factorDataModel struct {
	SID              types.String `tfsdk:"sid"`
	AccountSID       types.String `tfsdk:"account_sid"`
	ServiceSID       types.String `tfsdk:"service_sid"`
	EntitySID        types.String `tfsdk:"entity_sid"`
	Identity         types.String `tfsdk:"identity"`
	FriendlyName     types.String `tfsdk:"friendly_name"`
	FactorType       types.String `tfsdk:"factor_type"`
	Status           types.String `tfsdk:"status"`
	ConfigAlg        types.String `tfsdk:"config_alg"`
	ConfigSkew       types.Int64  `tfsdk:"config_skew"`
	ConfigCodeLength types.Int64  `tfsdk:"config_code_length"`
	ConfigTimeStep   types.Int64  `tfsdk:"config_time_step"`
	Push             types.Object `tfsdk:"push"`
	Passkeys         types.Object `tfsdk:"passkeys"`
	Metadata         types.Map    `tfsdk:"metadata"`
	DateCreated      types.String `tfsdk:"date_created"`
	DateUpdated      types.String `tfsdk:"date_updated"`
	URL              types.String `tfsdk:"url"`
}

// newFactorDataModel converts an API factor for the data sources.
func newFactorDataModel(f *verify.Factor) (factorDataModel, diag.Diagnostics) {
	metadata, diags := metadataValue(f.Metadata, types.MapNull(types.StringType))
	return factorDataModel{
		SID:              types.StringValue(f.SID),
		AccountSID:       stringOrNull(f.AccountSID),
		ServiceSID:       stringOrNull(f.ServiceSID),
		EntitySID:        stringOrNull(f.EntitySID),
		Identity:         stringOrNull(f.Identity),
		FriendlyName:     stringOrNull(f.FriendlyName),
		FactorType:       stringOrNull(f.FactorType),
		Status:           stringOrNull(f.Status),
		ConfigAlg:        stringOrNull(f.Config.Alg),
		ConfigSkew:       int64OrNull(f.Config.Skew),
		ConfigCodeLength: int64OrNull(f.Config.CodeLength),
		ConfigTimeStep:   int64OrNull(f.Config.TimeStep),
		Push:             factorDataPush(f),
		Passkeys:         factorDataPasskeys(f),
		Metadata:         metadata,
		DateCreated:      timeOrNull(f.DateCreated),
		DateUpdated:      timeOrNull(f.DateUpdated),
		URL:              stringOrNull(f.URL),
	}, diags
}

// factorDataPushAttrTypes is the object type of a listed factor's `push`:
// what the API returns of a push factor, without the notification token.
var factorDataPushAttrTypes = factorDataNestedAttrTypes("push")

// factorDataNestedAttrTypes returns the attribute types of the data
// sources' nested attribute name, as their schema declares them.
func factorDataNestedAttrTypes(name string) map[string]attr.Type {
	object, ok := factorDataAttributes()[name].GetType().(types.ObjectType)
	if !ok {
		panic("factor data attribute " + name + " is not a nested object")
	}
	return object.AttrTypes
}

// factorDataPush returns the `push` value of f for the data sources.
func factorDataPush(f *verify.Factor) types.Object {
	if f.FactorType != verify.FactorTypePush {
		return types.ObjectNull(factorDataPushAttrTypes)
	}
	return types.ObjectValueMust(factorDataPushAttrTypes, map[string]attr.Value{
		"app_id":                stringOrNull(f.Config.AppID),
		"notification_platform": stringOrNull(f.Config.NotificationPlatform),
		"sdk_version":           stringOrNull(f.Config.SdkVersion),
	})
}

// factorDataPasskeysAttrTypes is the object type of a listed factor's
// `passkeys`: the relying party and authenticator settings of a passkeys
// factor, named as in twilio_verify_service's `passkeys`.
var factorDataPasskeysAttrTypes = factorDataNestedAttrTypes("passkeys")

// factorDataPasskeys returns the `passkeys` value of f for the data sources.
func factorDataPasskeys(f *verify.Factor) types.Object {
	if f.FactorType != verify.FactorTypePasskeys {
		return types.ObjectNull(factorDataPasskeysAttrTypes)
	}
	var rp verify.RelyingParty
	if f.Config.RelyingParty != nil {
		rp = *f.Config.RelyingParty
	}
	return types.ObjectValueMust(factorDataPasskeysAttrTypes, map[string]attr.Value{
		"relying_party_id":         ptrStringOrNull(rp.ID),
		"relying_party_name":       ptrStringOrNull(rp.Name),
		"relying_party_origins":    originsValue(rp.Origins),
		"authenticator_attachment": stringOrNull(f.Config.AuthenticatorAttachment),
		"discoverable_credentials": stringOrNull(f.Config.DiscoverableCredentials),
		"user_verification":        stringOrNull(f.Config.UserVerification),
	})
}

// objectValue returns m as an object of attrTypes without reflection,
// which matters when a list holds a thousand factors.
func (m factorDataModel) objectValue(attrTypes map[string]attr.Type) (types.Object, diag.Diagnostics) {
	return types.ObjectValue(attrTypes, map[string]attr.Value{
		"sid":                m.SID,
		"account_sid":        m.AccountSID,
		"service_sid":        m.ServiceSID,
		"entity_sid":         m.EntitySID,
		"identity":           m.Identity,
		"friendly_name":      m.FriendlyName,
		"factor_type":        m.FactorType,
		"status":             m.Status,
		"config_alg":         m.ConfigAlg,
		"config_skew":        m.ConfigSkew,
		"config_code_length": m.ConfigCodeLength,
		"config_time_step":   m.ConfigTimeStep,
		"push":               m.Push,
		"passkeys":           m.Passkeys,
		"metadata":           m.Metadata,
		"date_created":       m.DateCreated,
		"date_updated":       m.DateUpdated,
		"url":                m.URL,
	})
}

// factorDataAttributeDescriptions documents the computed factor attributes
// shared by both data sources.
var factorDataAttributeDescriptions = map[string]string{
	"sid":                factorSIDDescription,
	"account_sid":        "SID of the account that owns the factor.",
	"service_sid":        "SID of the Verify service.",
	"entity_sid":         "SID of the entity (`YE` followed by 32 hex digits).",
	"identity":           "Identity of the entity that owns the factor.",
	"friendly_name":      "Human-readable name of the factor.",
	"factor_type":        oneOfText(listedFactorTypes...) + ".",
	"status":             "`unverified` or `verified`.",
	"config_alg":         "TOTP: HMAC algorithm, " + oneOfText(totpAlgorithms...) + ".",
	"config_skew":        "TOTP: accepted time steps before or after the current one.",
	"config_code_length": "TOTP: number of digits of a code.",
	"config_time_step":   "TOTP: seconds a code is valid.",
	"push":               "Push factors: the app and notification settings Twilio returns (not the device key or token); null for other types.",
	"passkeys":           "Passkeys factors: the relying party and authenticator settings the factor was created with; null for other types.",
	"metadata":           "String key/value pairs about the factor.",
	"date_created":       "When the factor was created, RFC 3339 in UTC.",
	"date_updated":       "When the factor was last updated, RFC 3339 in UTC.",
	"url":                "Absolute URL of the factor in the Verify API.",
}

// factorResourceModel is the resource's state, plan and configuration.
type factorResourceModel struct {
	ServiceSID             types.String `tfsdk:"service_sid"`
	Identity               types.String `tfsdk:"identity"`
	FactorType             types.String `tfsdk:"factor_type"`
	FriendlyName           types.String `tfsdk:"friendly_name"`
	BindingSecret          types.String `tfsdk:"binding_secret"`
	BindingSecretWO        types.String `tfsdk:"binding_secret_wo"`
	BindingSecretWOVersion types.Int64  `tfsdk:"binding_secret_wo_version"`
	BindingURI             types.String `tfsdk:"binding_uri"`
	ConfigTimeStep         types.Int64  `tfsdk:"config_time_step"`
	ConfigSkew             types.Int64  `tfsdk:"config_skew"`
	ConfigCodeLength       types.Int64  `tfsdk:"config_code_length"`
	ConfigAlg              types.String `tfsdk:"config_alg"`
	Push                   types.Object `tfsdk:"push"`
	Metadata               types.Map    `tfsdk:"metadata"`
	AuthPayload            types.String `tfsdk:"auth_payload"`
	AutoVerify             types.Bool   `tfsdk:"auto_verify"`
	ID                     types.String `tfsdk:"id"`
	SID                    types.String `tfsdk:"sid"`
	Status                 types.String `tfsdk:"status"`
}

// applyFactor copies what the API returned into m. Values the API never
// returns (binding, auth_payload, auto_verify) are left alone; the other
// type's config attributes become null.
func applyFactor(m *factorResourceModel, f *verify.Factor) diag.Diagnostics {
	m.SID = types.StringValue(f.SID)
	m.ServiceSID = types.StringValue(f.ServiceSID)
	m.Identity = types.StringValue(f.Identity)
	m.FriendlyName = types.StringValue(f.FriendlyName)
	m.FactorType = types.StringValue(f.FactorType)
	m.Status = stringOrNull(f.Status)
	m.ID = types.StringValue(ids.Factor(f.ServiceSID, f.Identity, f.SID))

	c := f.Config
	if isTOTP(f) {
		m.ConfigAlg = stringOrNull(strings.ToLower(c.Alg))
		m.ConfigTimeStep = int64OrNull(c.TimeStep)
		m.ConfigSkew = int64OrNull(c.Skew)
		m.ConfigCodeLength = int64OrNull(c.CodeLength)
		m.Push = types.ObjectNull(factorPushAttrTypes)
	} else {
		m.ConfigAlg = types.StringNull()
		m.ConfigTimeStep = types.Int64Null()
		m.ConfigSkew = types.Int64Null()
		m.ConfigCodeLength = types.Int64Null()
		// The API never returns the device key: keep what state or plan holds.
		prior, _ := m.push()
		// ES256 is the only algorithm of a device key, so an imported
		// factor's is known.
		alg := prior.Alg
		if alg.IsNull() || alg.IsUnknown() {
			alg = types.StringValue(pushBindingAlgorithm)
		}
		push := factorPushModel{
			Alg:                  alg,
			PublicKey:            prior.PublicKey,
			AppID:                stringOrNull(c.AppID),
			NotificationPlatform: stringOrNull(c.NotificationPlatform),
			NotificationToken:    prior.NotificationToken,
			SdkVersion:           stringOrNull(c.SdkVersion),
		}
		// Twilio may leave the token out of its answers; keep what we sent.
		if c.NotificationToken != "" || push.NotificationToken.IsUnknown() {
			push.NotificationToken = stringOrNull(c.NotificationToken)
		}
		m.Push = push.object()
	}
	metadata, diags := metadataValue(f.Metadata, m.Metadata)
	m.Metadata = metadata
	return diags
}

// factorPushModel is the `push` attribute of a push factor.
type factorPushModel struct {
	Alg                  types.String
	PublicKey            types.String
	AppID                types.String
	NotificationPlatform types.String
	NotificationToken    types.String
	SdkVersion           types.String
}

// factorPushAttrTypes is the object type of the `push` attribute.
var factorPushAttrTypes = map[string]attr.Type{
	"alg":                   types.StringType,
	"public_key":            types.StringType,
	"app_id":                types.StringType,
	"notification_platform": types.StringType,
	"notification_token":    types.StringType,
	"sdk_version":           types.StringType,
}

// push returns the push attributes of m, and false when `push` is null or
// unknown (then every field is null).
func (m factorResourceModel) push() (factorPushModel, bool) {
	if m.Push.IsNull() || m.Push.IsUnknown() {
		return factorPushModel{}, false
	}
	attrs := m.Push.Attributes()
	str := func(name string) types.String {
		if v, ok := attrs[name].(types.String); ok {
			return v
		}
		return types.StringUnknown()
	}
	return factorPushModel{
		Alg:                  str("alg"),
		PublicKey:            str("public_key"),
		AppID:                str("app_id"),
		NotificationPlatform: str("notification_platform"),
		NotificationToken:    str("notification_token"),
		SdkVersion:           str("sdk_version"),
	}, true
}

// object returns p as the value of the `push` attribute.
func (p factorPushModel) object() types.Object {
	return types.ObjectValueMust(factorPushAttrTypes, map[string]attr.Value{
		"alg":                   p.Alg,
		"public_key":            p.PublicKey,
		"app_id":                p.AppID,
		"notification_platform": p.NotificationPlatform,
		"notification_token":    p.NotificationToken,
		"sdk_version":           p.SdkVersion,
	})
}

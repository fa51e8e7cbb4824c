package verify

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ServiceTotp is the `totp` object of a service: the settings of its TOTP
// factors. An empty Issuer means the service's friendly name is the issuer.
type ServiceTotp struct {
	Issuer     string `json:"issuer"`
	TimeStep   int64  `json:"time_step"`
	CodeLength int64  `json:"code_length"`
	Skew       int64  `json:"skew"`
}

// ServicePush is the `push` object of a service.
type ServicePush struct {
	IncludeDate      bool    `json:"include_date"`
	ApnCredentialSID *string `json:"apn_credential_sid"`
	FcmCredentialSID *string `json:"fcm_credential_sid"`
}

// ServiceWhatsapp is the `whatsapp` object of a service.
type ServiceWhatsapp struct {
	MsgServiceSID *string `json:"msg_service_sid"`
	From          *string `json:"from"`
}

// RelyingParty is the passkeys relying party of a service or of a
// passkeys factor.
type RelyingParty struct {
	ID      *string  `json:"id"`
	Name    *string  `json:"name"`
	Origins []string `json:"origins"`
}

// ServicePasskeys is the `passkeys` object of a service.
type ServicePasskeys struct {
	RelyingParty            *RelyingParty `json:"relying_party"`
	AuthenticatorAttachment *string       `json:"authenticator_attachment"`
	DiscoverableCredentials *string       `json:"discoverable_credentials"`
	UserVerification        *string       `json:"user_verification"`
}

// Service is a Verify v2 service. Nullable settings are pointers (nil:
// null); the nested objects may be null, which decodes as their zero value.
type Service struct {
	SID                            string          `json:"sid"`
	AccountSID                     string          `json:"account_sid"`
	FriendlyName                   string          `json:"friendly_name"`
	CodeLength                     int64           `json:"code_length"`
	LookupEnabled                  bool            `json:"lookup_enabled"`
	Psd2Enabled                    bool            `json:"psd2_enabled"`
	SkipSmsToLandlines             bool            `json:"skip_sms_to_landlines"`
	DtmfInputRequired              bool            `json:"dtmf_input_required"`
	TtsName                        *string         `json:"tts_name"`
	DoNotShareWarningEnabled       bool            `json:"do_not_share_warning_enabled"`
	CustomCodeEnabled              bool            `json:"custom_code_enabled"`
	Push                           ServicePush     `json:"push"`
	Totp                           ServiceTotp     `json:"totp"`
	DefaultTemplateSID             *string         `json:"default_template_sid"`
	Whatsapp                       ServiceWhatsapp `json:"whatsapp"`
	Passkeys                       ServicePasskeys `json:"passkeys"`
	VerifyEventSubscriptionEnabled bool            `json:"verify_event_subscription_enabled"`
	DateCreated                    time.Time       `json:"date_created"`
	DateUpdated                    time.Time       `json:"date_updated"`
	URL                            string          `json:"url"`
}

// ServiceParams holds the form parameters of a service create or update.
// Only non-nil fields are sent, so a create leaves the rest to Twilio's
// defaults and an update carries only what changed. A pointer to an empty
// string is sent as an empty value (which clears a nullable setting).
// RelyingPartyOrigins is sent comma-separated.
type ServiceParams struct {
	FriendlyName                   *string
	CodeLength                     *int64
	LookupEnabled                  *bool
	SkipSmsToLandlines             *bool
	DtmfInputRequired              *bool
	TtsName                        *string
	Psd2Enabled                    *bool
	DoNotShareWarningEnabled       *bool
	CustomCodeEnabled              *bool
	PushIncludeDate                *bool
	PushApnCredentialSID           *string
	PushFcmCredentialSID           *string
	TotpIssuer                     *string
	TotpTimeStep                   *int64
	TotpCodeLength                 *int64
	TotpSkew                       *int64
	DefaultTemplateSID             *string
	WhatsappMsgServiceSID          *string
	WhatsappFrom                   *string
	PasskeysRelyingPartyID         *string
	PasskeysRelyingPartyName       *string
	PasskeysRelyingPartyOrigins    *[]string
	PasskeysAuthenticatorAttach    *string
	PasskeysDiscoverableCreds      *string
	PasskeysUserVerification       *string
	VerifyEventSubscriptionEnabled *bool
}

// Form returns the form body with Twilio's parameter names.
func (p ServiceParams) Form() url.Values {
	f := make(url.Values, 26)
	setStringPtr(f, "FriendlyName", p.FriendlyName)
	setInt(f, "CodeLength", p.CodeLength)
	setBool(f, "LookupEnabled", p.LookupEnabled)
	setBool(f, "SkipSmsToLandlines", p.SkipSmsToLandlines)
	setBool(f, "DtmfInputRequired", p.DtmfInputRequired)
	setStringPtr(f, "TtsName", p.TtsName)
	setBool(f, "Psd2Enabled", p.Psd2Enabled)
	setBool(f, "DoNotShareWarningEnabled", p.DoNotShareWarningEnabled)
	setBool(f, "CustomCodeEnabled", p.CustomCodeEnabled)
	setBool(f, "Push.IncludeDate", p.PushIncludeDate)
	setStringPtr(f, "Push.ApnCredentialSid", p.PushApnCredentialSID)
	setStringPtr(f, "Push.FcmCredentialSid", p.PushFcmCredentialSID)
	setStringPtr(f, "Totp.Issuer", p.TotpIssuer)
	setInt(f, "Totp.TimeStep", p.TotpTimeStep)
	setInt(f, "Totp.CodeLength", p.TotpCodeLength)
	setInt(f, "Totp.Skew", p.TotpSkew)
	setStringPtr(f, "DefaultTemplateSid", p.DefaultTemplateSID)
	setStringPtr(f, "Whatsapp.MsgServiceSid", p.WhatsappMsgServiceSID)
	setStringPtr(f, "Whatsapp.From", p.WhatsappFrom)
	setStringPtr(f, "Passkeys.RelyingParty.Id", p.PasskeysRelyingPartyID)
	setStringPtr(f, "Passkeys.RelyingParty.Name", p.PasskeysRelyingPartyName)
	if p.PasskeysRelyingPartyOrigins != nil {
		f.Set("Passkeys.RelyingParty.Origins", strings.Join(*p.PasskeysRelyingPartyOrigins, ","))
	}
	setStringPtr(f, "Passkeys.AuthenticatorAttachment", p.PasskeysAuthenticatorAttach)
	setStringPtr(f, "Passkeys.DiscoverableCredentials", p.PasskeysDiscoverableCreds)
	setStringPtr(f, "Passkeys.UserVerification", p.PasskeysUserVerification)
	setBool(f, "VerifyEventSubscriptionEnabled", p.VerifyEventSubscriptionEnabled)
	return f
}

func setBool(f url.Values, key string, v *bool) {
	if v != nil {
		f.Set(key, strconv.FormatBool(*v))
	}
}

// Entity is a Verify v2 entity: a user of a service, identified by Identity.
type Entity struct {
	SID         string    `json:"sid"`
	Identity    string    `json:"identity"`
	AccountSID  string    `json:"account_sid"`
	ServiceSID  string    `json:"service_sid"`
	DateCreated time.Time `json:"date_created"`
	DateUpdated time.Time `json:"date_updated"`
	URL         string    `json:"url"`
}

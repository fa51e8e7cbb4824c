package mockverify

// serviceJSON carries every property of the spec's verify.v2.service.
// The client's verify.Service describes the same JSON: the copy is
// deliberate, since the mock is an independent model of Twilio and shares
// no code with the client (the conformance test checks the mock against the
// spec).
type serviceJSON struct {
	SID                            string            `json:"sid"`
	AccountSID                     string            `json:"account_sid"`
	FriendlyName                   string            `json:"friendly_name"`
	CodeLength                     int64             `json:"code_length"`
	LookupEnabled                  bool              `json:"lookup_enabled"`
	Psd2Enabled                    bool              `json:"psd2_enabled"`
	SkipSmsToLandlines             bool              `json:"skip_sms_to_landlines"`
	DtmfInputRequired              bool              `json:"dtmf_input_required"`
	TtsName                        *string           `json:"tts_name"`
	DoNotShareWarningEnabled       bool              `json:"do_not_share_warning_enabled"`
	CustomCodeEnabled              bool              `json:"custom_code_enabled"`
	Push                           servicePushJSON   `json:"push"`
	Totp                           serviceTotpJSON   `json:"totp"`
	DefaultTemplateSID             *string           `json:"default_template_sid"`
	Whatsapp                       serviceWAJSON     `json:"whatsapp"`
	Passkeys                       servicePasskeys   `json:"passkeys"`
	VerifyEventSubscriptionEnabled bool              `json:"verify_event_subscription_enabled"`
	DateCreated                    string            `json:"date_created"`
	DateUpdated                    string            `json:"date_updated"`
	URL                            string            `json:"url"`
	Links                          map[string]string `json:"links"`
}

type servicePushJSON struct {
	IncludeDate      bool    `json:"include_date"`
	ApnCredentialSID *string `json:"apn_credential_sid"`
	FcmCredentialSID *string `json:"fcm_credential_sid"`
}

type serviceTotpJSON struct {
	Issuer     string `json:"issuer"`
	TimeStep   int64  `json:"time_step"`
	CodeLength int64  `json:"code_length"`
	Skew       int64  `json:"skew"`
}

type serviceWAJSON struct {
	MsgServiceSID *string `json:"msg_service_sid"`
	From          *string `json:"from"`
}

// servicePasskeys is the passkeys object as Twilio returns it: the relying
// party is null until one of its settings is set; the origins are a list.
type servicePasskeys struct {
	RelyingParty            *relyingPartyJSON `json:"relying_party"`
	AuthenticatorAttachment *string           `json:"authenticator_attachment"`
	DiscoverableCredentials *string           `json:"discoverable_credentials"`
	UserVerification        *string           `json:"user_verification"`
}

type relyingPartyJSON struct {
	ID      *string  `json:"id"`
	Name    *string  `json:"name"`
	Origins []string `json:"origins"`
}

// str returns a nullable string setting.
func (svc *service) str(name string) *string {
	if v, ok := svc.strings[name]; ok {
		return &v
	}
	return nil
}

func (svc *service) json(base string) serviceJSON {
	url := base + "/v2/Services/" + svc.sid
	links := make(map[string]string, 7)
	for key, path := range map[string]string{
		"verification_checks":      "VerificationCheck",
		"verifications":            "Verifications",
		"rate_limits":              "RateLimits",
		"messaging_configurations": "MessagingConfigurations",
		"entities":                 "Entities",
		"webhooks":                 "Webhooks",
		"access_tokens":            "AccessTokens",
	} {
		links[key] = url + "/" + path
	}
	var rp *relyingPartyJSON
	id, name := svc.str("Passkeys.RelyingParty.Id"), svc.str("Passkeys.RelyingParty.Name")
	if id != nil || name != nil || len(svc.origins) > 0 {
		rp = &relyingPartyJSON{ID: id, Name: name, Origins: append([]string{}, svc.origins...)}
	}
	return serviceJSON{
		SID:                      svc.sid,
		AccountSID:               svc.accountSID,
		FriendlyName:             svc.friendlyName,
		CodeLength:               svc.codeLength,
		LookupEnabled:            svc.flags["LookupEnabled"],
		Psd2Enabled:              svc.flags["Psd2Enabled"],
		SkipSmsToLandlines:       svc.flags["SkipSmsToLandlines"],
		DtmfInputRequired:        svc.flags["DtmfInputRequired"],
		TtsName:                  svc.str("TtsName"),
		DoNotShareWarningEnabled: svc.flags["DoNotShareWarningEnabled"],
		CustomCodeEnabled:        svc.flags["CustomCodeEnabled"],
		Push: servicePushJSON{
			IncludeDate:      svc.flags["Push.IncludeDate"],
			ApnCredentialSID: svc.str("Push.ApnCredentialSid"),
			FcmCredentialSID: svc.str("Push.FcmCredentialSid"),
		},
		Totp: serviceTotpJSON{
			Issuer:     svc.issuer,
			TimeStep:   svc.totpTimeStep,
			CodeLength: svc.totpCodeLength,
			Skew:       svc.totpSkew,
		},
		DefaultTemplateSID: svc.str("DefaultTemplateSid"),
		Whatsapp: serviceWAJSON{
			MsgServiceSID: svc.str("Whatsapp.MsgServiceSid"),
			From:          svc.str("Whatsapp.From"),
		},
		Passkeys: servicePasskeys{
			RelyingParty:            rp,
			AuthenticatorAttachment: svc.str("Passkeys.AuthenticatorAttachment"),
			DiscoverableCredentials: svc.str("Passkeys.DiscoverableCredentials"),
			UserVerification:        svc.str("Passkeys.UserVerification"),
		},
		VerifyEventSubscriptionEnabled: svc.flags["VerifyEventSubscriptionEnabled"],
		DateCreated:                    svc.created.Format(rfc3339Seconds),
		DateUpdated:                    svc.updated.Format(rfc3339Seconds),
		URL:                            url,
		Links:                          links,
	}
}

// entityJSON carries every property of the spec's verify.v2.service.entity.
type entityJSON struct {
	SID         string            `json:"sid"`
	Identity    string            `json:"identity"`
	AccountSID  string            `json:"account_sid"`
	ServiceSID  string            `json:"service_sid"`
	DateCreated string            `json:"date_created"`
	DateUpdated string            `json:"date_updated"`
	URL         string            `json:"url"`
	Links       map[string]string `json:"links"`
}

func (ent *entity) json(svc *service, base string) entityJSON {
	url := base + "/v2" + entityPath(svc.sid, ent.identity)
	return entityJSON{
		SID:         ent.sid,
		Identity:    ent.identity,
		AccountSID:  svc.accountSID,
		ServiceSID:  svc.sid,
		DateCreated: ent.created.Format(rfc3339Seconds),
		DateUpdated: ent.updated.Format(rfc3339Seconds),
		URL:         url,
		Links: map[string]string{
			"factors":     url + "/Factors",
			"new_factors": url + "/Factors",
			"challenges":  url + "/Challenges",
		},
	}
}

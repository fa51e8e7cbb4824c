package mockverify

import (
	"encoding/base64"
	"slices"
)

// factorJSON is the spec's verify.v2.service.entity.factor.
type factorJSON struct {
	SID          string            `json:"sid"`
	AccountSID   string            `json:"account_sid"`
	ServiceSID   string            `json:"service_sid"`
	EntitySID    string            `json:"entity_sid"`
	Identity     string            `json:"identity"`
	DateCreated  string            `json:"date_created"`
	DateUpdated  string            `json:"date_updated"`
	FriendlyName string            `json:"friendly_name"`
	Status       string            `json:"status"`
	FactorType   string            `json:"factor_type"`
	Config       any               `json:"config"`
	Metadata     map[string]string `json:"metadata"`
	URL          string            `json:"url"`
}

// newFactorJSON is the spec's verify.v2.service.entity.new_factor: a
// factor plus the binding, the only shape that carries it.
type newFactorJSON struct {
	factorJSON
	Binding any `json:"binding"`
	Options any `json:"options"`
}

type totpConfigJSON struct {
	Alg        string `json:"alg"`
	Skew       int64  `json:"skew"`
	CodeLength int64  `json:"code_length"`
	TimeStep   int64  `json:"time_step"`
}

type pushConfigJSON struct {
	SdkVersion           string  `json:"sdk_version"`
	AppID                string  `json:"app_id"`
	NotificationPlatform string  `json:"notification_platform"`
	NotificationToken    *string `json:"notification_token"`
}

type totpBindingJSON struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

type pushBindingJSON struct {
	Alg       string `json:"alg"`
	PublicKey string `json:"public_key"`
}

// passkeysConfigJSON is a passkeys factor's config, as the spec's
// createPasskeys example shows it.
type passkeysConfigJSON struct {
	RelyingParty            passkeysRelyingPartyJSON `json:"relying_party"`
	AuthenticatorAttachment string                   `json:"authenticator_attachment"`
	DiscoverableCredentials string                   `json:"discoverable_credentials"`
	UserVerification        string                   `json:"user_verification"`
}

type passkeysRelyingPartyJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Origins []string `json:"origins"`
}

// passkeysOptionsJSON is the `options` of a new passkeys factor: the
// WebAuthn PublicKeyCredentialCreationOptions for
// navigator.credentials.create(), shaped as the spec's example (which
// gives pubKeyCredParams as one object). As in that example, user.id is
// the base64url of the entity SID and the challenge that of the factor SID.
type passkeysOptionsJSON struct {
	PublicKey struct {
		RP struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"rp"`
		User struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
		} `json:"user"`
		Challenge        string `json:"challenge"`
		PubKeyCredParams struct {
			Type string `json:"type"`
			Alg  int    `json:"alg"`
		} `json:"pubKeyCredParams"`
		Timeout                int64    `json:"timeout"`
		ExcludeCredentials     []string `json:"excludeCredentials"`
		AuthenticatorSelection struct {
			AuthenticatorAttachment string `json:"authenticatorAttachment,omitempty"` // absent for "any"
			RequireResidentKey      bool   `json:"requireResidentKey"`
			ResidentKey             string `json:"residentKey"`
			UserVerification        string `json:"userVerification"`
		} `json:"authenticatorSelection"`
		Attestation string `json:"attestation"`
	} `json:"publicKey"`
}

// passkeysCreationTimeout is options.publicKey.timeout, in milliseconds.
const passkeysCreationTimeout = 600000

func (f *factor) config() any {
	switch f.factorType {
	case factorTOTP:
		return totpConfigJSON{Alg: f.totp.alg, Skew: f.totp.skew, CodeLength: f.totp.codeLength, TimeStep: f.totp.timeStep}
	case factorPasskeys:
		c := f.passkeys
		return passkeysConfigJSON{
			RelyingParty:            passkeysRelyingPartyJSON{ID: c.rpID, Name: c.rpName, Origins: slices.Clone(c.origins)},
			AuthenticatorAttachment: c.attachment,
			DiscoverableCredentials: c.discoverable,
			UserVerification:        c.userVerification,
		}
	}
	c := pushConfigJSON{SdkVersion: f.push.sdkVersion, AppID: f.push.appID, NotificationPlatform: f.push.platform}
	if f.push.token != "" {
		c.NotificationToken = &f.push.token
	}
	return c
}

func (f *factor) json(base string) factorJSON {
	return factorJSON{
		SID:          f.sid,
		AccountSID:   f.svc.accountSID,
		ServiceSID:   f.svc.sid,
		EntitySID:    f.entity.sid,
		Identity:     f.entity.identity,
		DateCreated:  f.created.Format(rfc3339Seconds),
		DateUpdated:  f.updated.Format(rfc3339Seconds),
		FriendlyName: f.friendlyName,
		Status:       f.status,
		FactorType:   f.factorType,
		Config:       f.config(),
		Metadata:     f.metadata,
		URL:          base + "/v2" + factorsPath(f.svc.sid, f.entity.identity) + "/" + f.sid,
	}
}

func (f *factor) newJSON(base string) newFactorJSON {
	switch f.factorType {
	case factorTOTP:
		return newFactorJSON{factorJSON: f.json(base), Binding: totpBindingJSON{
			Secret: f.totp.secret,
			URI:    totpURI(f.svc.totpIssuer(), f.friendlyName, f.totp),
		}}
	case factorPasskeys:
		// A passkeys factor has no binding until its attestation is
		// verified; the answer carries the creation options instead.
		return newFactorJSON{factorJSON: f.json(base), Options: f.passkeysOptions()}
	}
	return newFactorJSON{factorJSON: f.json(base), Binding: pushBindingJSON{Alg: "ES256", PublicKey: f.push.publicKey}}
}

func (f *factor) passkeysOptions() passkeysOptionsJSON {
	c := f.passkeys
	var o passkeysOptionsJSON
	pk := &o.PublicKey
	pk.RP.ID, pk.RP.Name = c.rpID, c.rpName
	pk.User.ID = base64.RawURLEncoding.EncodeToString([]byte(f.entity.sid))
	pk.User.Name, pk.User.DisplayName = f.friendlyName, f.friendlyName
	pk.Challenge = base64.RawURLEncoding.EncodeToString([]byte(f.sid))
	pk.PubKeyCredParams.Type, pk.PubKeyCredParams.Alg = "public-key", -7 // ES256
	pk.Timeout = passkeysCreationTimeout
	pk.ExcludeCredentials = []string{}
	sel := &pk.AuthenticatorSelection
	// WebAuthn knows platform and cross-platform; Twilio's "any" is the
	// member left out.
	if c.attachment != "any" {
		sel.AuthenticatorAttachment = c.attachment
	}
	sel.RequireResidentKey = c.discoverable == "required"
	sel.ResidentKey = c.discoverable
	sel.UserVerification = c.userVerification
	pk.Attestation = "none"
	return o
}

package mockverify

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Enumerations of the passkeys settings: the spec allows each to be empty
// or one of these.
var (
	authenticatorAttachments = []string{"platform", "cross-platform", "any"}
	passkeysRequirements     = []string{"required", "preferred", "discouraged"}
)

// serviceParamNames are the parameters that the spec declares for
// CreateService and UpdateService: the boolean and nullable string ones
// below, and these. All of them are stored. Any other parameter is refused
// (60200), deliberately stricter than Twilio, so that a misspelt parameter
// shows.
var serviceParamNames = slices.Concat([]string{
	"FriendlyName", "CodeLength", "Totp.Issuer", "Totp.TimeStep", "Totp.CodeLength",
	"Totp.Skew", "Passkeys.RelyingParty.Origins",
}, serviceBoolParams, slices.Collect(maps.Keys(serviceStringParams)))

// serviceSpec is a validated create or update of a service; nil fields are
// left unchanged (update) or defaulted (create). For the nullable strings
// (*optString) an empty value clears the setting.
type serviceSpec struct {
	friendlyName   *string
	issuer         *string
	codeLength     *int64
	totpTimeStep   *int64
	totpCodeLength *int64
	totpSkew       *int64

	flags   map[string]bool    // boolean parameters by name
	strings map[string]*string // nullable string parameters by name; "" clears
	origins *[]string          // Passkeys.RelyingParty.Origins, split on ","
}

// serviceBoolParams are the boolean parameters of a service.
var serviceBoolParams = []string{
	"LookupEnabled", "SkipSmsToLandlines", "DtmfInputRequired", "Psd2Enabled",
	"DoNotShareWarningEnabled", "CustomCodeEnabled", "Push.IncludeDate",
	"VerifyEventSubscriptionEnabled",
}

// serviceStringParams are the nullable string parameters of a service and
// their checks (nil: any value).
var serviceStringParams = map[string]func(name, v string) *apiError{
	"TtsName":                          nil,
	"Push.ApnCredentialSid":            sidCheck(credentialSIDPattern),
	"Push.FcmCredentialSid":            sidCheck(credentialSIDPattern),
	"DefaultTemplateSid":               sidCheck(templateSIDPattern),
	"Whatsapp.MsgServiceSid":           sidCheck(messagingSIDPattern),
	"Whatsapp.From":                    nil,
	"Passkeys.RelyingParty.Id":         nil,
	"Passkeys.RelyingParty.Name":       nil,
	"Passkeys.AuthenticatorAttachment": enumCheck(authenticatorAttachments),
	"Passkeys.DiscoverableCredentials": enumCheck(passkeysRequirements),
	"Passkeys.UserVerification":        enumCheck(passkeysRequirements),
}

func sidCheck(re *regexp.Regexp) func(name, v string) *apiError {
	return func(name, v string) *apiError {
		if !re.MatchString(v) {
			return errInvalid(name, "must match "+re.String())
		}
		return nil
	}
}

func enumCheck(allowed []string) func(name, v string) *apiError {
	return func(name, v string) *apiError {
		for _, a := range allowed {
			if v == a {
				return nil
			}
		}
		return errInvalid(name, "must be empty or one of "+strings.Join(allowed, ", "))
	}
}

func parseServiceForm(p params, create bool) (serviceSpec, *apiError) {
	sp := serviceSpec{flags: map[string]bool{}, strings: map[string]*string{}}
	if e := p.rejectUnknown(serviceParamNames, unknownParameter); e != nil {
		return sp, e
	}
	if create {
		fn, e := p.required("FriendlyName")
		if e != nil {
			return sp, e
		}
		sp.friendlyName = &fn
	} else if fn, ok := p.get("FriendlyName"); ok {
		sp.friendlyName = &fn
	}
	if v, ok := p.get("Totp.Issuer"); ok {
		sp.issuer = &v
	}
	var e *apiError
	if sp.codeLength, e = p.int("CodeLength", 4, 10); e != nil {
		return sp, e
	}
	if sp.totpTimeStep, e = p.int("Totp.TimeStep", 20, 60); e != nil {
		return sp, e
	}
	if sp.totpCodeLength, e = p.int("Totp.CodeLength", 3, 8); e != nil {
		return sp, e
	}
	if sp.totpSkew, e = p.int("Totp.Skew", 0, 2); e != nil {
		return sp, e
	}
	for _, name := range serviceBoolParams {
		b, e := p.bool(name)
		if e != nil {
			return sp, e
		}
		if b != nil {
			sp.flags[name] = *b
		}
	}
	for name, check := range serviceStringParams {
		v, ok := p.get(name)
		if !ok {
			continue
		}
		if v != "" && check != nil {
			if e := check(name, v); e != nil {
				return sp, e
			}
		}
		sp.strings[name] = &v
	}
	if v, ok := p.get("Passkeys.RelyingParty.Origins"); ok {
		var origins []string
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				origins = append(origins, o)
			}
		}
		sp.origins = &origins
	}
	return sp, sp.validate()
}

// validate checks the ranges of a spec (the form parser checked the
// integers already; direct seeding did not).
func (sp serviceSpec) validate() *apiError {
	if sp.friendlyName != nil {
		if e := validateLength("FriendlyName", *sp.friendlyName, 1, maxServiceFriendlyName); e != nil {
			return e
		}
	}
	if sp.issuer != nil {
		if e := validateLength("Totp.Issuer", *sp.issuer, 0, maxServiceFriendlyName); e != nil {
			return e
		}
	}
	for _, c := range []struct {
		name   string
		v      *int64
		lo, hi int64
	}{
		{"CodeLength", sp.codeLength, 4, 10},
		{"Totp.TimeStep", sp.totpTimeStep, 20, 60},
		{"Totp.CodeLength", sp.totpCodeLength, 3, 8},
		{"Totp.Skew", sp.totpSkew, 0, 2},
	} {
		if e := checkRange(c.name, c.v, c.lo, c.hi); e != nil {
			return e
		}
	}
	return nil
}

func (sp serviceSpec) apply(svc *service) {
	if sp.friendlyName != nil {
		svc.friendlyName = *sp.friendlyName
	}
	if sp.issuer != nil {
		svc.issuer = *sp.issuer
	}
	for _, c := range []struct {
		v   *int64
		dst *int64
	}{
		{sp.codeLength, &svc.codeLength},
		{sp.totpTimeStep, &svc.totpTimeStep},
		{sp.totpCodeLength, &svc.totpCodeLength},
		{sp.totpSkew, &svc.totpSkew},
	} {
		if c.v != nil {
			*c.dst = *c.v
		}
	}
	for name, v := range sp.flags {
		svc.flags[name] = v
	}
	for name, v := range sp.strings {
		if *v == "" {
			delete(svc.strings, name)
		} else {
			svc.strings[name] = *v
		}
	}
	if sp.origins != nil {
		svc.origins = *sp.origins
	}
}

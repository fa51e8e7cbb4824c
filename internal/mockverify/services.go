package mockverify

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// TOTP defaults of a service, and the verification code length default.
const (
	defaultTotpTimeStep   = 30
	defaultTotpCodeLength = 6
	defaultTotpSkew       = 1
	defaultCodeLength     = 6
	rfc3339Seconds        = "2006-01-02T15:04:05Z"
)

// ServiceParams seeds a service with Server.CreateService. Nil pointers
// take Twilio's defaults (time step 30, code length 6, skew 1); an empty
// TotpIssuer means the friendly name is used as issuer.
type ServiceParams struct {
	SID            string // optional fixed SID, VA + 32 hex digits
	FriendlyName   string
	TotpIssuer     string
	TotpTimeStep   *int64
	TotpCodeLength *int64
	TotpSkew       *int64
}

// ServiceInfo describes a service of the mock.
type ServiceInfo struct {
	SID            string
	AccountSID     string
	FriendlyName   string
	TotpIssuer     string
	TotpTimeStep   int64
	TotpCodeLength int64
	TotpSkew       int64
}

// accountState holds one account's services.
type accountState struct {
	sid      string
	services map[string]*service
	order    []*service // creation order
}

func newAccountState(sid string) *accountState {
	return &accountState{sid: sid, services: make(map[string]*service)}
}

type service struct {
	seq            int64
	sid            string
	accountSID     string
	friendlyName   string
	issuer         string // "" means friendlyName
	codeLength     int64  // verification code length
	totpTimeStep   int64
	totpCodeLength int64
	totpSkew       int64
	created        time.Time
	updated        time.Time

	entities map[string]*entity // by identity
	factors  []*factor          // creation order, all entities
	bySID    map[string]*factor
}

func (svc *service) totpIssuer() string {
	if svc.issuer != "" {
		return svc.issuer
	}
	return svc.friendlyName
}

func (svc *service) info() ServiceInfo {
	return ServiceInfo{
		SID:            svc.sid,
		AccountSID:     svc.accountSID,
		FriendlyName:   svc.friendlyName,
		TotpIssuer:     svc.issuer,
		TotpTimeStep:   svc.totpTimeStep,
		TotpCodeLength: svc.totpCodeLength,
		TotpSkew:       svc.totpSkew,
	}
}

// serviceSpec is a validated create or update of a service; nil fields are
// left unchanged (update) or defaulted (create).
type serviceSpec struct {
	friendlyName   *string
	issuer         *string
	codeLength     *int64
	totpTimeStep   *int64
	totpCodeLength *int64
	totpSkew       *int64
}

// serviceParamNames are the parameters that the spec declares for
// CreateService and UpdateService. Only FriendlyName, CodeLength and
// Totp.* are stored; the others (SMS, push credentials, WhatsApp, passkeys
// settings) are accepted and ignored, since factors do not depend on them.
// Any other parameter is refused (60200), deliberately stricter than
// Twilio, so that a misspelt parameter shows.
var serviceParamNames = []string{
	"FriendlyName", "CodeLength", "LookupEnabled", "SkipSmsToLandlines",
	"DtmfInputRequired", "TtsName", "Psd2Enabled", "DoNotShareWarningEnabled",
	"CustomCodeEnabled", "Push.IncludeDate", "Push.ApnCredentialSid",
	"Push.FcmCredentialSid", "Totp.Issuer", "Totp.TimeStep", "Totp.CodeLength",
	"Totp.Skew", "DefaultTemplateSid", "Whatsapp.MsgServiceSid", "Whatsapp.From",
	"Passkeys.RelyingParty.Id", "Passkeys.RelyingParty.Name",
	"Passkeys.RelyingParty.Origins", "Passkeys.AuthenticatorAttachment",
	"Passkeys.DiscoverableCredentials", "Passkeys.UserVerification",
	"VerifyEventSubscriptionEnabled",
}

func parseServiceForm(p params, create bool) (serviceSpec, *apiError) {
	var sp serviceSpec
	if e := p.rejectUnknown(serviceParamNames, func(string) string { return "unknown parameter" }); e != nil {
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
	if sp.codeLength != nil {
		svc.codeLength = *sp.codeLength
	}
	if sp.totpTimeStep != nil {
		svc.totpTimeStep = *sp.totpTimeStep
	}
	if sp.totpCodeLength != nil {
		svc.totpCodeLength = *sp.totpCodeLength
	}
	if sp.totpSkew != nil {
		svc.totpSkew = *sp.totpSkew
	}
}

// createService adds a service; s.mu must be held and sp be valid.
func (s *Server) createService(acct *accountState, sp serviceSpec, sid string) *service {
	if sid == "" {
		sid = s.newSID("VA")
	} else {
		s.issuedSIDs[sid] = struct{}{}
	}
	now := s.timestamp()
	svc := &service{
		seq:            s.nextSeq(),
		sid:            sid,
		accountSID:     acct.sid,
		codeLength:     defaultCodeLength,
		totpTimeStep:   defaultTotpTimeStep,
		totpCodeLength: defaultTotpCodeLength,
		totpSkew:       defaultTotpSkew,
		created:        now,
		updated:        now,
		entities:       make(map[string]*entity),
		bySID:          make(map[string]*factor),
	}
	sp.apply(svc)
	acct.services[sid] = svc
	acct.order = append(acct.order, svc)
	return svc
}

// timestamp is the current time as the API reports it: UTC, whole seconds.
func (s *Server) timestamp() time.Time {
	return s.now().UTC().Truncate(time.Second)
}

// CreateService seeds a service directly, without HTTP; it is not counted
// in Stats. accountSID "" means the first account. p is validated like the
// API's parameters.
func (s *Server) CreateService(accountSID string, p ServiceParams) (ServiceInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return ServiceInfo{}, fmt.Errorf("mockverify: unknown account %q", accountSID)
	}
	if p.FriendlyName == "" {
		return ServiceInfo{}, errMissing("FriendlyName")
	}
	sp := serviceSpec{
		friendlyName:   &p.FriendlyName,
		issuer:         &p.TotpIssuer,
		totpTimeStep:   p.TotpTimeStep,
		totpCodeLength: p.TotpCodeLength,
		totpSkew:       p.TotpSkew,
	}
	if e := sp.validate(); e != nil {
		return ServiceInfo{}, e
	}
	if p.SID != "" {
		if e := validateServiceSID("SID", p.SID); e != nil {
			return ServiceInfo{}, e
		}
		if _, dup := s.issuedSIDs[p.SID]; dup {
			return ServiceInfo{}, fmt.Errorf("mockverify: SID %s is already in use", p.SID)
		}
	}
	return s.createService(acct, sp, p.SID).info(), nil
}

// serveServices serves /v2/Services.
func (s *Server) serveServices(acct *accountState, req apiRequest) (response, *apiError) {
	if req.method == http.MethodPost {
		sp, e := parseServiceForm(req.form, true)
		if e != nil {
			return response{}, e
		}
		svc := s.createService(acct, sp, "")
		return response{status: http.StatusCreated, body: svc.json(req.base)}, nil
	}
	pr, e := parsePageRequest(req.form, s.maxPageSize)
	if e != nil {
		return response{}, e
	}
	return listPage(acct.order, pr, req.base+TemplateServices, "services",
		func(svc *service) int64 { return svc.seq }, func(svc *service) serviceJSON { return svc.json(req.base) }), nil
}

// serveService serves /v2/Services/{Sid}.
func (s *Server) serveService(acct *accountState, req apiRequest) (response, *apiError) {
	sid := req.route.sid
	if e := validateServiceSID("Sid", sid); e != nil {
		return response{}, e
	}
	svc, ok := acct.services[sid]
	if !ok {
		return response{}, errNotFound("/Services/" + sid)
	}
	switch req.method {
	case http.MethodPost:
		sp, e := parseServiceForm(req.form, false)
		if e != nil {
			return response{}, e
		}
		sp.apply(svc)
		svc.updated = s.timestamp()
	case http.MethodDelete:
		delete(acct.services, sid)
		acct.order = slices.DeleteFunc(acct.order, func(x *service) bool { return x == svc })
		return response{status: http.StatusNoContent}, nil
	}
	return response{status: http.StatusOK, body: svc.json(req.base)}, nil
}

// serviceJSON carries every property of the spec's verify.v2.service.
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

type servicePasskeys struct {
	RelyingParty            *struct{} `json:"relying_party"`
	AuthenticatorAttachment *string   `json:"authenticator_attachment"`
	DiscoverableCredentials *string   `json:"discoverable_credentials"`
	UserVerification        *string   `json:"user_verification"`
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
	return serviceJSON{
		SID:          svc.sid,
		AccountSID:   svc.accountSID,
		FriendlyName: svc.friendlyName,
		CodeLength:   svc.codeLength,
		Totp: serviceTotpJSON{
			Issuer:     svc.issuer,
			TimeStep:   svc.totpTimeStep,
			CodeLength: svc.totpCodeLength,
			Skew:       svc.totpSkew,
		},
		DateCreated: svc.created.Format(rfc3339Seconds),
		DateUpdated: svc.updated.Format(rfc3339Seconds),
		URL:         url,
		Links:       links,
	}
}

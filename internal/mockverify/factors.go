package mockverify

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Factor types and statuses.
const (
	factorTOTP     = "totp"
	factorPush     = "push"
	factorPasskeys = "passkeys"

	statusUnverified = "unverified"
	statusVerified   = "verified"

	platformNone = "none"

	maxPushPerEntity = 20
	maxTOTPPerEntity = 100
)

// FactorInfo describes a factor of the mock. Secret is set for TOTP
// factors only.
type FactorInfo struct {
	SID          string
	AccountSID   string
	ServiceSID   string
	EntitySID    string
	Identity     string
	FriendlyName string
	FactorType   string
	Status       string
	DateCreated  time.Time
	Secret       string
}

type factor struct {
	seq          int64
	sid          string
	svc          *service
	entity       *entity
	friendlyName string
	factorType   string
	status       string
	created      time.Time
	updated      time.Time
	metadata     map[string]string // nil: none (JSON null)
	totp         totpConfig
	push         pushConfig
	passkeys     passkeysConfig
}

type totpConfig struct {
	secret     string
	alg        string
	timeStep   int64
	codeLength int64
	skew       int64
}

type pushConfig struct {
	publicKey  string // base64 DER PKIX
	appID      string
	platform   string
	token      string
	sdkVersion string
}

func (f *factor) info() FactorInfo {
	fi := FactorInfo{
		SID:          f.sid,
		AccountSID:   f.svc.accountSID,
		ServiceSID:   f.svc.sid,
		EntitySID:    f.entity.sid,
		Identity:     f.entity.identity,
		FriendlyName: f.friendlyName,
		FactorType:   f.factorType,
		Status:       f.status,
		DateCreated:  f.created,
	}
	if f.factorType == factorTOTP {
		fi.Secret = f.totp.secret
	}
	return fi
}

// Parameters of CreateNewFactor, and which factor type each belongs to.
var (
	createFactorParams = []string{
		"FriendlyName", "FactorType", "Binding.Alg", "Binding.PublicKey",
		"Binding.Secret", "Config.AppId", "Config.NotificationPlatform",
		"Config.NotificationToken", "Config.SdkVersion", "Config.TimeStep",
		"Config.Skew", "Config.CodeLength", "Config.Alg", "Metadata",
	}
	totpOnlyParams = []string{
		"Binding.Secret", "Config.TimeStep", "Config.Skew", "Config.CodeLength", "Config.Alg",
	}
	pushOnlyParams = []string{
		"Binding.Alg", "Binding.PublicKey", "Config.AppId", "Config.NotificationPlatform",
		"Config.NotificationToken", "Config.SdkVersion",
	}
	// updateFactorParams are the parameters of UpdateFactor. Twilio
	// silently ignores any other parameter of an update (Metadata,
	// Binding.*, Config.AppId, FactorType, ...); the mock refuses them with
	// 400/60200, deliberately stricter than Twilio, so that a provider that
	// believes it can change them in place is caught by its tests.
	updateFactorParams = []string{
		"AuthPayload", "FriendlyName", "Config.NotificationToken", "Config.SdkVersion",
		"Config.TimeStep", "Config.Skew", "Config.CodeLength", "Config.Alg",
		"Config.NotificationPlatform",
	}
	totpAlgs      = []string{"sha1", "sha256", "sha512"}
	pushPlatforms = []string{"apn", "fcm", platformNone}
)

// factorRoute checks the path parameters of a factor route and finds the
// service (404 if it is not this account's).
func factorRoute(acct *accountState, rt route) (*service, *apiError) {
	if e := validateServiceSID("ServiceSid", rt.serviceSID); e != nil {
		return nil, e
	}
	if e := validateIdentity(rt.identity); e != nil {
		return nil, e
	}
	if rt.id == routeFactor {
		if e := validateFactorSID(rt.sid); e != nil {
			return nil, e
		}
	}
	svc, ok := acct.services[rt.serviceSID]
	if !ok {
		return nil, errNotFound("/Services/" + rt.serviceSID)
	}
	return svc, nil
}

func factorsPath(serviceSID, identity string) string {
	return "/Services/" + serviceSID + "/Entities/" + url.PathEscape(identity) + "/Factors"
}

// serveFactors serves .../Entities/{Identity}/Factors: create and list.
func (s *Server) serveFactors(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := factorRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	identity := req.route.identity
	if req.method == http.MethodGet {
		return s.listFactors(svc, identity, req)
	}
	sp, e := parseCreateFactor(req.form, svc)
	if e != nil {
		return response{}, e
	}
	limit := maxTOTPPerEntity
	if sp.factorType == factorPush {
		limit = maxPushPerEntity
	}
	count := 0
	for _, f := range svc.factors {
		if f.entity.identity == identity && f.factorType == sp.factorType {
			count++
		}
	}
	if count >= limit {
		return response{}, errMaxFactors(limit, sp.factorType)
	}

	f := s.newFactor(svc, identity, sp.friendlyName, sp.factorType)
	f.metadata, f.totp, f.push = sp.metadata, sp.totp, sp.push
	if f.factorType == factorTOTP && f.totp.secret == "" {
		f.totp.secret = generateSecret(s.ids)
	}
	s.storeFactor(f)
	return response{status: http.StatusCreated, body: f.newJSON(req.base)}, nil
}

// newFactor returns an unverified factor of identity in svc, without its
// type's settings, creating the entity if it does not exist (a factor
// create creates its entity implicitly). storeFactor adds it.
func (s *Server) newFactor(svc *service, identity, friendlyName, factorType string) *factor {
	ent := svc.entities[identity]
	if ent == nil {
		ent = s.createEntity(svc, identity)
	}
	now := s.timestamp()
	return &factor{
		seq:          s.nextSeq(),
		sid:          s.newSID("YF"),
		svc:          svc,
		entity:       ent,
		friendlyName: friendlyName,
		factorType:   factorType,
		status:       statusUnverified,
		created:      now,
		updated:      now,
	}
}

// storeFactor adds a factor made by newFactor to its service and publishes
// factor.created.
func (s *Server) storeFactor(f *factor) {
	f.svc.factors = append(f.svc.factors, f)
	f.svc.bySID[f.sid] = f
	s.publishFactorEvent(f, eventFactorCreated)
}

func (s *Server) listFactors(svc *service, identity string, req apiRequest) (response, *apiError) {
	pr, e := parsePageRequest(req.form, s.maxPageSize)
	if e != nil {
		return response{}, e
	}
	var items []*factor
	for _, f := range svc.factors {
		if f.entity.identity == identity {
			items = append(items, f)
		}
	}
	return listPage(items, pr, req.base+"/v2"+factorsPath(svc.sid, identity), "factors",
		func(f *factor) int64 { return f.seq }, func(f *factor) factorJSON { return f.json(req.base) }), nil
}

// serveFactor serves .../Factors/{Sid}: fetch, update and delete.
func (s *Server) serveFactor(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := factorRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	f, ok := svc.bySID[req.route.sid]
	if !ok || f.entity.identity != req.route.identity {
		return response{}, errNotFound(factorsPath(svc.sid, req.route.identity) + "/" + req.route.sid)
	}
	switch req.method {
	case http.MethodDelete:
		svc.removeFactor(f)
		s.publishFactorEvent(f, eventFactorDeleted)
		return response{status: http.StatusNoContent}, nil
	case http.MethodPost:
		if e := s.updateFactor(f, req.form); e != nil {
			return response{}, e
		}
	}
	return response{status: http.StatusOK, body: f.json(req.base)}, nil
}

// removeFactor deletes a factor and its challenges.
func (svc *service) removeFactor(f *factor) {
	delete(svc.bySID, f.sid)
	svc.factors = slices.DeleteFunc(svc.factors, func(x *factor) bool { return x == f })
	svc.challenges = slices.DeleteFunc(svc.challenges, func(c *challenge) bool { return c.factor == f })
}

// updateFactor validates an update completely, then verifies AuthPayload
// (if sent) against the factor as it was before the update, then applies
// the update. Nothing changes on any error.
func (s *Server) updateFactor(f *factor, p params) *apiError {
	e := p.rejectUnknown(updateFactorParams, func(name string) string {
		if slices.Contains(createFactorParams, name) {
			return "cannot be changed on an existing factor"
		}
		return "unknown parameter"
	})
	if e != nil {
		return e
	}
	name := f.friendlyName
	if v, ok := p.get("FriendlyName"); ok {
		if e := validateLength("FriendlyName", v, 1, maxFactorFriendlyName); e != nil {
			return e
		}
		name = v
	}
	totpCfg, pushCfg := f.totp, f.push
	switch f.factorType {
	case factorTOTP:
		if e := p.rejectPresent(pushOnlyParams, "not allowed for factor_type totp"); e != nil {
			return e
		}
		if e := parseTOTPConfig(p, &totpCfg); e != nil {
			return e
		}
	case factorPush:
		if e := p.rejectPresent(totpOnlyParams, "not allowed for factor_type push"); e != nil {
			return e
		}
		if e := parsePushConfig(p, &pushCfg); e != nil {
			return e
		}
	case factorPasskeys:
		if e := p.rejectPresent(append(slices.Clone(totpOnlyParams), pushOnlyParams...), "not allowed for factor_type passkeys"); e != nil {
			return e
		}
		if _, ok := p.get("AuthPayload"); ok {
			return errInvalid("AuthPayload", "passkeys factors are verified with POST "+TemplatePasskeysVerifyFactor+
				", which this mock does not implement")
		}
	}
	verified := false
	if payload, ok := p.get("AuthPayload"); ok {
		if payload == "" {
			return errInvalid("AuthPayload", "must not be empty")
		}
		if !s.verifyPayload(f, payload) {
			return errVerificationFailed()
		}
		verified = true
	}
	f.friendlyName, f.totp, f.push = name, totpCfg, pushCfg
	f.updated = s.timestamp()
	if verified && f.status != statusVerified {
		f.status = statusVerified
		s.publishFactorEvent(f, eventFactorVerified)
	}
	return nil
}

func (s *Server) verifyPayload(f *factor, payload string) bool {
	switch f.factorType {
	case factorTOTP:
		return verifyTOTP(payload, f.totp, s.now())
	case factorPush:
		return verifyPush(f.push.publicKey, f.sid, payload)
	}
	return false
}

// Factors returns the factors of a service in creation order: those of
// one entity, or of all entities when identity is "". accountSID "" means
// the first account. Unknown accounts or services give nil.
func (s *Server) Factors(accountSID, serviceSID, identity string) []FactorInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return nil
	}
	var out []FactorInfo
	for _, f := range svc.factors {
		if identity == "" || f.entity.identity == identity {
			out = append(out, f.info())
		}
	}
	return out
}

// DeleteFactor deletes a factor behind the API's back, as Twilio does when
// an unverified factor expires; it is not counted in Stats. accountSID ""
// means the first account; identity "" matches any entity. It reports
// whether the factor existed.
func (s *Server) DeleteFactor(accountSID, serviceSID, identity, sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return false
	}
	f, ok := svc.bySID[sid]
	if !ok || (identity != "" && f.entity.identity != identity) {
		return false
	}
	svc.removeFactor(f)
	return true
}

// seededService returns a service for the Go API used by tests (Factors,
// DeleteFactor): accountSID "" means the first account; nil when unknown.
// The caller holds s.mu.
func (s *Server) seededService(accountSID, serviceSID string) *service {
	acct := s.account(accountSID)
	if acct == nil {
		return nil
	}
	return acct.services[serviceSID]
}

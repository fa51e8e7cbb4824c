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

// accountState holds one account's services and push credentials.
type accountState struct {
	sid         string
	services    map[string]*service
	order       []*service        // creation order
	credentials []*pushCredential // creation order
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

	flags   map[string]bool   // boolean settings by parameter name; absent is false
	strings map[string]string // nullable string settings by parameter name; absent is null
	origins []string          // passkeys relying party origins

	entities    map[string]*entity // by identity
	entityOrder []*entity          // creation order
	factors     []*factor          // creation order, all entities
	bySID       map[string]*factor
	challenges  []*challenge // creation order, all entities
	webhooks    []*webhook   // creation order
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
		flags:          make(map[string]bool),
		strings:        make(map[string]string),
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
		flags:          map[string]bool{},
		strings:        map[string]*string{},
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
		// The service's entities and factors go with it.
		delete(acct.services, sid)
		acct.order = slices.DeleteFunc(acct.order, func(x *service) bool { return x == svc })
		return response{status: http.StatusNoContent}, nil
	}
	return response{status: http.StatusOK, body: svc.json(req.base)}, nil
}

// Services returns the services of an account in creation order;
// accountSID "" means the first account.
func (s *Server) Services(accountSID string) []ServiceInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return nil
	}
	out := make([]ServiceInfo, 0, len(acct.order))
	for _, svc := range acct.order {
		out = append(out, svc.info())
	}
	return out
}

// DeleteService deletes a service with its entities and factors behind the
// API's back; it is not counted in Stats. It reports whether it existed.
func (s *Server) DeleteService(accountSID, serviceSID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return false
	}
	svc, ok := acct.services[serviceSID]
	if ok {
		delete(acct.services, serviceSID)
		acct.order = slices.DeleteFunc(acct.order, func(x *service) bool { return x == svc })
	}
	return ok
}

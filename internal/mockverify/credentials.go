package mockverify

import (
	"net/http"
	"slices"
	"time"
)

// CredentialInfo describes a push credential of the mock (Notify's
// Credential resource). The mock keeps no certificate, key or secret, only
// the SHA-256 (hex) of each as last sent, by parameter name
// ("Certificate", "PrivateKey", "Secret", "ApiKey"), so that tests can
// tell which value a rotation sent.
type CredentialInfo struct {
	SID          string
	AccountSID   string
	FriendlyName string
	Type         string
	Sandbox      bool
	Digests      map[string]string
	DateCreated  time.Time
	DateUpdated  time.Time
}

// pushCredential is a Notify credential (CR...) of an account.
type pushCredential struct {
	seq          int64
	sid          string
	friendlyName *string // nil: never set (JSON null)
	credType     string
	sandbox      bool
	digests      map[string]string
	created      time.Time
	updated      time.Time
}

func (c *pushCredential) apply(sp credentialSpec) {
	if sp.friendlyName != nil {
		c.friendlyName = sp.friendlyName
	}
	if sp.sandbox != nil {
		c.sandbox = *sp.sandbox
	}
	for name, d := range sp.digests {
		c.digests[name] = d
	}
}

func (c *pushCredential) info(accountSID string) CredentialInfo {
	ci := CredentialInfo{
		SID: c.sid, AccountSID: accountSID, Type: c.credType, Sandbox: c.sandbox,
		Digests: make(map[string]string, len(c.digests)), DateCreated: c.created, DateUpdated: c.updated,
	}
	if c.friendlyName != nil {
		ci.FriendlyName = *c.friendlyName
	}
	for k, v := range c.digests {
		ci.Digests[k] = v
	}
	return ci
}

// serveCredentials serves /v1/Credentials: create and list.
func (s *Server) serveCredentials(acct *accountState, req apiRequest) (response, *apiError) {
	if req.method == http.MethodGet {
		pr, e := parsePageRequest(req.form, s.maxPageSize)
		if e != nil {
			return response{}, e
		}
		return listPage(acct.credentials, pr, req.base+TemplateCredentials, "credentials",
			func(c *pushCredential) int64 { return c.seq },
			func(c *pushCredential) credentialJSON { return c.json(acct.sid, req.base) }), nil
	}
	sp, e := parseCredentialForm(req.form, "")
	if e != nil {
		return response{}, e
	}
	now := s.timestamp()
	c := &pushCredential{
		seq: s.nextSeq(), sid: s.newSID("CR"), credType: sp.credType,
		digests: map[string]string{}, created: now, updated: now,
	}
	c.apply(sp)
	acct.credentials = append(acct.credentials, c)
	return response{status: http.StatusCreated, body: c.json(acct.sid, req.base)}, nil
}

// serveCredential serves /v1/Credentials/{Sid}: fetch, update and delete.
func (s *Server) serveCredential(acct *accountState, req apiRequest) (response, *apiError) {
	sid := req.route.sid
	if !credentialSIDPattern.MatchString(sid) {
		return response{}, errInvalid("Sid", "must match "+credentialSIDPattern.String())
	}
	i := slices.IndexFunc(acct.credentials, func(c *pushCredential) bool { return c.sid == sid })
	if i < 0 {
		return response{}, errNotFound("/Credentials/" + sid)
	}
	c := acct.credentials[i]
	switch req.method {
	case http.MethodDelete:
		acct.credentials = slices.Delete(acct.credentials, i, i+1)
		return response{status: http.StatusNoContent}, nil
	case http.MethodPost:
		sp, e := parseCredentialForm(req.form, c.credType)
		if e != nil {
			return response{}, e
		}
		c.apply(sp)
		c.updated = s.timestamp()
	}
	return response{status: http.StatusOK, body: c.json(acct.sid, req.base)}, nil
}

// Credentials returns the push credentials of an account in creation
// order; accountSID "" means the first account.
func (s *Server) Credentials(accountSID string) []CredentialInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return nil
	}
	out := make([]CredentialInfo, 0, len(acct.credentials))
	for _, c := range acct.credentials {
		out = append(out, c.info(acct.sid))
	}
	return out
}

// DeleteCredential deletes a push credential behind the API's back
// (drift); it is not counted in Stats. It reports whether it existed.
func (s *Server) DeleteCredential(accountSID, sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.account(accountSID)
	if acct == nil {
		return false
	}
	n := len(acct.credentials)
	acct.credentials = slices.DeleteFunc(acct.credentials, func(c *pushCredential) bool { return c.sid == sid })
	return len(acct.credentials) < n
}

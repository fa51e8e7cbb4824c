package mockverify

import (
	"net/http"
	"regexp"
	"slices"
	"time"
)

// The event types a webhook subscribes to; eventAll subscribes to all.
const (
	eventAll               = "*"
	eventFactorCreated     = "factor.created"
	eventFactorVerified    = "factor.verified"
	eventFactorDeleted     = "factor.deleted"
	eventChallengeApproved = "challenge.approved"
	eventChallengeDenied   = "challenge.denied"
)

var webhookSIDPattern = regexp.MustCompile(`^YW[0-9a-fA-F]{32}$`)

// WebhookInfo describes a webhook of the mock.
type WebhookInfo struct {
	SID          string
	ServiceSID   string
	FriendlyName string
	EventTypes   []string
	WebhookURL   string
	Status       string
	Version      string
}

// webhook is a Verify webhook of a service: where and for which events the
// mock delivers (events.go).
type webhook struct {
	seq          int64
	sid          string
	friendlyName string
	eventTypes   []string
	url          string
	status       string // enabled | disabled
	version      string // v1 | v2
	created      time.Time
	updated      time.Time
}

// subscribes reports whether the webhook is enabled and wants eventType.
func (w *webhook) subscribes(eventType string) bool {
	return w.status == webhookEnabled &&
		(slices.Contains(w.eventTypes, eventAll) || slices.Contains(w.eventTypes, eventType))
}

func (w *webhook) info(svc *service) WebhookInfo {
	return WebhookInfo{
		SID:          w.sid,
		ServiceSID:   svc.sid,
		FriendlyName: w.friendlyName,
		EventTypes:   slices.Clone(w.eventTypes),
		WebhookURL:   w.url,
		Status:       w.status,
		Version:      w.version,
	}
}

func webhooksPath(serviceSID string) string {
	return "/Services/" + serviceSID + "/Webhooks"
}

// webhookRoute checks the path parameters of a webhook route and finds the
// service (404 if it is not this account's).
func webhookRoute(acct *accountState, rt route) (*service, *apiError) {
	if e := validateServiceSID("ServiceSid", rt.serviceSID); e != nil {
		return nil, e
	}
	if rt.id == routeWebhook && !webhookSIDPattern.MatchString(rt.sid) {
		return nil, errInvalid("Sid", "must match "+webhookSIDPattern.String())
	}
	svc, ok := acct.services[rt.serviceSID]
	if !ok {
		return nil, errNotFound("/Services/" + rt.serviceSID)
	}
	return svc, nil
}

// serveWebhooks serves /v2/Services/{ServiceSid}/Webhooks: create and list.
func (s *Server) serveWebhooks(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := webhookRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	if req.method == http.MethodGet {
		pr, e := parsePageRequest(req.form, s.maxPageSize)
		if e != nil {
			return response{}, e
		}
		return listPage(svc.webhooks, pr, req.base+"/v2"+webhooksPath(svc.sid), "webhooks",
			func(w *webhook) int64 { return w.seq },
			func(w *webhook) webhookJSON { return w.json(svc, req.base) }), nil
	}
	sp, e := parseWebhookForm(req.form, true)
	if e != nil {
		return response{}, e
	}
	now := s.timestamp()
	w := &webhook{
		seq: s.nextSeq(), sid: s.newSID("YW"), status: webhookEnabled, version: webhookV2,
		created: now, updated: now,
	}
	sp.apply(w)
	svc.webhooks = append(svc.webhooks, w)
	return response{status: http.StatusCreated, body: w.json(svc, req.base)}, nil
}

// serveWebhook serves /v2/Services/{ServiceSid}/Webhooks/{Sid}: fetch,
// update and delete.
func (s *Server) serveWebhook(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := webhookRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	i := slices.IndexFunc(svc.webhooks, func(w *webhook) bool { return w.sid == req.route.sid })
	if i < 0 {
		return response{}, errNotFound(webhooksPath(svc.sid) + "/" + req.route.sid)
	}
	w := svc.webhooks[i]
	switch req.method {
	case http.MethodDelete:
		svc.webhooks = slices.Delete(svc.webhooks, i, i+1)
		return response{status: http.StatusNoContent}, nil
	case http.MethodPost:
		sp, e := parseWebhookForm(req.form, false)
		if e != nil {
			return response{}, e
		}
		sp.apply(w)
		w.updated = s.timestamp()
	}
	return response{status: http.StatusOK, body: w.json(svc, req.base)}, nil
}

// Webhooks returns the webhooks of a service in creation order.
// accountSID "" means the first account. Unknown accounts or services
// give nil.
func (s *Server) Webhooks(accountSID, serviceSID string) []WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return nil
	}
	out := make([]WebhookInfo, 0, len(svc.webhooks))
	for _, w := range svc.webhooks {
		out = append(out, w.info(svc))
	}
	return out
}

// DeleteWebhook deletes a webhook behind the API's back (drift); it is not
// counted in Stats. It reports whether the webhook existed.
func (s *Server) DeleteWebhook(accountSID, serviceSID, sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return false
	}
	n := len(svc.webhooks)
	svc.webhooks = slices.DeleteFunc(svc.webhooks, func(w *webhook) bool { return w.sid == sid })
	return len(svc.webhooks) < n
}

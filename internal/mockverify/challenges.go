package mockverify

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Challenge statuses.
const (
	challengePending  = "pending"
	challengeExpired  = "expired"
	challengeApproved = "approved"
	challengeDenied   = "denied"
)

// signatureFieldsHeader names, on a pending push challenge, the fields the
// device signs to answer it (see verifyPushAnswer); the Verify Push SDK
// reads it from the fetch.
const signatureFieldsHeader = "Twilio-Verify-Signature-Fields"

// challengeSignatureFields are the fields the mock asks the device to sign:
// everything that identifies the challenge and what the user was shown.
var challengeSignatureFields = []string{
	"sid", "service_sid", "entity_sid", "identity", "factor_sid",
	"date_created", "expiration_date", "details", "hidden_details",
}

// ChallengeInfo describes a challenge of the mock.
type ChallengeInfo struct {
	SID            string
	ServiceSID     string
	Identity       string
	FactorSID      string
	FactorType     string
	Status         string
	ExpirationDate time.Time
}

type challenge struct {
	seq           int64
	sid           string
	factor        *factor
	status        string
	created       time.Time
	updated       time.Time
	responded     *time.Time
	expires       time.Time
	message       string
	fields        []detailField
	hiddenDetails map[string]string
	metadata      map[string]string
}

// expireIfDue turns a pending challenge whose expiration date has come
// into an expired one, as of its expiration date.
func (c *challenge) expireIfDue(now time.Time) {
	if c.status == challengePending && !now.Before(c.expires) {
		c.status = challengeExpired
		c.updated = c.expires
	}
}

// respond records the answer of the user.
func (c *challenge) respond(status string, now time.Time) {
	c.status = status
	c.responded = &now
	c.updated = now
}

func (c *challenge) info() ChallengeInfo {
	return ChallengeInfo{
		SID: c.sid, ServiceSID: c.factor.svc.sid, Identity: c.factor.entity.identity,
		FactorSID: c.factor.sid, FactorType: c.factor.factorType, Status: c.status, ExpirationDate: c.expires,
	}
}

func challengesPath(serviceSID, identity string) string {
	return "/Services/" + serviceSID + "/Entities/" + url.PathEscape(identity) + "/Challenges"
}

// challengeRoute checks the path parameters of a challenge route and finds
// the service (404 if it is not this account's).
func challengeRoute(acct *accountState, rt route) (*service, *apiError) {
	if e := validateServiceSID("ServiceSid", rt.serviceSID); e != nil {
		return nil, e
	}
	if e := validateIdentity(rt.identity); e != nil {
		return nil, e
	}
	if rt.id == routeChallenge && !challengeSIDPattern.MatchString(rt.sid) {
		return nil, errInvalid("Sid", "must match "+challengeSIDPattern.String())
	}
	svc, ok := acct.services[rt.serviceSID]
	if !ok {
		return nil, errNotFound("/Services/" + rt.serviceSID)
	}
	return svc, nil
}

// serveChallenges serves .../Entities/{Identity}/Challenges: create and list.
func (s *Server) serveChallenges(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := challengeRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	if req.method == http.MethodGet {
		return s.listChallenges(svc, req)
	}
	now := s.timestamp()
	sp, e := parseCreateChallenge(req.form, svc, req.route.identity, now)
	if e != nil {
		return response{}, e
	}
	c := &challenge{
		seq: s.nextSeq(), sid: s.newSID("YC"), factor: sp.factor, status: challengePending,
		created: now, updated: now, expires: sp.expires,
		message: sp.message, fields: sp.fields, hiddenDetails: sp.hiddenDetails,
	}
	svc.challenges = append(svc.challenges, c)
	if sp.authPayload != "" && verifyTOTP(sp.authPayload, sp.factor.totp, s.now()) {
		c.respond(challengeApproved, now)
		s.publishChallengeEvent(c, eventChallengeApproved)
	}
	return challengeResponse(http.StatusCreated, c, req.base), nil
}

// challengeResponse answers with a challenge; a pending push challenge
// carries the fields its answer must sign.
func challengeResponse(status int, c *challenge, base string) response {
	res := response{status: status, body: c.json(base)}
	if c.status == challengePending && c.factor.factorType == factorPush {
		res.header = http.Header{signatureFieldsHeader: {strings.Join(challengeSignatureFields, ",")}}
	}
	return res
}

func (s *Server) listChallenges(svc *service, req apiRequest) (response, *apiError) {
	pr, e := parsePageRequest(req.form, s.maxPageSize)
	if e != nil {
		return response{}, e
	}
	p := req.form
	if e := p.rejectUnknown([]string{"FactorSid", "Status", "Order", "PageSize", "Page", "PageToken"},
		unknownParameter); e != nil {
		return response{}, e
	}
	status, e := p.oneOf("Status", challengePending, challengeExpired, challengeApproved, challengeDenied)
	if e != nil {
		return response{}, e
	}
	order, e := p.oneOf("Order", "asc", "desc")
	if e != nil {
		return response{}, e
	}
	factorSID, _ := p.get("FactorSid")
	now := s.now()
	var items []*challenge
	for _, c := range svc.challenges {
		c.expireIfDue(now)
		if c.factor.entity.identity == req.route.identity &&
			(factorSID == "" || c.factor.sid == factorSID) && (status == nil || c.status == *status) {
			items = append(items, c)
		}
	}
	// Page tokens need ascending positions: descending order counts down
	// from the largest int64.
	position := func(c *challenge) int64 { return c.seq }
	if order != nil && *order == "desc" {
		slices.Reverse(items)
		position = func(c *challenge) int64 { return math.MaxInt64 - c.seq }
	}
	listURL := req.base + "/v2" + challengesPath(svc.sid, req.route.identity)
	filters := url.Values{}
	for _, name := range []string{"FactorSid", "Status", "Order"} {
		if v, ok := p.get(name); ok {
			filters.Set(name, v)
		}
	}
	if len(filters) > 0 {
		listURL += "?" + filters.Encode()
	}
	return listPage(items, pr, listURL, "challenges",
		position, func(c *challenge) challengeJSON { return c.json(req.base) }), nil
}

// serveChallenge serves .../Challenges/{Sid}: fetch and update (answer).
func (s *Server) serveChallenge(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := challengeRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	i := slices.IndexFunc(svc.challenges, func(c *challenge) bool {
		return c.sid == req.route.sid && c.factor.entity.identity == req.route.identity
	})
	if i < 0 {
		return response{}, errNotFound(challengesPath(svc.sid, req.route.identity) + "/" + req.route.sid)
	}
	c := svc.challenges[i]
	c.expireIfDue(s.now())
	if req.method == http.MethodPost {
		if e := s.answerChallenge(c, req); e != nil {
			return response{}, e
		}
	}
	return challengeResponse(http.StatusOK, c, req.base), nil
}

// answerChallenge applies an AuthPayload: a TOTP code approves the
// challenge when valid and leaves it pending otherwise (as Twilio does); a
// push answer must be signed by the factor's key and approves or denies.
func (s *Server) answerChallenge(c *challenge, req apiRequest) *apiError {
	u, e := parseUpdateChallenge(req.form, c.factor.factorType)
	if e != nil {
		return e
	}
	switch c.status {
	case challengePending:
	case challengeExpired:
		return errChallengeExpired()
	default:
		return errInvalid("AuthPayload", "the challenge was already answered ("+c.status+")")
	}
	var answer string
	switch c.factor.factorType {
	case factorTOTP:
		if verifyTOTP(u.authPayload, c.factor.totp, s.now()) {
			answer = challengeApproved
		}
	case factorPush:
		var ok bool
		if answer, ok = verifyPushAnswer(c, u.authPayload, req.base); !ok {
			return errVerificationFailed()
		}
	}
	now := s.timestamp()
	if u.metadata != nil {
		c.metadata = u.metadata
		c.updated = now
	}
	switch answer {
	case challengeApproved:
		c.respond(challengeApproved, now)
		s.publishChallengeEvent(c, eventChallengeApproved)
	case challengeDenied:
		c.respond(challengeDenied, now)
		s.publishChallengeEvent(c, eventChallengeDenied)
	}
	return nil
}

// verifyPushAnswer checks a push challenge's AuthPayload the way the
// Verify Push SDK makes it: a JWS by the factor's key whose claims are the
// challenge's signature fields, with the values the fetch showed, plus
// "status" (approved or denied). It returns that status.
func verifyPushAnswer(c *challenge, payload, base string) (string, bool) {
	claims, ok := verifyJWS(c.factor.push.publicKey, payload)
	if !ok {
		return "", false
	}
	status, _ := claims["status"].(string)
	if status != challengeApproved && status != challengeDenied {
		return "", false
	}
	raw, err := json.Marshal(c.json(base))
	if err != nil {
		return "", false
	}
	var shown map[string]any
	if json.Unmarshal(raw, &shown) != nil {
		return "", false
	}
	for _, field := range challengeSignatureFields {
		if !reflect.DeepEqual(claims[field], shown[field]) {
			return "", false
		}
	}
	return status, true
}

// Challenges returns the challenges of an entity in creation order.
// accountSID "" means the first account. Unknown accounts or services
// give nil.
func (s *Server) Challenges(accountSID, serviceSID, identity string) []ChallengeInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return nil
	}
	var out []ChallengeInfo
	now := s.now()
	for _, c := range svc.challenges {
		c.expireIfDue(now)
		if c.factor.entity.identity == identity {
			out = append(out, c.info())
		}
	}
	return out
}

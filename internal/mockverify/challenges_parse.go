package mockverify

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Limits of a challenge, as Twilio documents them.
const (
	defaultChallengeTTL = 5 * time.Minute
	maxChallengeTTL     = 60 * time.Minute
	maxDetailsMessage   = 256
	maxDetailsFields    = 20
	maxFieldLabel       = 36
	maxFieldValue       = 128
	minTOTPPayload      = 3
	maxTOTPPayload      = 8
	maxPushPayload      = 5456
)

var (
	createChallengeParams = []string{"FactorSid", "ExpirationDate", "Details.Message", "Details.Fields", "HiddenDetails", "AuthPayload"}
	updateChallengeParams = []string{"AuthPayload", "Metadata"}
)

// detailField is one of a challenge's Details.Fields.
type detailField struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// challengeSpec is a validated challenge creation.
type challengeSpec struct {
	factor        *factor
	expires       time.Time
	message       string
	fields        []detailField
	hiddenDetails map[string]string // nil: none
	authPayload   string            // TOTP only; "" if not sent
}

// parseCreateChallenge validates a create on the entity's factors at now.
func parseCreateChallenge(p params, svc *service, identity string, now time.Time) (challengeSpec, *apiError) {
	var sp challengeSpec
	if e := p.rejectUnknown(createChallengeParams, unknownParameter); e != nil {
		return sp, e
	}
	factorSID, e := p.required("FactorSid")
	if e != nil {
		return sp, e
	}
	if !factorSIDPattern.MatchString(factorSID) {
		return sp, errInvalid("FactorSid", "must match "+factorSIDPattern.String())
	}
	f, ok := svc.bySID[factorSID]
	if !ok || f.entity.identity != identity {
		return sp, errNotFound(factorsPath(svc.sid, identity) + "/" + factorSID)
	}
	if f.status != statusVerified {
		return sp, errFactorUnverified()
	}
	sp.factor = f
	if sp.expires, e = parseExpiration(p, now); e != nil {
		return sp, e
	}
	if e = sp.parseDetails(p, f.factorType == factorPush); e != nil {
		return sp, e
	}
	if v, ok := p.get("HiddenDetails"); ok {
		if sp.hiddenDetails, e = parseStringMap("HiddenDetails", v); e != nil {
			return sp, e
		}
	}
	if v, ok := p.get("AuthPayload"); ok {
		if f.factorType != factorTOTP {
			return sp, errInvalid("AuthPayload", "only allowed on create for factor_type totp")
		}
		if e = validateLength("AuthPayload", v, minTOTPPayload, maxTOTPPayload); e != nil {
			return sp, e
		}
		sp.authPayload = v
	}
	return sp, nil
}

// parseExpiration reads ExpirationDate (RFC 3339): after now and at most
// 60 minutes after it; default five minutes after now.
func parseExpiration(p params, now time.Time) (time.Time, *apiError) {
	v, ok := p.get("ExpirationDate")
	if !ok {
		return now.Add(defaultChallengeTTL), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, errInvalid("ExpirationDate", "must be an ISO 8601 date-time")
	}
	if !t.After(now) || t.After(now.Add(maxChallengeTTL)) {
		return time.Time{}, errInvalid("ExpirationDate", "must be in the future, at most 60 minutes after creation")
	}
	return t.UTC().Truncate(time.Second), nil
}

// parseDetails reads Details.Message (required for push) and the repeated
// Details.Fields, each a JSON object {"label": ..., "value": ...}.
func (sp *challengeSpec) parseDetails(p params, push bool) *apiError {
	msg, ok := p.get("Details.Message")
	if push && (!ok || msg == "") {
		return errMissing("Details.Message")
	}
	if e := validateLength("Details.Message", msg, 0, maxDetailsMessage); e != nil {
		return e
	}
	sp.message = msg
	values := p["Details.Fields"]
	if len(values) > maxDetailsFields {
		return errInvalid("Details.Fields", "must have at most 20 fields")
	}
	for _, v := range values {
		var f detailField
		if err := json.Unmarshal([]byte(v), &f); err != nil || f.Label == "" {
			return errInvalid("Details.Fields", `every field must be a JSON object {"label": ..., "value": ...}`)
		}
		if utf8.RuneCountInString(f.Label) > maxFieldLabel || utf8.RuneCountInString(f.Value) > maxFieldValue {
			return errInvalid("Details.Fields", "labels are at most 36 characters long, values at most 128")
		}
		sp.fields = append(sp.fields, f)
	}
	return nil
}

// challengeUpdate is a validated challenge update.
type challengeUpdate struct {
	authPayload string
	metadata    map[string]string // nil: not sent
}

func parseUpdateChallenge(p params, factorType string) (challengeUpdate, *apiError) {
	var u challengeUpdate
	if e := p.rejectUnknown(updateChallengeParams, unknownParameter); e != nil {
		return u, e
	}
	v, e := p.required("AuthPayload")
	if e != nil {
		return u, e
	}
	lo, hi := minTOTPPayload, maxTOTPPayload
	if factorType == factorPush {
		lo, hi = 1, maxPushPayload
	}
	if e := validateLength("AuthPayload", v, lo, hi); e != nil {
		return u, e
	}
	u.authPayload = v
	if md, ok := p.get("Metadata"); ok {
		if u.metadata, e = parseMetadata(md); e != nil {
			return u, e
		}
	}
	return u, nil
}

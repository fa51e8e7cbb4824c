package mockverify

import (
	"net/url"
	"slices"
	"strings"
)

// Webhook settings as the spec enumerates them.
var (
	webhookEventTypes = []string{
		eventAll, eventFactorCreated, eventFactorVerified, eventFactorDeleted,
		eventChallengeApproved, eventChallengeDenied,
	}
	webhookStatuses   = []string{webhookEnabled, "disabled"}
	webhookVersions   = []string{"v1", webhookV2}
	webhookParamNames = []string{"FriendlyName", "EventTypes", "WebhookUrl", "Status", "Version"}
)

const (
	webhookEnabled          = "enabled"
	webhookV2               = "v2"
	maxWebhookFriendlyName  = 64
	maxWebhookURL           = 2048
	webhookMethod           = "POST"
	webhookEventTypesJoined = "*, factor.created, factor.verified, factor.deleted, challenge.approved, challenge.denied"
)

// webhookSpec is a validated create or update of a webhook; nil fields are
// left unchanged (update) or defaulted (create).
type webhookSpec struct {
	friendlyName *string
	eventTypes   []string // nil: unchanged
	url          *string
	status       *string
	version      *string
}

// parseWebhookForm validates a create (every required parameter) or an
// update (any subset) of a webhook. Unknown parameters are refused (60200),
// stricter than Twilio, so that a misspelt parameter shows.
func parseWebhookForm(p params, create bool) (webhookSpec, *apiError) {
	var sp webhookSpec
	if e := p.rejectUnknown(webhookParamNames, unknownParameter); e != nil {
		return sp, e
	}
	if create {
		for _, name := range []string{"FriendlyName", "EventTypes", "WebhookUrl"} {
			if _, e := p.required(name); e != nil {
				return sp, e
			}
		}
	}
	if v, ok := p.get("FriendlyName"); ok {
		if e := validateLength("FriendlyName", v, 1, maxWebhookFriendlyName); e != nil {
			return sp, e
		}
		sp.friendlyName = &v
	}
	if _, ok := p.get("EventTypes"); ok {
		types, e := parseEventTypes(p["EventTypes"])
		if e != nil {
			return sp, e
		}
		sp.eventTypes = types
	}
	if v, ok := p.get("WebhookUrl"); ok {
		if e := validateWebhookURL(v); e != nil {
			return sp, e
		}
		sp.url = &v
	}
	var e *apiError
	if sp.status, e = p.oneOf("Status", webhookStatuses...); e != nil {
		return sp, e
	}
	if sp.version, e = p.oneOf("Version", webhookVersions...); e != nil {
		return sp, e
	}
	return sp, nil
}

// parseEventTypes checks the repeated EventTypes parameter; duplicates are
// dropped, the order kept.
func parseEventTypes(values []string) ([]string, *apiError) {
	var types []string
	for _, v := range values {
		if !slices.Contains(webhookEventTypes, v) {
			return nil, errInvalid("EventTypes", "every value must be one of "+webhookEventTypesJoined)
		}
		if !slices.Contains(types, v) {
			types = append(types, v)
		}
	}
	if len(types) == 0 {
		return nil, errMissing("EventTypes")
	}
	return types, nil
}

// validateWebhookURL requires an absolute http or https URL with a host.
func validateWebhookURL(v string) *apiError {
	if len(v) > maxWebhookURL {
		return errInvalid("WebhookUrl", "must be at most 2048 characters long")
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "https") && !strings.EqualFold(u.Scheme, "http")) {
		return errInvalid("WebhookUrl", "must be an absolute http or https URL")
	}
	return nil
}

// apply writes a validated spec into w.
func (sp webhookSpec) apply(w *webhook) {
	if sp.friendlyName != nil {
		w.friendlyName = *sp.friendlyName
	}
	if sp.eventTypes != nil {
		w.eventTypes = sp.eventTypes
	}
	if sp.url != nil {
		w.url = *sp.url
	}
	if sp.status != nil {
		w.status = *sp.status
	}
	if sp.version != nil {
		w.version = *sp.version
	}
}

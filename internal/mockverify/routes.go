package mockverify

import (
	"net/http"
	"net/url"
	"strings"
)

type routeID int

const (
	routeNone routeID = iota
	routeServices
	routeService
	routeEntities
	routeEntity
	routeFactors
	routeFactor
	routeChallenges
	routeChallenge
	routeWebhooks
	routeWebhook
	routeCredentials
	routeCredential
	routePasskeysFactors
)

// Route templates, as the OpenAPI spec spells the paths. Stats.Requests is
// keyed by method and template, such as "POST " + TemplateFactors; tests
// of other packages use these names instead of copying the paths.
const (
	TemplateServices = "/v2/Services"
	TemplateService  = "/v2/Services/{Sid}"
	TemplateEntities = "/v2/Services/{ServiceSid}/Entities"
	TemplateEntity   = "/v2/Services/{ServiceSid}/Entities/{Identity}"
	TemplateFactors  = "/v2/Services/{ServiceSid}/Entities/{Identity}/Factors"
	TemplateFactor   = "/v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}"

	TemplateChallenges = "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges"
	TemplateChallenge  = "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}"
	TemplateWebhooks   = "/v2/Services/{ServiceSid}/Webhooks"
	TemplateWebhook    = "/v2/Services/{ServiceSid}/Webhooks/{Sid}"

	// TemplatePasskeysFactors creates passkeys factors; of the routes the
	// mock serves, it is the one whose body is JSON, not a form (as are
	// all of Twilio's Passkeys routes).
	TemplatePasskeysFactors = "/v2/Services/{ServiceSid}/Passkeys/Factors"
	// TemplatePasskeysVerifyFactor verifies a passkeys factor with a
	// WebAuthn attestation; the mock does not serve it.
	TemplatePasskeysVerifyFactor = "/v2/Services/{ServiceSid}/Passkeys/VerifyFactor"

	// Notify v1, served on the same base URL (Twilio serves it on
	// notify.twilio.com).
	TemplateCredentials = "/v1/Credentials"
	TemplateCredential  = "/v1/Credentials/{Sid}"
)

// routeTemplates maps each route to its template.
var routeTemplates = map[routeID]string{
	routeServices:    TemplateServices,
	routeService:     TemplateService,
	routeEntities:    TemplateEntities,
	routeEntity:      TemplateEntity,
	routeFactors:     TemplateFactors,
	routeFactor:      TemplateFactor,
	routeChallenges:  TemplateChallenges,
	routeChallenge:   TemplateChallenge,
	routeWebhooks:    TemplateWebhooks,
	routeWebhook:     TemplateWebhook,
	routeCredentials: TemplateCredentials,
	routeCredential:  TemplateCredential,

	routePasskeysFactors: TemplatePasskeysFactors,
}

// route is a matched API path with its (unescaped) path parameters.
type route struct {
	id         routeID
	serviceSID string
	identity   string
	sid        string
}

func (r route) template() string {
	if t, ok := routeTemplates[r.id]; ok {
		return t
	}
	return "unmatched"
}

// takesJSON reports whether the route's POST body is JSON rather than a
// form, as the spec declares for the passkeys operations.
func (r route) takesJSON() bool { return r.id == routePasskeysFactors }

func (r route) allows(method string) bool {
	switch r.id {
	case routeServices, routeFactors, routeEntities, routeChallenges, routeChallenge, routeWebhooks, routeCredentials:
		return method == http.MethodGet || method == http.MethodPost
	case routeEntity:
		return method == http.MethodGet || method == http.MethodDelete
	case routeService, routeFactor, routeWebhook, routeCredential:
		return method == http.MethodGet || method == http.MethodPost || method == http.MethodDelete
	case routePasskeysFactors:
		return method == http.MethodPost
	}
	return false
}

// matchRoute matches an escaped URL path. Segments are unescaped one by one
// so that an encoded slash stays inside its segment.
func matchRoute(escapedPath string) route {
	raw := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	seg := make([]string, len(raw))
	for i, p := range raw {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" {
			return route{}
		}
		seg[i] = u
	}
	if len(seg) >= 2 && seg[0] == "v1" && seg[1] == "Credentials" {
		return matchNotifyRoute(seg)
	}
	if len(seg) < 2 || seg[0] != "v2" || seg[1] != "Services" {
		return route{}
	}
	switch {
	case len(seg) == 2:
		return route{id: routeServices}
	case len(seg) == 3:
		return route{id: routeService, sid: seg[2]}
	case len(seg) == 4 && seg[3] == "Webhooks":
		return route{id: routeWebhooks, serviceSID: seg[2]}
	case len(seg) == 5 && seg[3] == "Webhooks":
		return route{id: routeWebhook, serviceSID: seg[2], sid: seg[4]}
	case len(seg) == 5 && seg[3] == "Passkeys" && seg[4] == "Factors":
		return route{id: routePasskeysFactors, serviceSID: seg[2]}
	case len(seg) >= 4 && seg[3] == "Entities":
		return matchEntityRoute(seg)
	}
	return route{}
}

// matchEntityRoute matches /v2/Services/{ServiceSid}/Entities and below.
func matchEntityRoute(seg []string) route {
	switch {
	case len(seg) == 4:
		return route{id: routeEntities, serviceSID: seg[2]}
	case len(seg) == 5:
		return route{id: routeEntity, serviceSID: seg[2], identity: seg[4]}
	}
	collections := map[string][2]routeID{
		"Factors":    {routeFactors, routeFactor},
		"Challenges": {routeChallenges, routeChallenge},
	}
	ids, ok := collections[seg[5]]
	switch {
	case ok && len(seg) == 6:
		return route{id: ids[0], serviceSID: seg[2], identity: seg[4]}
	case ok && len(seg) == 7:
		return route{id: ids[1], serviceSID: seg[2], identity: seg[4], sid: seg[6]}
	}
	return route{}
}

// matchNotifyRoute matches /v1/Credentials and /v1/Credentials/{Sid}.
func matchNotifyRoute(seg []string) route {
	switch len(seg) {
	case 2:
		return route{id: routeCredentials}
	case 3:
		return route{id: routeCredential, sid: seg[2]}
	}
	return route{}
}

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
)

// route is a matched API path with its (unescaped) path parameters.
type route struct {
	id         routeID
	serviceSID string
	identity   string
	sid        string
}

func (r route) template() string {
	switch r.id {
	case routeServices:
		return TemplateServices
	case routeService:
		return TemplateService
	case routeEntities:
		return TemplateEntities
	case routeEntity:
		return TemplateEntity
	case routeFactors:
		return TemplateFactors
	case routeFactor:
		return TemplateFactor
	}
	return "unmatched"
}

func (r route) allows(method string) bool {
	switch r.id {
	case routeServices, routeFactors, routeEntities:
		return method == http.MethodGet || method == http.MethodPost
	case routeEntity:
		return method == http.MethodGet || method == http.MethodDelete
	case routeService, routeFactor:
		return method == http.MethodGet || method == http.MethodPost || method == http.MethodDelete
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
	if len(seg) < 2 || seg[0] != "v2" || seg[1] != "Services" {
		return route{}
	}
	switch {
	case len(seg) == 2:
		return route{id: routeServices}
	case len(seg) == 3:
		return route{id: routeService, sid: seg[2]}
	case len(seg) == 4 && seg[3] == "Entities":
		return route{id: routeEntities, serviceSID: seg[2]}
	case len(seg) == 5 && seg[3] == "Entities":
		return route{id: routeEntity, serviceSID: seg[2], identity: seg[4]}
	case len(seg) == 6 && seg[3] == "Entities" && seg[5] == "Factors":
		return route{id: routeFactors, serviceSID: seg[2], identity: seg[4]}
	case len(seg) == 7 && seg[3] == "Entities" && seg[5] == "Factors":
		return route{id: routeFactor, serviceSID: seg[2], identity: seg[4], sid: seg[6]}
	}
	return route{}
}

package mockverify

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// entity is a user of a service; its factors are in service.factors.
type entity struct {
	seq      int64
	sid      string
	identity string
	created  time.Time
	updated  time.Time
}

// EntityInfo describes an entity of the mock.
type EntityInfo struct {
	SID         string
	Identity    string
	DateCreated time.Time
}

func entityPath(serviceSID, identity string) string {
	return "/Services/" + serviceSID + "/Entities/" + url.PathEscape(identity)
}

// createEntity adds an entity to svc; s.mu must be held.
func (s *Server) createEntity(svc *service, identity string) *entity {
	now := s.timestamp()
	ent := &entity{seq: s.nextSeq(), sid: s.newSID("YE"), identity: identity, created: now, updated: now}
	svc.entities[identity] = ent
	svc.entityOrder = append(svc.entityOrder, ent)
	return ent
}

// removeEntity deletes an entity and, as Twilio does, all its factors.
func (svc *service) removeEntity(ent *entity) {
	delete(svc.entities, ent.identity)
	svc.entityOrder = slices.DeleteFunc(svc.entityOrder, func(x *entity) bool { return x == ent })
	for _, f := range slices.Clone(svc.factors) {
		if f.entity == ent {
			svc.removeFactor(f)
		}
	}
}

// entityRoute checks the path parameters of an entity route and finds the
// service (404 if it is not this account's).
func entityRoute(acct *accountState, rt route) (*service, *apiError) {
	if e := validateServiceSID("ServiceSid", rt.serviceSID); e != nil {
		return nil, e
	}
	if rt.id == routeEntity {
		if e := validateIdentity(rt.identity); e != nil {
			return nil, e
		}
	}
	svc, ok := acct.services[rt.serviceSID]
	if !ok {
		return nil, errNotFound("/Services/" + rt.serviceSID)
	}
	return svc, nil
}

// serveEntities serves /v2/Services/{ServiceSid}/Entities: create and list.
func (s *Server) serveEntities(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := entityRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	if req.method == http.MethodPost {
		if e := req.form.rejectUnknown([]string{"Identity"}, unknownParameter); e != nil {
			return response{}, e
		}
		identity, e := req.form.required("Identity")
		if e != nil {
			return response{}, e
		}
		if e := validateIdentity(identity); e != nil {
			return response{}, e
		}
		if _, dup := svc.entities[identity]; dup {
			return response{}, errEntityExists(identity)
		}
		ent := s.createEntity(svc, identity)
		return response{status: http.StatusCreated, body: ent.json(svc, req.base)}, nil
	}
	pr, e := parsePageRequest(req.form, s.maxPageSize)
	if e != nil {
		return response{}, e
	}
	seqs := make([]int64, len(svc.entityOrder))
	for i, ent := range svc.entityOrder {
		seqs[i] = ent.seq
	}
	start, end, meta := paginate(seqs, pr, req.base+"/v2/Services/"+svc.sid+"/Entities", "entities")
	list := make([]entityJSON, 0, end-start)
	for _, ent := range svc.entityOrder[start:end] {
		list = append(list, ent.json(svc, req.base))
	}
	return response{status: http.StatusOK, body: struct {
		Entities []entityJSON `json:"entities"`
		Meta     pageMeta     `json:"meta"`
	}{list, meta}}, nil
}

// serveEntity serves /v2/Services/{ServiceSid}/Entities/{Identity}: fetch
// and delete. Deleting an entity deletes its factors.
func (s *Server) serveEntity(acct *accountState, req apiRequest) (response, *apiError) {
	svc, e := entityRoute(acct, req.route)
	if e != nil {
		return response{}, e
	}
	ent, ok := svc.entities[req.route.identity]
	if !ok {
		return response{}, errNotFound(entityPath(svc.sid, req.route.identity))
	}
	if req.method == http.MethodDelete {
		for _, f := range svc.factors {
			if f.entity == ent {
				s.publishFactorEvent(f, eventFactorDeleted)
			}
		}
		svc.removeEntity(ent)
		return response{status: http.StatusNoContent}, nil
	}
	return response{status: http.StatusOK, body: ent.json(svc, req.base)}, nil
}

// Entities returns the entities of a service in creation order. accountSID
// "" means the first account. Unknown accounts or services give nil.
func (s *Server) Entities(accountSID, serviceSID string) []EntityInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return nil
	}
	out := make([]EntityInfo, 0, len(svc.entityOrder))
	for _, ent := range svc.entityOrder {
		out = append(out, EntityInfo{SID: ent.sid, Identity: ent.identity, DateCreated: ent.created})
	}
	return out
}

// DeleteEntity deletes an entity and its factors behind the API's back; it
// is not counted in Stats. It reports whether the entity existed.
func (s *Server) DeleteEntity(accountSID, serviceSID, identity string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc := s.seededService(accountSID, serviceSID)
	if svc == nil {
		return false
	}
	ent, ok := svc.entities[identity]
	if ok {
		svc.removeEntity(ent)
	}
	return ok
}

package mockverify

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// The parameters of an event, as Twilio's "Verify Push Webhooks" page
// lists them: every event carries uuid, type, account_sid, service_sid,
// entity_identity, factor_sid, factor_type and factor_friendly_name;
// challenge events add challenge_sid, challenge_details (JSON) and
// challenge_hidden_details (JSON, omitted when the challenge has none).
// Webhooks of version v2 also get factor_metadata and, for challenges,
// challenge_metadata (JSON, each omitted when empty).

// publishFactorEvent queues a factor event for every webhook of the
// factor's service that wants it; s.mu must be held.
func (s *Server) publishFactorEvent(f *factor, eventType string) {
	s.publish(f.svc, eventType, func(version string) url.Values { return factorEventParams(f, version) })
}

// publishChallengeEvent queues a challenge event; s.mu must be held.
func (s *Server) publishChallengeEvent(c *challenge, eventType string) {
	s.publish(c.factor.svc, eventType, func(version string) url.Values {
		p := factorEventParams(c.factor, version)
		p.Set("challenge_sid", c.sid)
		p.Set("challenge_details", mustJSON(c.json("").Details))
		if len(c.hiddenDetails) > 0 {
			p.Set("challenge_hidden_details", mustJSON(c.hiddenDetails))
		}
		if version == webhookV2 && len(c.metadata) > 0 {
			p.Set("challenge_metadata", mustJSON(c.metadata))
		}
		return p
	})
}

func factorEventParams(f *factor, version string) url.Values {
	p := url.Values{}
	p.Set("account_sid", f.svc.accountSID)
	p.Set("service_sid", f.svc.sid)
	p.Set("entity_identity", f.entity.identity)
	p.Set("factor_sid", f.sid)
	p.Set("factor_type", f.factorType)
	p.Set("factor_friendly_name", f.friendlyName)
	if version == webhookV2 && len(f.metadata) > 0 {
		p.Set("factor_metadata", mustJSON(f.metadata))
	}
	return p
}

// publish builds the event for each subscribed webhook (params of its
// version, uuid and type added) and queues it, signed with the account's
// auth token; s.mu must be held.
func (s *Server) publish(svc *service, eventType string, params func(version string) url.Values) {
	token := s.creds[svc.accountSID].secret
	for _, w := range svc.webhooks {
		if !w.subscribes(eventType) {
			continue
		}
		p := params(w.version)
		p.Set("uuid", s.newUUID())
		p.Set("type", eventType)
		s.webhookDeliveries.enqueue(delivery{url: w.url, params: p, authToken: token, eventType: eventType})
	}
}

// newUUID returns a random (version 4) UUID from the seeded source; s.mu
// must be held.
func (s *Server) newUUID() string {
	a, b := s.ids.Uint64(), s.ids.Uint64()
	a = a&^0xf000 | 0x4000           // version 4
	b = b&^(0xc000<<48) | 0x8000<<48 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// mustJSON encodes a value made of strings only, which cannot fail.
func mustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

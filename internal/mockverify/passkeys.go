package mockverify

import "net/http"

// Defaults of a passkeys factor's authenticator settings when neither the
// request nor the service sets them: the values of the spec's
// createPasskeys example. Twilio documents no defaults.
const (
	defaultAuthenticatorAttachment = "platform"
	defaultPasskeysRequirement     = "preferred"
)

// passkeysConfig is the config of a passkeys factor: its relying party and
// authenticator settings, each from the create request or, where the
// request leaves it out, from the service's passkeys settings.
//
// The mock creates passkeys factors and lists, fetches, renames and deletes
// them like the others; it does not verify WebAuthn attestations
// (POST .../Passkeys/VerifyFactor), so its passkeys factors stay
// unverified.
type passkeysConfig struct {
	rpID             string
	rpName           string
	origins          []string
	attachment       string
	discoverable     string
	userVerification string
}

// passkeysFactorSpec is a validated passkeys factor creation.
type passkeysFactorSpec struct {
	friendlyName string
	identity     string
	config       passkeysConfig
}

// servePasskeysFactors serves POST /v2/Services/{ServiceSid}/Passkeys/Factors:
// a passkeys factor is created unverified, with the WebAuthn creation
// options a client passes to navigator.credentials.create(). Like a factor
// create, it creates the entity when it does not exist.
func (s *Server) servePasskeysFactors(acct *accountState, req apiRequest) (response, *apiError) {
	if e := validateServiceSID("ServiceSid", req.route.serviceSID); e != nil {
		return response{}, e
	}
	svc, ok := acct.services[req.route.serviceSID]
	if !ok {
		return response{}, errNotFound("/Services/" + req.route.serviceSID)
	}
	sp, e := parsePasskeysFactor(req.body, svc)
	if e != nil {
		return response{}, e
	}
	f := s.newFactor(svc, sp.identity, sp.friendlyName, factorPasskeys)
	f.passkeys = sp.config
	s.storeFactor(f)
	return response{status: http.StatusCreated, body: f.newJSON(req.base)}, nil
}

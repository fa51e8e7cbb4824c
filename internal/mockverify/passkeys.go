package mockverify

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
)

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

// passkeysFactorRequest is the JSON body of CreateNewFactorPasskey.
// Pointers tell a value left out from one sent empty.
type passkeysFactorRequest struct {
	FriendlyName *string `json:"friendly_name"`
	Identity     *string `json:"identity"`
	Config       *struct {
		RelyingParty *struct {
			ID      *string  `json:"id"`
			Name    *string  `json:"name"`
			Origins []string `json:"origins"`
		} `json:"relying_party"`
		AuthenticatorAttachment *string `json:"authenticator_attachment"`
		DiscoverableCredentials *string `json:"discoverable_credentials"`
		UserVerification        *string `json:"user_verification"`
	} `json:"config"`
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
	ent := svc.entities[sp.identity]
	if ent == nil {
		ent = s.createEntity(svc, sp.identity)
	}
	now := s.timestamp()
	f := &factor{
		seq:          s.nextSeq(),
		sid:          s.newSID("YF"),
		svc:          svc,
		entity:       ent,
		friendlyName: sp.friendlyName,
		factorType:   factorPasskeys,
		status:       statusUnverified,
		created:      now,
		updated:      now,
		passkeys:     sp.config,
	}
	svc.factors = append(svc.factors, f)
	svc.bySID[f.sid] = f
	s.publishFactorEvent(f, eventFactorCreated)
	return response{status: http.StatusCreated, body: f.newJSON(req.base)}, nil
}

// parsePasskeysFactor validates a passkeys factor creation against the
// service's passkeys settings. Unknown JSON fields are refused (Twilio
// probably ignores them) so that a misspelt one is caught.
func parsePasskeysFactor(body []byte, svc *service) (passkeysFactorSpec, *apiError) {
	var sp passkeysFactorSpec
	var in passkeysFactorRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return sp, errInvalid("body", "must be a JSON object of friendly_name, identity and config ("+jsonProblem(err)+")")
	}
	if dec.More() {
		return sp, errInvalid("body", "must be one JSON object")
	}
	if in.FriendlyName == nil {
		return sp, errMissing("friendly_name")
	}
	if in.Identity == nil {
		return sp, errMissing("identity")
	}
	sp.friendlyName, sp.identity = *in.FriendlyName, *in.Identity
	if e := validateLength("friendly_name", sp.friendlyName, 1, maxFactorFriendlyName); e != nil {
		return sp, e
	}
	if e := validateIdentity(sp.identity); e != nil {
		return sp, e
	}
	c := passkeysConfig{
		rpID:             svcString(svc, "Passkeys.RelyingParty.Id", ""),
		rpName:           svcString(svc, "Passkeys.RelyingParty.Name", ""),
		origins:          slices.Clone(svc.origins),
		attachment:       svcString(svc, "Passkeys.AuthenticatorAttachment", defaultAuthenticatorAttachment),
		discoverable:     svcString(svc, "Passkeys.DiscoverableCredentials", defaultPasskeysRequirement),
		userVerification: svcString(svc, "Passkeys.UserVerification", defaultPasskeysRequirement),
	}
	if cfg := in.Config; cfg != nil {
		if rp := cfg.RelyingParty; rp != nil {
			setIfSent(&c.rpID, rp.ID)
			setIfSent(&c.rpName, rp.Name)
			if rp.Origins != nil {
				c.origins = rp.Origins
			}
		}
		for _, setting := range []struct {
			name    string
			sent    *string
			into    *string
			allowed []string
		}{
			{"config.authenticator_attachment", cfg.AuthenticatorAttachment, &c.attachment, authenticatorAttachments},
			{"config.discoverable_credentials", cfg.DiscoverableCredentials, &c.discoverable, passkeysRequirements},
			{"config.user_verification", cfg.UserVerification, &c.userVerification, passkeysRequirements},
		} {
			if setting.sent == nil {
				continue
			}
			if !slices.Contains(setting.allowed, *setting.sent) {
				return sp, errInvalid(setting.name, "must be one of "+strings.Join(setting.allowed, ", "))
			}
			*setting.into = *setting.sent
		}
	}
	if c.rpID == "" {
		return sp, errInvalid("config.relying_party.id",
			"required: send it, or set the service's Passkeys.RelyingParty.Id")
	}
	if c.rpName == "" {
		c.rpName = c.rpID
	}
	if len(c.origins) == 0 {
		c.origins = []string{"https://" + c.rpID}
	}
	for _, o := range c.origins {
		if o == "" || strings.ContainsAny(o, ", \t\n") {
			return sp, errInvalid("config.relying_party.origins", "each origin must be non-empty, without commas or white space")
		}
	}
	sp.config = c
	return sp, nil
}

// svcString is a nullable string setting of the service, or def when it is
// null or empty.
func svcString(svc *service, name, def string) string {
	if v := svc.str(name); v != nil && *v != "" {
		return *v
	}
	return def
}

func setIfSent(into, sent *string) {
	if sent != nil {
		*into = *sent
	}
}

// jsonProblem names what is wrong with a JSON body without echoing it.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return "not a JSON object"
	case errors.As(err, &typeErr):
		return "field " + typeErr.Field + " has the wrong type"
	case errors.As(err, &syntaxErr):
		return "not valid JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	return "not valid JSON"
}

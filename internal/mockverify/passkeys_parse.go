package mockverify

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

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

// passkeysFactorMembers are the members of each object of a
// CreateNewFactorPasskey body, by the object's path.
var passkeysFactorMembers = map[string][]string{
	"":                     {"friendly_name", "identity", "config"},
	"config":               {"relying_party", "authenticator_attachment", "discoverable_credentials", "user_verification"},
	"config.relying_party": {"id", "name", "origins"},
}

// parsePasskeysFactor validates a passkeys factor creation against the
// service's passkeys settings. Members are matched exactly: unknown ones,
// those spelt in another case (which encoding/json would take) and repeated
// ones are refused (Twilio probably ignores or merges them), so that a
// client's misspelling is caught.
func parsePasskeysFactor(body []byte, svc *service) (passkeysFactorSpec, *apiError) {
	var sp passkeysFactorSpec
	if problem := checkJSONMembers(body, passkeysFactorMembers); problem != "" {
		return sp, errInvalid("body", "must be a JSON object of friendly_name, identity and config ("+problem+")")
	}
	var in passkeysFactorRequest
	if err := json.Unmarshal(body, &in); err != nil {
		return sp, errInvalid("body", "must be a JSON object of friendly_name, identity and config ("+jsonProblem(err)+")")
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
	if e := validateIdentityParam("identity", sp.identity); e != nil {
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
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return "not a JSON object"
	case errors.As(err, &typeErr):
		return "field " + typeErr.Field + " has the wrong type"
	}
	return "not valid JSON"
}

// maxJSONDepth bounds the nesting of a JSON body; the passkeys body nests
// three levels.
const maxJSONDepth = 32

// errJSONTooDeep stops a walk of a body nested deeper than maxJSONDepth.
var errJSONTooDeep = errors.New("nested too deeply")

// checkJSONMembers walks one JSON value and returns what is wrong with the
// member names of its objects ("" if nothing): a member that members does
// not list for the object's path, or one that appears twice. Objects at
// paths members does not list (inside arrays, or below a listed member
// that is not an object of its own) are checked for repeated members only;
// their types are checked by the decoder.
func checkJSONMembers(body []byte, members map[string][]string) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number too large for a float64 is still a number
	w := jsonWalker{dec: dec, members: members}
	problem, err := w.value("", true, 0)
	switch {
	case errors.Is(err, errJSONTooDeep):
		return "nested more than " + strconv.Itoa(maxJSONDepth) + " levels deep"
	case err != nil:
		return "not valid JSON"
	case problem != "":
		return problem
	}
	if _, err := dec.Token(); err != io.EOF {
		return "data after the JSON value"
	}
	return ""
}

// jsonWalker reads one JSON value token by token.
type jsonWalker struct {
	dec     *json.Decoder
	members map[string][]string
}

// value reads the next value. path names it when tracked (a member of a
// checked object, or the body itself); depth is its nesting.
func (w jsonWalker) value(path string, tracked bool, depth int) (string, error) {
	if depth > maxJSONDepth {
		return "", errJSONTooDeep
	}
	tok, err := w.dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('['):
		for w.dec.More() {
			if problem, err := w.value("", false, depth+1); problem != "" || err != nil {
				return problem, err
			}
		}
		_, err = w.dec.Token()
		return "", err
	case json.Delim('{'):
		return w.object(path, tracked, depth)
	}
	return "", nil
}

// object reads the members of an object whose '{' was read.
func (w jsonWalker) object(path string, tracked bool, depth int) (string, error) {
	allowed, checked := w.members[path]
	checked = checked && tracked
	seen := map[string]bool{}
	for w.dec.More() {
		keyTok, err := w.dec.Token()
		if err != nil {
			return "", err
		}
		key, _ := keyTok.(string)
		name := key
		if checked && path != "" {
			name = path + "." + key
		}
		switch {
		case seen[key]:
			return "member " + strconv.Quote(name) + " appears twice", nil
		case checked && !slices.Contains(allowed, key):
			return "unknown member " + strconv.Quote(name), nil
		}
		seen[key] = true
		if problem, err := w.value(name, checked, depth+1); problem != "" || err != nil {
			return problem, err
		}
	}
	_, err := w.dec.Token()
	return "", err
}

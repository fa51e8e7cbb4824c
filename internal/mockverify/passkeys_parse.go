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

// checkJSONMembers walks one JSON value and returns what is wrong with the
// member names of its objects ("" if nothing): a member that members does
// not list for the object's path, or one that appears twice. Objects at
// paths members does not list (inside arrays, or below a listed member
// that is not an object of its own) are not checked; their types are.
func checkJSONMembers(body []byte, members map[string][]string) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	problem, err := walkJSONValue(dec, "", members)
	if err != nil {
		return "not valid JSON"
	}
	if problem != "" {
		return problem
	}
	if _, err := dec.Token(); err != io.EOF {
		return "more than one JSON value"
	}
	return ""
}

func walkJSONValue(dec *json.Decoder, path string, members map[string][]string) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('['):
		for dec.More() {
			if problem, err := walkJSONValue(dec, path+"[]", members); problem != "" || err != nil {
				return problem, err
			}
		}
		_, err = dec.Token()
		return "", err
	case json.Delim('{'):
	default:
		return "", nil
	}
	allowed, checked := members[path]
	seen := map[string]bool{}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return "", err
		}
		key, _ := keyTok.(string)
		name := strings.TrimPrefix(path+"."+key, ".")
		switch {
		case seen[key]:
			return "member " + strconv.Quote(name) + " appears twice", nil
		case checked && !slices.Contains(allowed, key):
			return "unknown member " + strconv.Quote(name), nil
		}
		seen[key] = true
		if problem, err := walkJSONValue(dec, name, members); problem != "" || err != nil {
			return problem, err
		}
	}
	_, err = dec.Token()
	return "", err
}

package mockverify

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func passkeysPath(svc string) string { return "/v2/Services/" + svc + "/Passkeys/Factors" }

func TestCreatePasskeysFactorTakesTheServiceSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	e.expect(e.do(http.MethodPost, "/v2/Services/"+svc, url.Values{
		"Passkeys.RelyingParty.Id": {"example.com"}, "Passkeys.RelyingParty.Name": {"Example"},
		"Passkeys.RelyingParty.Origins": {"https://example.com,https://login.example.com"},
		"Passkeys.UserVerification":     {"required"},
	}), http.StatusOK, 0)

	r := e.doJSON(passkeysPath(svc), `{"friendly_name": "Laptop", "identity": "user-0001"}`)
	e.expect(r, http.StatusCreated, 0)
	if got, want := sortedKeys(r.body), "account_sid binding config date_created date_updated entity_sid factor_type friendly_name identity metadata options service_sid sid status url"; got != want {
		t.Errorf("keys\n got %s\nwant %s", got, want)
	}
	sid := r.str("sid")
	for k, v := range map[string]any{
		"factor_type": "passkeys", "status": "unverified", "identity": "user-0001", "friendly_name": "Laptop",
		"binding": nil, "metadata": nil, "url": e.srv.URL + "/v2/Services/" + svc + "/Entities/user-0001/Factors/" + sid,
	} {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	cfg := r.obj("config")
	rp := asMap(cfg["relying_party"])
	if rp["id"] != "example.com" || rp["name"] != "Example" ||
		!slices.Equal(anyStrings(rp["origins"]), []string{"https://example.com", "https://login.example.com"}) {
		t.Errorf("relying_party %v", rp)
	}
	if cfg["authenticator_attachment"] != "platform" || cfg["discoverable_credentials"] != "preferred" || cfg["user_verification"] != "required" {
		t.Errorf("config %v", cfg)
	}
	pk := asMap(r.obj("options")["publicKey"])
	user := asMap(pk["user"])
	if got := decodeBase64URL(t, asString(user["id"])); got != r.str("entity_sid") {
		t.Errorf("options.publicKey.user.id decodes to %q, want the entity SID %q", got, r.str("entity_sid"))
	}
	if got := decodeBase64URL(t, asString(pk["challenge"])); got != sid {
		t.Errorf("options.publicKey.challenge decodes to %q, want the factor SID %q", got, sid)
	}
	if asMap(pk["rp"])["id"] != "example.com" || asMap(pk["authenticatorSelection"])["userVerification"] != "required" {
		t.Errorf("options.publicKey %v", pk)
	}

	// The factor is an entity factor like the others: fetched, listed,
	// renamed and deleted through the entity's routes, without options.
	factorPath := "/v2/Services/" + svc + "/Entities/user-0001/Factors/" + sid
	got := e.do(http.MethodGet, factorPath, nil)
	e.expect(got, http.StatusOK, 0)
	if _, ok := got.body["options"]; ok || got.obj("config")["user_verification"] != "required" {
		t.Errorf("fetched factor %s", got.raw)
	}
	if sids := e.do(http.MethodGet, factorsURL(svc, "user-0001"), nil).sids("factors"); !slices.Equal(sids, []string{sid}) {
		t.Errorf("listed %v, want [%s]", sids, sid)
	}
	if infos := e.mock.Factors("", svc, "user-0001"); len(infos) != 1 || infos[0].FactorType != "passkeys" || infos[0].Secret != "" {
		t.Errorf("Factors() = %+v", infos)
	}
	renamed := e.do(http.MethodPost, factorPath, url.Values{"FriendlyName": {"Work laptop"}})
	e.expect(renamed, http.StatusOK, 0)
	if renamed.str("friendly_name") != "Work laptop" {
		t.Errorf("renamed %s", renamed.raw)
	}
	e.expect(e.do(http.MethodPost, factorPath, url.Values{"Config.Skew": {"1"}}), http.StatusBadRequest, codeInvalidParameter)
	e.expect(e.do(http.MethodPost, factorPath, url.Values{"AuthPayload": {"123456"}}), http.StatusBadRequest, codeInvalidParameter)
	e.expect(e.do(http.MethodDelete, factorPath, nil), http.StatusNoContent, 0)
	e.expect(e.do(http.MethodGet, factorPath, nil), http.StatusNotFound, codeNotFound)
}

func TestCreatePasskeysFactorRequestSettingsWin(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	r := e.doJSON(passkeysPath(svc), `{"friendly_name": "Key", "identity": "user-0002", "config": {
		"relying_party": {"id": "acme.test"}, "authenticator_attachment": "cross-platform",
		"discoverable_credentials": "required", "user_verification": "discouraged"}}`)
	e.expect(r, http.StatusCreated, 0)
	cfg := r.obj("config")
	rp := asMap(cfg["relying_party"])
	// Without a name or origins anywhere, the relying party's ID names it
	// and is its one origin.
	if rp["name"] != "acme.test" || !slices.Equal(anyStrings(rp["origins"]), []string{"https://acme.test"}) {
		t.Errorf("relying_party %v", rp)
	}
	if cfg["authenticator_attachment"] != "cross-platform" || cfg["discoverable_credentials"] != "required" || cfg["user_verification"] != "discouraged" {
		t.Errorf("config %v", cfg)
	}
	if sel := asMap(asMap(r.obj("options")["publicKey"])["authenticatorSelection"]); sel["requireResidentKey"] != true {
		t.Errorf("authenticatorSelection %v", sel)
	}
	// The entity was created with the factor.
	e.expect(e.do(http.MethodGet, "/v2/Services/"+svc+"/Entities/user-0002", nil), http.StatusOK, 0)

	// Twilio's "any" attachment is a WebAuthn selection without one.
	anyKey := e.doJSON(passkeysPath(svc), `{"friendly_name": "Any", "identity": "user-0002", "config": {
		"relying_party": {"id": "acme.test"}, "authenticator_attachment": "any"}}`)
	e.expect(anyKey, http.StatusCreated, 0)
	sel := asMap(asMap(anyKey.obj("options")["publicKey"])["authenticatorSelection"])
	if _, ok := sel["authenticatorAttachment"]; ok || anyKey.obj("config")["authenticator_attachment"] != "any" {
		t.Errorf("attachment any: config %v, authenticatorSelection %v", anyKey.obj("config"), sel)
	}
}

func TestCreatePasskeysFactorRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	const rp = `"config": {"relying_party": {"id": "example.com"}}`
	for _, tc := range []struct {
		name, body, wantInMessage string
		code                      int
	}{
		{"no relying party anywhere", `{"friendly_name": "a", "identity": "user-0001"}`, "config.relying_party.id", codeInvalidParameter},
		{"no friendly_name", `{"identity": "user-0001", ` + rp + `}`, "friendly_name", codeMissingParameter},
		{"no identity", `{"friendly_name": "a", ` + rp + `}`, "identity", codeMissingParameter},
		{"empty friendly_name", `{"friendly_name": "", "identity": "user-0001", ` + rp + `}`, "friendly_name", codeInvalidParameter},
		{"friendly_name too long", `{"friendly_name": "` + strings.Repeat("n", 65) + `", "identity": "user-0001", ` + rp + `}`, "friendly_name", codeInvalidParameter},
		{"bad identity", `{"friendly_name": "a", "identity": "bad", ` + rp + `}`, "parameter identity", codeInvalidParameter},
		{"misspelt field", `{"friendly_name": "a", "identity": "user-0001", "confg": {}}`, `unknown member "confg"`, codeInvalidParameter},
		{"field in another case", `{"Friendly_Name": "a", "identity": "user-0001", ` + rp + `}`, `unknown member "Friendly_Name"`, codeInvalidParameter},
		{"nested misspelt field", `{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"ID": "example.com"}}}`, `unknown member "config.relying_party.ID"`, codeInvalidParameter},
		{"repeated field", `{"friendly_name": "a", "friendly_name": "b", "identity": "user-0001", ` + rp + `}`, `member "friendly_name" appears twice`, codeInvalidParameter},
		{"wrong type", `{"friendly_name": 7, "identity": "user-0001"}`, "field friendly_name has the wrong type", codeInvalidParameter},
		{"not JSON", `friendly_name=a`, "not valid JSON", codeInvalidParameter},
		{"not an object", `["a"]`, "not a JSON object", codeInvalidParameter},
		{"two objects", `{"friendly_name": "a", "identity": "user-0001", ` + rp + `} {}`, "data after the JSON value", codeInvalidParameter},
		{"nested too deeply", `{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"origins": ` +
			strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}}`, "nested more than 32 levels deep", codeInvalidParameter},
		{"huge number", `{"friendly_name": 1e400, "identity": "user-0001", ` + rp + `}`, "field friendly_name has the wrong type", codeInvalidParameter},
		{"truncated", `{"friendly_name": "a", "identity": "user-0001"`, "not valid JSON", codeInvalidParameter},
		{"bad attachment", `{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"id": "example.com"}, "authenticator_attachment": "usb"}}`, "config.authenticator_attachment", codeInvalidParameter},
		{"bad verification", `{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"id": "example.com"}, "user_verification": "always"}}`, "config.user_verification", codeInvalidParameter},
		{"origin with a comma", `{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"id": "example.com", "origins": ["https://a,https://b"]}}}`, "config.relying_party.origins", codeInvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.with(t).doJSON(passkeysPath(svc), tc.body)
			e.with(t).expect(r, http.StatusBadRequest, tc.code)
			if msg := r.str("message"); !strings.Contains(msg, tc.wantInMessage) {
				t.Errorf("message %q does not name %q", msg, tc.wantInMessage)
			}
		})
	}
	if n := len(e.mock.Factors("", svc, "")); n != 0 {
		t.Errorf("refused creates left %d factors", n)
	}
	if r := e.do(http.MethodGet, "/v2/Services/"+svc+"/Entities", nil); len(r.list("entities")) != 0 {
		t.Errorf("refused creates left entities: %s", r.raw)
	}

	// A form body, the other routes' encoding, is refused on this one.
	form := e.do(http.MethodPost, passkeysPath(svc), url.Values{"friendly_name": {"a"}, "identity": {"user-0001"}})
	e.expect(form, http.StatusBadRequest, codeInvalidParameter)
	if !strings.Contains(form.str("message"), "Content-Type") {
		t.Errorf("form body: %s", form.raw)
	}
	// The entity route sends passkeys factors to their own route.
	r := e.do(http.MethodPost, factorsURL(svc, "user-0001"), url.Values{"FriendlyName": {"a"}, "FactorType": {"passkeys"}})
	e.expect(r, http.StatusBadRequest, codeInvalidParameter)
	if !strings.Contains(r.str("message"), TemplatePasskeysFactors) {
		t.Errorf("FactorType=passkeys: %s", r.raw)
	}
	e.expect(e.do(http.MethodGet, passkeysPath(svc), nil), http.StatusMethodNotAllowed, codeMethodNotAllowed)
	e.expect(e.doJSON(passkeysPath("VA"+strings.Repeat("0", 32)), `{}`), http.StatusNotFound, codeNotFound)
	// A passkeys factor stays unverified, so it cannot be challenged.
	sid := e.doJSON(passkeysPath(svc), `{"friendly_name": "a", "identity": "user-0001", `+rp+`}`).str("sid")
	e.expect(e.do(http.MethodPost, "/v2/Services/"+svc+"/Entities/user-0001/Challenges", url.Values{"FactorSid": {sid}}),
		http.StatusForbidden, codeFactorUnverified)
}

func anyStrings(v any) []string {
	items, _ := v.([]any)
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = asString(it)
	}
	return out
}

func decodeBase64URL(t *testing.T, s string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("%q is not base64url: %v", s, err)
	}
	return string(b)
}

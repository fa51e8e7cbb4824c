package mockverify

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// metadataOracle states the rule independently of parseMetadata: a JSON
// object whose values are all strings, at most 1024 characters.
func metadataOracle(s string) bool {
	if utf8.RuneCountInString(s) > 1024 || !json.Valid([]byte(s)) {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		if _, err := dec.Token(); err != nil { // key
			return false
		}
		v, err := dec.Token()
		if err != nil {
			return false
		}
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

func FuzzMetadata(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"os":"Android"}`, `{"a":"b","c":"d"}`, ` {"a" : "\u00e9"} `, `null`, `[]`, `"s"`, `1`,
		`{"a":1}`, `{"a":null}`, `{"a":{"b":"c"}}`, `{"a":["b"]}`, `{`, `{"a":"b"}x`, ``,
		`{"a":"` + strings.Repeat("x", 1016) + `"}`, `{"a":"` + strings.Repeat("é", 1017) + `"}`,
		"{\"a\":\"\xff\"}", `{"a":"b","a":"c"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md, err := parseMetadata(s)
		want := metadataOracle(s)
		if (err == nil) != want {
			t.Fatalf("parseMetadata(%q) error %v, oracle says valid=%v", s, err, want)
		}
		if err != nil {
			if err.Code != codeInvalidParameter || !strings.Contains(err.Message, "Metadata") {
				t.Fatalf("error %+v", err)
			}
			return
		}
		if md == nil {
			t.Fatalf("parseMetadata(%q) returned nil metadata", s)
		}
		// What is stored encodes back to the same object of strings.
		b, jerr := json.Marshal(md)
		var back map[string]string
		if jerr != nil || json.Unmarshal(b, &back) != nil || !maps.Equal(back, md) {
			t.Fatalf("stored metadata %q does not round-trip: %v", b, jerr)
		}
	})
}

func FuzzSecret(f *testing.F) {
	for _, s := range []string{"JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "GEZDGNBVGY3TQOJQGE======", "A", strings.Repeat("A", 17), "ABCDEFGH1JKLMNOP", "AAAAAAAAAAAAAAAA="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if validateSecret(s) != nil {
			return
		}
		// An accepted secret must be usable for verification.
		if _, err := decodeSecret(s); err != nil {
			t.Fatalf("accepted secret %q does not decode: %v", s, err)
		}
		if !verifyTOTPSelf(s) {
			t.Fatalf("accepted secret %q cannot verify its own code", s)
		}
	})
}

// FuzzCreateFactorForm feeds arbitrary form bodies to the create
// operation: the mock must answer 201, or a 4xx Twilio error, never panic.
func FuzzCreateFactorForm(f *testing.F) {
	for _, s := range []string{
		"FriendlyName=a&FactorType=totp",
		"FriendlyName=a&FactorType=push&Binding.Alg=ES256",
		"FriendlyName=a&FactorType=totp&Metadata=%7B%22a%22%3A%22b%22%7D&Config.TimeStep=30",
		"%zz", "FriendlyName=&FactorType=", "FactorType=passkeys&FriendlyName=x",
		"FriendlyName=a&FactorType=totp&Binding.Secret=AAAAAAAAAAAAAAAA&Config.Alg=sha512&Config.CodeLength=8",
	} {
		f.Add(s)
	}
	m, serviceSID := newFuzzService(f)
	f.Fuzz(func(t *testing.T, body string) {
		out := postFuzzBody(t, m, factorsURL(serviceSID, "user-0001"), "application/x-www-form-urlencoded", body)
		if out == nil {
			return
		}
		if out["sid"] == nil {
			t.Fatalf("201 without sid: %v", out)
		}
		// Keep the entity below its limits.
		m.DeleteFactor("", serviceSID, "", asString(out["sid"]))
	})
}

// FuzzCreatePasskeysFactorJSON feeds arbitrary JSON bodies to the passkeys
// factor create: the mock must answer 201 with a passkeys factor whose
// settings are valid, or a 400 Twilio parameter error, never panic.
func FuzzCreatePasskeysFactorJSON(f *testing.F) {
	for _, s := range []string{
		`{"friendly_name": "a", "identity": "user-0001"}`,
		`{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"id": "x.test", "origins": ["https://x.test"]}}}`,
		`{"friendly_name": "a", "identity": "user-0001", "config": {"authenticator_attachment": "any", "user_verification": "required"}}`,
		`{"friendly_name": "a", "identity": "user-0001", "config": {"relying_party": {"origins": ["a,b", ""]}}}`,
		`{"friendly_name": null, "identity": "user-0001"}`, `{"config": []}`, `[]`, `null`, ``, `{`, `{} {}`, `{"x": 1}`,
	} {
		f.Add(s)
	}
	m, serviceSID := newFuzzService(f)
	f.Fuzz(func(t *testing.T, body string) {
		out := postFuzzBody(t, m, "/v2/Services/"+serviceSID+"/Passkeys/Factors", "application/json", body)
		if out == nil {
			return
		}
		cfg := asMap(out["config"])
		rp := asMap(cfg["relying_party"])
		if out["factor_type"] != factorPasskeys || asString(rp["id"]) == "" ||
			!slices.Contains(authenticatorAttachments, asString(cfg["authenticator_attachment"])) ||
			!slices.Contains(passkeysRequirements, asString(cfg["user_verification"])) {
			t.Fatalf("201 with an invalid factor: %v", out)
		}
		origins, _ := rp["origins"].([]any)
		for _, o := range origins {
			if s := asString(o); s == "" || strings.ContainsAny(s, ", ") {
				t.Fatalf("201 with origin %q", s)
			}
		}
		m.DeleteFactor("", serviceSID, "", asString(out["sid"]))
	})
}

// FuzzServiceForm: any service create body gives a 201 with a service or a
// 400 with a parameter error, never anything else.
func FuzzServiceForm(f *testing.F) {
	for _, s := range []string{
		"FriendlyName=a", "FriendlyName=a&Totp.Skew=2&LookupEnabled=true",
		"FriendlyName=a&Passkeys.RelyingParty.Origins=a,b,,c&Passkeys.UserVerification=required",
		"FriendlyName=a&Push.ApnCredentialSid=CR0123456789abcdef0123456789abcdef&TtsName=",
		"%zz", "FriendlyName=", "LookupEnabled=maybe&FriendlyName=x",
	} {
		f.Add(s)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, body string) {
		out := postFuzzBody(t, m, "/v2/Services", "application/x-www-form-urlencoded", body)
		if out == nil {
			return
		}
		sid := asString(out["sid"])
		if !serviceSIDPattern.MatchString(sid) {
			t.Fatalf("201 without a service SID: %v", out)
		}
		m.DeleteService("", sid)
	})
}

// newFuzzService returns an empty mock with one service, for the fuzzed
// factor creates.
func newFuzzService(f *testing.F) (*Server, string) {
	f.Helper()
	m := New(Options{})
	info, err := m.CreateService("", ServiceParams{FriendlyName: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	return m, info.SID
}

// postFuzzBody POSTs a fuzzed create body to path and returns the created
// object of a 201, or nil for a 400 with a parameter error; any other
// answer, or one that is not JSON, fails t.
func postFuzzBody(t *testing.T, m *Server, path, contentType, body string) map[string]any {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	switch rec.Code {
	case http.StatusCreated:
		return out
	case http.StatusBadRequest:
		if c, _ := out["code"].(float64); c != codeMissingParameter && c != codeInvalidParameter {
			t.Fatalf("400 with code %v", out["code"])
		}
		return nil
	}
	t.Fatalf("status %d: %s", rec.Code, rec.Body)
	return nil
}

package mockverify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// The OpenAPI specs of Verify v2 and Notify v1 (push credentials),
// committed with their licence note (testdata/NOTICE) so that the test runs
// in any clone.
const (
	specPath       = "testdata/twilio_verify_v2.json"
	notifySpecPath = "testdata/twilio_notify_v1.json"
)

var defineURIFormat sync.Once

// conformance drives the mock through the specs: every request is
// validated against the operation the router of its API version finds
// for it, every response against the responses the operation declares.
type conformance struct {
	t       *testing.T
	routers map[string]routers.Router // by path prefix: "/v2/", "/v1/"
	srv     *httptest.Server
	mock    *Server
	// errSchema is the Twilio error object as the Verify spec declares it
	// (on the 429 of CreateVerification): neither spec declares an error
	// response on the operations the mock implements, so their error
	// bodies are checked against this schema instead.
	errSchema *openapi3.Schema
}

func newConformance(t *testing.T) *conformance {
	t.Helper()
	// The spec's URLs carry format "uri", which kin-openapi does not check
	// by default; the mock's URLs must be absolute.
	defineURIFormat.Do(func() {
		openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
			u, err := url.Parse(s)
			if err != nil || !u.IsAbs() || u.Host == "" {
				return fmt.Errorf("%q is not an absolute URI", s)
			}
			return nil
		}))
	})
	m := New(Options{Now: func() time.Time { return testTime }})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)

	doc := loadSpec(t, specPath, srv.URL)
	// CreateNewFactor declares Metadata with the empty schema {} (any
	// value). In a form body every value is a string, and kin-openapi's
	// form decoder cannot decode a property without a type: it yields null,
	// which {} (not nullable) then refuses. Twilio documents Metadata as
	// "a stringified JSON", so the test declares it as the string it is;
	// the mock itself checks that the string is a JSON object of strings.
	// The same holds for CreateChallenge's HiddenDetails and
	// UpdateChallenge's Metadata.
	for _, untyped := range []struct{ path, method, param string }{
		{"/v2/Services/{ServiceSid}/Entities/{Identity}/Factors", http.MethodPost, "Metadata"},
		{"/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges", http.MethodPost, "HiddenDetails"},
		{"/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}", http.MethodPost, "Metadata"},
	} {
		op := doc.Paths.Value(untyped.path).GetOperation(untyped.method)
		body := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded").Schema.Value
		if md, ok := body.Properties[untyped.param]; !ok || md.Value.Type != nil {
			t.Fatalf("%s %s: %s is no longer the untyped {}: revisit this workaround", untyped.method, untyped.path, untyped.param)
		}
		body.Properties[untyped.param] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	}
	// CreateChallenge's Details.Fields is an array of untyped items, which
	// the form decoder cannot decode either: each is a JSON object sent as
	// a string, as Twilio documents.
	challenge := doc.Paths.Value("/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges").Post
	fields := challenge.RequestBody.Value.Content.Get("application/x-www-form-urlencoded").Schema.Value.Properties["Details.Fields"]
	if fields == nil || fields.Value.Items == nil || fields.Value.Items.Value.Type != nil {
		t.Fatal("CreateChallenge's Details.Fields no longer has untyped items: revisit this workaround")
	}
	fields.Value.Items = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	verifications := doc.Paths.Value("/v2/Services/{ServiceSid}/Verifications")
	errResp := verifications.Post.Responses.Status(http.StatusTooManyRequests)
	if errResp == nil {
		t.Fatal("the spec no longer declares the Twilio error object on CreateVerification's 429")
	}
	return &conformance{
		t: t, srv: srv, mock: m,
		routers: map[string]routers.Router{
			"/v2/": newRouter(t, doc),
			"/v1/": newRouter(t, loadSpec(t, notifySpecPath, srv.URL)),
		},
		errSchema: errResp.Value.Content.Get("application/json").Schema.Value,
	}
}

// loadSpec loads and validates a spec and points it at the test server.
func loadSpec(t *testing.T, path, serverURL string) *openapi3.T {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the OpenAPI spec the conformance test checks the mock against is missing: %v. "+
			"Restore %s from git (see testdata/NOTICE); the test must not pass without it.", err, path)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	// DisableExamplesValidation: some of the spec's own examples break its
	// schemas (the passkeys ApproveChallenge example has a 33-character
	// service_sid), which says nothing about the mock. Schemas, parameters
	// and bodies are still validated in full.
	if err := doc.Validate(t.Context(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("%s does not validate: %v", path, err)
	}
	// Route to the test server instead of https://verify.twilio.com (or
	// notify.twilio.com): the spec names its server at the top and again
	// on every path.
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
		for _, op := range item.Operations() {
			op.Servers = nil
		}
	}
	return doc
}

func newRouter(t *testing.T, doc *openapi3.T) routers.Router {
	t.Helper()
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// basicAuth satisfies the spec's accountSid_authToken scheme (HTTP Basic)
// when the request carries Basic credentials.
func basicAuth(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "http" || in.SecurityScheme.Scheme != "basic" {
		return fmt.Errorf("unexpected security scheme %q", in.SecuritySchemeName)
	}
	if _, _, ok := in.RequestValidationInput.Request.BasicAuth(); !ok {
		return errors.New("no HTTP Basic credentials")
	}
	return nil
}

type call struct {
	method, path string
	form         url.Values
	json         string // a JSON body instead of the form (the passkeys routes)
	user, pass   string // default: the default account
	// specRejects marks requests that the spec itself refuses (a missing
	// required parameter, a PageSize over its maximum): the mock must
	// refuse them too.
	specRejects bool
	status      int
}

// do runs one call and returns the decoded body (nil for an empty one).
func (c *conformance) do(k call) map[string]any {
	c.t.Helper()
	if k.user == "" {
		k.user, k.pass = DefaultAccountSID, DefaultAuthToken
	}
	newReq := func() *http.Request {
		u := c.srv.URL + k.path
		var body io.Reader
		contentType := "application/x-www-form-urlencoded"
		switch {
		case k.json != "":
			body, contentType = strings.NewReader(k.json), "application/json"
		case k.method == http.MethodPost:
			body = strings.NewReader(k.form.Encode())
		case k.form != nil:
			u += "?" + k.form.Encode()
		}
		req, err := http.NewRequest(k.method, u, body)
		if err != nil {
			c.t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", contentType)
		}
		req.SetBasicAuth(k.user, k.pass)
		return req
	}

	ctx := c.t.Context()
	vreq := newReq()
	router, ok := c.routers[k.path[:min(len(k.path), 4)]]
	if !ok {
		c.t.Fatalf("%s %s: no spec covers this path", k.method, k.path)
	}
	route, pathParams, err := router.FindRoute(vreq)
	if err != nil {
		c.t.Fatalf("%s %s: the spec has no such operation: %v", k.method, k.path, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: vreq, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: basicAuth},
	}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	switch {
	case reqErr != nil && !k.specRejects:
		c.t.Fatalf("%s %s: request does not conform to %s: %v", k.method, k.path, route.Operation.OperationID, reqErr)
	case reqErr == nil && k.specRejects:
		c.t.Fatalf("%s %s: the spec accepts a request this test expected it to refuse", k.method, k.path)
	}

	resp, err := c.srv.Client().Do(newReq())
	if err != nil {
		c.t.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != k.status {
		c.t.Fatalf("%s %s: HTTP %d, want %d: %s", k.method, k.path, resp.StatusCode, k.status, raw)
	}
	var body map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			c.t.Fatalf("%s %s: %v", k.method, k.path, err)
		}
	}

	declared := route.Operation.Responses.Status(resp.StatusCode)
	if declared == nil {
		// An error the spec does not declare for this operation: it must
		// be Twilio's error object, with exactly its four properties.
		if resp.StatusCode < 400 {
			c.t.Fatalf("%s %s: undeclared success status %d", k.method, k.path, resp.StatusCode)
		}
		if err := c.errSchema.VisitJSON(anyJSON(c.t, raw)); err != nil {
			c.t.Fatalf("%s %s: error body does not conform: %v\n%s", k.method, k.path, err, raw)
		}
		c.exactKeys(k.method+" "+k.path, c.errSchema, anyJSON(c.t, raw))
		return body
	}
	rin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(raw)),
		// IncludeResponseStatus: a status the operation does not declare
		// is an error, not a pass.
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, rin); err != nil {
		c.t.Fatalf("%s %s: response does not conform to %s: %v\n%s", k.method, k.path, route.Operation.OperationID, err, raw)
	}
	if mt := declared.Value.Content.Get("application/json"); mt != nil {
		c.exactKeys(k.method+" "+k.path, mt.Schema.Value, anyJSON(c.t, raw))
	} else if len(raw) != 0 {
		c.t.Fatalf("%s %s: body on a response declared without content: %s", k.method, k.path, raw)
	}
	return body
}

func anyJSON(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// exactKeys checks, recursively where the schema declares properties, that
// an object carries exactly the declared properties. The spec's schemas
// allow additional properties and require none, so schema validation alone
// would accept a missing or a misspelt field.
func (c *conformance) exactKeys(where string, s *openapi3.Schema, v any) {
	c.t.Helper()
	switch val := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			return
		}
		var got, want []string
		for k := range val {
			got = append(got, k)
		}
		for k := range s.Properties {
			want = append(want, k)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			c.t.Errorf("%s: properties\n got %v\nwant %v", where, got, want)
		}
		for k, ps := range s.Properties {
			if ps.Value != nil && val[k] != nil {
				c.exactKeys(where+"."+k, ps.Value, val[k])
			}
		}
	case []any:
		if s.Items != nil && s.Items.Value != nil {
			for i, it := range val {
				c.exactKeys(fmt.Sprintf("%s[%d]", where, i), s.Items.Value, it)
			}
		}
	}
}

func TestConformance(t *testing.T) {
	c := newConformance(t)
	key := verifytest.NewDeviceKey(t)

	// Services.
	svc := c.do(call{method: "POST", path: "/v2/Services", form: url.Values{
		"FriendlyName": {"Conformance"}, "Totp.Issuer": {"Acme"}, "Totp.TimeStep": {"30"},
		"Totp.CodeLength": {"6"}, "Totp.Skew": {"1"},
	}, status: 201})
	svcSID := asString(svc["sid"])
	c.do(call{method: "POST", path: "/v2/Services", form: url.Values{"FriendlyName": {"Second"}}, status: 201})
	c.do(call{method: "POST", path: "/v2/Services", form: url.Values{"FriendlyName": {"Third"}}, status: 201})
	c.do(call{method: "GET", path: "/v2/Services/" + svcSID, status: 200})
	c.do(call{method: "POST", path: "/v2/Services/" + svcSID, form: url.Values{"FriendlyName": {"Conformance 2"}}, status: 200})
	// Every settable parameter, on create and on update.
	full := url.Values{
		"FriendlyName": {"Full"}, "CodeLength": {"8"}, "LookupEnabled": {"true"}, "SkipSmsToLandlines": {"true"},
		"DtmfInputRequired": {"true"}, "TtsName": {"voice"}, "Psd2Enabled": {"true"},
		"DoNotShareWarningEnabled": {"true"}, "CustomCodeEnabled": {"true"}, "Push.IncludeDate": {"true"},
		"Push.ApnCredentialSid": {"CR" + strings.Repeat("a", 32)}, "Push.FcmCredentialSid": {"CR" + strings.Repeat("b", 32)},
		"Totp.Issuer": {"Acme"}, "Totp.TimeStep": {"60"}, "Totp.CodeLength": {"8"}, "Totp.Skew": {"2"},
		"DefaultTemplateSid": {"HJ" + strings.Repeat("c", 32)}, "Whatsapp.MsgServiceSid": {"MG" + strings.Repeat("d", 32)},
		"Whatsapp.From": {"whatsapp:+15005550006"}, "Passkeys.RelyingParty.Id": {"example.com"},
		"Passkeys.RelyingParty.Name": {"Example"}, "Passkeys.RelyingParty.Origins": {"https://example.com,https://login.example.com"},
		"Passkeys.AuthenticatorAttachment": {"platform"}, "Passkeys.DiscoverableCredentials": {"preferred"},
		"Passkeys.UserVerification": {"required"}, "VerifyEventSubscriptionEnabled": {"true"},
	}
	fullSID := asString(c.do(call{method: "POST", path: "/v2/Services", form: full, status: 201})["sid"])
	full.Set("FriendlyName", "Full 2")
	full.Set("TtsName", "")
	c.do(call{method: "POST", path: "/v2/Services/" + fullSID, form: full, status: 200})
	c.do(call{method: "POST", path: "/v2/Services/" + fullSID, form: url.Values{"Passkeys.UserVerification": {"always"}}, status: 400})
	page := c.do(call{method: "GET", path: "/v2/Services", form: url.Values{"PageSize": {"2"}}, status: 200})
	for n := 0; asMap(page["meta"])["next_page_url"] != nil; n++ {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		if n > 5 {
			t.Fatal("service pages do not end")
		}
	}

	// Entities.
	entities := "/v2/Services/" + svcSID + "/Entities"
	c.do(call{method: "POST", path: entities, form: url.Values{"Identity": {"ff483d1ff591898a9942916050d2ca3f"}}, status: 201})
	c.do(call{method: "POST", path: entities, form: url.Values{"Identity": {"ff483d1ff591898a9942916050d2ca3f"}}, status: 409})
	c.do(call{method: "POST", path: entities, form: url.Values{"Identity": {"entity-0002"}}, status: 201})
	c.do(call{method: "POST", path: entities, form: url.Values{"Identity": {"entity-0003"}}, status: 201})
	c.do(call{method: "POST", path: entities, form: url.Values{"Identity": {"bad"}}, status: 400})
	c.do(call{method: "POST", path: entities, form: url.Values{}, status: 400}) // the spec lets an empty body through
	c.do(call{method: "GET", path: entities + "/entity-0002", status: 200})
	c.do(call{method: "GET", path: entities + "/entity-0404", status: 404})
	page = c.do(call{method: "GET", path: entities, form: url.Values{"PageSize": {"2"}}, status: 200})
	for n := 0; asMap(page["meta"])["next_page_url"] != nil; n++ {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		if n > 5 {
			t.Fatal("entity pages do not end")
		}
	}
	c.do(call{method: "GET", path: entities, form: url.Values{"PageSize": {"1001"}}, specRejects: true, status: 400})
	c.do(call{method: "DELETE", path: entities + "/entity-0003", status: 204})
	c.do(call{method: "DELETE", path: entities + "/entity-0003", status: 404})

	// Factors.
	factors := "/v2/Services/" + svcSID + "/Entities/ff483d1ff591898a9942916050d2ca3f/Factors"
	totpF := c.do(call{method: "POST", path: factors, form: url.Values{
		"FriendlyName": {"John’s Account Name"}, "FactorType": {"totp"},
		"Binding.Secret": {"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}, "Config.TimeStep": {"30"},
		"Config.CodeLength": {"6"}, "Config.Skew": {"1"}, "Config.Alg": {"sha1"},
		"Metadata": {`{"os":"Android"}`},
	}, status: 201})
	c.do(call{method: "POST", path: factors, form: url.Values{"FriendlyName": {"minimal"}, "FactorType": {"totp"}}, status: 201})
	pushF := c.do(call{method: "POST", path: factors, form: pushForm(key), status: 201})
	totpSID, pushSID := asString(totpF["sid"]), asString(pushF["sid"])

	c.do(call{method: "GET", path: factors + "/" + totpSID, status: 200})
	c.do(call{method: "GET", path: factors + "/" + pushSID, status: 200})
	c.do(call{method: "POST", path: factors + "/" + totpSID, form: url.Values{"FriendlyName": {"Renamed"}, "Config.Skew": {"2"}}, status: 200})
	c.do(call{method: "POST", path: factors + "/" + pushSID, form: url.Values{
		"Config.NotificationToken": {strings.Repeat("t", 40)}, "Config.SdkVersion": {"2.0"}, "Config.NotificationPlatform": {"apn"},
	}, status: 200})
	code, err := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", testTime)
	if err != nil {
		t.Fatal(err)
	}
	v := c.do(call{method: "POST", path: factors + "/" + totpSID, form: url.Values{"AuthPayload": {code}}, status: 200})
	if v["status"] != "verified" {
		t.Fatalf("totp not verified: %v", v)
	}
	v = c.do(call{method: "POST", path: factors + "/" + pushSID, form: url.Values{"AuthPayload": {key.Sign(t, pushSID)}}, status: 200})
	if v["status"] != "verified" {
		t.Fatalf("push not verified: %v", v)
	}

	// Passkeys factors: created on their own route with a JSON body, then
	// served by the entity's factor routes.
	passkeys := "/v2/Services/" + fullSID + "/Passkeys/Factors"
	pk := c.do(call{method: "POST", path: passkeys, json: `{"friendly_name": "Laptop", "identity": "ff483d1ff591898a9942916050d2ca3f",
		"config": {"relying_party": {"id": "example.com", "name": "Example", "origins": ["https://example.com"]},
		"authenticator_attachment": "platform", "discoverable_credentials": "preferred", "user_verification": "preferred"}}`, status: 201})
	c.do(call{method: "POST", path: passkeys, json: `{"friendly_name": "Minimal", "identity": "entity-0002"}`, status: 201})
	pkFactors := "/v2/Services/" + fullSID + "/Entities/ff483d1ff591898a9942916050d2ca3f/Factors"
	c.do(call{method: "GET", path: pkFactors + "/" + asString(pk["sid"]), status: 200})
	c.do(call{method: "GET", path: pkFactors, status: 200})
	c.do(call{method: "POST", path: pkFactors + "/" + asString(pk["sid"]), form: url.Values{"FriendlyName": {"Laptop 2"}}, status: 200})
	c.do(call{method: "POST", path: passkeys, json: `{"identity": "ff483d1ff591898a9942916050d2ca3f"}`, specRejects: true, status: 400})
	c.do(call{method: "POST", path: passkeys, json: `{"friendly_name": "x", "identity": "ff483d1ff591898a9942916050d2ca3f",
		"config": {"user_verification": "always"}}`, specRejects: true, status: 400})
	c.do(call{method: "POST", path: "/v2/Services/" + svcSID + "/Passkeys/Factors", json: `{"friendly_name": "x", "identity": "entity-0002"}`, status: 400})
	c.do(call{method: "DELETE", path: pkFactors + "/" + asString(pk["sid"]), status: 204})

	c.mock.SetMaxPageSize(2)
	page = c.do(call{method: "GET", path: factors, form: url.Values{"PageSize": {"50"}}, status: 200})
	pages := 1
	for asMap(page["meta"])["next_page_url"] != nil {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		pages++
	}
	if pages != 2 {
		t.Errorf("%d factor pages, want 2", pages)
	}
	c.mock.SetMaxPageSize(0)
	c.do(call{method: "GET", path: "/v2/Services/" + svcSID + "/Entities/nobody-at-all/Factors", status: 200})

	// Errors: the spec's error object.
	c.do(call{method: "GET", path: factors + "/" + totpSID, user: DefaultAccountSID, pass: "wrong", status: 401})
	c.do(call{method: "GET", path: factors + "/YF" + strings.Repeat("0", 32), status: 404})
	c.do(call{method: "POST", path: factors + "/" + totpSID, form: url.Values{"AuthPayload": {"000000"}}, status: 403})
	c.do(call{method: "POST", path: factors, form: url.Values{"FriendlyName": {"x"}, "FactorType": {"totp"}, "Config.TimeStep": {"61"}}, status: 400})
	c.do(call{method: "POST", path: factors + "/" + totpSID, form: url.Values{"Metadata": {`{"a":"b"}`}}, status: 400})
	c.do(call{method: "POST", path: factors, form: url.Values{"FactorType": {"totp"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: factors, form: url.Values{"FriendlyName": {"x"}, "FactorType": {"sms"}}, specRejects: true, status: 400})
	c.do(call{method: "GET", path: factors, form: url.Values{"PageSize": {"1001"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: "/v2/Services", form: url.Values{"Totp.Skew": {"1"}}, specRejects: true, status: 400})
	// The spec's request bodies are optional, so it lets an empty body
	// through; the mock still requires FriendlyName.
	c.do(call{method: "POST", path: "/v2/Services", form: url.Values{}, status: 400})
	c.mock.SetFaults(Faults{ThrottleRate: 1})
	c.do(call{method: "GET", path: factors, status: 429})
	c.mock.SetFaults(Faults{ErrorRate: 1})
	c.do(call{method: "GET", path: factors, status: 500})
	c.do(call{method: "GET", path: factors, status: 503})
	c.mock.SetFaults(Faults{})

	// Deletes.
	c.do(call{method: "DELETE", path: factors + "/" + pushSID, status: 204})
	c.do(call{method: "DELETE", path: factors + "/" + pushSID, status: 404})
	c.do(call{method: "DELETE", path: entities + "/ff483d1ff591898a9942916050d2ca3f", status: 204})
	c.do(call{method: "GET", path: factors + "/" + totpSID, status: 404})
	c.do(call{method: "DELETE", path: "/v2/Services/" + svcSID, status: 204})
	c.do(call{method: "GET", path: "/v2/Services/" + svcSID, status: 404})
}

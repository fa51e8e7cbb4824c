package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

const factorJSON = `{
  "sid": "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "service_sid": "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "entity_sid": "YEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "identity": "ff483d1ff591898a9942916050d2ca3f",
  "date_created": "2015-07-30T20:00:00Z",
  "date_updated": "2015-07-30T20:00:01Z",
  "friendly_name": "friendly_name",
  "status": "unverified",
  "factor_type": "push",
  "config": {"sdk_version": "1.0", "app_id": "com.example.myapp", "notification_platform": "fcm", "notification_token": "test_token"},
  "metadata": {"os": "Android"},
  "url": "https://verify.twilio.com/v2/Services/VA/Entities/id/Factors/YF"
}`

func wantFactor() Factor {
	return Factor{
		SID:          "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		AccountSID:   "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		ServiceSID:   "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		EntitySID:    "YEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		Identity:     "ff483d1ff591898a9942916050d2ca3f",
		DateCreated:  time.Date(2015, 7, 30, 20, 0, 0, 0, time.UTC),
		DateUpdated:  time.Date(2015, 7, 30, 20, 0, 1, 0, time.UTC),
		FriendlyName: "friendly_name",
		Status:       StatusUnverified,
		FactorType:   FactorTypePush,
		Config:       FactorConfig{SdkVersion: "1.0", AppID: "com.example.myapp", NotificationPlatform: "fcm", NotificationToken: "test_token"},
		Metadata:     map[string]string{"os": "Android"},
		URL:          "https://verify.twilio.com/v2/Services/VA/Entities/id/Factors/YF",
	}
}

func withField(js, field, value string) string {
	// Replace the value of a top-level field of factorJSON.
	start := strings.Index(js, `"`+field+`":`)
	if start < 0 {
		panic(field)
	}
	valStart := start + len(field) + 3
	depth, end := 0, valStart
	for i := valStart; i < len(js); i++ {
		switch js[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if (js[i] == ',' || js[i] == '\n') && depth == 0 {
			end = i
			break
		}
		if depth < 0 {
			end = i
			break
		}
	}
	return js[:valStart] + " " + value + js[end:]
}

func TestDecodeFactor(t *testing.T) {
	t.Parallel()
	totpConfig := `{"alg": "sha1", "skew": 1, "code_length": 6, "time_step": 30}`
	tests := []struct {
		name    string
		json    string
		mutate  func(*Factor)
		wantErr string
	}{
		{name: "push", json: factorJSON},
		{name: "null metadata", json: withField(factorJSON, "metadata", "null"), mutate: func(f *Factor) { f.Metadata = nil }},
		{name: "missing metadata", json: strings.Replace(withField(factorJSON, "metadata", "null"), `"metadata": null,`, "", 1), mutate: func(f *Factor) { f.Metadata = nil }},
		{name: "empty metadata", json: withField(factorJSON, "metadata", "{}"), mutate: func(f *Factor) { f.Metadata = map[string]string{} }},
		{
			name: "non-string metadata values are kept as JSON",
			json: withField(factorJSON, "metadata", `{"n": 1.50, "b": true, "o": {"x": [1, 2]}, "z": null, "s": "str"}`),
			mutate: func(f *Factor) {
				f.Metadata = map[string]string{"n": "1.50", "b": "true", "o": `{"x":[1,2]}`, "z": "null", "s": "str"}
			},
		},
		{
			name:   "stringified metadata",
			json:   withField(factorJSON, "metadata", `"{\"os\": \"iOS\"}"`),
			mutate: func(f *Factor) { f.Metadata = map[string]string{"os": "iOS"} },
		},
		{name: "metadata array", json: withField(factorJSON, "metadata", `["a"]`), wantErr: "metadata"},
		{name: "metadata plain string", json: withField(factorJSON, "metadata", `"os"`), wantErr: "metadata"},
		{name: "null config", json: withField(factorJSON, "config", "null"), mutate: func(f *Factor) { f.Config = FactorConfig{} }},
		{
			name: "totp config",
			json: withField(factorJSON, "config", totpConfig),
			mutate: func(f *Factor) {
				f.Config = FactorConfig{Alg: "sha1", Skew: ptr[int64](1), CodeLength: ptr[int64](6), TimeStep: ptr[int64](30)}
			},
		},
		{name: "unknown fields are ignored", json: strings.Replace(factorJSON, `"url"`, `"options": {"a": 1}, "links": null, "url"`, 1)},
		{name: "garbage", json: "<html>", wantErr: "decoding factor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeFactor(strings.NewReader(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := wantFactor()
			if tt.mutate != nil {
				tt.mutate(&want)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("got  %+v\nwant %+v", *got, want)
			}
		})
	}
}

func TestDecodeNewFactor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, binding string
		want          Binding
	}{
		{"totp", `{"secret": "GEZDGNBV", "uri": "otpauth://totp/Issuer:Name?secret=GEZDGNBV&issuer=Issuer&algorithm=SHA1&digits=6&period=30"}`,
			Binding{Secret: "GEZDGNBV", URI: "otpauth://totp/Issuer:Name?secret=GEZDGNBV&issuer=Issuer&algorithm=SHA1&digits=6&period=30"}},
		{"push", `{"alg": "ES256", "public_key": "MFkw"}`, Binding{Alg: "ES256", PublicKey: "MFkw"}},
		{"null", `null`, Binding{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js := strings.Replace(factorJSON, `"url"`, `"binding": `+tc.binding+`, "url"`, 1)
			js = withField(js, "metadata", "null")
			got, err := decodeNewFactor(strings.NewReader(js))
			if err != nil {
				t.Fatal(err)
			}
			want := wantFactor()
			want.Metadata = nil
			if !reflect.DeepEqual(got.Factor, want) || got.Binding != tc.want {
				t.Errorf("got %+v", got)
			}
		})
	}
}

// decodeFactor decodes a factor JSON object tolerantly (null metadata or
// config, non-string metadata values).
func decodeFactor(r io.Reader) (*Factor, error) {
	var w factorWire
	if err := json.NewDecoder(r).Decode(&w); err != nil {
		return nil, fmt.Errorf("verify: decoding factor: %w", err)
	}
	f := w.factor()
	return &f, nil
}

// decodeNewFactor decodes the response to a factor create, binding included.
func decodeNewFactor(r io.Reader) (*NewFactor, error) {
	var w newFactorWire
	if err := json.NewDecoder(r).Decode(&w); err != nil {
		return nil, fmt.Errorf("verify: decoding new factor: %w", err)
	}
	return w.newFactor(), nil
}

// factorPage is one decoded page of a factor list, as listAll sees it.
type factorPage struct {
	Factors []Factor `json:"factors"`
	Meta    PageMeta `json:"meta"`
}

// decodeFactorPage decodes a factor list page with the wire types listAll
// uses, and the check fetchPage makes: the factors array is there.
func decodeFactorPage(r io.Reader) (*factorPage, error) {
	w := factorPageWire{Factors: pageItems[factorWire]{key: "factors"}}
	if err := json.NewDecoder(r).Decode(&w); err != nil {
		return nil, fmt.Errorf("verify: decoding factor page: %w", err)
	}
	if !w.Factors.present {
		return nil, fmt.Errorf("verify: decoding factor page: no \"factors\" array")
	}
	p := &factorPage{Meta: w.Meta, Factors: make([]Factor, len(w.Factors.items))}
	for i := range w.Factors.items {
		p.Factors[i] = w.Factors.items[i].factor()
	}
	return p, nil
}

func TestDecodeFactorPage(t *testing.T) {
	t.Parallel()
	js := `{"factors": [` + factorJSON + `, ` + withField(factorJSON, "metadata", "null") + `],
	  "meta": {"page": 0, "page_size": 50, "first_page_url": "https://verify.twilio.com/v2/Services/VA/Entities/id/Factors?PageSize=50&Page=0",
	  "previous_page_url": null, "url": "https://verify.twilio.com/v2/Services/VA/Entities/id/Factors?PageSize=50&Page=0",
	  "next_page_url": "https://verify.twilio.com/v2/Services/VA/Entities/id/Factors?PageSize=50&Page=1&PageToken=PT1", "key": "factors"}}`
	p, err := decodeFactorPage(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Factors) != 2 || p.Factors[0].Metadata["os"] != "Android" || p.Factors[1].Metadata != nil {
		t.Errorf("factors = %+v", p.Factors)
	}
	if p.Meta.PageSize != 50 || p.Meta.Key != "factors" || p.Meta.PreviousPageURL != nil ||
		p.Meta.NextPageURL == nil || !strings.HasSuffix(*p.Meta.NextPageURL, "PageToken=PT1") {
		t.Errorf("meta = %+v", p.Meta)
	}
}

func TestDecodeServiceThroughClient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, totp string
		issuer     string
		step       int64
	}{
		{"totp", `{"issuer": "Acme", "time_step": 30, "code_length": 6, "skew": 1}`, "Acme", 30},
		{"null totp", `null`, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := captureServer(t, 200, `{"sid": "VA1", "account_sid": "AC1", "friendly_name": "S", "code_length": 6,
			  "push": null, "totp": `+tc.totp+`, "date_created": "2015-07-30T20:00:00Z", "date_updated": null, "url": "u", "links": {}}`)
			c, err := New(Config{BaseURL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.FetchService(t.Context(), "VA1")
			if err != nil {
				t.Fatal(err)
			}
			if s.SID != "VA1" || s.FriendlyName != "S" || s.Totp.Issuer != tc.issuer || s.Totp.TimeStep != tc.step || !s.DateUpdated.IsZero() {
				t.Errorf("service = %+v", s)
			}
		})
	}
}

func TestDecodeThroughClient(t *testing.T) {
	t.Parallel()
	srv, _ := captureServer(t, 201, strings.Replace(withField(factorJSON, "config", "null"), `"url"`, `"binding": {"alg": "ES256", "public_key": "PK"}, "url"`, 1))
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	p := pushParams()
	p.ServiceSID, p.Identity = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ff483d1ff591898a9942916050d2ca3f"
	nf, err := c.CreateFactor(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := wantFactor()
	want.Config = FactorConfig{}
	if !reflect.DeepEqual(nf.Factor, want) || nf.Binding != (Binding{Alg: "ES256", PublicKey: "PK"}) {
		t.Errorf("got %+v", nf)
	}
	f, err := c.FetchFactor(t.Context(), p.ServiceSID, p.Identity, want.SID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*f, want) {
		t.Errorf("got %+v", f)
	}
}

// An answer that does not describe the factor asked for (a bare {}, another
// sid, service or identity) is an error, so it never reaches state; for a
// create it is an unknown outcome, resolved by listing.
func TestFactorAnswerMustDescribeTheFactor(t *testing.T) {
	t.Parallel()
	const sid = "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	svc, identity := "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ff483d1ff591898a9942916050d2ca3f"
	for name, body := range map[string]string{
		"empty object":   `{}`,
		"no sid":         withField(factorJSON, "sid", `""`),
		"other sid":      withField(factorJSON, "sid", `"YFbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"`),
		"other service":  withField(factorJSON, "service_sid", `"VAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"`),
		"other identity": withField(factorJSON, "identity", `"someone-else"`),
		"no identity":    withField(factorJSON, "identity", `""`),
		"ids only":       `{"sid":"` + sid + `","service_sid":"` + svc + `","identity":"` + identity + `"}`,
		"no factor_type": withField(factorJSON, "factor_type", `""`),
		"no status":      withField(factorJSON, "status", `null`),
		"no date":        withField(factorJSON, "date_created", `null`),
	} {
		srv, _ := captureServer(t, 200, body)
		c, err := New(Config{BaseURL: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		var unexpected *UnexpectedResponseError
		if _, err := c.FetchFactor(t.Context(), svc, identity, sid); !errors.As(err, &unexpected) {
			t.Errorf("%s: FetchFactor error = %v, want *UnexpectedResponseError", name, err)
		}
		if _, err := c.UpdateFactor(t.Context(), svc, identity, sid, UpdateFactorParams{FriendlyName: ptr("x")}); !errors.As(err, &unexpected) {
			t.Errorf("%s: UpdateFactor error = %v, want *UnexpectedResponseError", name, err)
		}
		if name == "other sid" {
			continue // a create has no sid to compare with
		}
		p := pushParams()
		p.ServiceSID, p.Identity = svc, identity
		if _, err := c.CreateFactor(t.Context(), p); !errors.As(err, &unexpected) || CreateOutcomeOf(err) != OutcomeUnknown {
			t.Errorf("%s: CreateFactor error = %v (outcome %v), want *UnexpectedResponseError, outcome unknown", name, err, CreateOutcomeOf(err))
		}
	}
	// Twilio's SIDs are compared without regard to the case of their hex digits.
	srv, _ := captureServer(t, 200, factorJSON)
	c, _ := New(Config{BaseURL: srv.URL})
	if _, err := c.FetchFactor(t.Context(), strings.ToUpper(svc[:2])+strings.ToUpper(svc[2:]), identity, sid); err != nil {
		t.Errorf("upper-case hex: %v", err)
	}
}

// A service or entity answer that is not the one asked for, complete (a
// bare {}, only its ids, another sid, service or identity), is an error.
func TestServiceAndEntityAnswersMustDescribeThem(t *testing.T) {
	t.Parallel()
	const sid = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	identity := testIdentity
	services := map[string]string{
		"empty object": `{}`,
		"ids only":     `{"sid":"` + sid + `"}`,
		"no sid":       `{"friendly_name":"S","date_created":"2026-01-02T03:04:05Z"}`,
		"other sid":    `{"sid":"VAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","friendly_name":"S","date_created":"2026-01-02T03:04:05Z"}`,
		"no date":      `{"sid":"` + sid + `","friendly_name":"S"}`,
	}
	entities := map[string]string{
		"empty object":   `{}`,
		"ids only":       `{"sid":"YE1","service_sid":"` + sid + `","identity":"` + identity + `"}`,
		"no service":     `{"sid":"YE1","identity":"` + identity + `","date_created":"2026-01-02T03:04:05Z"}`,
		"no sid":         `{"service_sid":"` + sid + `","identity":"` + identity + `","date_created":"2026-01-02T03:04:05Z"}`,
		"other service":  `{"sid":"YE1","service_sid":"VAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","identity":"` + identity + `","date_created":"2026-01-02T03:04:05Z"}`,
		"other identity": `{"sid":"YE1","service_sid":"` + sid + `","identity":"someone-else","date_created":"2026-01-02T03:04:05Z"}`,
	}
	check := func(kind, name string, err error) {
		t.Helper()
		if e, ok := errors.AsType[*UnexpectedResponseError](err); !ok || string(e.Kind) != kind || !strings.Contains(err.Error(), "does not describe the "+kind+" asked for") {
			t.Errorf("%s %s: err = %v, want an *UnexpectedResponseError about the %s", kind, name, err, kind)
		}
	}
	for name, body := range services {
		srv, _ := captureServer(t, 200, body)
		c, _ := New(Config{BaseURL: srv.URL})
		_, err := c.FetchService(t.Context(), sid)
		check("service", "fetch, "+name, err)
		_, err = c.UpdateService(t.Context(), sid, ServiceParams{CodeLength: ptr[int64](6)})
		check("service", "update, "+name, err)
	}
	for name, body := range entities {
		srv, _ := captureServer(t, 200, body)
		c, _ := New(Config{BaseURL: srv.URL})
		_, err := c.FetchEntity(t.Context(), sid, identity)
		check("entity", name, err)
	}
	// Twilio's SIDs are compared without regard to the case of their hex digits.
	srv, _ := captureServer(t, 200, `{"sid":"`+strings.ToUpper(sid)+`","service_sid":"`+strings.ToUpper(sid)+`","identity":"`+identity+`","friendly_name":"S","date_created":"2026-01-02T03:04:05Z"}`)
	c, _ := New(Config{BaseURL: srv.URL})
	if _, err := c.FetchService(t.Context(), sid); err != nil {
		t.Errorf("service, upper-case hex: %v", err)
	}
	if _, err := c.FetchEntity(t.Context(), sid, identity); err != nil {
		t.Errorf("entity, upper-case hex: %v", err)
	}
}

// A 2xx whose body cannot be decoded is an error (for a create: an unknown
// outcome).
func TestDecodeErrorOn2xx(t *testing.T) {
	t.Parallel()
	srv, _ := captureServer(t, 200, `{"sid": 5}`)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FetchFactor(t.Context(), testServiceSID, testIdentity, "YF1")
	if err == nil || !strings.Contains(err.Error(), "unusable body") {
		t.Fatalf("err = %v", err)
	}
}

// factorPageJSON returns a list page of n push and TOTP factors.
func factorPageJSON(tb testing.TB, n int) []byte {
	tb.Helper()
	type wire struct {
		Factors []Factor       `json:"factors"`
		Meta    map[string]any `json:"meta"`
	}
	w := wire{Meta: map[string]any{"page": 0, "page_size": n, "key": "factors", "next_page_url": nil}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		f := Factor{
			SID: fmt.Sprintf("YF%032x", i), AccountSID: testAccountSID, ServiceSID: testServiceSID,
			EntitySID: fmt.Sprintf("YE%032x", 1), Identity: testIdentity,
			DateCreated: now, DateUpdated: now, FriendlyName: fmt.Sprintf("factor %d", i),
			Status: StatusVerified, URL: fmt.Sprintf("https://verify.twilio.com/v2/Services/%s/Entities/%s/Factors/YF%032x", testServiceSID, testIdentity, i),
			Metadata: map[string]string{"os": "Android", "model": "Pixel"},
		}
		if i%2 == 0 {
			f.FactorType = FactorTypeTOTP
			f.Config = FactorConfig{Alg: "sha1", Skew: ptr[int64](1), CodeLength: ptr[int64](6), TimeStep: ptr[int64](30)}
		} else {
			f.FactorType = FactorTypePush
			f.Config = FactorConfig{SdkVersion: "1.0.0", AppID: "com.example.app", NotificationPlatform: "fcm", NotificationToken: testToken}
		}
		w.Factors = append(w.Factors, f)
	}
	b, err := json.Marshal(w)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkDecodeFactorPage(b *testing.B) {
	body := factorPageJSON(b, 1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := decodeFactorPage(bytes.NewReader(body))
		if err != nil || len(p.Factors) != 1000 {
			b.Fatal(err)
		}
	}
}

func TestFactorPageJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := decodeFactorPage(bytes.NewReader(factorPageJSON(t, 10)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Factors) != 10 || p.Factors[1].Config.NotificationToken != testToken || *p.Factors[0].Config.TimeStep != 30 {
		t.Errorf("page = %+v", p)
	}
}

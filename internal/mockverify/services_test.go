package mockverify

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestServiceCreateDefaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	r := e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"My Service"}})
	e.expect(r, http.StatusCreated, 0)

	// Every property of the spec's verify.v2.service is present.
	keys := make([]string, 0, len(r.body))
	for k := range r.body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := "account_sid code_length custom_code_enabled date_created date_updated default_template_sid " +
		"do_not_share_warning_enabled dtmf_input_required friendly_name links lookup_enabled passkeys " +
		"psd2_enabled push sid skip_sms_to_landlines totp tts_name url verify_event_subscription_enabled whatsapp"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("keys\n got %s\nwant %s", got, want)
	}
	sid := r.str("sid")
	if !serviceSIDPattern.MatchString(sid) {
		t.Errorf("sid %q", sid)
	}
	checks := map[string]any{
		"account_sid":   DefaultAccountSID,
		"friendly_name": "My Service",
		"code_length":   float64(6),
		"date_created":  "2024-05-06T07:08:09Z",
		"date_updated":  "2024-05-06T07:08:09Z",
		"url":           e.srv.URL + "/v2/Services/" + sid,
	}
	for k, v := range checks {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	totp := r.obj("totp")
	if totp["issuer"] != "" || totp["time_step"] != float64(30) || totp["code_length"] != float64(6) || totp["skew"] != float64(1) {
		t.Errorf("totp %v", totp)
	}
	if r.body["default_template_sid"] != nil {
		t.Errorf("default_template_sid %v", r.body["default_template_sid"])
	}
	if got := r.obj("links")["entities"]; got != e.srv.URL+"/v2/Services/"+sid+"/Entities" {
		t.Errorf("links.entities %v", got)
	}
}

func TestServiceCreateTotpSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	r := e.do(http.MethodPost, "/v2/Services", url.Values{
		"FriendlyName": {"S"}, "Totp.Issuer": {"Acme Inc"}, "Totp.TimeStep": {"60"},
		"Totp.CodeLength": {"8"}, "Totp.Skew": {"0"}, "CodeLength": {"10"}, "LookupEnabled": {"true"},
	})
	e.expect(r, http.StatusCreated, 0)
	totp := r.obj("totp")
	if totp["issuer"] != "Acme Inc" || totp["time_step"] != float64(60) || totp["code_length"] != float64(8) || totp["skew"] != float64(0) {
		t.Errorf("totp %v", totp)
	}
	if r.body["code_length"] != float64(10) {
		t.Errorf("code_length %v", r.body["code_length"])
	}
}

func TestServiceValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	tests := []struct {
		name  string
		form  url.Values
		code  int
		param string
	}{
		{"missing friendly name", url.Values{}, 20001, "FriendlyName"},
		{"empty friendly name", url.Values{"FriendlyName": {""}}, 20001, "FriendlyName"},
		{"friendly name too long", url.Values{"FriendlyName": {strings.Repeat("x", 33)}}, 60200, "FriendlyName"},
		{"time step low", url.Values{"FriendlyName": {"s"}, "Totp.TimeStep": {"19"}}, 60200, "Totp.TimeStep"},
		{"time step high", url.Values{"FriendlyName": {"s"}, "Totp.TimeStep": {"61"}}, 60200, "Totp.TimeStep"},
		{"time step not a number", url.Values{"FriendlyName": {"s"}, "Totp.TimeStep": {"thirty"}}, 60200, "Totp.TimeStep"},
		{"code length low", url.Values{"FriendlyName": {"s"}, "Totp.CodeLength": {"2"}}, 60200, "Totp.CodeLength"},
		{"code length high", url.Values{"FriendlyName": {"s"}, "Totp.CodeLength": {"9"}}, 60200, "Totp.CodeLength"},
		{"skew negative", url.Values{"FriendlyName": {"s"}, "Totp.Skew": {"-1"}}, 60200, "Totp.Skew"},
		{"skew high", url.Values{"FriendlyName": {"s"}, "Totp.Skew": {"3"}}, 60200, "Totp.Skew"},
		{"verification code length", url.Values{"FriendlyName": {"s"}, "CodeLength": {"3"}}, 60200, "CodeLength"},
		{"unknown parameter", url.Values{"FriendlyName": {"s"}, "Totp.Period": {"30"}}, 60200, "Totp.Period"},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				e := e.with(t)
				r := e.do(http.MethodPost, "/v2/Services", tc.form)
				e.expect(r, http.StatusBadRequest, tc.code)
				if !strings.Contains(r.str("message"), tc.param) {
					t.Errorf("message %q does not name %s", r.str("message"), tc.param)
				}
			})
		}
	})
	if n := len(e.do(http.MethodGet, "/v2/Services", nil).list("services")); n != 0 {
		t.Fatalf("%d services created by refused requests", n)
	}
}

func TestServiceFetchUpdateDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	sid := e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"Before"}}).str("sid")

	r := e.do(http.MethodGet, "/v2/Services/"+sid, nil)
	e.expect(r, http.StatusOK, 0)
	if r.str("friendly_name") != "Before" {
		t.Fatalf("fetch: %s", r.raw)
	}
	r = e.do(http.MethodPost, "/v2/Services/"+sid, url.Values{"FriendlyName": {"After"}, "Totp.Skew": {"2"}})
	e.expect(r, http.StatusOK, 0)
	if r.str("friendly_name") != "After" || r.obj("totp")["skew"] != float64(2) || r.obj("totp")["time_step"] != float64(30) {
		t.Fatalf("update: %s", r.raw)
	}
	e.expect(e.do(http.MethodPost, "/v2/Services/"+sid, url.Values{"FriendlyName": {""}}), 400, 60200)

	e.expect(e.do(http.MethodGet, "/v2/Services/VA00000000000000000000000000000000", nil), 404, 20404)
	e.expect(e.do(http.MethodGet, "/v2/Services/VAxyz", nil), 400, 60200)
	e.expect(e.do(http.MethodGet, "/v2/Services/"+strings.ToUpper(sid[:2])+"ZZ"+sid[4:], nil), 400, 60200)

	// Deleting a service removes its factors.
	f := e.createTOTP(sid, "user-0001", nil)
	del := e.do(http.MethodDelete, "/v2/Services/"+sid, nil)
	if del.status != http.StatusNoContent || len(del.raw) != 0 {
		t.Fatalf("delete: %d %q", del.status, del.raw)
	}
	e.expect(e.do(http.MethodGet, "/v2/Services/"+sid, nil), 404, 20404)
	e.expect(e.do(http.MethodDelete, "/v2/Services/"+sid, nil), 404, 20404)
	e.expect(e.do(http.MethodGet, factorsURL(sid, "user-0001")+"/"+f.str("sid"), nil), 404, 20404)
	if got := e.mock.Factors("", sid, ""); got != nil {
		t.Fatalf("factors survive their service: %v", got)
	}
}

func TestCreateServiceDirect(t *testing.T) {
	t.Parallel()
	m := New(twoAccounts())
	fixed := "VA0123456789abcdef0123456789ABCDEF"
	info, err := m.CreateService(acctB, ServiceParams{
		SID: fixed, FriendlyName: "Seeded", TotpIssuer: "Issuer",
		TotpTimeStep: ptr[int64](20), TotpCodeLength: ptr[int64](3), TotpSkew: ptr[int64](0),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ServiceInfo{SID: fixed, AccountSID: acctB, FriendlyName: "Seeded", TotpIssuer: "Issuer", TotpTimeStep: 20, TotpCodeLength: 3, TotpSkew: 0}
	if info != want {
		t.Fatalf("info %+v\nwant %+v", info, want)
	}
	if info, err := m.CreateService("", ServiceParams{FriendlyName: "first account"}); err != nil || info.AccountSID != acctA {
		t.Fatalf("default account: %+v %v", info, err)
	}
	bad := []ServiceParams{
		{SID: fixed, FriendlyName: "duplicate"},
		{SID: "VA123", FriendlyName: "bad sid"},
		{FriendlyName: ""},
		{FriendlyName: "x", TotpTimeStep: ptr[int64](10)},
		{FriendlyName: "x", TotpCodeLength: ptr[int64](9)},
		{FriendlyName: "x", TotpSkew: ptr[int64](5)},
	}
	for _, p := range bad {
		if _, err := m.CreateService(acctA, p); err == nil {
			t.Errorf("CreateService(%+v) succeeded", p)
		}
	}
	if _, err := m.CreateService("ACnobody", ServiceParams{FriendlyName: "x"}); err == nil {
		t.Error("unknown account accepted")
	}
	if st := m.Stats(); st.Total != 0 {
		t.Errorf("direct seeding counted: %+v", st)
	}
}

func TestSeededSIDsAreReproducible(t *testing.T) {
	t.Parallel()
	sids := func(seed int64) []string {
		m := New(Options{Seed: seed})
		var out []string
		for range 3 {
			info, err := m.CreateService("", ServiceParams{FriendlyName: "s"})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, info.SID)
		}
		return out
	}
	a, b, c := sids(42), sids(42), sids(43)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed, different SIDs: %v %v", a, b)
	}
	if a[0] == c[0] {
		t.Fatalf("different seeds, same SID %s", a[0])
	}
}

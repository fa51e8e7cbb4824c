package mockverify

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

const challengeSecret = "JBSWY3DPEHPK3PXP"

func challengesURL(svc, identity string) string {
	return "/v2/Services/" + svc + "/Entities/" + identity + "/Challenges"
}

// verifiedTOTP creates a TOTP factor with challengeSecret and verifies it.
func (e *env) verifiedTOTP(svc, identity string, at time.Time) string {
	e.t.Helper()
	sid := e.createTOTP(svc, identity, url.Values{"Binding.Secret": {challengeSecret}}).str("sid")
	e.expect(e.do(http.MethodPost, factorsURL(svc, identity)+"/"+sid, url.Values{"AuthPayload": {totpCode(e.t, at)}}), http.StatusOK, 0)
	return sid
}

// challengeFactors gives user-0001 of a new service a verified TOTP factor
// (secret challengeSecret) and a verified push factor of key.
func (e *env) challengeFactors(key verifytest.DeviceKey) (svc, totpF, pushF string) {
	e.t.Helper()
	svc = e.service(ServiceParams{})
	return svc, e.verifiedTOTP(svc, "user-0001", testTime), e.verifiedPush(svc, "user-0001", key)
}

// verifiedPush creates a push factor of key and verifies it.
func (e *env) verifiedPush(svc, identity string, key verifytest.DeviceKey) string {
	e.t.Helper()
	sid := e.createPush(svc, identity, key).str("sid")
	e.expect(e.do(http.MethodPost, factorsURL(svc, identity)+"/"+sid, url.Values{"AuthPayload": {key.Sign(e.t, sid)}}), http.StatusOK, 0)
	return sid
}

func totpCode(t *testing.T, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(challengeSecret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// pushAnswer signs, as the Verify Push SDK does, the fields that the fetch
// of a pending challenge names in Twilio-Verify-Signature-Fields, plus the
// answer.
func pushAnswer(t *testing.T, key verifytest.DeviceKey, fetched result, status string) string {
	t.Helper()
	fields := fetched.header.Get("Twilio-Verify-Signature-Fields")
	if fields == "" {
		t.Fatalf("no Twilio-Verify-Signature-Fields on the pending push challenge: %v", fetched.header)
	}
	claims := map[string]any{}
	for _, f := range strings.Split(fields, ",") {
		claims[f] = fetched.body[f]
	}
	claims["status"] = status
	return key.SignJWT(t, claims)
}

func TestTOTPChallenge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	factor := e.verifiedTOTP(svc, "user-0001", testTime)
	base := challengesURL(svc, "user-0001")

	// With a valid code on create: approved at once.
	r := e.do(http.MethodPost, base, url.Values{"FactorSid": {factor}, "AuthPayload": {totpCode(t, testTime)}})
	e.expect(r, http.StatusCreated, 0)
	if r.str("status") != "approved" || r.str("date_responded") != "2024-05-06T07:08:09Z" || r.str("factor_type") != "totp" {
		t.Errorf("create with code: %s", r.raw)
	}
	if r.header.Get("Twilio-Verify-Signature-Fields") != "" {
		t.Error("a TOTP challenge names signature fields")
	}

	// Without: pending until a valid code; a wrong code leaves it pending.
	r = e.do(http.MethodPost, base, url.Values{"FactorSid": {factor}, "HiddenDetails": {`{"ip":"10.0.0.1"}`}})
	e.expect(r, http.StatusCreated, 0)
	sid := r.str("sid")
	if r.str("status") != "pending" || r.body["date_responded"] != nil || r.str("expiration_date") != "2024-05-06T07:13:09Z" {
		t.Errorf("create without code: %s", r.raw)
	}
	wrong := e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {"000000"}})
	e.expect(wrong, http.StatusOK, 0)
	if wrong.str("status") != "pending" {
		t.Errorf("wrong code: %s", wrong.raw)
	}
	ok := e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {totpCode(t, testTime)}, "Metadata": {`{"os":"Android"}`}})
	e.expect(ok, http.StatusOK, 0)
	if ok.str("status") != "approved" || ok.obj("metadata")["os"] != "Android" || ok.obj("hidden_details")["ip"] != "10.0.0.1" {
		t.Errorf("right code: %s", ok.raw)
	}
	// An answered challenge takes no other answer.
	e.expect(e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {totpCode(t, testTime)}}), http.StatusBadRequest, 60200)
	if got := e.mock.Challenges("", svc, "user-0001"); len(got) != 2 || got[1].Status != "approved" || got[1].FactorSID != factor {
		t.Errorf("Challenges() = %+v", got)
	}
}

func TestPushChallenge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key, other := verifytest.NewDeviceKey(t), verifytest.NewDeviceKey(t)
	factor := e.verifiedPush(svc, "user-0001", key)
	base := challengesURL(svc, "user-0001")
	create := url.Values{
		"FactorSid": {factor}, "Details.Message": {"Log in to Acme?"},
		"Details.Fields": {`{"label":"IP","value":"10.0.0.1"}`, `{"label":"City","value":"Lyon"}`},
	}
	sid := e.do(http.MethodPost, base, create).str("sid")
	fetched := e.do(http.MethodGet, base+"/"+sid, nil)
	e.expect(fetched, http.StatusOK, 0)
	details := fetched.obj("details")
	fields, _ := details["fields"].([]any)
	if details["message"] != "Log in to Acme?" || len(fields) != 2 || details["date"] != "2024-05-06T07:08:09Z" {
		t.Errorf("details %v", details)
	}

	tampered := map[string]string{
		"other key":     pushAnswer(t, other, fetched, "approved"),
		"bad status":    pushAnswer(t, key, fetched, "maybe"),
		"not a JWT":     key.Sign(t, sid),
		"other details": strings.Replace(pushAnswer(t, key, fetched, "approved"), ".", ".x", 1),
	}
	changed := fetched
	changed.body = map[string]any{}
	for k, v := range fetched.body {
		changed.body[k] = v
	}
	changed.body["details"] = map[string]any{"message": "Something else"}
	tampered["signed other content"] = pushAnswer(t, key, changed, "approved")
	for name, payload := range tampered {
		r := e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {payload}})
		if r.status != http.StatusForbidden || r.code() != 60311 {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	r := e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {pushAnswer(t, key, fetched, "approved")}})
	e.expect(r, http.StatusOK, 0)
	if r.str("status") != "approved" || r.header.Get("Twilio-Verify-Signature-Fields") != "" {
		t.Errorf("approve: %s", r.raw)
	}

	denied := e.do(http.MethodPost, base, create).str("sid")
	fetched = e.do(http.MethodGet, base+"/"+denied, nil)
	r = e.do(http.MethodPost, base+"/"+denied, url.Values{"AuthPayload": {pushAnswer(t, key, fetched, "denied")}})
	e.expect(r, http.StatusOK, 0)
	if r.str("status") != "denied" || r.str("responded_reason") != "none" {
		t.Errorf("deny: %s", r.raw)
	}
}

func TestChallengeExpiry(t *testing.T) {
	t.Parallel()
	clk := newClock(testTime)
	e := newEnv(t, Options{Now: clk.Now})
	svc := e.service(ServiceParams{})
	factor := e.verifiedTOTP(svc, "user-0001", testTime)
	base := challengesURL(svc, "user-0001")
	sid := e.do(http.MethodPost, base, url.Values{
		"FactorSid": {factor}, "ExpirationDate": {testTime.Add(2 * time.Minute).Format(time.RFC3339)},
	}).str("sid")

	clk.Set(testTime.Add(2 * time.Minute))
	r := e.do(http.MethodGet, base+"/"+sid, nil)
	if r.str("status") != "expired" || r.str("date_updated") != "2024-05-06T07:10:09Z" {
		t.Errorf("after expiry: %s", r.raw)
	}
	e.expect(e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {totpCode(t, clk.Now())}}), http.StatusForbidden, 60323)
	list := e.do(http.MethodGet, base, url.Values{"Status": {"expired"}})
	if ids := list.sids("challenges"); len(ids) != 1 || ids[0] != sid {
		t.Errorf("expired list %v", ids)
	}
}

func TestChallengeValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	key := verifytest.NewDeviceKey(t)
	svc, totpF, pushF := e.challengeFactors(key)
	unverified := e.createTOTP(svc, "user-0001", nil).str("sid")
	otherUsers := e.verifiedTOTP(svc, "user-0002", testTime)
	base := challengesURL(svc, "user-0001")
	at := func(d time.Duration) string { return testTime.Add(d).Format(time.RFC3339) }
	tests := []struct {
		name         string
		form         url.Values
		status, code int
	}{
		{"no factor", url.Values{}, 400, 20001},
		{"bad factor sid", url.Values{"FactorSid": {"YF123"}}, 400, 60200},
		{"unknown factor", url.Values{"FactorSid": {"YF" + strings.Repeat("0", 32)}}, 404, 20404},
		{"other entity's factor", url.Values{"FactorSid": {otherUsers}}, 404, 20404},
		{"unverified factor", url.Values{"FactorSid": {unverified}}, 403, 60318},
		{"push without message", url.Values{"FactorSid": {pushF}}, 400, 20001},
		{"push with code", url.Values{"FactorSid": {pushF}, "Details.Message": {"m"}, "AuthPayload": {"123456"}}, 400, 60200},
		{"long message", url.Values{"FactorSid": {pushF}, "Details.Message": {strings.Repeat("m", 257)}}, 400, 60200},
		{"bad field", url.Values{"FactorSid": {pushF}, "Details.Message": {"m"}, "Details.Fields": {"label=IP"}}, 400, 60200},
		{"long label", url.Values{"FactorSid": {pushF}, "Details.Message": {"m"}, "Details.Fields": {`{"label":"` + strings.Repeat("l", 37) + `","value":"v"}`}}, 400, 60200},
		{"past expiry", url.Values{"FactorSid": {totpF}, "ExpirationDate": {at(-time.Minute)}}, 400, 60200},
		{"far expiry", url.Values{"FactorSid": {totpF}, "ExpirationDate": {at(61 * time.Minute)}}, 400, 60200},
		{"bad expiry", url.Values{"FactorSid": {totpF}, "ExpirationDate": {"tomorrow"}}, 400, 60200},
		{"short code", url.Values{"FactorSid": {totpF}, "AuthPayload": {"12"}}, 400, 60200},
		{"hidden details not strings", url.Values{"FactorSid": {totpF}, "HiddenDetails": {`{"n":1}`}}, 400, 60200},
		{"unknown", url.Values{"FactorSid": {totpF}, "Ttl": {"30"}}, 400, 60200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.with(t).expect(e.with(t).do(http.MethodPost, base, tc.form), tc.status, tc.code)
		})
	}
	if got := e.mock.Challenges("", svc, "user-0001"); len(got) != 0 {
		t.Errorf("challenges after refused creates: %+v", got)
	}
	sid := e.do(http.MethodPost, base, url.Values{"FactorSid": {totpF}}).str("sid")
	e.expect(e.do(http.MethodPost, base+"/"+sid, url.Values{}), 400, 20001)
	e.expect(e.do(http.MethodPost, base+"/"+sid, url.Values{"AuthPayload": {"123456"}, "Metadata": {"[]"}}), 400, 60200)
	e.expect(e.do(http.MethodGet, base+"/YC123", nil), 400, 60200)
	e.expect(e.do(http.MethodGet, challengesURL(svc, "user-0002")+"/"+sid, nil), 404, 20404)
	e.expect(e.do(http.MethodGet, base, url.Values{"Status": {"lost"}}), 400, 60200)
	e.expect(e.do(http.MethodGet, base, url.Values{"Order": {"random"}}), 400, 60200)
}

func TestChallengeListAndFactorDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	key := verifytest.NewDeviceKey(t)
	svc, totpF, pushF := e.challengeFactors(key)
	base := challengesURL(svc, "user-0001")
	var sids []string
	for i := range 3 {
		form := url.Values{"FactorSid": {totpF}}
		if i == 1 {
			form = url.Values{"FactorSid": {pushF}, "Details.Message": {"m"}}
		}
		sids = append(sids, e.do(http.MethodPost, base, form).str("sid"))
	}
	if got := e.do(http.MethodGet, base, url.Values{"FactorSid": {totpF}}).sids("challenges"); len(got) != 2 || got[0] != sids[0] || got[1] != sids[2] {
		t.Errorf("by factor %v", got)
	}
	// Descending order, paged.
	page := e.do(http.MethodGet, base, url.Values{"Order": {"desc"}, "PageSize": {"2"}})
	got := page.sids("challenges")
	next := asString(page.obj("meta")["next_page_url"])
	got = append(got, e.do(http.MethodGet, next, nil).sids("challenges")...)
	if strings.Join(got, ",") != sids[2]+","+sids[1]+","+sids[0] {
		t.Errorf("desc %v, want reverse of %v", got, sids)
	}
	// A factor's challenges go with it.
	e.expect(e.do(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+totpF, nil), http.StatusNoContent, 0)
	if got := e.do(http.MethodGet, base, nil).sids("challenges"); len(got) != 1 || got[0] != sids[1] {
		t.Errorf("after factor delete %v", got)
	}
}

package mockverify

import (
	"encoding/base32"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

func sortedKeys(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, " ")
}

func TestCreateTOTPFactorDefaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{FriendlyName: "Acme", TotpTimeStep: ptr[int64](45), TotpCodeLength: ptr[int64](8), TotpSkew: ptr[int64](2)})
	r := e.createTOTP(svc, "user-0001", nil)

	if got, want := sortedKeys(r.body), "account_sid binding config date_created date_updated entity_sid factor_type friendly_name identity metadata options service_sid sid status url"; got != want {
		t.Errorf("keys\n got %s\nwant %s", got, want)
	}
	sid := r.str("sid")
	if !factorSIDPattern.MatchString(sid) {
		t.Errorf("sid %q", sid)
	}
	if !strings.HasPrefix(r.str("entity_sid"), "YE") || len(r.str("entity_sid")) != 34 {
		t.Errorf("entity_sid %q", r.str("entity_sid"))
	}
	checks := map[string]any{
		"account_sid": DefaultAccountSID, "service_sid": svc, "identity": "user-0001",
		"friendly_name": "My Phone", "status": "unverified", "factor_type": "totp",
		"date_created": "2024-05-06T07:08:09Z", "date_updated": "2024-05-06T07:08:09Z",
		"metadata": nil, "options": nil,
		"url": e.srv.URL + "/v2/Services/" + svc + "/Entities/user-0001/Factors/" + sid,
	}
	for k, v := range checks {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	cfg := r.obj("config")
	if sortedKeys(cfg) != "alg code_length skew time_step" || cfg["alg"] != "sha1" || cfg["time_step"] != float64(45) ||
		cfg["code_length"] != float64(8) || cfg["skew"] != float64(2) {
		t.Errorf("config %v", cfg)
	}
	b := r.obj("binding")
	secret, _ := b["secret"].(string)
	if len(secret) != 32 {
		t.Errorf("generated secret %q is not 32 characters", secret)
	}
	if _, err := base32.StdEncoding.DecodeString(secret); err != nil {
		t.Errorf("generated secret is not base32: %v", err)
	}
	wantURI := "otpauth://totp/Acme:My%20Phone?secret=" + secret + "&issuer=Acme&algorithm=SHA1&digits=8&period=45"
	if b["uri"] != wantURI {
		t.Errorf("uri %v\nwant %s", b["uri"], wantURI)
	}
	if !strings.Contains(string(r.raw), "&issuer=Acme&") {
		t.Errorf("the raw JSON escapes the URI's ampersands: %s", r.raw)
	}
	infos := e.mock.Factors("", svc, "user-0001")
	if len(infos) != 1 || infos[0].Secret != secret || infos[0].SID != sid || infos[0].Status != "unverified" ||
		infos[0].EntitySID != r.str("entity_sid") || !infos[0].DateCreated.Equal(testTime) {
		t.Errorf("Factors() = %+v", infos)
	}
}

func TestCreateTOTPFactorWithParams(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{FriendlyName: "Acme", TotpIssuer: "Acme Corp"})
	r := e.createTOTP(svc, "user-0001", url.Values{
		"Binding.Secret": {"gezdgnbvgy3tqojq"}, "Config.TimeStep": {"20"}, "Config.Skew": {"0"},
		"Config.CodeLength": {"3"}, "Config.Alg": {"sha512"}, "Metadata": {`{"os":"iOS","model":"15"}`},
	})
	cfg := r.obj("config")
	if cfg["alg"] != "sha512" || cfg["time_step"] != float64(20) || cfg["code_length"] != float64(3) || cfg["skew"] != float64(0) {
		t.Errorf("config %v", cfg)
	}
	if r.obj("binding")["secret"] != "gezdgnbvgy3tqojq" {
		t.Errorf("secret %v", r.obj("binding")["secret"])
	}
	wantURI := "otpauth://totp/Acme%20Corp:My%20Phone?secret=gezdgnbvgy3tqojq&issuer=Acme%20Corp&algorithm=SHA512&digits=3&period=20"
	if r.obj("binding")["uri"] != wantURI {
		t.Errorf("uri %v", r.obj("binding")["uri"])
	}
	if md := r.obj("metadata"); md["os"] != "iOS" || md["model"] != "15" || len(md) != 2 {
		t.Errorf("metadata %v", md)
	}
}

func TestCreatePushFactor(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	r := e.createPush(svc, "user-0001", key)
	if got := r.obj("binding"); got["alg"] != "ES256" || got["public_key"] != key.PublicKey || len(got) != 2 {
		t.Errorf("binding %v", got)
	}
	cfg := r.obj("config")
	if sortedKeys(cfg) != "app_id notification_platform notification_token sdk_version" ||
		cfg["app_id"] != "com.example.app" || cfg["notification_platform"] != "fcm" ||
		cfg["notification_token"] != testToken || cfg["sdk_version"] != "1.0.0" {
		t.Errorf("config %v", cfg)
	}
	if r.str("factor_type") != "push" || r.str("status") != "unverified" {
		t.Errorf("push factor %s", r.raw)
	}
	if infos := e.mock.Factors("", svc, ""); len(infos) != 1 || infos[0].Secret != "" || infos[0].FactorType != "push" {
		t.Errorf("Factors() = %+v", infos)
	}

	// Platform none needs no token.
	form := pushForm(key)
	form.Set("Config.NotificationPlatform", "none")
	form.Del("Config.NotificationToken")
	r = e.do(http.MethodPost, factorsURL(svc, "user-0001"), form)
	e.expect(r, http.StatusCreated, 0)
	if cfg := r.obj("config"); cfg["notification_platform"] != "none" || cfg["notification_token"] != nil {
		t.Errorf("config %v", cfg)
	}
}

func TestFetchListDeleteFactor(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	created := e.createTOTP(svc, "user-0001", url.Values{"Metadata": {`{"k":"v"}`}})
	sid := created.str("sid")
	path := factorsURL(svc, "user-0001") + "/" + sid

	r := e.do(http.MethodGet, path, nil)
	e.expect(r, http.StatusOK, 0)
	if _, ok := r.body["binding"]; ok {
		t.Error("fetch returned the binding")
	}
	if _, ok := r.body["options"]; ok {
		t.Error("fetch returned options")
	}
	for _, k := range []string{"sid", "account_sid", "service_sid", "entity_sid", "identity", "date_created", "date_updated", "friendly_name", "status", "factor_type", "url"} {
		if r.body[k] != created.body[k] {
			t.Errorf("%s: fetch %v, create %v", k, r.body[k], created.body[k])
		}
	}
	if r.obj("metadata")["k"] != "v" {
		t.Errorf("metadata %v", r.body["metadata"])
	}

	// A second factor for the same identity shares the entity; another
	// identity gets another.
	second := e.createTOTP(svc, "user-0001", nil)
	other := e.createTOTP(svc, "user-0002", nil)
	if second.str("entity_sid") != created.str("entity_sid") || other.str("entity_sid") == created.str("entity_sid") {
		t.Errorf("entities: %s %s %s", created.str("entity_sid"), second.str("entity_sid"), other.str("entity_sid"))
	}

	list := e.do(http.MethodGet, factorsURL(svc, "user-0001"), nil)
	e.expect(list, http.StatusOK, 0)
	items := list.list("factors")
	if len(items) != 2 || items[0]["sid"] != sid || items[1]["sid"] != second.str("sid") {
		t.Fatalf("list %s", list.raw)
	}
	if _, ok := items[0]["binding"]; ok {
		t.Error("list returned bindings")
	}

	del := e.do(http.MethodDelete, path, nil)
	if del.status != http.StatusNoContent || len(del.raw) != 0 {
		t.Fatalf("delete: %d %q", del.status, del.raw)
	}
	e.expect(e.do(http.MethodGet, path, nil), http.StatusNotFound, 20404)
	e.expect(e.do(http.MethodDelete, path, nil), http.StatusNotFound, 20404)
	if n := len(e.do(http.MethodGet, factorsURL(svc, "user-0001"), nil).list("factors")); n != 1 {
		t.Errorf("%d factors left, want 1", n)
	}
}

func TestFactorNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	sid := e.createTOTP(svc, "user-0001", nil).str("sid")
	unknownSvc := "VA" + strings.Repeat("0", 32)
	unknownSid := "YF" + strings.Repeat("0", 32)
	tests := []struct {
		name, method, path string
	}{
		{"unknown factor", http.MethodGet, factorsURL(svc, "user-0001") + "/" + unknownSid},
		{"factor of another identity", http.MethodGet, factorsURL(svc, "user-0002") + "/" + sid},
		{"update under another identity", http.MethodPost, factorsURL(svc, "user-0002") + "/" + sid},
		{"delete under another identity", http.MethodDelete, factorsURL(svc, "user-0002") + "/" + sid},
		{"unknown service fetch", http.MethodGet, factorsURL(unknownSvc, "user-0001") + "/" + sid},
		{"unknown service list", http.MethodGet, factorsURL(unknownSvc, "user-0001")},
		{"unknown service create", http.MethodPost, factorsURL(unknownSvc, "user-0001")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.with(t)
			var form url.Values
			if tc.method == http.MethodPost {
				form = url.Values{"FriendlyName": {"x"}, "FactorType": {"totp"}}
			}
			r := e.do(tc.method, tc.path, form)
			e.expect(r, http.StatusNotFound, 20404)
			if r.str("more_info") != "https://www.twilio.com/docs/errors/20404" || r.body["status"] != float64(404) {
				t.Errorf("error body %s", r.raw)
			}
		})
	}
	// An entity without factors lists empty.
	r := e.do(http.MethodGet, factorsURL(svc, "nobody-at-all"), nil)
	e.expect(r, http.StatusOK, 0)
	if items := r.list("factors"); len(items) != 0 {
		t.Errorf("factors %v", items)
	}
	if r.obj("meta")["key"] != "factors" || r.obj("meta")["next_page_url"] != nil {
		t.Errorf("meta %v", r.obj("meta"))
	}
}

// secretValues must never show in error messages.
var secretValues = []string{"JBSWY3DPEHPK3PXP!", "super-secret-notification-token-value-0123456789", "123456"}

func TestCreateFactorValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	rsaLike := "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" // truncated, not a key
	p384 := "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEfcYqkf2kkO/a6VqKj+3Dvfg9kCxPl+yC43UWBjDxvpSCAJUTtPbKDoUmATgs4TKjuEYrPxXoZIFQ+uUvCmuqTglgZXLtavkPCWI7lo+vFtOTv1qwWLzS51+iQWrhVW79"

	totpBase := func(kv ...string) url.Values {
		f := url.Values{"FriendlyName": {"Phone"}, "FactorType": {"totp"}}
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	push := func(kv ...string) url.Values {
		f := pushForm(key)
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "<del>" {
				f.Del(kv[i])
				continue
			}
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	tests := []struct {
		name     string
		identity string
		form     url.Values
		code     int
		param    string
	}{
		{"missing friendly name", "", url.Values{"FactorType": {"totp"}}, 20001, "FriendlyName"},
		{"missing factor type", "", url.Values{"FriendlyName": {"x"}}, 20001, "FactorType"},
		{"empty factor type", "", totpBase("FactorType", ""), 20001, "FactorType"},
		{"friendly name too long", "", totpBase("FriendlyName", strings.Repeat("é", 65)), 60200, "FriendlyName"},
		{"friendly name 64 runes ok", "", totpBase("FriendlyName", strings.Repeat("é", 64)), 0, ""},
		{"factor type unknown", "", totpBase("FactorType", "sms"), 60200, "FactorType"},
		{"factor type passkeys", "", totpBase("FactorType", "passkeys"), 60200, "FactorType"},
		{"unknown parameter", "", totpBase("Config.Period", "30"), 60200, "Config.Period"},
		{"identity too short", "user-01", totpBase(), 60200, "Identity"},
		{"identity too long", strings.Repeat("a", 65), totpBase(), 60200, "Identity"},
		{"identity 64 ok", strings.Repeat("a", 64), totpBase(), 0, ""},
		{"identity underscore", "user_0001", totpBase(), 60200, "Identity"},
		{"identity double dash", "user--0001", totpBase(), 60200, "Identity"},
		{"identity leading dash", "-user0001", totpBase(), 60200, "Identity"},
		{"identity trailing dash", "user0001-", totpBase(), 60200, "Identity"},
		{"service sid malformed", "", totpBase(), 60200, "ServiceSid"},
		{"time step 19", "", totpBase("Config.TimeStep", "19"), 60200, "Config.TimeStep"},
		{"time step 61", "", totpBase("Config.TimeStep", "61"), 60200, "Config.TimeStep"},
		{"time step 20 ok", "", totpBase("Config.TimeStep", "20"), 0, ""},
		{"time step 60 ok", "", totpBase("Config.TimeStep", "60"), 0, ""},
		{"time step text", "", totpBase("Config.TimeStep", "x"), 60200, "Config.TimeStep"},
		{"skew -1", "", totpBase("Config.Skew", "-1"), 60200, "Config.Skew"},
		{"skew 3", "", totpBase("Config.Skew", "3"), 60200, "Config.Skew"},
		{"code length 2", "", totpBase("Config.CodeLength", "2"), 60200, "Config.CodeLength"},
		{"code length 9", "", totpBase("Config.CodeLength", "9"), 60200, "Config.CodeLength"},
		{"alg md5", "", totpBase("Config.Alg", "md5"), 60200, "Config.Alg"},
		{"alg upper case", "", totpBase("Config.Alg", "SHA1"), 60200, "Config.Alg"},
		{"secret not base32", "", totpBase("Binding.Secret", secretValues[0]), 60200, "Binding.Secret"},
		{"secret with 1", "", totpBase("Binding.Secret", "ABCDEFGH1JKLMNOP"), 60200, "Binding.Secret"},
		{"secret 15 chars", "", totpBase("Binding.Secret", "ABCDEFGHIJKLMNO"), 60200, "Binding.Secret"},
		{"secret 16 chars ok", "", totpBase("Binding.Secret", "ABCDEFGHIJKLMNOP"), 0, ""},
		{"secret 128 chars ok", "", totpBase("Binding.Secret", strings.Repeat("A", 128)), 0, ""},
		{"secret 129 chars", "", totpBase("Binding.Secret", strings.Repeat("A", 129)), 60200, "Binding.Secret"},
		{"secret padded ok", "", totpBase("Binding.Secret", "GEZDGNBVGY3TQOJQGE======"), 0, ""},
		{"secret bad length", "", totpBase("Binding.Secret", strings.Repeat("A", 17)), 60200, "Binding.Secret"},
		{"secret bad padding", "", totpBase("Binding.Secret", strings.Repeat("A", 16)+"="), 60200, "Binding.Secret"},
		{"totp with push param", "", totpBase("Config.AppId", "com.x"), 60200, "Config.AppId"},
		{"totp with binding alg", "", totpBase("Binding.Alg", "ES256"), 60200, "Binding.Alg"},
		{"metadata not json", "", totpBase("Metadata", "{"), 60200, "Metadata"},
		{"metadata array", "", totpBase("Metadata", `["a"]`), 60200, "Metadata"},
		{"metadata null", "", totpBase("Metadata", `null`), 60200, "Metadata"},
		{"metadata number value", "", totpBase("Metadata", `{"a":1}`), 60200, "Metadata"},
		{"metadata nested", "", totpBase("Metadata", `{"a":{"b":"c"}}`), 60200, "Metadata"},
		{"metadata too long", "", totpBase("Metadata", `{"a":"`+strings.Repeat("x", 1017)+`"}`), 60200, "Metadata"},
		{"metadata 1024 ok", "", totpBase("Metadata", `{"a":"`+strings.Repeat("x", 1016)+`"}`), 0, ""},
		{"push missing binding alg", "", push("Binding.Alg", "<del>"), 20001, "Binding.Alg"},
		{"push missing public key", "", push("Binding.PublicKey", "<del>"), 20001, "Binding.PublicKey"},
		{"push missing app id", "", push("Config.AppId", "<del>"), 20001, "Config.AppId"},
		{"push missing platform", "", push("Config.NotificationPlatform", "<del>"), 20001, "Config.NotificationPlatform"},
		{"push missing sdk version", "", push("Config.SdkVersion", "<del>"), 20001, "Config.SdkVersion"},
		{"push missing token", "", push("Config.NotificationToken", "<del>"), 20001, "Config.NotificationToken"},
		{"push binding alg RS256", "", push("Binding.Alg", "RS256"), 60200, "Binding.Alg"},
		{"push public key not base64", "", push("Binding.PublicKey", "!!!"), 60200, "Binding.PublicKey"},
		{"push public key not a key", "", push("Binding.PublicKey", rsaLike), 60200, "Binding.PublicKey"},
		{"push public key P-384", "", push("Binding.PublicKey", p384), 60200, "Binding.PublicKey"},
		{"push app id too long", "", push("Config.AppId", strings.Repeat("a", 101)), 60200, "Config.AppId"},
		{"push app id 100 ok", "", push("Config.AppId", strings.Repeat("a", 100)), 0, ""},
		{"push platform gcm", "", push("Config.NotificationPlatform", "gcm"), 60200, "Config.NotificationPlatform"},
		{"push token 31", "", push("Config.NotificationToken", strings.Repeat("t", 31)), 60200, "Config.NotificationToken"},
		{"push token 32 ok", "", push("Config.NotificationToken", strings.Repeat("t", 32)), 0, ""},
		{"push token 255 ok", "", push("Config.NotificationToken", strings.Repeat("t", 255)), 0, ""},
		{"push token 256", "", push("Config.NotificationToken", strings.Repeat("t", 256)), 60200, "Config.NotificationToken"},
		{"push token secret not echoed", "", push("Config.NotificationToken", secretValues[1]+strings.Repeat("x", 300)), 60200, "Config.NotificationToken"},
		{"push with totp param", "", push("Config.TimeStep", "30"), 60200, "Config.TimeStep"},
		{"push with secret", "", push("Binding.Secret", "ABCDEFGHIJKLMNOP"), 60200, "Binding.Secret"},
		{"push with alg", "", push("Config.Alg", "sha1"), 60200, "Config.Alg"},
		{"push metadata ok", "", push("Metadata", `{"os":"Android"}`), 0, ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.with(t)
			identity := tc.identity
			if identity == "" {
				identity = "user-" + strconv.Itoa(1000+i)
			}
			s := svc
			if tc.param == "ServiceSid" {
				s = "VA123"
			}
			r := e.do(http.MethodPost, factorsURL(s, identity), tc.form)
			if tc.code == 0 {
				e.expect(r, http.StatusCreated, 0)
				return
			}
			e.expect(r, http.StatusBadRequest, tc.code)
			msg := r.str("message")
			if !strings.Contains(msg, tc.param) {
				t.Errorf("message %q does not name %s", msg, tc.param)
			}
			if tc.code == 20001 && msg != "Missing required parameter "+tc.param+" in the post body" {
				t.Errorf("message %q", msg)
			}
			for _, v := range secretValues {
				if strings.Contains(msg, v) {
					t.Errorf("message %q echoes a secret", msg)
				}
			}
			if r.str("more_info") != "https://www.twilio.com/docs/errors/"+strconv.Itoa(tc.code) || r.body["status"] != float64(400) {
				t.Errorf("error body %s", r.raw)
			}
			if n := len(e.mock.Factors("", svc, identity)); n != 0 {
				t.Errorf("refused create left %d factors", n)
			}
		})
	}
}

func TestUpdateFactor(t *testing.T) {
	t.Parallel()
	clk := newClock(testTime)
	e := newEnv(t, Options{Now: clk.Now})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	totpSID := e.createTOTP(svc, "user-0001", nil).str("sid")
	pushSID := e.createPush(svc, "user-0001", key).str("sid")
	clk.Set(testTime.Add(90 * time.Second))

	r := e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+totpSID, url.Values{
		"FriendlyName": {"Renamed"}, "Config.TimeStep": {"60"}, "Config.Skew": {"2"}, "Config.CodeLength": {"7"}, "Config.Alg": {"sha256"},
	})
	e.expect(r, http.StatusOK, 0)
	if _, ok := r.body["binding"]; ok {
		t.Error("update returned the binding")
	}
	cfg := r.obj("config")
	if r.str("friendly_name") != "Renamed" || cfg["time_step"] != float64(60) || cfg["skew"] != float64(2) ||
		cfg["code_length"] != float64(7) || cfg["alg"] != "sha256" || r.str("status") != "unverified" {
		t.Errorf("totp update %s", r.raw)
	}
	if r.str("date_updated") != "2024-05-06T07:09:39Z" || r.str("date_created") != "2024-05-06T07:08:09Z" {
		t.Errorf("dates %s %s", r.str("date_created"), r.str("date_updated"))
	}

	newToken := strings.Repeat("n", 40)
	r = e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+pushSID, url.Values{
		"Config.NotificationToken": {newToken}, "Config.SdkVersion": {"2.0.0"}, "Config.NotificationPlatform": {"apn"},
	})
	e.expect(r, http.StatusOK, 0)
	cfg = r.obj("config")
	if cfg["notification_token"] != newToken || cfg["sdk_version"] != "2.0.0" || cfg["notification_platform"] != "apn" || cfg["app_id"] != "com.example.app" {
		t.Errorf("push update %s", r.raw)
	}
	// An empty update is accepted.
	e.expect(e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+pushSID, url.Values{}), http.StatusOK, 0)
}

func TestUpdateFactorValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	totpSID := e.createTOTP(svc, "user-0001", nil).str("sid")
	pushSID := e.createPush(svc, "user-0001", key).str("sid")
	noneForm := pushForm(key)
	noneForm.Set("Config.NotificationPlatform", "none")
	noneForm.Del("Config.NotificationToken")
	noneSID := e.do(http.MethodPost, factorsURL(svc, "user-0001"), noneForm).str("sid")

	tests := []struct {
		name  string
		sid   string
		form  url.Values
		code  int
		param string
	}{
		{"metadata", totpSID, url.Values{"Metadata": {`{"a":"b"}`}}, 60200, "Metadata"},
		{"binding secret", totpSID, url.Values{"Binding.Secret": {"ABCDEFGHIJKLMNOP"}}, 60200, "Binding.Secret"},
		{"factor type", totpSID, url.Values{"FactorType": {"totp"}}, 60200, "FactorType"},
		{"app id", pushSID, url.Values{"Config.AppId": {"com.other"}}, 60200, "Config.AppId"},
		{"binding public key", pushSID, url.Values{"Binding.PublicKey": {key.PublicKey}}, 60200, "Binding.PublicKey"},
		{"binding alg", pushSID, url.Values{"Binding.Alg": {"ES256"}}, 60200, "Binding.Alg"},
		{"unknown", totpSID, url.Values{"Status": {"verified"}}, 60200, "Status"},
		{"friendly name empty", totpSID, url.Values{"FriendlyName": {""}}, 60200, "FriendlyName"},
		{"friendly name long", totpSID, url.Values{"FriendlyName": {strings.Repeat("x", 65)}}, 60200, "FriendlyName"},
		{"time step", totpSID, url.Values{"Config.TimeStep": {"61"}}, 60200, "Config.TimeStep"},
		{"skew", totpSID, url.Values{"Config.Skew": {"3"}}, 60200, "Config.Skew"},
		{"code length", totpSID, url.Values{"Config.CodeLength": {"2"}}, 60200, "Config.CodeLength"},
		{"alg", totpSID, url.Values{"Config.Alg": {"sha384"}}, 60200, "Config.Alg"},
		{"totp with push token", totpSID, url.Values{"Config.NotificationToken": {strings.Repeat("t", 40)}}, 60200, "Config.NotificationToken"},
		{"totp with sdk version", totpSID, url.Values{"Config.SdkVersion": {"1"}}, 60200, "Config.SdkVersion"},
		{"push with time step", pushSID, url.Values{"Config.TimeStep": {"30"}}, 60200, "Config.TimeStep"},
		{"push token short", pushSID, url.Values{"Config.NotificationToken": {"short"}}, 60200, "Config.NotificationToken"},
		{"push platform", pushSID, url.Values{"Config.NotificationPlatform": {"sms"}}, 60200, "Config.NotificationPlatform"},
		{"push sdk version empty", pushSID, url.Values{"Config.SdkVersion": {""}}, 60200, "Config.SdkVersion"},
		{"push none to fcm without token", noneSID, url.Values{"Config.NotificationPlatform": {"fcm"}}, 20001, "Config.NotificationToken"},
		{"empty auth payload", totpSID, url.Values{"AuthPayload": {""}}, 60200, "AuthPayload"},
		{"bad sid", "YF123", url.Values{"FriendlyName": {"x"}}, 60200, "Sid"},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				e := e.with(t)
				r := e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+tc.sid, tc.form)
				e.expect(r, http.StatusBadRequest, tc.code)
				if !strings.Contains(r.str("message"), tc.param) {
					t.Errorf("message %q does not name %s", r.str("message"), tc.param)
				}
			})
		}
	})
	// Nothing changed.
	for _, f := range e.mock.Factors("", svc, "") {
		if f.FriendlyName != "My Phone" && f.FriendlyName != "Pixel 8" {
			t.Errorf("factor changed: %+v", f)
		}
	}
	r := e.do(http.MethodGet, factorsURL(svc, "user-0001")+"/"+totpSID, nil)
	if cfg := r.obj("config"); cfg["time_step"] != float64(30) || r.str("date_updated") != "2024-05-06T07:08:09Z" {
		t.Errorf("refused updates changed the factor: %s", r.raw)
	}
	// Moving to platform none and back with a token works.
	e.expect(e.do(http.MethodPost, factorsURL(svc, "user-0001")+"/"+noneSID, url.Values{
		"Config.NotificationPlatform": {"apn"}, "Config.NotificationToken": {strings.Repeat("t", 64)},
	}), http.StatusOK, 0)
}

func TestFactorLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	for i := range 20 {
		if r := e.do(http.MethodPost, factorsURL(svc, "user-0001"), pushForm(key)); r.status != 201 {
			t.Fatalf("push %d: %s", i, r.raw)
		}
	}
	r := e.do(http.MethodPost, factorsURL(svc, "user-0001"), pushForm(key))
	e.expect(r, http.StatusBadRequest, 60315)
	if r.str("message") != "Reached max limit of 20 push Factors associated per Entity" {
		t.Errorf("message %q", r.str("message"))
	}
	// Limits are per entity and per type.
	e.createPush(svc, "user-0002", key)
	for i := range 100 {
		form := url.Values{"FriendlyName": {"t"}, "FactorType": {"totp"}}
		if r := e.do(http.MethodPost, factorsURL(svc, "user-0001"), form); r.status != 201 {
			t.Fatalf("totp %d: %s", i, r.raw)
		}
	}
	r = e.do(http.MethodPost, factorsURL(svc, "user-0001"), url.Values{"FriendlyName": {"t"}, "FactorType": {"totp"}})
	e.expect(r, http.StatusBadRequest, 60315)
	if r.str("message") != "Reached max limit of 100 totp Factors associated per Entity" {
		t.Errorf("message %q", r.str("message"))
	}
	// Deleting one frees a slot.
	first := e.mock.Factors("", svc, "user-0001")[0]
	e.do(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+first.SID, nil)
	e.createPush(svc, "user-0001", key)
}

func TestTOTPVerification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config url.Values
		offset time.Duration // code computed at now+offset
		ok     bool
	}{
		{"current code", nil, 0, true},
		{"previous step within skew 1", nil, -30 * time.Second, true},
		{"next step within skew 1", nil, 30 * time.Second, true},
		{"two steps back outside skew 1", nil, -60 * time.Second, false},
		{"skew 0 rejects previous step", url.Values{"Config.Skew": {"0"}}, -30 * time.Second, false},
		{"skew 2 accepts two steps back", url.Values{"Config.Skew": {"2"}}, -60 * time.Second, true},
		{"skew 2 rejects three steps ahead", url.Values{"Config.Skew": {"2"}}, 90 * time.Second, false},
		{"sha256 8 digits period 20", url.Values{"Config.Alg": {"sha256"}, "Config.CodeLength": {"8"}, "Config.TimeStep": {"20"}}, 0, true},
		{"sha512 3 digits period 60", url.Values{"Config.Alg": {"sha512"}, "Config.CodeLength": {"3"}, "Config.TimeStep": {"60"}}, -60 * time.Second, true},
		{"period 60 step back outside skew 0", url.Values{"Config.TimeStep": {"60"}, "Config.Skew": {"0"}}, -60 * time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, Options{})
			svc := e.service(ServiceParams{})
			r := e.createTOTP(svc, "user-0001", tc.config)
			cfg := r.obj("config")
			secret := asString(r.obj("binding")["secret"])
			alg := map[string]otp.Algorithm{"sha1": otp.AlgorithmSHA1, "sha256": otp.AlgorithmSHA256, "sha512": otp.AlgorithmSHA512}[asString(cfg["alg"])]
			code, err := totp.GenerateCodeCustom(secret, testTime.Add(tc.offset), totp.ValidateOpts{
				Period: uint(asInt(cfg["time_step"])), Digits: otp.Digits(asInt(cfg["code_length"])), Algorithm: alg,
			})
			if err != nil {
				t.Fatal(err)
			}
			path := factorsURL(svc, "user-0001") + "/" + r.str("sid")
			u := e.do(http.MethodPost, path, url.Values{"AuthPayload": {code}})
			if !tc.ok {
				e.expect(u, http.StatusForbidden, 60311)
				if u.str("message") != "Verification failed" || u.body["status"] != float64(403) {
					t.Errorf("error %s", u.raw)
				}
				if strings.Contains(string(u.raw), code) {
					t.Error("error echoes the code")
				}
				if f := e.do(http.MethodGet, path, nil); f.str("status") != "unverified" {
					t.Errorf("status %s after a wrong code", f.str("status"))
				}
				return
			}
			e.expect(u, http.StatusOK, 0)
			if u.str("status") != "verified" {
				t.Errorf("status %q", u.str("status"))
			}
			if f := e.mock.Factors("", svc, "user-0001"); f[0].Status != "verified" {
				t.Errorf("Factors() status %q", f[0].Status)
			}
		})
	}
}

func TestTOTPWrongCodes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	r := e.createTOTP(svc, "user-0001", url.Values{"Binding.Secret": {"JBSWY3DPEHPK3PXP"}})
	path := factorsURL(svc, "user-0001") + "/" + r.str("sid")
	right, err := totp.GenerateCode("JBSWY3DPEHPK3PXP", testTime)
	if err != nil {
		t.Fatal(err)
	}
	wrong := strconv.Itoa((mustAtoi(t, right) + 1) % 1000000)
	for len(wrong) < 6 {
		wrong = "0" + wrong
	}
	for _, payload := range []string{wrong, "abcdef", right + "0", right[:5]} {
		e.expect(e.do(http.MethodPost, path, url.Values{"AuthPayload": {payload}, "FriendlyName": {"Changed"}}), http.StatusForbidden, 60311)
	}
	// A failed verification changes nothing, not even the friendly name.
	if f := e.do(http.MethodGet, path, nil); f.str("friendly_name") != "My Phone" || f.str("status") != "unverified" {
		t.Errorf("after wrong codes: %s", f.raw)
	}
	e.expect(e.do(http.MethodPost, path, url.Values{"AuthPayload": {right}}), http.StatusOK, 0)
	// Verifying a verified factor again with a wrong code keeps it verified.
	e.expect(e.do(http.MethodPost, path, url.Values{"AuthPayload": {wrong}}), http.StatusForbidden, 60311)
	if f := e.do(http.MethodGet, path, nil); f.str("status") != "verified" {
		t.Errorf("status %q", f.str("status"))
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPushVerification(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	key := verifytest.NewDeviceKey(t)
	other := verifytest.NewDeviceKey(t)
	r := e.createPush(svc, "user-0001", key)
	sid := r.str("sid")
	path := factorsURL(svc, "user-0001") + "/" + sid

	for name, payload := range map[string]string{
		"other key":       other.Sign(t, sid),
		"other message":   key.Sign(t, "YF"+strings.Repeat("0", 32)),
		"not base64":      "%%%",
		"garbage base64":  "AAAA",
		"raw sid as text": sid,
	} {
		u := e.do(http.MethodPost, path, url.Values{"AuthPayload": {payload}})
		if u.status != http.StatusForbidden || u.code() != 60311 {
			t.Errorf("%s: %d %s", name, u.status, u.raw)
		}
	}
	u := e.do(http.MethodPost, path, url.Values{"AuthPayload": {key.Sign(t, sid)}})
	e.expect(u, http.StatusOK, 0)
	if u.str("status") != "verified" {
		t.Errorf("status %q", u.str("status"))
	}
}

func TestFactorsAndDeleteFactorHelpers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, twoAccounts())
	svc := e.service(ServiceParams{})
	a := e.createTOTP(svc, "user-0001", nil).str("sid")
	b := e.createTOTP(svc, "user-0002", nil).str("sid")
	c := e.createTOTP(svc, "user-0001", nil).str("sid")

	all := e.mock.Factors(acctA, svc, "")
	if len(all) != 3 || all[0].SID != a || all[1].SID != b || all[2].SID != c {
		t.Fatalf("Factors(all) = %+v", all)
	}
	if got := e.mock.Factors(acctA, svc, "user-0001"); len(got) != 2 || got[0].SID != a || got[1].SID != c {
		t.Fatalf("Factors(user-0001) = %+v", got)
	}
	if got := e.mock.Factors(acctB, svc, ""); got != nil {
		t.Fatalf("account B sees %v", got)
	}
	if got := e.mock.Factors(acctA, "VA"+strings.Repeat("0", 32), ""); got != nil {
		t.Fatalf("unknown service gives %v", got)
	}

	before := e.mock.Stats().Total
	if e.mock.DeleteFactor(acctB, svc, "user-0001", a) {
		t.Fatal("account B deleted A's factor")
	}
	if e.mock.DeleteFactor(acctA, svc, "user-0002", a) {
		t.Fatal("deleted under the wrong identity")
	}
	if !e.mock.DeleteFactor(acctA, svc, "user-0001", a) {
		t.Fatal("DeleteFactor failed")
	}
	if e.mock.DeleteFactor(acctA, svc, "user-0001", a) {
		t.Fatal("DeleteFactor twice")
	}
	if !e.mock.DeleteFactor("", svc, "", b) {
		t.Fatal(`DeleteFactor with "" account and identity failed`)
	}
	if e.mock.Stats().Total != before {
		t.Fatal("DeleteFactor counted")
	}
	e.expect(e.do(http.MethodGet, factorsURL(svc, "user-0001")+"/"+a, nil), http.StatusNotFound, 20404)
}

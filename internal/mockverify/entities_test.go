package mockverify

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestServiceStoresEverySetting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	cr := "CR" + strings.Repeat("a", 32)
	form := url.Values{
		"FriendlyName": {"All"}, "CodeLength": {"8"}, "LookupEnabled": {"true"}, "SkipSmsToLandlines": {"true"},
		"DtmfInputRequired": {"true"}, "TtsName": {"voice"}, "Psd2Enabled": {"true"},
		"DoNotShareWarningEnabled": {"true"}, "CustomCodeEnabled": {"true"}, "Push.IncludeDate": {"true"},
		"Push.ApnCredentialSid": {cr}, "Push.FcmCredentialSid": {cr}, "DefaultTemplateSid": {"HJ" + strings.Repeat("b", 32)},
		"Whatsapp.MsgServiceSid": {"MG" + strings.Repeat("c", 32)}, "Whatsapp.From": {"whatsapp:+15005550006"},
		"Passkeys.RelyingParty.Id": {"example.com"}, "Passkeys.RelyingParty.Name": {"Example"},
		"Passkeys.RelyingParty.Origins":    {"https://example.com, https://login.example.com"},
		"Passkeys.AuthenticatorAttachment": {"platform"}, "Passkeys.DiscoverableCredentials": {"preferred"},
		"Passkeys.UserVerification": {"required"}, "VerifyEventSubscriptionEnabled": {"true"},
	}
	r := e.do(http.MethodPost, "/v2/Services", form)
	e.expect(r, http.StatusCreated, 0)
	for _, k := range []string{"lookup_enabled", "skip_sms_to_landlines", "dtmf_input_required", "psd2_enabled",
		"do_not_share_warning_enabled", "custom_code_enabled", "verify_event_subscription_enabled"} {
		if r.body[k] != true {
			t.Errorf("%s = %v", k, r.body[k])
		}
	}
	if r.body["code_length"] != float64(8) || r.body["tts_name"] != "voice" {
		t.Errorf("code_length %v tts_name %v", r.body["code_length"], r.body["tts_name"])
	}
	if p := r.obj("push"); p["include_date"] != true || p["apn_credential_sid"] != cr || p["fcm_credential_sid"] != cr {
		t.Errorf("push %v", p)
	}
	if w := r.obj("whatsapp"); w["from"] != "whatsapp:+15005550006" {
		t.Errorf("whatsapp %v", w)
	}
	pk := r.obj("passkeys")
	rp, _ := pk["relying_party"].(map[string]any)
	origins, _ := rp["origins"].([]any)
	if rp["id"] != "example.com" || rp["name"] != "Example" || len(origins) != 2 || origins[1] != "https://login.example.com" ||
		pk["authenticator_attachment"] != "platform" || pk["user_verification"] != "required" {
		t.Errorf("passkeys %v", pk)
	}

	// An update changes only what it sends; an empty value clears a
	// nullable setting.
	sid := r.str("sid")
	u := e.do(http.MethodPost, "/v2/Services/"+sid, url.Values{"LookupEnabled": {"false"}, "TtsName": {""}})
	e.expect(u, http.StatusOK, 0)
	if u.body["lookup_enabled"] != false || u.body["tts_name"] != nil || u.body["psd2_enabled"] != true {
		t.Errorf("after update: %v", u.body)
	}
}

func TestServiceRefusesBadSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	for name, v := range map[string]string{
		"LookupEnabled":                    "yes",
		"Push.ApnCredentialSid":            "CR123",
		"DefaultTemplateSid":               "MG" + strings.Repeat("0", 32),
		"Whatsapp.MsgServiceSid":           "HJ" + strings.Repeat("0", 32),
		"Passkeys.AuthenticatorAttachment": "usb",
		"Passkeys.UserVerification":        "always",
		"CodeLength":                       "11",
	} {
		r := e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"Bad"}, name: {v}})
		e.expect(r, http.StatusBadRequest, codeInvalidParameter)
		if !strings.Contains(r.str("message"), name) {
			t.Errorf("%s: message %q does not name the parameter", name, r.str("message"))
		}
	}
	if n := len(e.mock.Services("")); n != 0 {
		t.Errorf("%d services created by refused requests", n)
	}
}

func TestEntityLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	base := "/v2/Services/" + svc + "/Entities"

	r := e.do(http.MethodPost, base, url.Values{"Identity": {"user-0001"}})
	e.expect(r, http.StatusCreated, 0)
	sid := r.str("sid")
	if !strings.HasPrefix(sid, "YE") || len(sid) != 34 || r.str("identity") != "user-0001" || r.str("service_sid") != svc ||
		r.str("url") != e.srv.URL+base+"/user-0001" || r.str("date_created") != "2024-05-06T07:08:09Z" {
		t.Errorf("entity %v", r.body)
	}
	e.expect(e.do(http.MethodPost, base, url.Values{"Identity": {"user-0001"}}), http.StatusConflict, codeEntityExists)
	e.expect(e.do(http.MethodPost, base, url.Values{"Identity": {"short"}}), http.StatusBadRequest, codeInvalidParameter)
	e.expect(e.do(http.MethodPost, base, url.Values{}), http.StatusBadRequest, codeMissingParameter)
	e.expect(e.do(http.MethodPost, base, url.Values{"Identity": {"user-0002"}, "Other": {"x"}}), http.StatusBadRequest, codeInvalidParameter)

	f := e.do(http.MethodGet, base+"/user-0001", nil)
	e.expect(f, http.StatusOK, 0)
	if f.str("sid") != sid {
		t.Errorf("fetched %v", f.body)
	}
	e.expect(e.do(http.MethodGet, base+"/user-0404", nil), http.StatusNotFound, codeNotFound)

	// A factor create creates its entity implicitly, with the same SID the
	// factor reports.
	ft := e.do(http.MethodPost, factorsURL(svc, "user-0002"), url.Values{"FriendlyName": {"a"}, "FactorType": {"totp"}})
	e.expect(ft, http.StatusCreated, 0)
	implicit := e.do(http.MethodGet, base+"/user-0002", nil)
	e.expect(implicit, http.StatusOK, 0)
	if implicit.str("sid") != ft.str("entity_sid") {
		t.Errorf("entity %s, factor's entity %s", implicit.str("sid"), ft.str("entity_sid"))
	}

	// Pages.
	e.mock.SetMaxPageSize(1)
	page := e.do(http.MethodGet, base, nil)
	e.expect(page, http.StatusOK, 0)
	var identities []string
	for {
		for _, it := range page.list("entities") {
			identities = append(identities, asString(it["identity"]))
		}
		next, _ := page.obj("meta")["next_page_url"].(string)
		if next == "" {
			break
		}
		page = e.do(http.MethodGet, strings.TrimPrefix(next, e.srv.URL), nil)
		e.expect(page, http.StatusOK, 0)
	}
	if strings.Join(identities, ",") != "user-0001,user-0002" {
		t.Errorf("listed %v", identities)
	}

	// Deleting an entity deletes its factors.
	e.expect(e.do(http.MethodDelete, base+"/user-0002", nil), http.StatusNoContent, 0)
	e.expect(e.do(http.MethodGet, factorsURL(svc, "user-0002")+"/"+ft.str("sid"), nil), http.StatusNotFound, codeNotFound)
	if n := len(e.mock.Factors("", svc, "")); n != 0 {
		t.Errorf("%d factors left after the entity was deleted", n)
	}
	e.expect(e.do(http.MethodDelete, base+"/user-0002", nil), http.StatusNotFound, codeNotFound)

	// Deleting the service deletes its entities.
	e.expect(e.do(http.MethodDelete, "/v2/Services/"+svc, nil), http.StatusNoContent, 0)
	e.expect(e.do(http.MethodGet, base+"/user-0001", nil), http.StatusNotFound, codeNotFound)
	if got := e.mock.Entities("", svc); got != nil {
		t.Errorf("entities of a deleted service: %v", got)
	}
}

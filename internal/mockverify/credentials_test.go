package mockverify

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func sha256Hex(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

func TestCredentialAPN(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	certPEM, keyPEM := apnPair(t)
	r := e.do(http.MethodPost, TemplateCredentials, url.Values{
		"Type": {"apn"}, "FriendlyName": {"iOS"}, "Certificate": {certPEM}, "PrivateKey": {keyPEM}, "Sandbox": {"True"},
	})
	e.expect(r, http.StatusCreated, 0)
	sid := r.str("sid")
	if !credentialSIDPattern.MatchString(sid) {
		t.Fatalf("sid %q", sid)
	}
	want := map[string]any{
		"account_sid": DefaultAccountSID, "friendly_name": "iOS", "type": "apn", "sandbox": "True",
		"date_created": "2024-05-06T07:08:09Z", "url": e.srv.URL + "/v1/Credentials/" + sid,
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	assertNoSecret(t, r.raw, certPEM, keyPEM)

	// The certificate sent on one line, as Twilio's example shows it.
	oneLine := strings.ReplaceAll(certPEM, "\n", "")
	r = e.do(http.MethodPost, TemplateCredentials+"/"+sid, url.Values{"Certificate": {oneLine}, "Sandbox": {"false"}})
	e.expect(r, http.StatusOK, 0)
	if r.str("sandbox") != "False" || r.str("friendly_name") != "iOS" {
		t.Errorf("after update: %s", r.raw)
	}
	got := e.mock.Credentials("")
	if len(got) != 1 || got[0].Sandbox || got[0].Digests["Certificate"] != sha256Hex(oneLine) ||
		got[0].Digests["PrivateKey"] != sha256Hex(keyPEM) {
		t.Errorf("Credentials() = %+v", got)
	}
	if n := e.mock.Stats().Requests["POST "+TemplateCredential]; n != 1 {
		t.Errorf("POST %s counted %d times", TemplateCredential, n)
	}
}

func TestCredentialFCMAndGCM(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	r := e.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"fcm"}, "Secret": {serviceAccountJSON}})
	e.expect(r, http.StatusCreated, 0)
	if r.body["sandbox"] != nil || r.body["friendly_name"] != nil {
		t.Errorf("fcm sandbox/friendly_name not null: %s", r.raw)
	}
	assertNoSecret(t, r.raw, serviceAccountJSON, "demo-project")
	fcmSID := r.str("sid")
	rotated := strings.Replace(serviceAccountJSON, `"0123"`, `"4567"`, 1)
	e.expect(e.do(http.MethodPost, TemplateCredentials+"/"+fcmSID, url.Values{"Secret": {rotated}}), http.StatusOK, 0)

	r = e.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"gcm"}, "ApiKey": {"server-key"}})
	e.expect(r, http.StatusCreated, 0)
	assertNoSecret(t, r.raw, "server-key")

	got := e.mock.Credentials("")
	if len(got) != 2 || got[0].Digests["Secret"] != sha256Hex(rotated) || got[1].Digests["ApiKey"] != sha256Hex("server-key") {
		t.Errorf("Credentials() = %+v", got)
	}
	r = e.do(http.MethodGet, TemplateCredentials, nil)
	e.expect(r, http.StatusOK, 0)
	if len(r.list("credentials")) != 2 || r.obj("meta")["key"] != "credentials" {
		t.Errorf("list: %s", r.raw)
	}
	assertNoSecret(t, r.raw, rotated, "server-key")
}

// assertNoSecret fails if an answer contains any of the secrets.
func assertNoSecret(t *testing.T, raw []byte, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(string(raw), s) || strings.Contains(string(raw), strings.TrimSpace(s)[:min(20, len(s))]) {
			t.Errorf("answer contains a secret: %s", raw)
		}
	}
}

func TestCredentialValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	certPEM, keyPEM := apnPair(t)
	_, otherKey := apnPair(t)
	tests := []struct {
		name  string
		form  url.Values
		code  int
		param string
	}{
		{"no type", url.Values{"FriendlyName": {"x"}}, 20001, "Type"},
		{"bad type", url.Values{"Type": {"wns"}}, 60200, "Type"},
		{"apn without key", url.Values{"Type": {"apn"}, "Certificate": {certPEM}}, 20001, "PrivateKey"},
		{"fcm without secret", url.Values{"Type": {"fcm"}}, 20001, "Secret"},
		{"gcm without key", url.Values{"Type": {"gcm"}}, 20001, "ApiKey"},
		{"not a certificate", url.Values{"Type": {"apn"}, "Certificate": {keyPEM}, "PrivateKey": {keyPEM}}, 60200, "Certificate"},
		{"not a key", url.Values{"Type": {"apn"}, "Certificate": {certPEM}, "PrivateKey": {"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"}}, 60200, "PrivateKey"},
		{"foreign key", url.Values{"Type": {"apn"}, "Certificate": {certPEM}, "PrivateKey": {otherKey}}, 60200, "PrivateKey"},
		{"bad sandbox", url.Values{"Type": {"apn"}, "Certificate": {certPEM}, "PrivateKey": {keyPEM}, "Sandbox": {"yes"}}, 60200, "Sandbox"},
		{"legacy fcm key", url.Values{"Type": {"fcm"}, "Secret": {"AAAAlegacy:server-key"}}, 60200, "Secret"},
		{"fcm key placeholder", url.Values{"Type": {"fcm"}, "Secret": {serviceAccountWithKey(t, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")}}, 60200, "Secret"},
		{"fcm key a certificate", url.Values{"Type": {"fcm"}, "Secret": {serviceAccountWithKey(t, certPEM)}}, 60200, "Secret"},
		{"fcm with certificate", url.Values{"Type": {"fcm"}, "Secret": {serviceAccountJSON}, "Certificate": {certPEM}}, 60200, "Certificate"},
		{"apn with secret", url.Values{"Type": {"apn"}, "Certificate": {certPEM}, "PrivateKey": {keyPEM}, "Secret": {"s"}}, 60200, "Secret"},
		{"long name", url.Values{"Type": {"gcm"}, "ApiKey": {"k"}, "FriendlyName": {strings.Repeat("n", 65)}}, 60200, "FriendlyName"},
		{"unknown", url.Values{"Type": {"gcm"}, "ApiKey": {"k"}, "Color": {"red"}}, 60200, "Color"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := e.with(t)
			r := e.do(http.MethodPost, TemplateCredentials, tc.form)
			e.expect(r, http.StatusBadRequest, tc.code)
			if !strings.Contains(r.str("message"), tc.param) {
				t.Errorf("message %q does not name %s", r.str("message"), tc.param)
			}
			assertNoSecret(t, r.raw, certPEM, keyPEM, serviceAccountJSON)
		})
	}
	if n := len(e.mock.Credentials("")); n != 0 {
		t.Errorf("%d credentials after refused creates", n)
	}

	sid := e.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"gcm"}, "ApiKey": {"k"}}).str("sid")
	r := e.do(http.MethodPost, TemplateCredentials+"/"+sid, url.Values{"Type": {"fcm"}})
	e.expect(r, http.StatusBadRequest, 60200)
	if !strings.Contains(r.str("message"), "cannot be changed") {
		t.Errorf("message %q", r.str("message"))
	}
	e.expect(e.do(http.MethodPost, TemplateCredentials+"/"+sid, url.Values{"Secret": {serviceAccountJSON}}), http.StatusBadRequest, 60200)
	e.expect(e.do(http.MethodGet, TemplateCredentials+"/CRnothex", nil), http.StatusBadRequest, 60200)
}

func TestCredentialDeleteAndDrift(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	first := e.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"gcm"}, "ApiKey": {"k"}}).str("sid")
	second := e.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"gcm"}, "ApiKey": {"k"}}).str("sid")
	e.expect(e.do(http.MethodDelete, TemplateCredentials+"/"+first, nil), http.StatusNoContent, 0)
	r := e.do(http.MethodGet, TemplateCredentials+"/"+first, nil)
	e.expect(r, http.StatusNotFound, 20404)
	if want := "The requested resource /Credentials/" + first + " was not found"; r.str("message") != want {
		t.Errorf("message %q", r.str("message"))
	}
	if !e.mock.DeleteCredential("", second) || e.mock.DeleteCredential("", second) {
		t.Error("DeleteCredential reports wrongly")
	}
	// Credentials belong to their account.
	other := "AC" + strings.Repeat("9", 32)
	e2 := newEnv(t, Options{Accounts: []Account{{SID: DefaultAccountSID, AuthToken: DefaultAuthToken}, {SID: other, AuthToken: "t2"}}})
	sid := e2.do(http.MethodPost, TemplateCredentials, url.Values{"Type": {"gcm"}, "ApiKey": {"k"}}).str("sid")
	e2.as(other, "t2").expect(e2.as(other, "t2").do(http.MethodGet, TemplateCredentials+"/"+sid, nil), http.StatusNotFound, 20404)
}

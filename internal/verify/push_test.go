package verify

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Secrets of the push credential tests: an APN private key and an FCM
// service-account JSON whose private_key member is a key too.
const (
	testAPNKey    = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAPNKEYSECRETmaterial0123456789abcdefABCDEF\n-----END EC PRIVATE KEY-----\n"
	testFCMSecret = `{"type":"service_account","project_id":"acme-push","private_key_id":"0123abcd",` +
		`"private_key":"-----BEGIN PRIVATE KEY-----\nFCMKEYSECRETmaterial9876543210\n-----END PRIVATE KEY-----\n",` +
		`"client_email":"push@acme-push.iam.gserviceaccount.com"}`
)

// The Notify host follows the edge and region as the Verify host does, and
// a base URL serves both.
func TestNotifyBaseURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		cfg                  Config
		verifyURL, notifyURL string
	}{
		{Config{}, DefaultBaseURL, DefaultNotifyBaseURL},
		{Config{Edge: "dublin", Region: "ie1"}, "https://verify.dublin.ie1.twilio.com", "https://notify.dublin.ie1.twilio.com"},
		{Config{Edge: "sydney"}, "https://verify.sydney.us1.twilio.com", "https://notify.sydney.us1.twilio.com"},
		{Config{Region: "au1"}, "https://verify.au1.twilio.com", "https://notify.au1.twilio.com"},
		{Config{BaseURL: "http://127.0.0.1:8089/", Edge: "dublin"}, "http://127.0.0.1:8089", "http://127.0.0.1:8089"},
	} {
		c, err := New(tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL() != tt.verifyURL || c.NotifyBaseURL() != tt.notifyURL {
			t.Errorf("%+v: verify %s, notify %s; want %s, %s", tt.cfg, c.BaseURL(), c.NotifyBaseURL(), tt.verifyURL, tt.notifyURL)
		}
		if got := c.credentialsURL(); !strings.HasPrefix(got, tt.notifyURL+"/v1/Credentials") {
			t.Errorf("credentials at %s", got)
		}
	}
}

func TestWebhookLifecycle(t *testing.T) {
	t.Parallel()
	f := newPushFake(t)
	c := f.client(t)
	ctx := t.Context()
	var sids []string
	for _, name := range []string{"a", "b", "c"} {
		w, err := c.CreateWebhook(ctx, testServiceSID, WebhookParams{FriendlyName: ptr(name), WebhookURL: ptr("https://example.com/" + name),
			EventTypes: &[]string{EventTypeFactorVerified, EventTypeChallengeApproved}})
		if err != nil {
			t.Fatal(err)
		}
		if w.ServiceSID != testServiceSID || !slices.Equal(w.EventTypes, []string{EventTypeFactorVerified, EventTypeChallengeApproved}) {
			t.Errorf("created %+v", w)
		}
		sids = append(sids, w.SID)
	}
	all, err := c.ListWebhooks(ctx, testServiceSID)
	if err != nil || len(all) != 3 {
		t.Fatalf("listed %d webhooks over pages of 2, %v; want 3", len(all), err)
	}
	w, err := c.UpdateWebhook(ctx, testServiceSID, sids[1], WebhookParams{Status: ptr(WebhookStatusDisabled)})
	if err != nil || w.Status != WebhookStatusDisabled {
		t.Fatalf("update: %+v, %v", w, err)
	}
	if last := f.forms[len(f.forms)-1]; len(last) != 1 || last.Get("Status") != WebhookStatusDisabled {
		t.Errorf("the update sent %v, want only Status", last)
	}
	if got, err := c.FetchWebhook(ctx, testServiceSID, sids[1]); err != nil || got.Status != WebhookStatusDisabled {
		t.Fatalf("fetch: %+v, %v", got, err)
	}
	if err := c.DeleteWebhook(ctx, testServiceSID, sids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchWebhook(ctx, testServiceSID, sids[1]); !IsNotFound(err) {
		t.Errorf("fetch after delete: %v, want not found", err)
	}
}

func TestWebhookParamsForm(t *testing.T) {
	t.Parallel()
	got := WebhookParams{FriendlyName: ptr("n"), EventTypes: &[]string{"*", "factor.created"}, WebhookURL: ptr("https://x"),
		Status: ptr("enabled"), Version: ptr("v1")}.Form()
	want := url.Values{"FriendlyName": {"n"}, "EventTypes": {"*", "factor.created"}, "WebhookUrl": {"https://x"}, "Status": {"enabled"}, "Version": {"v1"}}
	if got.Encode() != want.Encode() {
		t.Errorf("form %v, want %v", got, want)
	}
	if n := len(WebhookParams{}.Form()); n != 0 {
		t.Errorf("empty params send %d fields", n)
	}
}

func TestCredentialLifecycle(t *testing.T) {
	t.Parallel()
	f := newPushFake(t)
	c := f.client(t)
	ctx := t.Context()
	for _, name := range []string{"ios-1", "ios-2", "ios-3"} {
		if _, err := c.CreateCredential(ctx, CredentialParams{Type: ptr(CredentialTypeAPN), FriendlyName: ptr(name),
			Certificate: ptr("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----"), PrivateKey: ptr(testAPNKey), Sandbox: ptr(true)}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListCredentials(ctx)
	if err != nil || len(all) != 3 {
		t.Fatalf("listed %d credentials, %v; want 3", len(all), err)
	}
	cr := all[2]
	if cr.Type != CredentialTypeAPN || !cr.Sandbox.Set || !cr.Sandbox.Value {
		t.Errorf("listed %+v", cr)
	}
	got, err := c.UpdateCredential(ctx, cr.SID, CredentialParams{Sandbox: ptr(false)})
	if err != nil || got.Sandbox.Value {
		t.Fatalf("update: %+v, %v", got, err)
	}
	if last := f.forms[len(f.forms)-1]; len(last) != 1 || last.Get("Sandbox") != "false" {
		t.Errorf("the update sent %v, want only Sandbox", last)
	}
	if err := c.DeleteCredential(ctx, cr.SID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchCredential(ctx, cr.SID); !IsNotFound(err) {
		t.Errorf("fetch after delete: %v, want not found", err)
	}
}

func TestFlexBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]FlexBool{
		`true`: {true, true}, `false`: {false, true}, `"true"`: {true, true}, `"False"`: {false, true},
		`null`: {}, `""`: {},
	} {
		var b FlexBool
		if err := json.Unmarshal([]byte(in), &b); err != nil || b != want {
			t.Errorf("%s: %+v, %v; want %+v", in, b, err, want)
		}
	}
	for _, in := range []string{`"yes"`, `1`, `{}`} {
		var b FlexBool
		if err := json.Unmarshal([]byte(in), &b); err == nil {
			t.Errorf("%s decoded as %+v", in, b)
		}
	}
}

// A create whose answer is lost after Twilio applied it names the webhook
// (and the credential) it may have made, and sends no second create.
func TestCreateLostAnswerNamesLookAlike(t *testing.T) {
	t.Parallel()
	f := newPushFake(t)
	f.dropCreates = 2
	c := f.client(t)
	_, err := c.CreateWebhook(t.Context(), testServiceSID, WebhookParams{FriendlyName: ptr("n"), WebhookURL: ptr("https://x"),
		EventTypes: &[]string{"*"}})
	if cands := CreateCandidates(err); CreateOutcomeOf(err) != OutcomeUnknown || len(cands) != 1 || cands[0].SID != f.webhooks[0]["sid"] ||
		cands[0].Kind != KindWebhook {
		t.Fatalf("err %v, candidates %+v", err, cands)
	}
	_, err = c.CreateCredential(t.Context(), CredentialParams{Type: ptr(CredentialTypeFCM), FriendlyName: ptr("android"), Secret: ptr(testFCMSecret)})
	if cands := CreateCandidates(err); CreateOutcomeOf(err) != OutcomeUnknown || len(cands) != 1 || cands[0].SID != f.credentials[0]["sid"] {
		t.Fatalf("err %v, candidates %+v", err, cands)
	}
	if len(f.forms) != 2 {
		t.Errorf("%d create POSTs, want 1 of each", len(f.forms))
	}
}

// Another process's webhook with the same name but another URL, and its
// credential with the same name but another type, are not look-alikes: a
// create lost before Twilio applied it is sent again.
func TestCreateLostAnswerOtherObjectsAreNotLookAlikes(t *testing.T) {
	t.Parallel()
	f := newPushFake(t)
	now := time.Now().UTC().Format(time.RFC3339)
	f.webhooks = append(f.webhooks, map[string]any{"sid": "YW00000000000000000000000000000001", "service_sid": testServiceSID,
		"friendly_name": "n", "webhook_url": "https://other", "date_created": now})
	f.credentials = append(f.credentials, map[string]any{"sid": "CR00000000000000000000000000000001", "type": CredentialTypeAPN,
		"friendly_name": "push", "date_created": now})
	f.dropUnapplied = 2
	c := f.client(t)
	w, err := c.CreateWebhook(t.Context(), testServiceSID, WebhookParams{FriendlyName: ptr("n"), WebhookURL: ptr("https://x"),
		EventTypes: &[]string{"*"}})
	if err != nil || w.WebhookURL != "https://x" {
		t.Fatalf("webhook create: %+v, %v", w, err)
	}
	cr, err := c.CreateCredential(t.Context(), CredentialParams{Type: ptr(CredentialTypeFCM), FriendlyName: ptr("push"), Secret: ptr(testFCMSecret)})
	if err != nil || cr.Type != CredentialTypeFCM {
		t.Fatalf("credential create: %+v, %v", cr, err)
	}
	if len(f.webhooks) != 2 || len(f.credentials) != 2 {
		t.Errorf("%d webhooks and %d credentials, want 2 of each", len(f.webhooks), len(f.credentials))
	}
}

// Push credential secrets never appear in an error, nor in the logs, even
// when the server echoes them.
func TestCredentialSecretsMasked(t *testing.T) {
	t.Parallel()
	f := newPushFake(t)
	f.echoErrors = true
	var out syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	c := f.client(t)
	for _, p := range []CredentialParams{
		{Type: ptr(CredentialTypeAPN), FriendlyName: ptr("ios"), Certificate: ptr("cert"), PrivateKey: ptr(testAPNKey)},
		{Type: ptr(CredentialTypeFCM), FriendlyName: ptr("android"), Secret: ptr(testFCMSecret)},
	} {
		_, err := c.CreateCredential(ctx, p)
		if err == nil {
			t.Fatal("created despite a 400")
		}
		for _, leak := range []string{"APNKEYSECRET", "FCMKEYSECRET", "acme-push"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("error shows %q: %v", leak, err)
			}
		}
	}
	for _, leak := range []string{"APNKEYSECRET", "FCMKEYSECRET", url.QueryEscape(testAPNKey)[:30]} {
		if strings.Contains(out.String(), leak) {
			t.Errorf("logs show %q", leak)
		}
	}
	if !strings.Contains(out.String(), "/v1/Credentials") {
		t.Error("the requests were not logged at all")
	}
}

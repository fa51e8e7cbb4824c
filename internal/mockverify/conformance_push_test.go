package mockverify

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// TestConformanceWebhooks drives the webhook routes through the Verify spec.
func TestConformanceWebhooks(t *testing.T) {
	c := newConformance(t)
	svcSID := asString(c.do(call{method: "POST", path: "/v2/Services", form: url.Values{"FriendlyName": {"Hooks"}}, status: 201})["sid"])
	webhooks := "/v2/Services/" + svcSID + "/Webhooks"

	w := c.do(call{method: "POST", path: webhooks, form: url.Values{
		"FriendlyName": {"backend"}, "EventTypes": {"factor.verified", "challenge.approved"},
		"WebhookUrl": {"https://backend.example.com/twilio"}, "Status": {"enabled"}, "Version": {"v2"},
	}, status: 201})
	sid := asString(w["sid"])
	c.do(call{method: "POST", path: webhooks, form: url.Values{
		"FriendlyName": {"all"}, "EventTypes": {"*"}, "WebhookUrl": {"http://127.0.0.1:9/hook"},
	}, status: 201})
	c.do(call{method: "POST", path: webhooks, form: url.Values{
		"FriendlyName": {"legacy"}, "EventTypes": {"factor.deleted"}, "WebhookUrl": {"https://legacy.example.com"}, "Version": {"v1"},
	}, status: 201})
	c.do(call{method: "GET", path: webhooks + "/" + sid, status: 200})
	c.do(call{method: "POST", path: webhooks + "/" + sid, form: url.Values{
		"FriendlyName": {"renamed"}, "EventTypes": {"*"}, "WebhookUrl": {"https://other.example.com"},
		"Status": {"disabled"}, "Version": {"v1"},
	}, status: 200})
	page := c.do(call{method: "GET", path: webhooks, form: url.Values{"PageSize": {"2"}}, status: 200})
	for n := 0; asMap(page["meta"])["next_page_url"] != nil; n++ {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		if n > 5 {
			t.Fatal("webhook pages do not end")
		}
	}

	// Errors.
	c.do(call{method: "POST", path: webhooks, form: url.Values{"FriendlyName": {"x"}, "WebhookUrl": {"https://a.example"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: webhooks, form: url.Values{
		"FriendlyName": {"x"}, "EventTypes": {"factor.exploded"}, "WebhookUrl": {"https://a.example"},
	}, status: 400})
	c.do(call{method: "POST", path: webhooks, form: url.Values{
		"FriendlyName": {"x"}, "EventTypes": {"*"}, "WebhookUrl": {"not a url"},
	}, status: 400})
	c.do(call{method: "POST", path: webhooks + "/" + sid, form: url.Values{"Status": {"paused"}}, specRejects: true, status: 400})
	c.do(call{method: "GET", path: webhooks + "/YW" + strings.Repeat("0", 32), status: 404})
	c.do(call{method: "GET", path: webhooks, form: url.Values{"PageSize": {"1001"}}, specRejects: true, status: 400})

	c.do(call{method: "DELETE", path: webhooks + "/" + sid, status: 204})
	c.do(call{method: "DELETE", path: webhooks + "/" + sid, status: 404})
	// Deleting the service deletes its webhooks.
	c.do(call{method: "DELETE", path: "/v2/Services/" + svcSID, status: 204})
	c.do(call{method: "GET", path: webhooks, status: 404})
}

// TestConformanceCredentials drives the push credential routes through
// the Notify v1 spec.
func TestConformanceCredentials(t *testing.T) {
	c := newConformance(t)
	certPEM, keyPEM := apnPair(t)
	const credentials = "/v1/Credentials"

	apn := c.do(call{method: "POST", path: credentials, form: url.Values{
		"Type": {"apn"}, "FriendlyName": {"iOS"}, "Certificate": {certPEM}, "PrivateKey": {keyPEM}, "Sandbox": {"true"},
	}, status: 201})
	apnSID := asString(apn["sid"])
	fcm := c.do(call{method: "POST", path: credentials, form: url.Values{"Type": {"fcm"}, "Secret": {serviceAccountJSON}}, status: 201})
	fcmSID := asString(fcm["sid"])
	c.do(call{method: "POST", path: credentials, form: url.Values{"Type": {"gcm"}, "ApiKey": {"legacy-server-key"}}, status: 201})

	c.do(call{method: "GET", path: credentials + "/" + apnSID, status: 200})
	c.do(call{method: "POST", path: credentials + "/" + apnSID, form: url.Values{
		"FriendlyName": {"iOS 2"}, "Certificate": {certPEM}, "PrivateKey": {keyPEM}, "Sandbox": {"false"},
	}, status: 200})
	c.do(call{method: "POST", path: credentials + "/" + fcmSID, form: url.Values{"Secret": {serviceAccountJSON}}, status: 200})
	page := c.do(call{method: "GET", path: credentials, form: url.Values{"PageSize": {"2"}}, status: 200})
	for n := 0; asMap(page["meta"])["next_page_url"] != nil; n++ {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		if n > 5 {
			t.Fatal("credential pages do not end")
		}
	}

	// Errors.
	c.do(call{method: "POST", path: credentials, form: url.Values{"FriendlyName": {"x"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: credentials, form: url.Values{"Type": {"wns"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: credentials, form: url.Values{"Type": {"apn"}, "Certificate": {certPEM}}, status: 400})
	c.do(call{method: "POST", path: credentials, form: url.Values{"Type": {"fcm"}, "Secret": {"AAAA-legacy-key"}}, status: 400})
	c.do(call{method: "POST", path: credentials + "/" + fcmSID, form: url.Values{"Certificate": {certPEM}}, status: 400})
	c.do(call{method: "GET", path: credentials + "/CR" + strings.Repeat("0", 32), status: 404})
	c.do(call{method: "GET", path: credentials, user: DefaultAccountSID, pass: "wrong", status: 401})
	c.mock.SetFaults(Faults{ThrottleRate: 1})
	c.do(call{method: "GET", path: credentials, status: 429})
	c.mock.SetFaults(Faults{})

	c.do(call{method: "DELETE", path: credentials + "/" + apnSID, status: 204})
	c.do(call{method: "DELETE", path: credentials + "/" + apnSID, status: 404})
}

// TestConformanceChallenges drives the challenge routes through the
// Verify spec: TOTP and push, approved, denied, pending and expired.
func TestConformanceChallenges(t *testing.T) {
	c := newConformance(t)
	key := verifytest.NewDeviceKey(t)
	svcSID := asString(c.do(call{method: "POST", path: "/v2/Services", form: url.Values{"FriendlyName": {"Challenges"}}, status: 201})["sid"])
	identity := "ff483d1ff591898a9942916050d2ca3f"
	factors := "/v2/Services/" + svcSID + "/Entities/" + identity + "/Factors"
	challenges := "/v2/Services/" + svcSID + "/Entities/" + identity + "/Challenges"

	totpSID := asString(c.do(call{method: "POST", path: factors, form: url.Values{
		"FriendlyName": {"app"}, "FactorType": {"totp"}, "Binding.Secret": {challengeSecret},
	}, status: 201})["sid"])
	c.do(call{method: "POST", path: factors + "/" + totpSID, form: url.Values{"AuthPayload": {totpCode(t, testTime)}}, status: 200})
	pushSID := asString(c.do(call{method: "POST", path: factors, form: pushForm(key), status: 201})["sid"])
	c.do(call{method: "POST", path: factors + "/" + pushSID, form: url.Values{"AuthPayload": {key.Sign(t, pushSID)}}, status: 200})

	c.do(call{method: "POST", path: challenges, form: url.Values{
		"FactorSid": {totpSID}, "AuthPayload": {totpCode(t, testTime)}, "ExpirationDate": {testTime.Add(10 * time.Minute).Format(time.RFC3339)},
	}, status: 201})
	pending := asString(c.do(call{method: "POST", path: challenges, form: url.Values{"FactorSid": {totpSID}}, status: 201})["sid"])
	c.do(call{method: "POST", path: challenges + "/" + pending, form: url.Values{"AuthPayload": {"000000"}}, status: 200})
	c.do(call{method: "POST", path: challenges + "/" + pending, form: url.Values{
		"AuthPayload": {totpCode(t, testTime)}, "Metadata": {`{"os":"Android"}`},
	}, status: 200})

	push := url.Values{
		"FactorSid": {pushSID}, "Details.Message": {"Log in?"}, "Details.Fields": {`{"label":"IP","value":"10.0.0.1"}`},
		"HiddenDetails": {`{"ip":"10.0.0.1"}`},
	}
	for _, answer := range []string{"approved", "denied"} {
		sid := asString(c.do(call{method: "POST", path: challenges, form: push, status: 201})["sid"])
		fetched := c.do(call{method: "GET", path: challenges + "/" + sid, status: 200})
		claims := map[string]any{"status": answer}
		for _, f := range challengeSignatureFields {
			claims[f] = fetched[f]
		}
		got := c.do(call{method: "POST", path: challenges + "/" + sid, form: url.Values{"AuthPayload": {key.SignJWT(t, claims)}}, status: 200})
		if got["status"] != answer {
			t.Errorf("push challenge %s, want %s", got["status"], answer)
		}
	}
	page := c.do(call{method: "GET", path: challenges, form: url.Values{"PageSize": {"2"}, "Order": {"desc"}, "FactorSid": {pushSID}}, status: 200})
	for n := 0; asMap(page["meta"])["next_page_url"] != nil; n++ {
		next, _ := url.Parse(asString(asMap(page["meta"])["next_page_url"]))
		page = c.do(call{method: "GET", path: next.Path, form: next.Query(), status: 200})
		if n > 5 {
			t.Fatal("challenge pages do not end")
		}
	}
	c.do(call{method: "GET", path: challenges, form: url.Values{"Status": {"approved"}}, status: 200})

	// Errors.
	c.do(call{method: "POST", path: challenges, form: url.Values{"FactorSid": {pushSID}}, status: 400})
	c.do(call{method: "POST", path: challenges, form: url.Values{"Details.Message": {"x"}}, specRejects: true, status: 400})
	c.do(call{method: "GET", path: challenges + "/YC" + strings.Repeat("0", 32), status: 404})
	c.do(call{method: "GET", path: challenges, form: url.Values{"Status": {"lost"}}, specRejects: true, status: 400})
	c.do(call{method: "POST", path: challenges + "/" + pending, form: url.Values{"AuthPayload": {"123456"}}, status: 400})
	expiring := asString(c.do(call{method: "POST", path: challenges, form: url.Values{"FactorSid": {totpSID}}, status: 201})["sid"])
	c.mock.SetClockSkew(10 * time.Minute)
	c.do(call{method: "GET", path: challenges + "/" + expiring, status: 200})
	c.do(call{method: "POST", path: challenges + "/" + expiring, form: url.Values{"AuthPayload": {"123456"}}, status: 403})
}

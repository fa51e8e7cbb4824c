package mockverify

import (
	"net/url"
	"strings"
	"testing"
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

package provider

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio signs webhooks with HMAC-SHA1
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// twilioSignature is X-Twilio-Signature as Twilio documents it: base64 of
// HMAC-SHA1, keyed with the auth token, over the full URL followed by every
// POST parameter's name and value, sorted by name.
func twilioSignature(authToken, fullURL string, form url.Values) string {
	data := fullURL
	for _, name := range slices.Sorted(maps.Keys(form)) {
		for _, v := range form[name] {
			data += name + v
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// A webhook this provider creates, pointed at a local receiver, gets the
// factor.created event of a factor the same apply creates, signed with the
// account's auth token.
func TestAccVerifyWebhook_deliversSignedEvents(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	events := make(chan url.Values, 4)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Header.Get("X-Twilio-Signature") != twilioSignature(e.authToken, "http://"+r.Host+r.URL.RequestURI(), r.PostForm) {
			http.Error(w, "invalid signature", http.StatusForbidden)
			return
		}
		events <- r.PostForm
	}))
	t.Cleanup(receiver.Close)
	identity := randomIdentity("hook")
	cfg := e.config(webhookConfig(e.serviceSID, "Receiver", receiver.URL+"/events?team=auth", `["factor.created"]`, "") +
		fmt.Sprintf(`
resource "twilio_verify_factor" "phone" {
  service_sid   = %q
  identity      = %q
  factor_type   = "totp"
  friendly_name = "Phone"
  depends_on    = [twilio_verify_webhook.test]
}
`, e.serviceSID, identity))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkWebhooksDestroyed,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				select {
				case got := <-events:
					factor := s.RootModule().Resources["twilio_verify_factor.phone"].Primary.Attributes["sid"]
					if got.Get("type") != "factor.created" || got.Get("factor_sid") != factor || got.Get("entity_identity") != identity {
						return fmt.Errorf("the event is not the factor's creation: %v", got)
					}
					return nil
				case <-time.After(10 * time.Second):
					return fmt.Errorf("no signed event arrived (mock webhook stats: %+v)", e.mock.Stats().Webhooks)
				}
			},
		}},
	})
}

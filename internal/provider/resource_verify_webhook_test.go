package provider

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

const webhookAddr = "twilio_verify_webhook.test"

var webhookSIDRegexp = regexp.MustCompile(`^YW[0-9a-f]{32}$`)

// webhookConfig renders twilio_verify_webhook.test with extra attributes.
func webhookConfig(serviceSID, name, hookURL, eventTypes, extra string) string {
	return fmt.Sprintf(`
resource "twilio_verify_webhook" "test" {
  service_sid   = %q
  friendly_name = %q
  webhook_url   = %q
  event_types   = %s
%s
}
`, serviceSID, name, hookURL, eventTypes, extra)
}

// postRecorder keeps the forms of the POSTs that reached the mock through
// it, so that a test can say what an update sent.
type postRecorder struct {
	mu    sync.Mutex
	forms map[string][]url.Values // by path
}

// recordPosts fronts the test's mock with a postRecorder.
func (e *testEnv) recordPosts() *postRecorder {
	rec := &postRecorder{forms: map[string][]url.Values{}}
	e.frontMock(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			rec.mu.Lock()
			rec.forms[r.URL.Path] = append(rec.forms[r.URL.Path], form)
			rec.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		upstream.ServeHTTP(w, r)
	})
	return rec
}

// lastSent checks that the last POST to path carried exactly the
// parameters want.
func (rec *postRecorder) lastSent(path string, want ...string) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	forms := rec.forms[path]
	if len(forms) == 0 {
		return fmt.Errorf("no POST to %s", path)
	}
	last := forms[len(forms)-1]
	var got []string
	for k := range last {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("the last POST to %s sent %v, want only %v", path, got, want)
	}
	return nil
}

// checkWebhooksDestroyed asks the API that no webhook of the state is left.
func (e *testEnv) checkWebhooksDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "twilio_verify_webhook" {
			continue
		}
		_, err := e.client.FetchWebhook(e.t.Context(), rs.Primary.Attributes["service_sid"], rs.Primary.Attributes["sid"])
		if err == nil {
			return fmt.Errorf("webhook %s still exists after destroy", rs.Primary.ID)
		}
		if !verify.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func TestAccVerifyWebhook_lifecycle(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	rec := e.recordPosts()
	var sid string
	webhookPath := func() string { return "/v2/Services/" + e.serviceSID + "/Webhooks/" + sid }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkWebhooksDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.config(webhookConfig(e.serviceSID, "Backend", "https://example.com/twilio/events",
					`["factor.verified", "challenge.approved"]`, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(webhookSIDRegexp)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("status"), knownvalue.StringExact("enabled")),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("version"), knownvalue.StringExact("v2")),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("webhook_method"), knownvalue.StringExact("POST")),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("event_types"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("factor.verified"), knownvalue.StringExact("challenge.approved")})),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("date_created"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateWebhooks: 1}),
					func(s *terraform.State) error {
						sid = s.RootModule().Resources[webhookAddr].Primary.Attributes["sid"]
						return rec.lastSent("/v2/Services/"+e.serviceSID+"/Webhooks", "FriendlyName", "EventTypes", "WebhookUrl", "Status", "Version")
					},
				),
			},
			{ResourceName: webhookAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName: webhookAddr, ImportState: true, ImportStateId: e.serviceSID + "/YF0123",
				ExpectError: expectError("Unexpected format of import ID"),
			},
			{
				// Two settings change: one POST with those two.
				Config: e.config(webhookConfig(e.serviceSID, "Backend", "https://example.com/twilio/events",
					`["*"]`, `  status = "disabled"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("status"), knownvalue.StringExact("disabled")),
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateWebhooks: 1, "POST " + mockverify.TemplateWebhook: 1}),
					func(*terraform.State) error {
						return rec.lastSent(webhookPath(), "EventTypes", "Status")
					},
				),
			},
			{
				// The other three change: one more POST, with those three.
				Config: e.config(webhookConfig(e.serviceSID, "Backend v1", "http://127.0.0.1:9/events",
					`["*"]`, "  status  = \"disabled\"\n  version = \"v1\"")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("version"), knownvalue.StringExact("v1")),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("webhook_url"), knownvalue.StringExact("http://127.0.0.1:9/events")),
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateWebhook: 2}),
					func(*terraform.State) error {
						return rec.lastSent(webhookPath(), "FriendlyName", "WebhookUrl", "Version")
					},
				),
			},
		},
	})
	if got := e.mock.Webhooks(e.accountSID, e.serviceSID); len(got) != 0 {
		t.Errorf("webhooks left: %v", got)
	}
}

// A webhook deleted outside Terraform is drift: a warning, removed from
// state, created again by the next apply.
func TestAccVerifyWebhook_disappears(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	cfg := e.config(webhookConfig(e.serviceSID, "Gone", "https://example.com/gone", `["factor.created"]`, ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkWebhooksDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					a := s.RootModule().Resources[webhookAddr].Primary.Attributes
					return e.client.DeleteWebhook(t.Context(), a["service_sid"], a["sid"])
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// The webhooks data source reads every page.
func TestAccVerifyWebhooksDataSource(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	e.mock.SetMaxPageSize(2)
	for i := range 3 {
		if _, err := e.client.CreateWebhook(t.Context(), e.serviceSID, verify.WebhookParams{
			FriendlyName: ptrTo(fmt.Sprintf("hook-%d", i)), WebhookURL: ptrTo(fmt.Sprintf("https://example.com/%d", i)),
			EventTypes: &[]string{"*"},
		}); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf("data \"twilio_verify_webhooks\" \"all\" {\n  service_sid = %q\n}\n", e.serviceSID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.twilio_verify_webhooks.all", tfjsonpath.New("webhooks"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.twilio_verify_webhooks.all", tfjsonpath.New("webhooks").AtSliceIndex(2).AtMapKey("webhook_url"),
					knownvalue.StringExact("https://example.com/2")),
				statecheck.ExpectKnownValue("data.twilio_verify_webhooks.all", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("event_types"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("*")})),
			},
			Check: e.expectRequests(map[string]int{"GET " + mockverify.TemplateWebhooks: 2}),
		}},
	})
}

// Bad webhook settings are refused at plan, naming the setting, with no
// request sent.
func TestAccVerifyWebhook_badInputAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	for _, tc := range []struct{ name, body, want string }{
		{"unknown event type", webhookConfig(e.serviceSID, "x", "https://example.com", `["factor.updated"]`, ""), `value must be one of`},
		{"no event type", webhookConfig(e.serviceSID, "x", "https://example.com", `[]`, ""), `set must contain at least 1`},
		{"plain http elsewhere", webhookConfig(e.serviceSID, "x", "http://example.com/hook", `["*"]`, ""), `plain http is accepted only for loopback hosts`},
		{"credentials in the URL", webhookConfig(e.serviceSID, "x", "https://u:p@example.com/hook", `["*"]`, ""), `must not hold credentials`},
		{"status", webhookConfig(e.serviceSID, "x", "https://example.com", `["*"]`, `  status = "paused"`), `status value must be one of`},
		{"version", webhookConfig(e.serviceSID, "x", "https://example.com", `["*"]`, `  version = "v3"`), `version value must be one of`},
		{"service SID", webhookConfig("VA123", "x", "https://example.com", `["*"]`, ""), `must be a Verify service SID`},
		{"blank name", webhookConfig(e.serviceSID, "  ", "https://example.com", `["*"]`, ""), `Blank Value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: e.config(tc.body), PlanOnly: true, ExpectError: expectError(tc.want)}},
			})
		})
	}
	if n := e.requests(""); n != 0 {
		t.Errorf("bad input sent %d requests: %v", n, e.mock.Stats().Requests)
	}
}

// ptrTo returns a pointer to v.
func ptrTo[T any](v T) *T { return &v }

package provider

import (
	"fmt"
	"regexp"
	"strings"
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

const serviceAddr = "twilio_verify_service.test"

// checkServicesDestroyed asks the API that no service of the state's
// twilio_verify_service resources is left.
func (e *testEnv) checkServicesDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "twilio_verify_service" {
			continue
		}
		_, err := e.client.FetchService(e.t.Context(), rs.Primary.Attributes["sid"])
		if err == nil {
			return fmt.Errorf("service %s still exists after destroy", rs.Primary.Attributes["sid"])
		}
		if !verify.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func serviceConfig(body string) string {
	return "resource \"twilio_verify_service\" \"test\" {\n" + body + "\n}\n"
}

func TestAccVerifyService_lifecycle(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	created := serviceConfig(`
  friendly_name = "Acme Login"
  totp = { issuer = "Acme Corp" }
`)
	updated := serviceConfig(`
  friendly_name = "Acme Login 2"
  code_length   = 8
  psd2_enabled  = true
  totp = {
    issuer = "Acme Corp"
    skew   = 2
  }
  passkeys = {
    relying_party_id      = "example.com"
    relying_party_name    = "Example"
    relying_party_origins = ["https://example.com", "https://login.example.com"]
    user_verification     = "required"
  }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkServicesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.config(created),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(serviceAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(serviceSIDPattern)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("code_length"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("psd2_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("tts_name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("totp"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"issuer": knownvalue.StringExact("Acme Corp"), "time_step": knownvalue.Int64Exact(30),
						"code_length": knownvalue.Int64Exact(6), "skew": knownvalue.Int64Exact(1),
					})),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("passkeys").AtMapKey("relying_party_origins"), knownvalue.Null()),
				},
				// One POST, no read-back.
				Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateServices: 1, "GET " + mockverify.TemplateService: 0}),
			},
			{
				Config: e.config(updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(serviceAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("friendly_name"), knownvalue.StringExact("Acme Login 2")),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("code_length"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("psd2_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("totp").AtMapKey("skew"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("totp").AtMapKey("time_step"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("passkeys").AtMapKey("relying_party_origins"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://example.com"), knownvalue.StringExact("https://login.example.com")})),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("passkeys").AtMapKey("user_verification"), knownvalue.StringExact("required")),
				},
				// Exactly one update POST.
				Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateServices: 1, "POST " + mockverify.TemplateService: 1}),
			},
			{
				ResourceName:      serviceAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  serviceAddr,
				ImportState:   true,
				ImportStateId: "VA123",
				ExpectError:   expectError("Unexpected format of import ID"),
			},
		},
	})
}

// TestAccVerifyService_everySetting sets every attribute, then checks that
// the next plan is empty and that an import reads every value back.
func TestAccVerifyService_everySetting(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	cfg := serviceConfig(fmt.Sprintf(`
  friendly_name                     = "Everything"
  code_length                       = 7
  lookup_enabled                    = true
  skip_sms_to_landlines             = true
  dtmf_input_required               = true
  tts_name                          = "alice"
  psd2_enabled                      = true
  do_not_share_warning_enabled      = true
  custom_code_enabled               = true
  default_template_sid              = "HJ%[1]s"
  verify_event_subscription_enabled = true
  totp = {
    issuer      = "Everything Inc"
    time_step   = 60
    code_length = 8
    skew        = 0
  }
  push = {
    include_date       = true
    apn_credential_sid = "CR%[1]s"
    fcm_credential_sid = "CR%[2]s"
  }
  whatsapp = {
    msg_service_sid = "MG%[1]s"
    from            = "whatsapp:+15005550006"
  }
  passkeys = {
    relying_party_id         = "example.com"
    relying_party_name       = "Example"
    relying_party_origins    = ["https://example.com"]
    authenticator_attachment = "cross-platform"
    discoverable_credentials = "preferred"
    user_verification        = "discouraged"
  }
`, strings.Repeat("a", 32), strings.Repeat("b", 32)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkServicesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("skip_sms_to_landlines"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("tts_name"), knownvalue.StringExact("alice")),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("push").AtMapKey("fcm_credential_sid"), knownvalue.StringExact("CR"+strings.Repeat("b", 32))),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("whatsapp").AtMapKey("from"), knownvalue.StringExact("whatsapp:+15005550006")),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("passkeys").AtMapKey("authenticator_attachment"), knownvalue.StringExact("cross-platform")),
					statecheck.ExpectKnownValue(serviceAddr, tfjsonpath.New("totp").AtMapKey("skew"), knownvalue.Int64Exact(0)),
				},
			},
			{
				Config: e.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ResourceName: serviceAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}

func TestAccVerifyService_disappears(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	cfg := e.config(serviceConfig(`friendly_name = "Gone Soon"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkServicesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return e.client.DeleteService(t.Context(), s.RootModule().Resources[serviceAddr].Primary.Attributes["sid"])
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(serviceAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccVerifyService_factorURIIssuer creates a service and TOTP factors
// in it: binding_uri carries totp.issuer, or the friendly name when the
// service has no issuer.
func TestAccVerifyService_factorURIIssuer(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	cfg := e.config(`
resource "twilio_verify_service" "with_issuer" {
  friendly_name = "Issuer Test"
  totp          = { issuer = "Acme Issuer" }
}

resource "twilio_verify_service" "plain" {
  friendly_name = "Plain Name"
}

resource "twilio_verify_factor" "with_issuer" {
  service_sid   = twilio_verify_service.with_issuer.sid
  identity      = "issuer-user-0001"
  factor_type   = "totp"
  friendly_name = "Alice"
}

resource "twilio_verify_factor" "plain" {
  service_sid   = twilio_verify_service.plain.sid
  identity      = "issuer-user-0001"
  factor_type   = "totp"
  friendly_name = "Bob"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkServicesDestroyed,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkTOTPURI("twilio_verify_factor.with_issuer", "Acme Issuer", "Alice"),
				checkTOTPURI("twilio_verify_factor.plain", "Plain Name", "Bob"),
			),
		}},
	})
}

// TestAccVerifyService_badInputRefusedAtPlan proves through the mock's
// counters that no invalid service setting sends a request.
// origins renders n distinct origins as HCL list elements.
func origins(n int) string {
	list := make([]string, n)
	for i := range list {
		list[i] = fmt.Sprintf("%q", fmt.Sprintf("https://app%d.example.com", i))
	}
	return strings.Join(list, ", ")
}

func TestAccVerifyService_badInputRefusedAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	hex := strings.Repeat("0", 32)
	cases := []struct{ body, want string }{
		{`friendly_name = ""`, `Attribute friendly_name UTF-8 character count must be between 1 and 32`},
		{`friendly_name = "` + strings.Repeat("x", 33) + `"`, `friendly_name UTF-8 character count must be between 1 and 32`},
		{`friendly_name = "x"` + "\n" + `code_length = 3`, `code_length value must be between 4 and 10`},
		{`friendly_name = "x"` + "\n" + `tts_name = ""`, `tts_name UTF-8 character count must be between 1 and 255`},
		{`friendly_name = "x"` + "\n" + `default_template_sid = "MG` + hex + `"`, `default_template_sid must be a template SID`},
		{`friendly_name = "x"` + "\n" + `totp = { time_step = 61 }`, `totp.time_step value must be between 20 and 60`},
		{`friendly_name = "x"` + "\n" + `totp = { code_length = 9 }`, `totp.code_length value must be between 3 and 8`},
		{`friendly_name = "x"` + "\n" + `totp = { skew = 3 }`, `totp.skew value must be between 0 and 2`},
		{`friendly_name = "x"` + "\n" + `totp = { issuer = "" }`, `totp.issuer UTF-8 character count must be between 1 and 32`},
		{`friendly_name = "x"` + "\n" + `push = { apn_credential_sid = "CR123" }`, `push.apn_credential_sid must be a credential SID`},
		{`friendly_name = "x"` + "\n" + `push = { fcm_credential_sid = "HJ` + hex + `" }`, `push.fcm_credential_sid must be a credential SID`},
		{`friendly_name = "x"` + "\n" + `whatsapp = { msg_service_sid = "CR` + hex + `" }`, `whatsapp.msg_service_sid must be a Messaging Service SID`},
		{`friendly_name = "x"` + "\n" + `passkeys = { authenticator_attachment = "usb" }`, `passkeys.authenticator_attachment value must be one of`},
		{`friendly_name = "x"` + "\n" + `passkeys = { discoverable_credentials = "always" }`, `passkeys.discoverable_credentials value must be one of`},
		{`friendly_name = "x"` + "\n" + `passkeys = { user_verification = "never" }`, `passkeys.user_verification value must be one of`},
		{`friendly_name = "x"` + "\n" + `passkeys = { relying_party_origins = ["https://a.example,https://b.example"] }`, `must not contain a comma`},
		{`friendly_name = "x"` + "\n" + `passkeys = { relying_party_origins = [] }`, `relying_party_origins list must contain at least 1`},
		{`friendly_name = "   "`, `The value of friendly_name is only white space`},
		{`friendly_name = "Acme\u001b[2J"`, `The value of friendly_name holds a control character (U+001B) at character 5`},
		{`friendly_name = "x"` + "\n" + `totp = { issuer = "\u202eAcme" }`, `totp.issuer holds a bidirectional text control (U+202E) at character 1`},
		{`friendly_name = "x"` + "\n" + `passkeys = { relying_party_origins = ["https://a.example", "https://a.example"] }`, `duplicate values`},
		{`friendly_name = "x"` + "\n" + `passkeys = { relying_party_origins = ["https://a.example https://b.example"] }`, `must not contain a comma or white space`},
		{`friendly_name = "x"` + "\n" + `passkeys = { relying_party_origins = [` + origins(21) + `] }`, `at most 20 elements, got: 21`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.config(serviceConfig(c.body)),
			PlanOnly:    true,
			ExpectError: expectError(regexp.QuoteMeta(c.want)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
	if n := e.requests(""); n != 0 {
		t.Errorf("bad service input sent %d requests before being refused, want 0: %v", n, e.mock.Stats().Requests)
	}
}

package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// Resource identity and list resources of webhooks and push credentials:
// import blocks by identity (Terraform 1.12+), `terraform query` and its
// generated configuration (1.14+). On older CLIs these tests skip.

// seedWebhooks creates n webhooks of the test's service outside Terraform,
// every other one disabled and on the legacy event version.
func (e *testEnv) seedWebhooks(n int) []verify.Webhook {
	e.t.Helper()
	webhooks := make([]verify.Webhook, 0, n)
	for i := range n {
		params := verify.WebhookParams{
			FriendlyName: ptrTo(fmt.Sprintf("Backend %d", i)),
			EventTypes:   &[]string{"factor.created", "factor.verified"},
			WebhookURL:   ptrTo(fmt.Sprintf("https://example.com/twilio/%d", i)),
		}
		if i%2 == 1 {
			params.Status, params.Version = ptrTo(verify.WebhookStatusDisabled), ptrTo(verify.WebhookVersionV1)
		}
		w, err := e.client.CreateWebhook(e.t.Context(), e.serviceSID, params)
		if err != nil {
			e.t.Fatal(err)
		}
		webhooks = append(webhooks, *w)
	}
	return webhooks
}

// seedCredential creates a push credential of kind (apn: in the sandbox)
// outside Terraform, with material, and returns it.
func (e *testEnv) seedCredential(kind, name string) verify.Credential {
	e.t.Helper()
	params := verify.CredentialParams{Type: ptrTo(kind), FriendlyName: ptrTo(name)}
	if kind == verify.CredentialTypeAPN {
		pair := newAPNPair(e.t, time.Now().Add(365*24*time.Hour))
		params.Certificate, params.PrivateKey, params.Sandbox = &pair.certPEM, &pair.keyPEM, ptrTo(true)
	} else {
		params.Secret = ptrTo(newServiceAccountJSON(e.t, "acme-push"))
	}
	cr, err := e.client.CreateCredential(e.t.Context(), params)
	if err != nil {
		e.t.Fatal(err)
	}
	return *cr
}

// webhookCredentialQueryFile lists the webhooks of the test's service and
// every push credential of the account.
func (e *testEnv) webhookCredentialQueryFile() string {
	return fmt.Sprintf(`
list "twilio_verify_webhook" "all" {
  provider         = twilio
  include_resource = true
  config {
    service_sid = %q
  }
}

list "twilio_verify_push_credential" "all" {
  provider         = twilio
  include_resource = true
}
`, e.serviceSID)
}

func TestAccVerifyWebhook_IdentityImportBlock(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	existing := e.seedWebhooks(1)[0]
	identity := map[string]string{"service_sid": e.serviceSID, "sid": existing.SID}
	webhook := webhookConfig(e.serviceSID, existing.FriendlyName, existing.WebhookURL, `["factor.created", "factor.verified"]`, "")
	steps := identityImportSteps(e.config(importIdentityBlock(webhookAddr, identity)+webhook), webhookAddr, identity)
	steps[0].ConfigStateChecks = append(steps[0].ConfigStateChecks,
		statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("id"), knownvalue.StringExact(e.serviceSID+"/"+existing.SID)))
	// The identity Terraform stored imports the webhook again.
	steps = append(steps, resource.TestStep{
		Config: e.config(webhook), ResourceName: webhookAddr, ImportState: true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		CheckDestroy:             e.checkWebhooksDestroyed,
		Steps:                    steps,
	})
}

// TestAccVerifyPushCredential_IdentityImportBlock imports an APN and an FCM
// credential by identity with a configuration that, like a generated one,
// has no material (Twilio never returns it): nothing to change.
func TestAccVerifyPushCredential_IdentityImportBlock(t *testing.T) {
	for kind, extra := range map[string]map[string]any{
		verify.CredentialTypeAPN: {"sandbox": true},
		verify.CredentialTypeFCM: nil,
	} {
		t.Run(kind, func(t *testing.T) {
			e := newTestEnv(t, mockverify.Options{})
			e.requireMock()
			existing := e.seedCredential(kind, "Existing "+kind)
			identity := map[string]string{"sid": existing.SID}
			credential := credentialResource(kind, existing.FriendlyName, extra)
			steps := identityImportSteps(e.config(importIdentityBlock(credentialAddr, identity)+credential), credentialAddr, identity)
			steps = append(steps, resource.TestStep{
				Config: e.config(credential), ResourceName: credentialAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   atLeastTerraform112,
				CheckDestroy:             e.checkCredentialsDestroyed,
				Steps:                    steps,
			})
		})
	}
}

// TestAccVerifyWebhookPushCredential_IdentityImportRefusesBadValues: a
// malformed identity fails before any request, naming the attribute.
func TestAccVerifyWebhookPushCredential_IdentityImportRefusesBadValues(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	webhook := webhookConfig(e.serviceSID, "Backend", "https://example.com/twilio", `["*"]`, "")
	steps := []resource.TestStep{
		{
			Config:      e.config(importIdentityBlock(webhookAddr, map[string]string{"service_sid": e.serviceSID, "sid": "YW12"}) + webhook),
			PlanOnly:    true,
			ExpectError: expectError("identity.sid of the import block is not valid: .*must be a webhook SID"),
		},
		{
			Config:      e.config(importIdentityBlock(credentialAddr, map[string]string{"sid": "CR12"}) + credentialResource("fcm", "Android", nil)),
			PlanOnly:    true,
			ExpectError: expectError("identity.sid of the import block is not valid: .*must be a credential SID"),
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		Steps:                    steps,
	})
	if n := e.requests(""); n != 0 {
		t.Errorf("a malformed identity sent %d requests, want 0: %v", n, e.mock.Stats().Requests)
	}
}

// TestAccListResources_QueryWebhooksAndCredentials lists the webhooks of a
// service and the account's push credentials over several pages: every
// object once, with its identity, its display name and its attributes.
func TestAccListResources_QueryWebhooksAndCredentials(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	webhooks := e.seedWebhooks(3)
	apn := e.seedCredential(verify.CredentialTypeAPN, "iOS production")
	fcm := e.seedCredential(verify.CredentialTypeFCM, "Android")
	e.seedCredential(verify.CredentialTypeFCM, "Android beta")
	e.mock.SetMaxPageSize(2) // 3 webhooks, 3 credentials: two pages each

	second := webhooks[1]
	bySID := func(sid string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sid": knownvalue.StringExact(sid)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform114,
		Steps: []resource.TestStep{
			{Config: e.config("")},
			{
				Query:  true,
				Config: e.webhookCredentialQueryFile(),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("twilio_verify_webhook.all", len(webhooks)),
					querycheck.ExpectLength("twilio_verify_push_credential.all", 3),
					querycheck.ExpectIdentity("twilio_verify_webhook.all", map[string]knownvalue.Check{
						"service_sid": knownvalue.StringExact(e.serviceSID), "sid": knownvalue.StringExact(second.SID),
					}),
					querycheck.ExpectIdentity("twilio_verify_push_credential.all", map[string]knownvalue.Check{
						"sid": knownvalue.StringExact(apn.SID),
					}),
					querycheck.ExpectResourceDisplayName("twilio_verify_webhook.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"service_sid": knownvalue.StringExact(e.serviceSID), "sid": knownvalue.StringExact(second.SID),
						}),
						knownvalue.StringExact("Backend 1 ("+second.SID+")")),
					querycheck.ExpectResourceDisplayName("twilio_verify_push_credential.all", bySID(fcm.SID),
						knownvalue.StringExact("Android (fcm, "+fcm.SID+")")),
					querycheck.ExpectResourceKnownValues("twilio_verify_webhook.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"service_sid": knownvalue.StringExact(e.serviceSID), "sid": knownvalue.StringExact(second.SID),
						}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(e.serviceSID + "/" + second.SID)},
							{Path: tfjsonpath.New("webhook_url"), KnownValue: knownvalue.StringExact(second.WebhookURL)},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(verify.WebhookStatusDisabled)},
							{Path: tfjsonpath.New("version"), KnownValue: knownvalue.StringExact(verify.WebhookVersionV1)},
						}),
					querycheck.ExpectResourceKnownValues("twilio_verify_push_credential.all", bySID(apn.SID),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact(verify.CredentialTypeAPN)},
							{Path: tfjsonpath.New("sandbox"), KnownValue: knownvalue.Bool(true)},
							{Path: tfjsonpath.New("certificate"), KnownValue: knownvalue.Null()},
							{Path: tfjsonpath.New("private_key"), KnownValue: knownvalue.Null()},
						}),
					querycheck.ExpectResourceKnownValues("twilio_verify_push_credential.all", bySID(fcm.SID),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("sandbox"), KnownValue: knownvalue.Null()},
							{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
						}),
				},
			},
		},
	})
}

// TestAccListResources_QueryGenerateConfigWebhooksAndCredentials:
// `terraform query -generate-config-out` writes import and resource blocks
// for every webhook and push credential (APN and FCM, whose material
// Twilio never returns), and applying them imports everything with
// nothing to add, change or destroy; the next plan is empty.
func TestAccListResources_QueryGenerateConfigWebhooksAndCredentials(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	webhooks := e.seedWebhooks(3)
	for i := range 2 {
		e.seedCredential(verify.CredentialTypeAPN, fmt.Sprintf("iOS %d", i))
		e.seedCredential(verify.CredentialTypeFCM, fmt.Sprintf("Android %d", i))
	}
	e.mock.SetMaxPageSize(2)
	before := e.mock.Stats().Requests
	queryGenerateApply(t, e, e.webhookCredentialQueryFile(), len(webhooks)+4)
	after := e.mock.Stats().Requests
	for route, n := range after {
		if strings.HasPrefix(route, "POST ") && n != before[route] {
			t.Errorf("importing the generated configuration sent %d %s, want none", n-before[route], route)
		}
	}
}

// TestAccImportGeneratedConfigPlansCleanWebhooksAndCredentials is the route
// of Terraform 1.5+: import blocks by string ID and `plan
// -generate-config-out` for a webhook and an APN and an FCM credential made
// outside Terraform. The generated file lacks the credentials' material
// (Twilio never returns it), is valid, and imports everything with nothing
// added, changed or destroyed; the next plan is empty.
func TestAccImportGeneratedConfigPlansCleanWebhooksAndCredentials(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	webhook := e.seedWebhooks(2)[1]
	apn := e.seedCredential(verify.CredentialTypeAPN, "iOS production")
	fcm := e.seedCredential(verify.CredentialTypeFCM, "Android")
	block := func(to, id string) string { return fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n\n", to, id) }
	r := newCLIRun(t, map[string]string{"main.tf": e.providerBlock("") +
		block("twilio_verify_webhook.imported", webhookID(e.serviceSID, webhook.SID)) +
		block("twilio_verify_push_credential.apn", apn.SID) + block("twilio_verify_push_credential.fcm", fcm.SID),
	}, e.cliEnv()...)

	r.run("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(r.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(generated)
	for _, want := range []string{`status        = "disabled"`, `version       = "v1"`, `sandbox                = true`} {
		if !regexp.MustCompile(`(?m)^\s*` + strings.Join(strings.Fields(want), `\s+`) + `$`).MatchString(text) {
			t.Errorf("generated configuration lacks %s:\n%s", want, text)
		}
	}
	out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if !strings.Contains(out, "Resources: 3 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Errorf("applying the generated configuration did more than import:\n%s\ngenerated:\n%s", out, text)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after the import is not empty (%v):\n%s", err, out)
	}
}

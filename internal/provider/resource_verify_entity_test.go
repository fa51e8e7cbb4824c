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

const entityAddr = "twilio_verify_entity.test"

var entitySIDPattern = regexp.MustCompile(`^YE[0-9a-f]{32}$`)

func entityConfig(serviceSID, identity string) string {
	return fmt.Sprintf(`
resource "twilio_verify_entity" "test" {
  service_sid = %q
  identity    = %q
}
`, serviceSID, identity)
}

// checkEntitiesDestroyed asks the API that no entity of the state is left.
func (e *testEnv) checkEntitiesDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "twilio_verify_entity" {
			continue
		}
		a := rs.Primary.Attributes
		_, err := e.client.FetchEntity(e.t.Context(), a["service_sid"], a["identity"])
		if err == nil {
			return fmt.Errorf("entity %s still exists after destroy", a["id"])
		}
		if !verify.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func TestAccVerifyEntity_lifecycle(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	first, second := randomIdentity("erin"), randomIdentity("frank")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkEntitiesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.config(entityConfig(e.serviceSID, first)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(entityAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(entitySIDPattern)),
					statecheck.ExpectKnownValue(entityAddr, tfjsonpath.New("id"), knownvalue.StringExact(e.serviceSID+"/"+first)),
					statecheck.ExpectKnownValue(entityAddr, tfjsonpath.New("date_created"), knownvalue.NotNull()),
				},
				Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateEntities: 1, "GET " + mockverify.TemplateEntity: 0}),
			},
			{
				ResourceName:      entityAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  entityAddr,
				ImportState:   true,
				ImportStateId: e.serviceSID + "/x",
				ExpectError:   expectError("Unexpected format of import ID"),
			},
			{
				// A new identity replaces the entity.
				Config: e.config(entityConfig(e.serviceSID, second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(entityAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(entityAddr, tfjsonpath.New("identity"), knownvalue.StringExact(second)),
				},
				Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateEntities: 2, "DELETE " + mockverify.TemplateEntity: 1}),
			},
		},
	})
	if got := e.mock.Entities("", e.serviceSID); len(got) != 0 {
		t.Errorf("entities left: %v", got)
	}
}

func TestAccVerifyEntity_disappears(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("gina")
	cfg := e.config(entityConfig(e.serviceSID, identity))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkEntitiesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				Check:              func(*terraform.State) error { return e.client.DeleteEntity(t.Context(), e.serviceSID, identity) },
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(entityAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccVerifyEntity_alreadyExists: an entity a factor created implicitly
// is not claimed silently; the error says how to import it, and the import
// it names works.
func TestAccVerifyEntity_alreadyExists(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("hal")
	if _, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "totp", FriendlyName: "Existing",
	}); err != nil {
		t.Fatal(err)
	}
	cfg := e.config(entityConfig(e.serviceSID, identity))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: expectError(`(?s)Verify Entity Already Exists.*terraform import <address of this resource> ` + e.serviceSID + "/" + identity),
			},
			{
				Config:             cfg,
				ResourceName:       entityAddr,
				ImportState:        true,
				ImportStateId:      e.serviceSID + "/" + identity,
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccVerifyEntity_deletedWithFactors deletes an entity behind
// Terraform's back: its factors go with it, and all are planned again.
func TestAccVerifyEntity_deletedWithFactors(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("ida")
	cfg := e.config(entityConfig(e.serviceSID, identity) +
		totpResource(e.serviceSID, identity, "Ida's phone", "depends_on = [twilio_verify_entity.test]") + fmt.Sprintf(`
resource "twilio_verify_factor" "second" {
  service_sid   = %q
  identity      = twilio_verify_entity.test.identity
  factor_type   = "totp"
  friendly_name = "Ida's tablet"
}
`, e.serviceSID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(e.checkEntitiesDestroyed, e.checkDestroyed(identity)),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					n, err := e.factorCount(identity)
					if err != nil {
						return err
					}
					if n != 2 {
						return fmt.Errorf("%d factors, want 2", n)
					}
					return nil
				},
			},
			{
				// The entity is deleted behind Terraform's back: its
				// factors go with it, and all three are planned again.
				Config: cfg,
				PreConfig: func() {
					if err := e.client.DeleteEntity(t.Context(), e.serviceSID, identity); err != nil {
						t.Fatal(err)
					}
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(entityAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("twilio_verify_factor.second", plancheck.ResourceActionCreate),
					},
				},
			},
		},
	})
}

// TestAccVerifyEntity_destroyedBeforeItsFactor destroys an entity and its
// factor in one apply, the entity first (it depends on the factor, which
// created it implicitly and whose import adopted it): the entity's DELETE
// takes the factor with it, and the factor's DELETE then gets 404, which
// counts as destroyed.
func TestAccVerifyEntity_destroyedBeforeItsFactor(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("jan")
	factor := totpResource(e.serviceSID, identity, "Jan's phone", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.checkEntitiesDestroyed, e.checkDestroyed(identity),
			// The entity's DELETE came first; the factor's DELETE found nothing.
			e.expectRequests(map[string]int{"DELETE " + mockverify.TemplateEntity: 1, "DELETE " + mockverify.TemplateFactor: 1}),
			func(*terraform.State) error {
				if n := len(e.mock.Factors("", e.serviceSID, identity)); n != 0 {
					return fmt.Errorf("%d factors left", n)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{Config: e.config(factor)},
			{
				Config: e.config(factor + fmt.Sprintf(`
import {
  to = twilio_verify_entity.test
  id = "%[1]s/%[2]s"
}

resource "twilio_verify_entity" "test" {
  service_sid = %[1]q
  identity    = %[2]q
  depends_on  = [twilio_verify_factor.test]
}
`, e.serviceSID, identity)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(entityAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(entitySIDPattern)),
				},
			},
		},
	})
}

// TestAccVerifyEntity_badInputRefusedAtPlan proves through the mock's
// counters that invalid entity arguments send no request.
func TestAccVerifyEntity_badInputRefusedAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	cases := []struct{ serviceSID, identity, want string }{
		{e.serviceSID, "short", "identity UTF-8 character count must be between 8 and 64"},
		{e.serviceSID, "user_0001_underscore", "must be dash-separated alphanumeric characters"},
		{"VA123", "user-0001", "must be a Verify service SID"},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: e.config(entityConfig(c.serviceSID, c.identity)), PlanOnly: true, ExpectError: expectError(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
	if n := e.requests(""); n != 0 {
		t.Errorf("bad entity input sent %d requests, want 0: %v", n, e.mock.Stats().Requests)
	}
}

// TestAccLostCreateResponses loses the answer of every create: the service
// and then the entity that the lost creates made are named, with the
// import commands, and never created twice; importing them as told gives
// an empty plan.
func TestAccLostCreateResponses(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("lost")
	r := newCLIRun(t, map[string]string{"main.tf": cliTerraformBlock() + e.cliProvider("", e.baseURL, "") + fmt.Sprintf(`
resource "twilio_verify_service" "test" {
  friendly_name = "Lost Response"
}

resource "twilio_verify_entity" "test" {
  service_sid = twilio_verify_service.test.sid
  identity    = %q
}
`, identity)})
	lostApply := func(kind string) string {
		e.mock.SetFaults(mockverify.Faults{DropRate: 1})
		out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve")
		e.mock.SetFaults(mockverify.Faults{})
		if err == nil || !strings.Contains(out, "Verify "+kind+" May Have Been Created") {
			t.Fatalf("apply with lost answers: err=%v, want Verify %s May Have Been Created\n%s", err, kind, out)
		}
		return out
	}

	out := lostApply("Service")
	var lost []string
	for _, svc := range e.mock.Services("") {
		if svc.FriendlyName == "Lost Response" {
			lost = append(lost, svc.SID)
		}
	}
	if len(lost) != 1 || !strings.Contains(out, "terraform import <address of this resource> "+lost[0]) {
		t.Fatalf("services named Lost Response: %v; the error must name the one with its import command:\n%s", lost, out)
	}
	r.run("import", "-input=false", "-no-color", serviceAddr, lost[0])

	out = lostApply("Entity")
	importID := lost[0] + "/" + identity
	if got := e.mock.Entities("", lost[0]); len(got) != 1 || !strings.Contains(out, "terraform import <address of this resource> "+importID) {
		t.Fatalf("entities %v; the error must name the one with its import command:\n%s", got, out)
	}
	r.run("import", "-input=false", "-no-color", entityAddr, importID)

	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the imports is not empty (%v):\n%s", err, out)
	}
	// One create each: the lost ones were found, not resent.
	if got := e.requests("POST " + mockverify.TemplateServices); got != 1 {
		t.Errorf("%d service creates, want 1", got)
	}
	if got := e.requests("POST " + mockverify.TemplateEntities); got != 1 {
		t.Errorf("%d entity creates, want 1", got)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
}

// TestAccUnresolvedCreatesSayWhatIsKnown fails every service and entity
// create with a 5xx and no retries: the outcome is unknown, so the error
// says that the object may exist and how to find it, never "not created".
func TestAccUnresolvedCreatesSayWhatIsKnown(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	svc, err := e.mock.CreateService("", mockverify.ServiceParams{FriendlyName: "Existing"})
	if err != nil {
		t.Fatal(err)
	}
	provider := e.providerBlock("  max_retries = 0\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.mock.SetFaults(mockverify.Faults{ErrorRate: 1}) },
				Config:      provider + "resource \"twilio_verify_service\" \"test\" {\n  friendly_name = \"Unresolved\"\n}\n",
				ExpectError: regexp.MustCompile(`Verify Service May Have Been Created(.|\n)*twilio_verify_services`),
			},
			{
				PreConfig: func() { e.mock.SetFaults(mockverify.Faults{ErrorRate: 1}) },
				Config: provider + fmt.Sprintf("resource \"twilio_verify_entity\" \"test\" {\n  service_sid = %q\n  identity    = %q\n}\n",
					svc.SID, randomIdentity("unresolved")),
				ExpectError: regexp.MustCompile(`Verify Entity May Have Been Created(.|\n)*twilio_verify_entities`),
			},
		},
	})
}

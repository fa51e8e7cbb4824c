package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// The tests of resource identity need Terraform 1.12+ (`make testacc-next`
// runs them on 1.15.9); on older CLIs they skip, and the string-ID import
// tests of each resource cover the older route.

// importIdentityBlock renders an import block that imports the object with
// the given identity into to.
func importIdentityBlock(to string, identity map[string]string) string {
	names := make([]string, 0, len(identity))
	for name := range identity {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\nimport {\n  to = %s\n  identity = {\n", to)
	for _, name := range names {
		fmt.Fprintf(&b, "    %s = %q\n", name, identity[name])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// expectImport is a plan check that addr is imported by this plan.
type expectImport struct{ addr string }

// CheckPlan fails unless the plan imports c.addr.
func (c expectImport) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		if rc.Change == nil || rc.Change.Importing == nil {
			resp.Error = fmt.Errorf("%s is in the plan, but not as an import", c.addr)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// exactIdentity is the identity check of every attribute of identity.
func exactIdentity(identity map[string]string) map[string]knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(identity))
	for name, value := range identity {
		checks[name] = knownvalue.StringExact(value)
	}
	return checks
}

// identityImportSteps are the steps of an import by identity into addr of
// an object that exists outside Terraform: the plan imports it and changes
// nothing, the state holds its identity, and the next plan is empty.
func identityImportSteps(config, addr string, identity map[string]string) []resource.TestStep {
	return []resource.TestStep{{
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				expectImport{addr},
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, exactIdentity(identity))},
	}}
}

// atLeastTerraform112 skips a test on CLIs without resource identity.
var atLeastTerraform112 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func TestAccVerifyService_IdentityImportBlock(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	existing, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Existing Login"})
	if err != nil {
		t.Fatal(err)
	}
	identity := map[string]string{"sid": existing.SID}
	service := `
resource "twilio_verify_service" "test" {
  friendly_name = "Existing Login"
}
`
	steps := identityImportSteps(e.config(importIdentityBlock("twilio_verify_service.test", identity)+service),
		"twilio_verify_service.test", identity)
	// The identity Terraform stored imports the service again.
	steps = append(steps, resource.TestStep{
		Config: e.config(service), ResourceName: "twilio_verify_service.test", ImportState: true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		Steps:                    steps,
	})
}

func TestAccVerifyEntity_IdentityImportBlock(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	name := randomIdentity("ida")
	if _, err := e.client.CreateEntity(t.Context(), e.serviceSID, name); err != nil {
		t.Fatal(err)
	}
	identity := map[string]string{"service_sid": e.serviceSID, "identity": name}
	config := e.config(importIdentityBlock(entityAddr, identity) + entityConfig(e.serviceSID, name))
	steps := identityImportSteps(config, entityAddr, identity)
	// The identity Terraform stored imports the entity again.
	steps = append(steps, resource.TestStep{
		Config: e.config(entityConfig(e.serviceSID, name)), ResourceName: entityAddr, ImportState: true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		CheckDestroy:             e.checkEntitiesDestroyed,
		Steps:                    steps,
	})
}

func TestAccVerifyFactor_IdentityImportBlock(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	name := randomIdentity("ivo")
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: name, FactorType: verify.FactorTypeTOTP, FriendlyName: "Ivo's phone",
	})
	if err != nil {
		t.Fatal(err)
	}
	identity := map[string]string{"service_sid": e.serviceSID, "identity": name, "sid": created.SID}
	config := e.config(importIdentityBlock(factorAddr, identity) + totpResource(e.serviceSID, name, "Ivo's phone", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		CheckDestroy:             e.checkDestroyed(name),
		Steps:                    identityImportSteps(config, factorAddr, identity),
	})
}

// TestAccVerifyFactor_IdentityImportRefusesBadValues: a malformed identity
// fails before any request, naming the attribute.
func TestAccVerifyFactor_IdentityImportRefusesBadValues(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	cases := []struct {
		identity map[string]string
		want     string
	}{
		{map[string]string{"service_sid": "VA123", "identity": "user-0001", "sid": "YF" + strings.Repeat("0", 32)},
			"identity.service_sid of the import block is not valid"},
		{map[string]string{"service_sid": e.serviceSID, "identity": "user_0001", "sid": "YF" + strings.Repeat("0", 32)},
			"identity.identity of the import block is not valid"},
		{map[string]string{"service_sid": e.serviceSID, "identity": "user-0001", "sid": "YF12"},
			"identity.sid of the import block is not valid: .*must be a factor SID"},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.config(importIdentityBlock(factorAddr, c.identity) + totpResource(e.serviceSID, "user-0001", "Phone", "")),
			PlanOnly:    true,
			ExpectError: expectError(c.want),
		})
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

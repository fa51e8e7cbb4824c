package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

func TestAccDataSourceVerifyService(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	twinA, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Twin"})
	if err != nil {
		t.Fatal(err)
	}
	twinB, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Twin"})
	if err != nil {
		t.Fatal(err)
	}
	e.mock.SetMaxPageSize(1) // the lookup by name reads every page
	made := e.config(fmt.Sprintf(`
resource "twilio_verify_service" "made" {
  friendly_name = "Made Here"
  totp          = { issuer = "Made Inc" }
}

data "twilio_verify_service" "by_sid" {
  sid = %q
}

data "twilio_verify_service" "by_name" {
  friendly_name = twilio_verify_service.made.friendly_name
}
`, e.serviceSID))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: made,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.twilio_verify_service.by_sid", tfjsonpath.New("friendly_name"), knownvalue.StringExact("Acme Login")),
					statecheck.ExpectKnownValue("data.twilio_verify_service.by_sid", tfjsonpath.New("totp").AtMapKey("issuer"), knownvalue.StringExact("Acme Corp")),
					statecheck.ExpectKnownValue("data.twilio_verify_service.by_name", tfjsonpath.New("sid"), knownvalue.StringRegexp(serviceSIDPattern)),
					statecheck.ExpectKnownValue("data.twilio_verify_service.by_name", tfjsonpath.New("totp").AtMapKey("issuer"), knownvalue.StringExact("Made Inc")),
					statecheck.ExpectKnownValue("data.twilio_verify_service.by_name", tfjsonpath.New("code_length"), knownvalue.Int64Exact(6)),
				},
			},
			{
				Config:      e.config(`data "twilio_verify_service" "twin" { friendly_name = "Twin" }`),
				ExpectError: regexp.MustCompile(`(?s)Several Verify Services Match.*` + twinA.SID + `.*` + twinB.SID),
			},
			{
				Config:      e.config(`data "twilio_verify_service" "none" { friendly_name = "Nobody" }`),
				ExpectError: regexp.MustCompile(`(?s)Verify Service Not Found.*` + e.serviceSID),
			},
			{
				Config:      e.config(`data "twilio_verify_service" "none" { sid = "VA00000000000000000000000000000404" }`),
				ExpectError: expectError("Verify Service Not Found"),
			},
			{
				Config:      e.config(`data "twilio_verify_service" "both" {` + "\n" + `sid = "VA00000000000000000000000000000404"` + "\n" + `friendly_name = "x"` + "\n}"),
				ExpectError: expectError("Invalid Attribute Combination"),
			},
			{
				Config:      e.config(`data "twilio_verify_service" "neither" {}`),
				ExpectError: expectError("Missing Attribute Configuration"),
			},
			// A valid last step, which the final destroy uses.
			{Config: made},
		},
	})
}

func TestAccDataSourceVerifyServicesAndEntities(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	for i := range 4 {
		if _, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: fmt.Sprintf("Listed %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	identities := []string{randomIdentity("kim"), randomIdentity("lou"), randomIdentity("max")}
	for _, id := range identities {
		if _, err := e.client.CreateEntity(t.Context(), e.serviceSID, id); err != nil {
			t.Fatal(err)
		}
	}
	e.mock.SetMaxPageSize(2)
	before := e.requests("GET " + mockverify.TemplateServices)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
data "twilio_verify_services" "all" {}

data "twilio_verify_entities" "all" {
  service_sid = %q
}

data "twilio_verify_entities" "none" {
  service_sid = data.twilio_verify_services.all.services[1].sid
}
`, e.serviceSID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.twilio_verify_services.all", tfjsonpath.New("services"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.twilio_verify_services.all", tfjsonpath.New("services").AtSliceIndex(0).AtMapKey("sid"), knownvalue.StringExact(e.serviceSID)),
				statecheck.ExpectKnownValue("data.twilio_verify_services.all", tfjsonpath.New("services").AtSliceIndex(4).AtMapKey("friendly_name"), knownvalue.StringExact("Listed 3")),
				statecheck.ExpectKnownValue("data.twilio_verify_services.all", tfjsonpath.New("services").AtSliceIndex(0).AtMapKey("totp").AtMapKey("issuer"), knownvalue.StringExact("Acme Corp")),
				statecheck.ExpectKnownValue("data.twilio_verify_entities.all", tfjsonpath.New("entities"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"identity": knownvalue.StringExact(identities[0]), "sid": knownvalue.StringRegexp(entitySIDPattern)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"identity": knownvalue.StringExact(identities[1])}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"identity": knownvalue.StringExact(identities[2])}),
				})),
				statecheck.ExpectKnownValue("data.twilio_verify_entities.none", tfjsonpath.New("entities"), knownvalue.ListSizeExact(0)),
			},
			Check: func(*terraform.State) error {
				// 5 services at 2 a page: 3 pages per read.
				if got := e.requests("GET "+mockverify.TemplateServices) - before; got%3 != 0 || got == 0 {
					return fmt.Errorf("%d service list requests, want a multiple of 3 (3 pages per read)", got)
				}
				return nil
			},
		}},
	})
}

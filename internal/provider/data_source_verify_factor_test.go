package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

const factorDataAddr = "data.twilio_verify_factor.test"

func TestAccVerifyFactorDataSource_readsManagedFactor(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("single")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{{
			Config: e.config(totpResource(e.serviceSID, identity, "Phone", fmt.Sprintf("  binding_secret = %q\n  auto_verify    = true", knownSecret)) + fmt.Sprintf(`
data "twilio_verify_factor" "test" {
  service_sid = %q
  identity    = %q
  sid         = twilio_verify_factor.test.sid
}
`, e.serviceSID, identity)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs(factorDataAddr, tfjsonpath.New("sid"), factorAddr, tfjsonpath.New("sid"), compare.ValuesSame()),
				statecheck.CompareValuePairs(factorDataAddr, tfjsonpath.New("identity"), factorAddr, tfjsonpath.New("identity"), compare.ValuesSame()),
				statecheck.ExpectKnownValue(factorDataAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				statecheck.ExpectKnownValue(factorDataAddr, tfjsonpath.New("friendly_name"), knownvalue.StringExact("Phone")),
				statecheck.ExpectKnownValue(factorDataAddr, tfjsonpath.New("config_alg"), knownvalue.StringExact("sha1")),
				statecheck.ExpectKnownValue(factorDataAddr, tfjsonpath.New("config_time_step"), knownvalue.Int64Exact(30)),
			},
		}},
	})
}

func TestAccVerifyFactorDataSource_missingFactor(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("ghost")
	const sid = "YF0123456789abcdef0123456789abcdef"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
data "twilio_verify_factor" "test" {
  service_sid = %q
  identity    = %q
  sid         = %q
}
`, e.serviceSID, identity, sid)),
			ExpectError: expectError(fmt.Sprintf(`(?s)Verify Factor Not Found.*%s.*%s.*%s.*20404`, sid, identity, e.serviceSID)),
		}},
	})
}

package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

const factorsAddr = "data.twilio_verify_factors.test"

// seedFactors creates n TOTP factors named "factor N" for identity through
// the API, as factors made outside Terraform.
func (e *testEnv) seedFactors(t *testing.T, identity string, n int) []string {
	t.Helper()
	sids := make([]string, 0, n)
	for i := range n {
		f, err := e.client.CreateFactor(context.Background(), verify.CreateFactorParams{
			ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP,
			FriendlyName: fmt.Sprintf("factor %d", i),
		})
		if err != nil {
			t.Fatalf("seeding factor %d: %v", i, err)
		}
		sids = append(sids, f.SID)
	}
	return sids
}

func factorsDataSourceConfig(serviceSID, identity, filters string) string {
	return fmt.Sprintf(`
data "twilio_verify_factors" "test" {
  service_sid = %q
  identity    = %q
%s
}
`, serviceSID, identity, filters)
}

func TestAccVerifyFactorsDataSource_pagination(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{MaxPageSize: 4})
	e.requireMock()
	identity := randomIdentity("paged")
	sids := e.seedFactors(t, identity, 10)
	listRoute := "GET " + mockverify.TemplateFactors
	var before int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { before = e.requests(listRoute) },
			Config:    e.config(factorsDataSourceConfig(e.serviceSID, identity, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("id"), knownvalue.StringExact(e.serviceSID+"/"+identity)),
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors"), knownvalue.ListSizeExact(10)),
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(0).AtMapKey("sid"), knownvalue.StringExact(sids[0])),
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(9).AtMapKey("sid"), knownvalue.StringExact(sids[9])),
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(9).AtMapKey("friendly_name"), knownvalue.StringExact("factor 9")),
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(9).AtMapKey("config_time_step"), knownvalue.Int64Exact(30)),
			},
			Check: func(*terraform.State) error {
				// 10 factors at 4 a page: ceil(10/4) = 3 requests, one per page.
				if got := e.requests(listRoute) - before; got != 3 {
					return fmt.Errorf("listing 10 factors at a page cap of 4 took %d requests, want 3", got)
				}
				return nil
			},
		}},
	})
}

func TestAccVerifyFactorsDataSource_filtersAndEmptyEntity(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("filtered")
	e.seedFactors(t, identity, 3)
	if _, err := e.client.CreateFactor(context.Background(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypePush, FriendlyName: "Pixel",
		BindingAlg: "ES256", BindingPublicKey: verifytest.NewDeviceKey(t).PublicKey, ConfigAppID: "com.example.app",
		ConfigNotificationPlatform: "none", ConfigSdkVersion: "4.1.0",
	}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(factorsDataSourceConfig(e.serviceSID, identity, `  friendly_name = "factor 1"
  factor_type   = "totp"
  status        = "unverified"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(0).AtMapKey("friendly_name"), knownvalue.StringExact("factor 1")),
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(0).AtMapKey("push"), knownvalue.Null()),
				},
			},
			{
				Config: e.config(factorsDataSourceConfig(e.serviceSID, identity, `  factor_type = "push"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(0).AtMapKey("push"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"app_id": knownvalue.StringExact("com.example.app"), "notification_platform": knownvalue.StringExact("none"),
						"sdk_version": knownvalue.StringExact("4.1.0"),
					})),
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors").AtSliceIndex(0).AtMapKey("config_alg"), knownvalue.Null()),
				},
			},
			{
				Config: e.config(factorsDataSourceConfig(e.serviceSID, identity, `  status = "verified"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config: e.config(factorsDataSourceConfig(e.serviceSID, randomIdentity("nobody"), "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}

func TestAccVerifyFactorsDataSource_readsManagedFactors(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("managed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
resource "twilio_verify_factor" "phone" {
  service_sid    = %[1]q
  identity       = %[2]q
  factor_type    = "totp"
  friendly_name  = "Phone"
  binding_secret = %[3]q
  auto_verify    = true
}

resource "twilio_verify_factor" "tablet" {
  service_sid   = %[1]q
  identity      = %[2]q
  factor_type   = "totp"
  friendly_name = "Tablet"
}

data "twilio_verify_factors" "test" {
  service_sid = %[1]q
  identity    = %[2]q
  depends_on  = [twilio_verify_factor.phone, twilio_verify_factor.tablet]
}
`, e.serviceSID, identity, knownSecret)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(factorsAddr, tfjsonpath.New("factors"), knownvalue.ListSizeExact(2)),
			},
		}},
	})
}

// BenchmarkFactorsDataSourceList measures converting a 1000-factor list into
// the data source's list value.
func BenchmarkFactorsDataSourceList(b *testing.B) {
	factors := make([]verify.Factor, 1000)
	for i := range factors {
		factors[i] = *benchFactor()
	}
	attrTypes := factorDataAttrTypes()
	for b.Loop() {
		objects := make([]attr.Value, 0, len(factors))
		for i := range factors {
			m, _ := newFactorDataModel(&factors[i])
			object, diags := m.objectValue(attrTypes)
			if diags.HasError() {
				b.Fatal(diags)
			}
			objects = append(objects, object)
		}
		if _, diags := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, objects); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

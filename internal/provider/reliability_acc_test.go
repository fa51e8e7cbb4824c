package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// loadConfig declares n TOTP factors spread over four entities, applied by
// Terraform at its default -parallelism=10.
func (e *testEnv) loadConfig(n int) string {
	return e.providerBlock("  max_retries = 10\n") + fmt.Sprintf(`
resource "twilio_verify_factor" "load" {
  count         = %d
  service_sid   = %q
  identity      = format("load-user-%%02d", count.index %% 4)
  factor_type   = "totp"
  friendly_name = "Load factor ${count.index}"
}
`, n, e.serviceSID)
}

// testAccFaults applies 40 factors while the mock injects faults and checks
// that state holds 40 distinct factors the API has, that a second plan is
// empty (the framework plans again after every apply) and that destroy
// leaves none of them.
func testAccFaults(t *testing.T, faults mockverify.Faults, seed int64) {
	testAccFaultsN(t, mockverify.Options{Seed: seed}, faults, 40)
}

// testAccFaultsN is testAccFaults with n factors and a mock made with opts.
// A create whose answer was lost leaves its factor behind (it cannot be
// told from another process's; see create_recovery.go), so the API may
// hold more than n factors: each of those must be unverified (Twilio
// deletes it within a day) and is all that destroy leaves.
func testAccFaultsN(t *testing.T, opts mockverify.Options, faults mockverify.Faults, n int) {
	e := newTestEnv(t, opts)
	e.requireMock()
	leftBehind := map[string]bool{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		PreCheck:                 func() { e.mock.SetFaults(faults) },
		CheckDestroy: func(*terraform.State) error {
			for _, f := range e.mock.Factors(e.accountSID, e.serviceSID, "") {
				if !leftBehind[f.SID] {
					return fmt.Errorf("factor %s survived the destroy", f.SID)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: e.loadConfig(n),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(fmt.Sprintf("twilio_verify_factor.load.%d", n-1), "status", "unverified"),
				func(s *terraform.State) error {
					// Every factor in state is one the API has: none lost, none shared.
					live := map[string]string{}
					for _, f := range e.mock.Factors(e.accountSID, e.serviceSID, "") {
						live[f.SID] = f.Status
					}
					inState := map[string]string{}
					for addr, rs := range s.RootModule().Resources {
						if rs.Type != "twilio_verify_factor" {
							continue
						}
						sid := rs.Primary.Attributes["sid"]
						if _, ok := live[sid]; !ok {
							return fmt.Errorf("%s holds %s, which the API does not have", addr, sid)
						}
						if other, dup := inState[sid]; dup {
							return fmt.Errorf("%s and %s share factor %s", addr, other, sid)
						}
						inState[sid] = addr
						if rs.Primary.Attributes["binding_secret"] == "" {
							return fmt.Errorf("%s lost its generated secret", addr)
						}
					}
					if len(inState) != n {
						return fmt.Errorf("state holds %d factors, want %d", len(inState), n)
					}
					for sid, status := range live {
						if _, ok := inState[sid]; !ok {
							if status != "unverified" {
								return fmt.Errorf("factor %s is %s and in no resource", sid, status)
							}
							leftBehind[sid] = true
						}
					}
					return nil
				},
			),
		}},
	})
	t.Logf("requests served under faults: %+v; factors left behind by lost answers: %d", e.mock.Stats(), len(leftBehind))
}

func TestAccFaults_throttlingAndServerErrors(t *testing.T) {
	testAccFaults(t, mockverify.Faults{ThrottleRate: 0.25, ErrorRate: 0.10, RetryAfter: time.Second}, 20261125)
}

func TestAccFaults_lostCreateResponses(t *testing.T) {
	testAccFaults(t, mockverify.Faults{DropRate: 0.10}, 20261126)
}

func TestAccErrors_rejectedCredentials(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	cfg := fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {
  account_sid = %q
  auth_token  = "wrong-token"
  base_url    = %q
}
`, providerNamespace+"/twilio", e.accountSID, e.baseURL) + totpResource(e.serviceSID, "user-00000001", "Phone", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ExpectError: expectError(fmt.Sprintf(`(?s)Twilio Rejected the Credentials.*Account SID %s \(from provider attribute account_sid\) with its auth token \(from provider attribute auth_token\).*HTTP 401 with error 20003.*https://www.twilio.com/docs/errors/20003`,
				e.accountSID)),
		}},
	})
}

func TestAccErrors_serviceNotFound(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	const missing = "VAffffffffffffffffffffffffffffffff"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.config(totpResource(missing, "user-00000001", "Phone", "")),
			ExpectError: expectError(fmt.Sprintf(`(?s)Verify Service Not Found.*service %s does not exist in account %s.*20404`, missing, e.accountSID)),
		}},
	})
}

func TestAccErrors_tooManyFactors(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("full")
	key := verifytest.NewDeviceKey(t)
	for i := range 20 {
		_, err := e.client.CreateFactor(context.Background(), verify.CreateFactorParams{
			ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypePush, FriendlyName: fmt.Sprintf("Phone %d", i),
			BindingAlg: "ES256", BindingPublicKey: key.PublicKey, ConfigAppID: "com.example.app",
			ConfigNotificationPlatform: "none", ConfigSdkVersion: "4.1.0",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.config(pushResource(e.serviceSID, identity, key.PublicKey, "")),
			ExpectError: expectError(`(?s)Too Many Factors on Entity.*already has 20 push factors, at the limit of 20 push factors per entity.*60315`),
		}},
	})
}

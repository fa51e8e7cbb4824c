package provider

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

const factorAddr = "twilio_verify_factor.test"

// A TOTP secret known to the tests (base32, 32 characters).
const knownSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// checkDestroyed asks the API that identity has no factors left.
func (e *testEnv) checkDestroyed(identities ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, identity := range identities {
			n, err := e.factorCount(identity)
			if err != nil {
				return err
			}
			if n != 0 {
				return fmt.Errorf("entity %s still has %d factors after destroy", identity, n)
			}
		}
		return nil
	}
}

// expectRequests checks the mock's counters for route against want.
func (e *testEnv) expectRequests(want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		for route, n := range want {
			if got := e.requests(route); got != n {
				return fmt.Errorf("mock counted %d requests for %q, want %d (all: %v)", got, route, n, e.mock.Stats().Requests)
			}
		}
		return nil
	}
}

// totpResource renders a totp twilio_verify_factor named test.
func totpResource(serviceSID, identity, friendlyName, extra string) string {
	return fmt.Sprintf(`
resource "twilio_verify_factor" "test" {
  service_sid   = %q
  identity      = %q
  factor_type   = "totp"
  friendly_name = %q
%s
}
`, serviceSID, identity, friendlyName, extra)
}

// codeAt computes the TOTP code of knownSecret at t with Twilio's defaults.
func codeAt(t *testing.T, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(knownSecret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// wrongCode returns a six-digit code that differs from code.
func wrongCode(code string) string {
	n, _ := strconv.Atoi(code)
	return fmt.Sprintf("%06d", (n+500000)%1000000)
}

// frozenClock returns a clock stuck at a whole minute, so codes the test
// computes stay valid however long the test takes.
func frozenClock() (time.Time, func() time.Time) {
	at := time.Now().UTC().Truncate(time.Minute)
	return at, func() time.Time { return at }
}

func TestAccVerifyFactor_totpGeneratedSecret(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("alice")
	cfg := e.config(totpResource(e.serviceSID, identity, "Alice's phone", ""))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(factorSIDPattern)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("identity"), knownvalue.StringExact(identity)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z2-7]{16,}=*$`))),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.StringRegexp(regexp.MustCompile(`^otpauth://totp/`))),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_time_step"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_skew"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_code_length"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_alg"), knownvalue.StringExact("sha1")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkTOTPURI(factorAddr, "Acme Corp", "Alice's phone"),
					// Exactly one POST per create, no read-back GET.
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateFactors: 1, "GET " + mockverify.TemplateFactor: 0, "": 1}),
				),
			},
			{
				ResourceName:                         factorAddr,
				ImportState:                          true,
				ImportStateVerify:                    true,
				ImportStateIdFunc:                    importID(factorAddr),
				ImportStateVerifyIdentifierAttribute: "sid",
				ImportStateVerifyIgnore:              []string{"binding_secret", "binding_uri"},
			},
		},
	})
}

// checkTOTPURI checks that binding_uri carries the issuer, the account name
// and the secret in binding_secret, as authenticator apps read them.
func checkTOTPURI(addr, issuer, account string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[addr]
		if rs == nil {
			return fmt.Errorf("%s not in state", addr)
		}
		u, err := url.Parse(rs.Primary.Attributes["binding_uri"])
		if err != nil {
			return err
		}
		if u.Scheme != "otpauth" || u.Host != "totp" {
			return fmt.Errorf("binding_uri %s is not an otpauth://totp URI", u.Redacted())
		}
		if want := "/" + issuer + ":" + account; u.Path != want {
			return fmt.Errorf("binding_uri label is %q, want %q", u.Path, want)
		}
		q := u.Query()
		if q.Get("issuer") != issuer || q.Get("secret") != rs.Primary.Attributes["binding_secret"] ||
			q.Get("algorithm") != "SHA1" || q.Get("digits") != "6" || q.Get("period") != "30" {
			return fmt.Errorf("binding_uri query has issuer=%q algorithm=%q digits=%q period=%q, secret matches: %t",
				q.Get("issuer"), q.Get("algorithm"), q.Get("digits"), q.Get("period"), q.Get("secret") == rs.Primary.Attributes["binding_secret"])
		}
		return nil
	}
}

// importID returns the import ID of addr from state.
func importID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs := s.RootModule().Resources[addr]
		if rs == nil {
			return "", fmt.Errorf("%s not in state", addr)
		}
		a := rs.Primary.Attributes
		return a["service_sid"] + "/" + a["identity"] + "/" + a["sid"], nil
	}
}

func TestAccVerifyFactor_totpKnownSecretVerifiedWithCode(t *testing.T) {
	at, clock := frozenClock()
	e := newTestEnv(t, mockverify.Options{Now: clock})
	identity := randomIdentity("bob")
	vars := config.Variables{}
	cfg := e.config(`
variable "auth_payload" {
  type      = string
  default   = null
  sensitive = true
}
` + totpResource(e.serviceSID, identity, "Bob's authenticator", fmt.Sprintf(`  binding_secret = %q
  auth_payload   = var.auth_payload`, knownSecret)))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret"), knownvalue.StringExact(knownSecret)),
				},
			},
			{
				PreConfig: func() {
					code := codeAt(t, at)
					if realTwilio() {
						code = codeAt(t, time.Now())
					}
					vars["auth_payload"] = config.StringVariable(code)
				},
				Config:          cfg,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(factorAddr, tfjsonpath.New("status")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				},
				Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateFactors: 1, "POST " + mockverify.TemplateFactor: 1}),
			},
		},
	})
}

func TestAccVerifyFactor_autoVerify(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	known, generated := randomIdentity("carol"), randomIdentity("dave")
	cfg := e.config(e.autoVerifyConfig(known, generated))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(known, generated),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("twilio_verify_factor.known", tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				statecheck.ExpectKnownValue("twilio_verify_factor.generated", tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				statecheck.ExpectKnownValue("twilio_verify_factor.generated", tfjsonpath.New("config_code_length"), knownvalue.Int64Exact(8)),
			},
			// One create and one verification per factor.
			Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateFactors: 2, "POST " + mockverify.TemplateFactor: 2}),
		}},
	})
}

func TestAccVerifyFactor_wrongCodeOnCreate(t *testing.T) {
	at, clock := frozenClock()
	e := newTestEnv(t, mockverify.Options{Now: clock})
	identity := randomIdentity("erin")
	cfg := e.config(totpResource(e.serviceSID, identity, "Erin's phone", fmt.Sprintf(`  binding_secret = %q
  auth_payload   = %q`, knownSecret, wrongCode(codeAt(t, at)))))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: expectError(`(?s)Factor Verification Failed.*60311`),
			},
			{
				// The factor was kept in state, unverified, not orphaned; as
				// after any failed create, Terraform marks it tainted, so the
				// next apply replaces it.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(factorAddr, "status", "unverified"),
					func(*terraform.State) error {
						if n, err := e.factorCount(identity); err != nil || n != 1 {
							return fmt.Errorf("entity has %d factors (err %w), want exactly 1", n, err)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccVerifyFactor_wrongCodeOnUpdate(t *testing.T) {
	at, clock := frozenClock()
	e := newTestEnv(t, mockverify.Options{Now: clock})
	identity := randomIdentity("frank")
	base := totpResource(e.serviceSID, identity, "Frank's phone", fmt.Sprintf("  binding_secret = %q", knownSecret))
	wrong := totpResource(e.serviceSID, identity, "Frank's phone", fmt.Sprintf("  binding_secret = %q\n  auth_payload = %q", knownSecret, wrongCode(codeAt(t, at))))
	right := totpResource(e.serviceSID, identity, "Frank's phone", fmt.Sprintf("  binding_secret = %q\n  auth_payload = %q", knownSecret, codeAt(t, at)))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{Config: e.config(base)},
			{Config: e.config(wrong), ExpectError: expectError(`(?s)Factor Verification Failed.*60311`)},
			{
				// Nothing changed: the failed payload is not recorded, so
				// the next apply tries the configured payload again.
				Config: e.config(right),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				},
			},
		},
	})
}

// pushFactorConfig renders a push twilio_verify_factor for the tests: the
// device key publicKey of app com.example.authenticator, SDK 4.1.0.
type pushFactorConfig struct {
	name, serviceSID, identity, publicKey string
	platform, token                       string // an empty token is left unset
	metadata                              string // an HCL map; empty is left unset
	extra                                 string // more lines of the block
}

func (c pushFactorConfig) hcl() string {
	var optional strings.Builder
	if c.token != "" {
		fmt.Fprintf(&optional, "    notification_token    = %q\n", c.token)
	}
	rest := c.extra
	if c.metadata != "" {
		rest = "  metadata = " + c.metadata + "\n" + rest
	}
	return fmt.Sprintf(`
resource "twilio_verify_factor" %q {
  service_sid   = %q
  identity      = %q
  factor_type   = "push"
  friendly_name = "Pixel 9"
  push = {
    alg                   = "ES256"
    public_key            = %q
    app_id                = "com.example.authenticator"
    notification_platform = %q
    sdk_version           = "4.1.0"
%s  }
%s
}
`, c.name, c.serviceSID, c.identity, c.publicKey, c.platform, optional.String(), rest)
}

// pushResource renders a push factor named test, notified through FCM.
func pushResource(serviceSID, identity, publicKey, extra string) string {
	return pushFactorConfig{name: "test", serviceSID: serviceSID, identity: identity, publicKey: publicKey,
		platform: "fcm", token: "fcm-token-0123456789abcdef0123456789abcdef",
		metadata: `{ os = "Android", model = "Pixel 9" }`, extra: extra}.hcl()
}

func TestAccVerifyFactor_push(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("grace")
	key := verifytest.NewDeviceKey(t)
	var sid string
	vars := config.Variables{}
	cfg := e.config(`
variable "auth_payload" {
  type      = string
  default   = null
  sensitive = true
}
` + pushResource(e.serviceSID, identity, key.PublicKey, "  auth_payload = var.auth_payload"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push").AtMapKey("notification_platform"), knownvalue.StringExact("fcm")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push").AtMapKey("app_id"), knownvalue.StringExact("com.example.authenticator")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push").AtMapKey("alg"), knownvalue.StringExact("ES256")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
						"os": knownvalue.StringExact("Android"), "model": knownvalue.StringExact("Pixel 9"),
					})),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.Null()),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_time_step"), knownvalue.Null()),
				},
				Check: resource.TestCheckResourceAttrWith(factorAddr, "sid", func(v string) error { sid = v; return nil }),
			},
			{
				PreConfig:       func() { vars["auth_payload"] = config.StringVariable(key.Sign(t, sid)) },
				Config:          cfg,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				},
			},
			{
				ResourceName:                         factorAddr,
				ImportState:                          true,
				ImportStateVerify:                    true,
				ImportStateIdFunc:                    importID(factorAddr),
				ImportStateVerifyIdentifierAttribute: "sid",
				ImportStateVerifyIgnore:              []string{"auth_payload", "push.alg", "push.public_key"},
			},
		},
	})
}

func TestAccVerifyFactor_updateInPlace(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("heidi")
	before := map[string]int{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{Config: e.config(totpResource(e.serviceSID, identity, "Heidi's phone", ""))},
			{
				PreConfig: func() {
					if e.mock != nil {
						before = e.mock.Stats().Requests
					}
				},
				Config: e.config(totpResource(e.serviceSID, identity, "Heidi's new phone", `  config_time_step   = 60
  config_skew        = 2
  config_code_length = 8
  config_alg         = "sha512"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("friendly_name"), knownvalue.StringExact("Heidi's new phone")),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_time_step"), knownvalue.Int64Exact(60)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_skew"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_code_length"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("config_alg"), knownvalue.StringExact("sha512")),
				},
				Check: func(*terraform.State) error {
					if e.mock == nil {
						return nil
					}
					after := e.mock.Stats().Requests
					// One refresh GET (plan) and one refresh GET (apply) at most, one update POST, no create.
					if d := after["POST "+mockverify.TemplateFactor] - before["POST "+mockverify.TemplateFactor]; d != 1 {
						return fmt.Errorf("update sent %d POSTs, want 1", d)
					}
					if d := after["POST "+mockverify.TemplateFactors] - before["POST "+mockverify.TemplateFactors]; d != 0 {
						return fmt.Errorf("update sent %d create POSTs, want 0", d)
					}
					return nil
				},
			},
			{
				// Removing optional config keeps the API's values: no diff.
				Config:   e.config(totpResource(e.serviceSID, identity, "Heidi's new phone", "")),
				PlanOnly: true,
			},
		},
	})
}

func TestAccVerifyFactor_replace(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock() // needs a second service
	other, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	identity, identity2 := randomIdentity("ivan"), randomIdentity("judy")
	key := verifytest.NewDeviceKey(t)
	replaced := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionDestroyBeforeCreate)},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity, identity2),
		Steps: []resource.TestStep{
			{Config: e.config(totpResource(e.serviceSID, identity, "Ivan", ""))},
			{Config: e.config(totpResource(e.serviceSID, identity2, "Ivan", "")), ConfigPlanChecks: replaced},
			{Config: e.config(totpResource(other.SID, identity2, "Ivan", "")), ConfigPlanChecks: replaced},
			{Config: e.config(pushResource(other.SID, identity2, key.PublicKey, "")), ConfigPlanChecks: replaced},
			{
				Config:           e.config(pushResourceWithMetadata(other.SID, identity2, key.PublicKey, `{ os = "iOS" }`)),
				ConfigPlanChecks: replaced,
				Check: func(*terraform.State) error {
					// Each replacement deleted the old factor: one left in all.
					if n := len(e.mock.Factors(e.accountSID, other.SID, "")) + len(e.mock.Factors(e.accountSID, e.serviceSID, "")); n != 1 {
						return fmt.Errorf("%d factors exist, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// pushResourceWithMetadata renders a polling push factor named test with
// the given metadata.
func pushResourceWithMetadata(serviceSID, identity, publicKey, metadata string) string {
	return pushFactorConfig{name: "test", serviceSID: serviceSID, identity: identity, publicKey: publicKey,
		platform: "none", metadata: metadata}.hcl()
}

// importFactorBlock renders an import block that imports id into
// twilio_verify_factor.test.
func importFactorBlock(id string) string {
	return fmt.Sprintf(`
import {
  to = twilio_verify_factor.test
  id = %q
}
`, id)
}

// factorUpdates returns how many factor updates (POSTs to a factor) the
// mock has answered so far; 0 against real Twilio, where it is not counted.
func (e *testEnv) factorUpdates() int {
	if e.mock == nil {
		return 0
	}
	return e.requests("POST " + mockverify.TemplateFactor)
}

func TestAccVerifyFactor_importAdoptsSecretWithoutReplacing(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("ken")
	// A factor created outside Terraform, whose secret its owner knows.
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "totp", FriendlyName: "Ken's phone", BindingSecret: knownSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.config(importFactorBlock(ids.Factor(e.serviceSID, identity, created.SID)) +
		totpResource(e.serviceSID, identity, "Ken's phone", fmt.Sprintf("  binding_secret = %q", knownSecret)))
	postsBefore := e.factorUpdates()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					// Imported, and the secret recorded in place: no replacement.
					plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(factorAddr, tfjsonpath.New("sid"), knownvalue.StringExact(created.SID)),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("sid"), knownvalue.StringExact(created.SID)),
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret"), knownvalue.StringExact(knownSecret)),
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.Null()),
			},
			// Recording the secret sent no update request.
			Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateFactor: postsBefore}),
		}},
	})
}

// TestAccVerifyFactor_importAdoptsDeviceKeyWithoutReplacing imports a push
// factor, whose device key the API never returns, with a configuration that
// sets it: push.alg and push.public_key are recorded, nothing is replaced
// and no request is sent.
func TestAccVerifyFactor_importAdoptsDeviceKeyWithoutReplacing(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("lena")
	key := verifytest.NewDeviceKey(t)
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "push", FriendlyName: "Pixel 9",
		BindingAlg: "ES256", BindingPublicKey: key.PublicKey, ConfigAppID: "com.example.authenticator",
		ConfigNotificationPlatform: "fcm", ConfigNotificationToken: "fcm-token-0123456789abcdef0123456789abcdef",
		ConfigSdkVersion: "4.1.0", Metadata: map[string]string{"os": "Android", "model": "Pixel 9"},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.config(importFactorBlock(ids.Factor(e.serviceSID, identity, created.SID)) + pushResource(e.serviceSID, identity, key.PublicKey, ""))
	postsBefore := e.factorUpdates()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("sid"), knownvalue.StringExact(created.SID)),
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push").AtMapKey("public_key"), knownvalue.StringExact(key.PublicKey)),
				statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("push").AtMapKey("alg"), knownvalue.StringExact("ES256")),
			},
			Check: e.expectRequests(map[string]int{"POST " + mockverify.TemplateFactor: postsBefore}),
		}},
	})
}

func TestAccVerifyFactor_importMalformedID(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	var steps []resource.TestStep
	for _, id := range []string{
		"YF0123456789abcdef0123456789abcdef",
		e.serviceSID + "/user-00000001",
		e.serviceSID + "/user-00000001/YF0123456789abcdef0123456789abcdef/extra",
		"VA123/user-00000001/YF0123456789abcdef0123456789abcdef",
		e.serviceSID + "/short/YF0123456789abcdef0123456789abcdef",
		e.serviceSID + "/user_00000001/YF0123456789abcdef0123456789abcdef",
		e.serviceSID + "/user-00000001/YE0123456789abcdef0123456789abcdef",
	} {
		steps = append(steps, resource.TestStep{
			Config:      e.config(importFactorBlock(id) + totpResource(e.serviceSID, "user-00000001", "Import target", "")),
			PlanOnly:    true,
			ExpectError: expectError(`Unexpected format of import ID`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if n := e.requests(""); n != 0 {
		t.Errorf("malformed import IDs sent %d requests, want 0: %v", n, e.mock.Stats().Requests)
	}
}

func TestAccVerifyFactor_disappears(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("leo")
	cfg := e.config(totpResource(e.serviceSID, identity, "Leo's phone", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					a := s.RootModule().Resources[factorAddr].Primary.Attributes
					// Deleted behind Terraform's back.
					return e.client.DeleteFactor(t.Context(), a["service_sid"], a["identity"], a["sid"])
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
				},
			},
		},
	})
}

func TestAccVerifyFactor_WriteOnlySecret(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("wo")
	cfg := func(version int) string {
		return e.config(totpResource(e.serviceSID, identity, "Write-only secret", fmt.Sprintf(`  binding_secret_wo         = %q
  binding_secret_wo_version = %d
  auto_verify               = true`, knownSecret, version)))
	}
	noSecretInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_secret"), knownvalue.Null()),
		statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.Null()),
		// auto_verify read the secret from the configuration during apply.
		statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
	}
	secretSent := func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		for _, f := range e.mock.Factors(e.accountSID, e.serviceSID, identity) {
			if f.Secret != knownSecret {
				return fmt.Errorf("factor %s has another secret than the write-only value", f.SID)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{Config: cfg(1), ConfigStateChecks: noSecretInState, Check: secretSent},
			{
				Config: cfg(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: noSecretInState,
				Check:             secretSent,
			},
		},
	})
}

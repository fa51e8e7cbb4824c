package provider

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// An imported factor whose secret and auto_verify are configured in the
// same change is verified by that one apply, with the plan's secret.
func TestAccStateNeverLies_importWithSecretAndAutoVerify(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("imported")
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "totp", FriendlyName: "Phone", BindingSecret: knownSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	id := ids.Factor(e.serviceSID, identity, created.SID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config:             e.config(totpResource(e.serviceSID, identity, "Phone", "")),
				ResourceName:       factorAddr,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				Config: e.config(totpResource(e.serviceSID, identity, "Phone", fmt.Sprintf("  binding_secret = %q\n  auto_verify = true", knownSecret))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("sid"), knownvalue.StringExact(created.SID)),
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("status"), knownvalue.StringExact("verified")),
				},
			},
		},
	})
}

// After an in-place change of the name or the code settings, binding_uri
// describes the factor as it now is: the plan shows it changing and state
// holds the new label, algorithm, digits and period with the same secret
// and issuer.
func TestAccStateNeverLies_bindingURIFollowsInPlaceChanges(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("relabel")
	wantURI := regexp.MustCompile(`^otpauth://totp/Acme%20Corp:Work%20laptop\?secret=[A-Z2-7]+&issuer=Acme%20Corp&algorithm=SHA256&digits=8&period=60$`)
	var secret string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{
			{
				Config: e.config(totpResource(e.serviceSID, identity, "Phone", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"),
						knownvalue.StringRegexp(regexp.MustCompile(`^otpauth://totp/Acme%20Corp:Phone\?.*&digits=6&period=30$`))),
				},
				Check: func(s *terraform.State) error {
					secret = s.RootModule().Resources[factorAddr].Primary.Attributes["binding_secret"]
					return nil
				},
			},
			{
				Config: e.config(totpResource(e.serviceSID, identity, "Work laptop", `  config_alg         = "sha256"
  config_code_length = 8
  config_time_step   = 60`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(factorAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.StringRegexp(wantURI)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("binding_uri"), knownvalue.StringRegexp(wantURI)),
				},
				Check: func(s *terraform.State) error {
					uri := s.RootModule().Resources[factorAddr].Primary.Attributes["binding_uri"]
					if secret == "" || !strings.Contains(uri, "secret="+secret+"&") {
						return fmt.Errorf("binding_uri %q does not carry the factor's secret %q", uri, secret)
					}
					return nil
				},
			},
			{
				Config: e.config(totpResource(e.serviceSID, identity, "Work laptop", `  config_alg         = "sha256"
  config_code_length = 8
  config_time_step   = 60`)),
				PlanOnly: true,
			},
		},
	})
}

// A Read answered with a bare {} (or another factor) is an error and
// leaves state as it was, instead of wiping the factor's identity.
func TestAccStateNeverLies_readAnswerThatIsNotTheFactor(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	var lie atomic.Pointer[string]
	lie.Store(new(string))
	e.frontMock(func(w http.ResponseWriter, r *http.Request, mock http.Handler) {
		if body := *lie.Load(); body != "" && r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/Factors/YF") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
			return
		}
		mock.ServeHTTP(w, r)
	})
	identity := randomIdentity("liar")
	cfg := e.config(totpResource(e.serviceSID, identity, "Phone", ""))
	var sid string
	steps := []resource.TestStep{{
		Config: cfg,
		Check: func(s *terraform.State) error {
			sid = s.RootModule().Resources[factorAddr].Primary.Attributes["sid"]
			return nil
		},
	}}
	for _, body := range []string{`{}`, `{"sid":"YFffffffffffffffffffffffffffffffff","service_sid":"` + e.serviceSID + `","identity":"` + identity + `"}`} {
		steps = append(steps, resource.TestStep{
			PreConfig:   func() { lie.Store(&body) },
			Config:      cfg,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Error Reading Verify Factor.*does not describe the factor`),
		})
	}
	steps = append(steps, resource.TestStep{
		PreConfig: func() { lie.Store(new(string)) },
		Config:    cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(factorAddr, tfjsonpath.New("identity"), knownvalue.StringExact(identity)),
		},
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		Check: func(s *terraform.State) error {
			if got := s.RootModule().Resources[factorAddr].Primary.Attributes["sid"]; got != sid {
				return fmt.Errorf("sid in state is %q, want %q", got, sid)
			}
			return nil
		},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps:                    steps,
	})
}

// readLie is an object whose GET a hostile proxy answers with a body that
// is not the object, complete.
type readLie struct {
	addr, kind, summary string
	config              func(e *testEnv, identity string) string
	// path and idsOnly give, from the object's state attributes, the path
	// of its GET and an answer holding only its ids.
	path, idsOnly func(a map[string]string) string
}

// readLies are the objects whose Reads TestAccStateNeverLies_incompleteReadAnswers lies to.
func readLies() map[string]readLie {
	return map[string]readLie{
		"service": {
			addr: serviceAddr, kind: "service", summary: "Error Reading Verify Service",
			config: func(e *testEnv, _ string) string {
				return e.config(serviceConfig(`  friendly_name = "Lied About"`))
			},
			path: func(a map[string]string) string { return "/v2/Services/" + a["sid"] },
			idsOnly: func(a map[string]string) string {
				return fmt.Sprintf(`{"sid":%q,"account_sid":%q}`, a["sid"], mockverify.DefaultAccountSID)
			},
		},
		"entity": {
			addr: entityAddr, kind: "entity", summary: "Error Reading Verify Entity",
			config: func(e *testEnv, identity string) string { return e.config(entityConfig(e.serviceSID, identity)) },
			path: func(a map[string]string) string {
				return "/v2/Services/" + a["service_sid"] + "/Entities/" + a["identity"]
			},
			idsOnly: func(a map[string]string) string {
				return fmt.Sprintf(`{"sid":%q,"service_sid":%q,"identity":%q}`, a["sid"], a["service_sid"], a["identity"])
			},
		},
		"factor": {
			addr: factorAddr, kind: "factor", summary: "Error Reading Verify Factor",
			config: func(e *testEnv, identity string) string {
				return e.config(totpResource(e.serviceSID, identity, "Phone", ""))
			},
			path: func(a map[string]string) string {
				return "/v2/Services/" + a["service_sid"] + "/Entities/" + a["identity"] + "/Factors/" + a["sid"]
			},
			idsOnly: func(a map[string]string) string {
				return fmt.Sprintf(`{"sid":%q,"service_sid":%q,"identity":%q}`, a["sid"], a["service_sid"], a["identity"])
			},
		},
	}
}

// A Read answered with {} or with only the object's ids (a service, an
// entity, a factor) fails with an error and keeps the state: once the
// answers are true again, the plan is empty (nothing replaced).
func TestAccStateNeverLies_incompleteReadAnswers(t *testing.T) {
	for name, tc := range readLies() {
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t, mockverify.Options{})
			p := e.newHostileProxy(t)
			e.baseURL = p.URL
			identity := randomIdentity("liar")
			cfg := tc.config(e, identity)
			var before map[string]string
			lie := func(body func(map[string]string) string) func() {
				return func() {
					path, answer := tc.path(before), body(before)
					p.set(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
						if r.Method == http.MethodGet && r.URL.Path == path {
							w.Header().Set("Content-Type", "application/json")
							_, _ = w.Write([]byte(answer))
							return
						}
						upstream.ServeHTTP(w, r)
					})
				}
			}
			steps := []resource.TestStep{{
				Config: cfg,
				Check: func(s *terraform.State) error {
					before = s.RootModule().Resources[tc.addr].Primary.Attributes
					return nil
				},
			}}
			for _, body := range []func(map[string]string) string{func(map[string]string) string { return `{}` }, tc.idsOnly} {
				steps = append(steps, resource.TestStep{
					PreConfig:   lie(body),
					Config:      cfg,
					PlanOnly:    true,
					ExpectError: expectError(`(?s)` + tc.summary + `.*Twilio's answer was refused.*does not describe the ` + tc.kind + ` asked for`),
				})
			}
			steps = append(steps, resource.TestStep{
				PreConfig:        func() { p.set(nil) },
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					after := s.RootModule().Resources[tc.addr].Primary.Attributes
					for k, v := range before {
						if after[k] != v {
							return fmt.Errorf("%s = %q after the lies, was %q", k, after[k], v)
						}
					}
					return nil
				},
			})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy: func(s *terraform.State) error {
					return errors.Join(e.checkServicesDestroyed(s), e.checkEntitiesDestroyed(s), e.checkDestroyed(identity)(s))
				},
				Steps: steps,
			})
		})
	}
}

// The twilio_verify_service data source refuses a service answer of only
// ids, fetched by sid or listed when looked up by name.
func TestAccStateNeverLies_serviceDataSourceAnswers(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	p := e.newHostileProxy(t)
	e.baseURL = p.URL
	idsOnly := fmt.Sprintf(`{"sid":%q,"account_sid":%q}`, e.serviceSID, e.accountSID)
	p.set(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/Services/" + e.serviceSID:
			_, _ = w.Write([]byte(idsOnly))
		case "/v2/Services":
			_, _ = fmt.Fprintf(w, `{"services":[%s],"meta":{"key":"services","next_page_url":null}}`, idsOnly)
		default:
			upstream.ServeHTTP(w, r)
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config(fmt.Sprintf(`data "twilio_verify_service" "by_sid" { sid = %q }`, e.serviceSID)),
				ExpectError: expectError(`(?s)Error Reading Verify Service.*has no friendly_name, so it does not describe the service asked for`),
			},
			{
				Config:      e.config(`data "twilio_verify_service" "by_name" { friendly_name = "Acme Login" }`),
				ExpectError: expectError(`(?s)Error Listing Verify Services.*has no friendly_name, so it does not describe the service asked for`),
			},
		},
	})
}

// A create whose outcome is unknown (server errors, a timeout) does not
// claim that nothing was created: it says a factor may exist and how to
// find it.
func TestAccStateNeverLies_unknownCreateOutcome(t *testing.T) {
	for name, tc := range map[string]struct {
		faults  mockverify.Faults
		timeout string
	}{
		"server errors": {faults: mockverify.Faults{ErrorRate: 1}, timeout: "30s"},
		"timeout":       {faults: mockverify.Faults{Latency: 1500 * time.Millisecond}, timeout: "500ms"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t, mockverify.Options{})
			e.requireMock()
			identity := randomIdentity("unsure")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				PreCheck:                 func() { e.mock.SetFaults(tc.faults) },
				Steps: []resource.TestStep{{
					Config: e.providerBlock(fmt.Sprintf("  max_retries = 0\n  request_timeout = %q\n", tc.timeout)) +
						totpResource(e.serviceSID, identity, "Phone", ""),
					ExpectError: expectError(`(?s)Verify Factor May Have Been Created.*may have reached Twilio.*twilio_verify_factors data source.*identity = "` + identity + `".*terraform import`),
				}},
			})
		})
	}
}

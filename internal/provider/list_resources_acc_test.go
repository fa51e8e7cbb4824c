package provider

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// The tests of list resources and `terraform query` need Terraform 1.14+
// (`make testacc-next` runs them on 1.15.9); on older CLIs they skip.

// atLeastTerraform114 skips a test on CLIs without list resources.
var atLeastTerraform114 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// skipWithoutQuery skips a test that runs the CLI itself when the CLI has no
// `terraform query`: Terraform before 1.14, and OpenTofu.
func (r *cliRun) skipWithoutQuery() {
	r.t.Helper()
	first, _, _ := strings.Cut(r.run("version"), "\n")
	number, isTerraform := strings.CutPrefix(first, "Terraform v")
	v, err := version.NewVersion(number)
	if !isTerraform || err != nil || v.LessThan(tfversion.Version1_14_0) {
		r.t.Skipf("needs terraform query (Terraform 1.14+), not %s", first)
	}
}

// seedTOTPFactors creates perEntity TOTP factors on each of the entities
// named prefix-0000, prefix-0001, ... outside Terraform, and returns them.
func (e *testEnv) seedTOTPFactors(prefix string, entities, perEntity int) []verify.Factor {
	e.t.Helper()
	var factors []verify.Factor
	for i := range entities {
		identity := fmt.Sprintf("%s-%04d", prefix, i)
		for j := range perEntity {
			created, err := e.client.CreateFactor(e.t.Context(), verify.CreateFactorParams{
				ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP,
				FriendlyName: fmt.Sprintf("Phone %d of %s", j, identity),
			})
			if err != nil {
				e.t.Fatal(err)
			}
			factors = append(factors, created.Factor)
		}
	}
	return factors
}

// seedPushFactor creates a push factor outside Terraform, as the Verify
// Push SDK of a device does, and returns it.
func (e *testEnv) seedPushFactor(identity, friendlyName string) verify.Factor {
	e.t.Helper()
	created, err := e.client.CreateFactor(e.t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypePush, FriendlyName: friendlyName,
		BindingAlg: pushBindingAlgorithm, BindingPublicKey: verifytest.NewDeviceKey(e.t).PublicKey,
		ConfigAppID: "com.example.authenticator", ConfigNotificationPlatform: notificationPlatformNone, ConfigSdkVersion: "4.1.0",
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return created.Factor
}

// queryFile is a `*.tfquery.hcl` file listing the services, the entities of
// the test's service, and the factors of all its entities.
func (e *testEnv) queryFile(includeResource bool) string {
	return fmt.Sprintf(`
list "twilio_verify_service" "all" {
  provider         = twilio
  include_resource = %[2]t
  limit            = 1000
}

list "twilio_verify_entity" "all" {
  provider         = twilio
  include_resource = %[2]t
  limit            = 1000
  config {
    service_sid = %[1]q
  }
}

list "twilio_verify_factor" "all" {
  provider         = twilio
  include_resource = %[2]t
  limit            = 1000
  config {
    service_sid = %[1]q
  }
}
`, e.serviceSID, includeResource)
}

// TestAccListResources_Query lists services, entities and factors over
// several pages with `terraform query`: every object once, with its
// identity, its display name and, with include_resource, its attributes.
func TestAccListResources_Query(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	for i := range 2 {
		if _, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: fmt.Sprintf("Other %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	prefix := randomIdentity("lq")
	totp := e.seedTOTPFactors(prefix, 3, 2)
	push := e.seedPushFactor(prefix+"-0001", "Alice's Pixel")
	// A passkeys factor, which twilio_verify_factor cannot manage: the
	// factor list leaves it out.
	e.seedPasskeysFactor(prefix+"-0002", "Bob's laptop")
	e.mock.SetMaxPageSize(2) // 3 services, 3 entities, 2 or 3 factors each: every list has two pages

	first := totp[0]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform114,
		Steps: []resource.TestStep{
			{Config: e.config("")},
			{
				Query:  true,
				Config: e.queryFile(true),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("twilio_verify_service.all", 3),
					querycheck.ExpectLength("twilio_verify_entity.all", 3),
					querycheck.ExpectLength("twilio_verify_factor.all", len(totp)+1),
					querycheck.ExpectIdentity("twilio_verify_factor.all", map[string]knownvalue.Check{
						"service_sid": knownvalue.StringExact(e.serviceSID), "identity": knownvalue.StringExact(first.Identity),
						"sid": knownvalue.StringExact(first.SID),
					}),
					querycheck.ExpectIdentity("twilio_verify_entity.all", map[string]knownvalue.Check{
						"service_sid": knownvalue.StringExact(e.serviceSID), "identity": knownvalue.StringExact(prefix + "-0002"),
					}),
					querycheck.ExpectIdentity("twilio_verify_service.all", map[string]knownvalue.Check{
						"sid": knownvalue.StringExact(e.serviceSID),
					}),
					querycheck.ExpectResourceDisplayName("twilio_verify_factor.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"service_sid": knownvalue.StringExact(e.serviceSID), "identity": knownvalue.StringExact(push.Identity),
							"sid": knownvalue.StringExact(push.SID),
						}),
						knownvalue.StringExact("Alice's Pixel (push, "+push.SID+")")),
					querycheck.ExpectResourceDisplayName("twilio_verify_service.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sid": knownvalue.StringExact(e.serviceSID)}),
						knownvalue.StringExact("Acme Login ("+e.serviceSID+")")),
					querycheck.ExpectResourceKnownValues("twilio_verify_factor.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"service_sid": knownvalue.StringExact(e.serviceSID), "identity": knownvalue.StringExact(first.Identity),
							"sid": knownvalue.StringExact(first.SID),
						}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("friendly_name"), KnownValue: knownvalue.StringExact(first.FriendlyName)},
							{Path: tfjsonpath.New("config_time_step"), KnownValue: knownvalue.Int64Exact(30)},
							{Path: tfjsonpath.New("binding_secret"), KnownValue: knownvalue.Null()},
						}),
				},
			},
		},
	})
}

// TestAccListResources_QueryRefusesBadConfig: a malformed service SID in a
// list block fails at plan, before any request.
func TestAccListResources_QueryRefusesBadConfig(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	r := newCLIRun(t, map[string]string{
		"main.tf": cliTerraformBlock() + e.cliProvider("", e.baseURL, ""),
		"bad.tfquery.hcl": `
list "twilio_verify_factor" "bad" {
  provider = twilio
  config {
    service_sid = "VA123"
    identity    = "user_0001"
  }
}
`,
	}, e.cliEnv()...)
	r.skipWithoutQuery()
	before := e.requests("")
	out, err := r.try("query", "-no-color")
	if err == nil {
		t.Fatalf("terraform query accepted a malformed service SID:\n%s", out)
	}
	for _, want := range []string{"must be a Verify service SID", "must be dash-separated alphanumeric characters"} {
		if !regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`)).MatchString(out) {
			t.Errorf("terraform query's error does not say %q:\n%s", want, out)
		}
	}
	if n := e.requests("") - before; n != 0 {
		t.Errorf("a malformed list block sent %d requests, want 0", n)
	}
}

// queryGenerateApply runs `terraform query -generate-config-out` over the
// query file, then applies the generated file, which must import every
// listed object (wantImports) and change nothing; the next plan must be
// empty.
func queryGenerateApply(t *testing.T, e *testEnv, query string, wantImports int) {
	t.Helper()
	r := newCLIRun(t, map[string]string{
		"main.tf":         cliTerraformBlock() + e.cliProvider("", e.baseURL, ""),
		"all.tfquery.hcl": query,
	}, e.cliEnv()...)
	r.skipWithoutQuery()
	r.run("init", "-input=false", "-no-color")
	r.run("query", "-no-color", "-generate-config-out=generated.tf")
	out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
	want := fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", wantImports)
	if !strings.Contains(out, want) {
		t.Fatalf("applying the generated configuration did not say %q:\n%s", want, out)
	}
	if out := r.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after the import is not empty:\n%s", out)
	}
}

// TestAccListResources_QueryGenerateConfig: `terraform query
// -generate-config-out` writes import and resource blocks for every
// service, entity and TOTP factor (over several pages), and applying them
// imports everything with nothing to add, change or destroy.
func TestAccListResources_QueryGenerateConfig(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	if _, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Other Login", TotpIssuer: "Other Corp"}); err != nil {
		t.Fatal(err)
	}
	factors := e.seedTOTPFactors(randomIdentity("gq"), 3, 3)
	e.mock.SetMaxPageSize(2)
	// 2 services, 3 entities, 9 factors.
	queryGenerateApply(t, e, e.queryFile(true), 2+3+len(factors))
}

// TestAccListResources_QueryGenerateConfigPush is the same for push
// factors, whose device key and notification token Twilio never returns.
func TestAccListResources_QueryGenerateConfigPush(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	prefix := randomIdentity("gp")
	for i := range 3 {
		e.seedPushFactor(fmt.Sprintf("%s-%04d", prefix, i), fmt.Sprintf("Pixel %d", i))
	}
	e.mock.SetMaxPageSize(2)
	// 1 service, 3 entities, 3 factors.
	queryGenerateApply(t, e, e.queryFile(true), 1+3+3)
}

// TestAccListResources_QueryRequestsAtTheFloor: a query of 300 factors over
// 10 entities costs one entity list and one factor list per entity, one
// request per page of each, and nothing per factor: at Twilio's page size
// (1000) 1 + 10 requests, at a page size of 7 2 + 10 x 5.
func TestAccListResources_QueryRequestsAtTheFloor(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	const entities, perEntity = 10, 30
	r := newCLIRun(t, map[string]string{
		"main.tf": cliTerraformBlock() + e.cliProvider("", e.baseURL, ""),
		"factors.tfquery.hcl": fmt.Sprintf(`
list "twilio_verify_factor" "all" {
  provider         = twilio
  include_resource = true
  limit            = 1000
  config {
    service_sid = %q
  }
}
`, e.serviceSID),
	}, e.cliEnv()...)
	r.skipWithoutQuery()
	e.seedTOTPFactors(randomIdentity("fq"), entities, perEntity)
	pages := func(n, size int) int { return (n + size - 1) / size }
	for _, pageSize := range []int{verify.ListPageSize, 7} {
		e.mock.SetMaxPageSize(pageSize)
		before := e.mock.Stats().Requests
		out := r.run("query", "-no-color")
		got := map[string]int{}
		for route, n := range e.mock.Stats().Requests {
			if d := n - before[route]; d != 0 {
				got[route] = d
			}
		}
		want := map[string]int{
			"GET " + mockverify.TemplateEntities: pages(entities, pageSize),
			"GET " + mockverify.TemplateFactors:  entities * pages(perEntity, pageSize),
		}
		if !maps.Equal(got, want) {
			t.Errorf("page size %d: terraform query of %d factors over %d entities sent %v, want exactly %v",
				pageSize, entities*perEntity, entities, got, want)
		}
		if n := strings.Count(out, "list.twilio_verify_factor.all"); n != entities*perEntity {
			t.Errorf("page size %d: terraform query printed %d results, want %d:\n%s", pageSize, n, entities*perEntity, out)
		}
		t.Logf("page size %d: terraform query of %d factors over %d entities sent %v", pageSize, entities*perEntity, entities, got)
	}
}

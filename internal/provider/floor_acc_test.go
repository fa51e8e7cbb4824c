package provider

import (
	"fmt"
	"maps"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccRequestsAtTheFloor checks, step by step as a pipeline runs them,
// that the provider sends exactly the requests the API requires and no
// more: one POST per create, one GET per refresh, one POST per update, one
// DELETE per destroy, one GET per page of a list. (The timings live in
// `make bench`, never in tests.)
func TestAccRequestsAtTheFloor(t *testing.T) {
	t.Parallel()
	const n = 5
	e := newTestEnv(t, mockverify.Options{MaxPageSize: 2})
	e.requireMock()
	mock := e.mock
	config := func(suffix string) map[string]string {
		return map[string]string{"main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {}

resource "twilio_verify_factor" "f" {
  count         = %d
  service_sid   = %q
  identity      = "floor-user-0001"
  factor_type   = "totp"
  friendly_name = "Factor ${count.index}%s"
}
`, providerNamespace+"/twilio", n, e.serviceSID, suffix)}
	}
	r := newCLIRun(t, config(""), e.cliEnv()...)

	step := func(name string, want map[string]int, args ...string) {
		t.Helper()
		before := mock.Stats().Requests
		r.run(args...)
		after := mock.Stats().Requests
		got := map[string]int{}
		for route := range maps.Keys(after) {
			if d := after[route] - before[route]; d != 0 {
				got[route] = d
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s sent %v, want exactly %v", name, got, want)
		}
	}
	step("create", map[string]int{"POST " + mockverify.TemplateFactors: n}, "apply", "-input=false", "-no-color", "-auto-approve")
	step("no-change plan", map[string]int{"GET " + mockverify.TemplateFactor: n}, "plan", "-input=false", "-no-color")

	for name, content := range config(" renamed") {
		r.writeFile(name, content)
	}
	step("update", map[string]int{"GET " + mockverify.TemplateFactor: n, "POST " + mockverify.TemplateFactor: n}, "apply", "-input=false", "-no-color", "-auto-approve")

	r.writeFile("list.tf", fmt.Sprintf(`
data "twilio_verify_factors" "all" {
  service_sid = %q
  identity    = "floor-user-0001"
}
`, e.serviceSID))
	// Five factors at a page cap of 2: three list pages, plus the refreshes.
	step("list", map[string]int{"GET " + mockverify.TemplateFactor: n, "GET " + mockverify.TemplateFactors: 3}, "plan", "-input=false", "-no-color")
	r.writeFile("list.tf", "")

	step("destroy", map[string]int{"GET " + mockverify.TemplateFactor: n, "DELETE " + mockverify.TemplateFactor: n}, "destroy", "-input=false", "-no-color", "-auto-approve")
}

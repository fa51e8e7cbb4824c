package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// seedPasskeysFactor creates a passkeys factor outside Terraform, as an app
// does when a user registers a passkey, and returns its SID. The provider
// never creates one, so the request is sent here, as JSON (the passkeys
// routes take no form), to the mock's CreateNewFactorPasskey.
func (e *testEnv) seedPasskeysFactor(identity, friendlyName string) string {
	e.t.Helper()
	e.requireMock()
	body, err := json.Marshal(map[string]any{
		"friendly_name": friendlyName, "identity": identity,
		"config": map[string]any{"relying_party": map[string]any{"id": "login.example.com", "name": "Example"}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	path := strings.Replace(mockverify.TemplatePasskeysFactors, "{ServiceSid}", e.serviceSID, 1)
	req, err := http.NewRequestWithContext(e.t.Context(), http.MethodPost, e.baseURL+path, strings.NewReader(string(body)))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(e.accountSID, e.authToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	var created struct {
		SID        string `json:"sid"`
		FactorType string `json:"factor_type"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(raw, &created) != nil || created.FactorType != "passkeys" {
		e.t.Fatalf("seeding a passkeys factor: HTTP %d: %s", resp.StatusCode, raw)
	}
	return created.SID
}

// TestAccPasskeysFactorsAreReadNotManaged: both data sources read a passkeys
// factor, and twilio_verify_factor refuses to import one, by command or by
// import block, with a diagnostic that says what to do, leaving the factor
// and the state as they were. Taking it would have planned to replace it
// with a factor of the configured type, deleting the user's passkey.
func TestAccPasskeysFactorsAreReadNotManaged(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("pk")
	totpSID := e.seedFactors(t, identity, 1)[0]
	passkeysSID := e.seedPasskeysFactor(identity, "Work laptop")

	dataSources := fmt.Sprintf(`
data "twilio_verify_factor" "passkey" {
  service_sid = %[1]q
  identity    = %[2]q
  sid         = %[3]q
}

data "twilio_verify_factors" "passkeys" {
  service_sid = %[1]q
  identity    = %[2]q
  factor_type = "passkeys"
}

data "twilio_verify_factors" "all" {
  service_sid = %[1]q
  identity    = %[2]q
}
`, e.serviceSID, identity, passkeysSID)
	const one, filtered, all = "data.twilio_verify_factor.passkey", "data.twilio_verify_factors.passkeys", "data.twilio_verify_factors.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.config(dataSources),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(one, tfjsonpath.New("factor_type"), knownvalue.StringExact("passkeys")),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("status"), knownvalue.StringExact("unverified")),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("friendly_name"), knownvalue.StringExact("Work laptop")),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("config_alg"), knownvalue.Null()),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("push"), knownvalue.Null()),
				statecheck.ExpectKnownValue(filtered, tfjsonpath.New("factors"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(passkeysSID)}),
				})),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("factors"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(totpSID), "factor_type": knownvalue.StringExact("totp")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(passkeysSID), "factor_type": knownvalue.StringExact("passkeys")}),
				})),
			},
		}},
	})

	id := ids.Factor(e.serviceSID, identity, passkeysSID)
	resourceBlock := fmt.Sprintf(`
resource "twilio_verify_factor" "laptop" {
  service_sid   = %q
  identity      = %q
  friendly_name = "Work laptop"
  factor_type   = "totp"
}
`, e.serviceSID, identity)
	r := newCLIRun(t, map[string]string{"main.tf": resourceBlock, "providers.tf": e.providerBlock("")})
	wantRefusal := func(how, out string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s of a passkeys factor succeeded:\n%s", how, out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{"Unsupported Verify Factor Type", "is a passkeys factor", "manages only totp and push factors",
			"twilio_verify_factors data source"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the output does not say %q:\n%s", how, want, out)
			}
		}
	}
	out, err := r.try("import", "-input=false", "-no-color", "twilio_verify_factor.laptop", id)
	wantRefusal("terraform import", out, err)
	if out, err := r.try("state", "list"); err == nil && strings.Contains(out, "twilio_verify_factor.laptop") {
		t.Errorf("the refused import left the factor in state:\n%s", out)
	}

	r.writeFile("import.tf", fmt.Sprintf("import {\n  to = twilio_verify_factor.laptop\n  id = %q\n}\n", id))
	out, err = r.try("plan", "-input=false", "-no-color")
	wantRefusal("an import block", out, err)

	factors := e.mock.Factors("", e.serviceSID, identity)
	if len(factors) != 2 || factors[1].SID != passkeysSID || factors[1].FactorType != "passkeys" {
		t.Errorf("the passkeys factor did not survive: %+v", factors)
	}
}

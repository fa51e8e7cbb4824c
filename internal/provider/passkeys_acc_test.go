package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
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
		"config": map[string]any{
			"relying_party":            map[string]any{"id": "login.example.com", "name": "Example"},
			"authenticator_attachment": "cross-platform", "discoverable_credentials": "required",
		},
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
// with a factor of the configured type, deleting the user's passkey. A
// state that already holds one (an earlier version's import) is refused by
// plan, apply and destroy, with or without a refresh; no delete is sent.
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
				statecheck.ExpectKnownValue(one, tfjsonpath.New("passkeys"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"relying_party_id":         knownvalue.StringExact("login.example.com"),
					"relying_party_name":       knownvalue.StringExact("Example"),
					"relying_party_origins":    knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://login.example.com")}),
					"authenticator_attachment": knownvalue.StringExact("cross-platform"),
					"discoverable_credentials": knownvalue.StringExact("required"),
					"user_verification":        knownvalue.StringExact("preferred"),
				})),
				statecheck.ExpectKnownValue(filtered, tfjsonpath.New("factors"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(passkeysSID)}),
				})),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("factors"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(totpSID), "factor_type": knownvalue.StringExact("totp"),
						"passkeys": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(passkeysSID), "factor_type": knownvalue.StringExact("passkeys"),
						"passkeys": knownvalue.ObjectPartial(map[string]knownvalue.Check{"relying_party_id": knownvalue.StringExact("login.example.com")})}),
				})),
			},
		}},
	})

	id := ids.Factor(e.serviceSID, identity, passkeysSID)
	r := newCLIRun(t, map[string]string{"main.tf": passkeysResourceBlock(e, identity), "providers.tf": e.providerBlock("")})
	out, err := r.try("import", "-input=false", "-no-color", "twilio_verify_factor.laptop", id)
	wantUnmanagedType(t, "terraform import", out, err, "Leave it out of the import")
	if out, _ := r.try("state", "list"); strings.Contains(out, "twilio_verify_factor.laptop") {
		t.Errorf("the refused import left the factor in state:\n%s", out)
	}

	importBlock := filepath.Join(r.dir, "import.tf")
	r.writeFile("import.tf", fmt.Sprintf("import {\n  to = twilio_verify_factor.laptop\n  id = %q\n}\n", id))
	out, err = r.try("plan", "-input=false", "-no-color")
	wantUnmanagedType(t, "an import block", out, err, "Leave it out of the import")
	if err := os.Remove(importBlock); err != nil {
		t.Fatal(err)
	}

	// A state that an earlier version's import left holding the passkeys
	// factor: made here by importing the TOTP factor and pointing its
	// state at the passkeys factor. Planned without a refresh, nothing
	// reads the factor, so the plan itself must refuse to replace it, and
	// a destroy to delete it.
	r.run("import", "-input=false", "-no-color", "twilio_verify_factor.laptop", ids.Factor(e.serviceSID, identity, totpSID))
	r.pushEditedState(func(instance map[string]any) {
		attributes, _ := instance["attributes"].(map[string]any)
		attributes["sid"], attributes["id"], attributes["factor_type"] = passkeysSID, id, "passkeys"
		if identity, ok := instance["identity"].(map[string]any); ok { // CLIs with resource identity
			identity["sid"] = passkeysSID
		}
	})
	for _, args := range [][]string{
		{"plan", "-refresh=false"},
		{"apply", "-refresh=false", "-auto-approve"},
		{"destroy", "-refresh=false", "-auto-approve"},
		{"plan"},
	} {
		out, err := r.try(append(args, "-input=false", "-no-color")...)
		wantUnmanagedType(t, "terraform "+strings.Join(args, " "), out, err, "terraform state rm")
	}

	if n := e.requests("DELETE " + mockverify.TemplateFactor); n != 0 {
		t.Errorf("%d factor deletes were sent", n)
	}
	factors := e.mock.Factors("", e.serviceSID, identity)
	if len(factors) != 2 || factors[1].SID != passkeysSID || factors[1].FactorType != "passkeys" {
		t.Errorf("the factors changed: %+v", factors)
	}
}

// TestAccPasskeysFactor_IdentityImportRefused: an import block that names a
// passkeys factor by its resource identity (Terraform 1.12+) is refused as
// an import by ID is.
func TestAccPasskeysFactor_IdentityImportRefused(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("pkid")
	sid := e.seedPasskeysFactor(identity, "Work laptop")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   atLeastTerraform112,
		Steps: []resource.TestStep{{
			Config: e.config(passkeysResourceBlock(e, identity) + importIdentityBlock("twilio_verify_factor.laptop",
				map[string]string{"service_sid": e.serviceSID, "identity": identity, "sid": sid})),
			ExpectError: expectError("Unsupported Verify Factor Type"),
		}},
	})
	if n := e.requests("DELETE " + mockverify.TemplateFactor); n != 0 || len(e.mock.Factors("", e.serviceSID, identity)) != 1 {
		t.Errorf("the passkeys factor did not survive (%d deletes sent)", n)
	}
}

// passkeysResourceBlock is a TOTP factor resource for identity, the
// configuration a user might import a passkeys factor into by mistake.
func passkeysResourceBlock(e *testEnv, identity string) string {
	return fmt.Sprintf(`
resource "twilio_verify_factor" "laptop" {
  service_sid   = %q
  identity      = %q
  friendly_name = "Work laptop"
  factor_type   = "totp"
}
`, e.serviceSID, identity)
}

// wantUnmanagedType fails unless a command failed with the diagnostic of a
// factor type twilio_verify_factor does not manage, and the advice of its
// context.
func wantUnmanagedType(t *testing.T, how, out string, err error, advice string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s of a passkeys factor succeeded:\n%s", how, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Unsupported Verify Factor Type", "is a passkeys factor", "manages only totp and push factors",
		advice, "twilio_verify_factors data source"} {
		if !strings.Contains(flat, want) {
			t.Errorf("%s: the output does not say %q:\n%s", how, want, out)
		}
	}
}

// pushEditedState pulls the state, lets edit change its one resource
// instance (its attributes, and its identity where the CLI records one),
// and pushes it back as the next serial.
func (r *cliRun) pushEditedState(edit func(instance map[string]any)) {
	r.t.Helper()
	var state map[string]any
	if err := json.Unmarshal([]byte(r.run("state", "pull")), &state); err != nil {
		r.t.Fatal(err)
	}
	resources, _ := state["resources"].([]any)
	if len(resources) != 1 {
		r.t.Fatalf("state has %d resources, want 1", len(resources))
	}
	instances, _ := resources[0].(map[string]any)["instances"].([]any)
	if len(instances) != 1 {
		r.t.Fatalf("the resource has %d instances, want 1", len(instances))
	}
	instance, _ := instances[0].(map[string]any)
	edit(instance)
	serial, _ := state["serial"].(float64)
	state["serial"] = serial + 1
	b, err := json.Marshal(state)
	if err != nil {
		r.t.Fatal(err)
	}
	r.writeFile("edited.tfstate", string(b))
	r.run("state", "push", "edited.tfstate")
}

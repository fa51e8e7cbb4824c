package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// readExample returns an example file of examples/.
func readExample(t *testing.T, parts ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "examples"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// importIDOf returns the ID an example's import.sh passes to terraform
// import, with the example SID replaced by sid.
func importIDOf(t *testing.T, script, exampleSID, sid string) string {
	t.Helper()
	for _, line := range strings.Split(script, "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[0] == "terraform" && f[1] == "import" {
			return strings.Replace(f[3], exampleSID, sid, 1)
		}
	}
	t.Fatalf("no terraform import line in:\n%s", script)
	return ""
}

// TestAccExampleServiceAndEntity applies the documented examples of
// twilio_verify_service and twilio_verify_entity against the mock and runs
// the imports their import.sh show, so the docs keep working.
func TestAccExampleServiceAndEntity(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	const exampleSID = "VA0123456789abcdef0123456789abcdef"
	providers := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")

	svc := newCLIRun(t, map[string]string{
		"resource.tf":  readExample(t, "resources", "twilio_verify_service", "resource.tf"),
		"providers.tf": providers,
	}, e.cliEnv()...)
	svc.run("apply", "-input=false", "-no-color", "-auto-approve")
	sid := strings.Trim(strings.TrimSpace(svc.run("output", "-raw", "service_sid")), `"`)
	if !serviceSIDPattern.MatchString(sid) {
		t.Fatalf("service_sid output %q", sid)
	}
	svc.run("state", "rm", "-no-color", "twilio_verify_service.login")
	svc.run("import", "-input=false", "-no-color", "twilio_verify_service.login",
		importIDOf(t, readExample(t, "resources", "twilio_verify_service", "import.sh"), exampleSID, sid))
	if out, err := svc.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the service import is not empty (%v):\n%s", err, out)
	}

	ent := newCLIRun(t, map[string]string{
		"resource.tf":  readExample(t, "resources", "twilio_verify_entity", "resource.tf"),
		"providers.tf": providers,
	}, append(e.cliEnv(), "TF_VAR_service_sid="+sid)...)
	ent.run("apply", "-input=false", "-no-color", "-auto-approve")
	ent.run("state", "rm", "-no-color", "twilio_verify_entity.alice")
	ent.run("import", "-input=false", "-no-color", "twilio_verify_entity.alice",
		importIDOf(t, readExample(t, "resources", "twilio_verify_entity", "import.sh"), exampleSID, sid))
	if out, err := ent.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the entity import is not empty (%v):\n%s", err, out)
	}
	ent.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if got := e.mock.Entities("", sid); len(got) != 0 {
		t.Errorf("entities left: %v", got)
	}
	svc.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if _, err := e.client.FetchService(t.Context(), sid); err == nil {
		t.Error("the example service is left after destroy")
	}
}

// TestAccExampleFactorsDataSource applies the twilio_verify_factors example
// to an entity with a verified and an unverified TOTP factor and a passkey:
// each output lists only what its filters keep.
func TestAccExampleFactorsDataSource(t *testing.T) {
	t.Parallel()
	at, clock := frozenClock()
	e := newTestEnv(t, mockverify.Options{Now: clock})
	e.requireMock()
	const exampleSID, identity = "VA0123456789abcdef0123456789abcdef", "user-0001"
	for _, name := range []string{"Authenticator", "Spare authenticator"} {
		f, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{ServiceSID: e.serviceSID, Identity: identity,
			FactorType: verify.FactorTypeTOTP, FriendlyName: name, BindingSecret: knownSecret})
		if err != nil {
			t.Fatal(err)
		}
		if name != "Authenticator" {
			continue
		}
		code := codeAt(t, at)
		if _, err := e.client.UpdateFactor(t.Context(), e.serviceSID, identity, f.SID, verify.UpdateFactorParams{AuthPayload: &code}); err != nil {
			t.Fatal(err)
		}
	}
	e.seedPasskeysFactor(identity, "Work laptop")
	example := strings.ReplaceAll(readExample(t, "data-sources", "twilio_verify_factors", "data-source.tf"), exampleSID, e.serviceSID)
	r := newCLIRun(t, map[string]string{"data-source.tf": example, "providers.tf": e.providerBlock("")})
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.run("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(outputs["alice_factor_names"].Value); got != "[Authenticator]" {
		t.Errorf("alice_factor_names = %s, want [Authenticator]", got)
	}
	if got := fmt.Sprint(outputs["alice_passkeys"].Value); got != "map[Work laptop:login.example.com]" {
		t.Errorf("alice_passkeys = %s, want map[Work laptop:login.example.com]", got)
	}
}

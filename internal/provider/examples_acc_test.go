package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
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

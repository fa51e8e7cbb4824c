package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccExampleWebhook applies the documented examples of
// twilio_verify_webhook and twilio_verify_webhooks against the mock and
// runs the import its import.sh shows, so the docs keep working.
func TestAccExampleWebhook(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	const exampleSID = "VA0123456789abcdef0123456789abcdef"
	providers := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")
	dataSource := strings.ReplaceAll(readExample(t, "data-sources", "twilio_verify_webhooks", "data-source.tf"), exampleSID, e.serviceSID)
	r := newCLIRun(t, map[string]string{
		"resource.tf":  readExample(t, "resources", "twilio_verify_webhook", "resource.tf"),
		"providers.tf": providers,
	}, append(e.cliEnv(), "TF_VAR_service_sid="+e.serviceSID)...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	hooks := e.mock.Webhooks(e.accountSID, e.serviceSID)
	if len(hooks) != 1 {
		t.Fatalf("webhooks after the apply: %v", hooks)
	}
	r.run("state", "rm", "-no-color", "twilio_verify_webhook.backend")
	script := strings.Replace(readExample(t, "resources", "twilio_verify_webhook", "import.sh"), "YW0123456789abcdef0123456789abcdef", hooks[0].SID, 1)
	r.run("import", "-input=false", "-no-color", "twilio_verify_webhook.backend", importIDOf(t, script, exampleSID, e.serviceSID))
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the webhook import is not empty (%v):\n%s", err, out)
	}
	r.writeFile("data-source.tf", dataSource)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if out := r.run("output", "-json", "webhook_urls"); !strings.Contains(out, `"App backend"`) || !strings.Contains(out, hooks[0].WebhookURL) {
		t.Errorf("the data source example does not list the webhook: %s", out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if got := e.mock.Webhooks(e.accountSID, e.serviceSID); len(got) != 0 {
		t.Errorf("webhooks left: %v", got)
	}
}

// requireWriteOnly skips a test unless TF_ACC_TERRAFORM_PATH is a CLI that
// knows write-only attributes (Terraform or OpenTofu 1.11 or later).
func requireWriteOnly(t *testing.T) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	out, err := exec.Command(cli, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	m := regexp.MustCompile(`v1\.(\d+)\.`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no version in %q", out)
	}
	if minor, _ := strconv.Atoi(m[1]); minor < 11 {
		t.Skipf("needs write-only attributes (1.11 or later); the CLI is %s", strings.SplitN(string(out), "\n", 2)[0])
	}
}

// TestAccExamplePushCredential_WriteOnly applies the documented example of
// twilio_verify_push_credential (write-only key and secret, and the service
// that names both) with throwaway material, and runs the import its
// import.sh shows.
func TestAccExamplePushCredential_WriteOnly(t *testing.T) {
	t.Parallel()
	requireWriteOnly(t)
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	pair := newAPNPair(t, time.Now().Add(365*24*time.Hour))
	account := newServiceAccountJSON(t, "example")
	providers := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")
	r := newCLIRun(t, map[string]string{
		"resource.tf":                   readExample(t, "resources", "twilio_verify_push_credential", "resource.tf"),
		"providers.tf":                  providers,
		"firebase-service-account.json": account,
	}, e.cliEnv()...)
	if err := os.MkdirAll(filepath.Join(r.dir, "apn"), 0o700); err != nil {
		t.Fatal(err)
	}
	r.writeFile(filepath.Join("apn", "cert.pem"), pair.certPEM)
	r.writeFile(filepath.Join("apn", "key.pem"), pair.keyPEM)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	creds := e.mock.Credentials(e.accountSID)
	var ios string
	for _, c := range creds {
		if c.Type == "apn" {
			ios = c.SID
		}
	}
	if len(creds) != 2 || ios == "" {
		t.Fatalf("credentials after the apply: %v", creds)
	}
	if state := r.run("show", "-json"); strings.Contains(state, "PRIVATE KEY") {
		t.Error("a private key is in the state")
	}
	r.run("state", "rm", "-no-color", "twilio_verify_push_credential.ios")
	r.run("import", "-input=false", "-no-color", "twilio_verify_push_credential.ios",
		importIDOf(t, readExample(t, "resources", "twilio_verify_push_credential", "import.sh"), "CR0123456789abcdef0123456789abcdef", ios))
	// Twilio never returns the key: the first apply uploads it once.
	before := e.mock.Stats().Requests["POST "+mockverify.TemplateCredential]
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if got := e.mock.Stats().Requests["POST "+mockverify.TemplateCredential] - before; got != 1 {
		t.Errorf("the apply after the import sent %d updates, want 1", got)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the import and apply is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if got := e.mock.Credentials(e.accountSID); len(got) != 0 {
		t.Errorf("credentials left: %v", got)
	}
}

package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// These tests run the Terraform (or OpenTofu) CLI directly against the
// provider binary built from this checkout, as a user and `make demo` do:
// a real plugin process whose logs the CLI collects.

// builtBinaries holds the binaries built for this run, by package: each
// is built once, into a folder of its own that TestMain removes.
var (
	buildMu       sync.Mutex
	builtBinaries = map[string]string{}
	buildRoot     string
)

// buildPlugin builds the package pkg (relative to the module root) as
// terraform-provider-twilio in a folder of its own and returns the folder,
// as dev_overrides wants it.
func buildPlugin(t *testing.T, pkg string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if dir, ok := builtBinaries[pkg]; ok {
		return dir
	}
	if buildRoot == "" {
		// Shared by every test of this run, so not t.TempDir(); TestMain removes it.
		root, err := os.MkdirTemp("", "terraform-provider-twilio-test") //nolint:usetesting
		if err != nil {
			t.Fatal(err)
		}
		buildRoot = root
	}
	dir := filepath.Join(buildRoot, fmt.Sprint(len(builtBinaries)))
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-twilio"), pkg)
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	builtBinaries[pkg] = dir
	return dir
}

// builtProvider returns the folder of this provider's binary.
func builtProvider(t *testing.T) string { return buildPlugin(t, ".") }

// cliRun is one working directory driven by the CLI.
type cliRun struct {
	t   *testing.T
	cli string
	dir string
	env []string
	log strings.Builder // every command's stdout and stderr
}

// newCLIRun prepares a working directory with the given .tf files and a CLI
// configuration whose dev_overrides point at the built provider.
func newCLIRun(t *testing.T, files map[string]string, env ...string) *cliRun {
	t.Helper()
	return newCLIRunWithPlugins(t, files, nil, env...)
}

// newCLIRunWithPlugins is newCLIRun with more dev_overrides: provider
// "namespace/type" to the folder of its binary.
func newCLIRunWithPlugins(t *testing.T, files, plugins map[string]string, env ...string) *cliRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("needs TF_ACC_TERRAFORM_PATH, the CLI to run (make testacc builds bin/terraform)")
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	overrides := fmt.Sprintf("    %q = %q\n", host+"/"+providerNamespace+"/twilio", builtProvider(t))
	for address, dir := range plugins {
		overrides += fmt.Sprintf("    %q = %q\n", host+"/"+address, dir)
	}
	rcText := "provider_installation {\n  dev_overrides {\n" + overrides + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(rc, []byte(rcText), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &cliRun{t: t, cli: cli, dir: dir}
	r.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	// Settings of the person running the tests must not leak in.
	for _, name := range []string{envAccountSID, envAuthToken, envAPIKey, envAPISecret, envEdge, envRegion, envBaseURL, "TF_LOG", "TF_LOG_PATH"} {
		r.env = append(r.env, name+"=")
	}
	r.env = append(r.env, env...)
	return r
}

// writeFile replaces a file of the working directory.
func (r *cliRun) writeFile(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// run runs the CLI with args and returns its combined output; failing
// commands fail the test.
func (r *cliRun) run(args ...string) string {
	r.t.Helper()
	out, err := r.try(args...)
	if err != nil {
		r.t.Fatalf("%s %s: %v\n%s", filepath.Base(r.cli), strings.Join(args, " "), err, out)
	}
	return out
}

// try runs the CLI with args and returns its combined output and error.
func (r *cliRun) try(args ...string) (string, error) {
	cmd := exec.Command(r.cli, append([]string{"-chdir=" + r.dir}, args...)...)
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	r.log.Write(out)
	return string(out), err
}

// readDemoFiles returns the .tf files of examples/demo.
func readDemoFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "..", "examples", "demo")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tf") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = string(b)
		}
	}
	return files
}

// TestAccDemo applies and destroys examples/demo against an empty mock, as
// `make demo` does, so the main job cannot rot: the demo creates the service,
// the user and the factors, reads them back and destroys everything.
func TestAccDemo(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	mock := e.mock
	mock.Reset() // nothing seeded: the demo starts from an empty account
	// The app backend's endpoint, as scripts/demokit runs it: it keeps the
	// type of every event whose signature holds.
	events := make(chan string, 16)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Header.Get("X-Twilio-Signature") != twilioSignature(e.authToken, "http://"+r.Host+r.URL.RequestURI(), r.PostForm) {
			http.Error(w, "invalid signature", http.StatusForbidden)
			return
		}
		events <- r.PostForm.Get("type")
	}))
	t.Cleanup(receiver.Close)
	keyFile := filepath.Join(t.TempDir(), "firebase-service-account.json")
	if err := os.WriteFile(keyFile, []byte(newServiceAccountJSON(t, "acme-demo")), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(e.cliEnv(), "TF_VAR_fcm_service_account_file="+keyFile, "TF_VAR_webhook_url="+receiver.URL+"/verify-events")
	r := newCLIRun(t, readDemoFiles(t), env...)

	plan := r.run("plan", "-input=false", "-no-color", "-out=demo.tfplan")
	if !strings.Contains(plan, "Plan: 7 to add, 0 to change, 0 to destroy.") || !strings.Contains(plan, "(sensitive value)") {
		t.Errorf("unexpected plan:\n%s", plan)
	}
	r.run("apply", "-input=false", "-no-color", "demo.tfplan")

	var outputs map[string]struct {
		Sensitive bool `json:"sensitive"`
		Value     any  `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.run("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	statuses := fmt.Sprint(outputs["factor_statuses"].Value)
	if want := "map[authenticator:unverified migrated:verified phone:unverified]"; statuses != want {
		t.Errorf("factor_statuses = %s, want %s", statuses, want)
	}
	if listed, ok := outputs["listed_factors"].Value.(map[string]any); !ok || len(listed) != 3 {
		t.Errorf("listed_factors has %d factors, want 3: %v", len(listed), listed)
	}
	services := mock.Services("")
	if len(services) != 1 || services[0].TotpIssuer != "Acme Corp" {
		t.Fatalf("the demo's services: %+v", services)
	}
	credentials := mock.Credentials("")
	if len(credentials) != 1 {
		t.Fatalf("the demo's push credentials: %+v", credentials)
	}
	wantService := "map[fcm_credential_sid:" + credentials[0].SID + " sid:" + services[0].SID + " totp_issuer:Acme Corp]"
	if svc := fmt.Sprint(outputs["service"].Value); svc != wantService {
		t.Errorf("service output = %s, want %s", svc, wantService)
	}
	waitForEvent(t, events, "factor.verified")
	if ids := fmt.Sprint(outputs["identities"].Value); ids != "[demo-user-0001]" {
		t.Errorf("identities output = %s", ids)
	}
	if !outputs["authenticator_enrolment_uri"].Sensitive {
		t.Error("authenticator_enrolment_uri is not a sensitive output")
	}
	stats := mock.Stats()
	if stats.Requests["POST "+mockverify.TemplateServices] != 1 || stats.Requests["POST "+mockverify.TemplateEntities] != 1 ||
		stats.Requests["POST "+mockverify.TemplateFactors] != 3 || stats.Requests["POST "+mockverify.TemplateFactor] != 1 ||
		stats.Requests["POST "+mockverify.TemplateCredentials] != 1 || stats.Requests["POST "+mockverify.TemplateWebhooks] != 1 {
		t.Errorf("apply sent %v, want 1 credential, 1 service, 1 webhook, 1 entity, 3 factor creates and 1 verification", stats.Requests)
	}

	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("second plan is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if n, c := len(mock.Services("")), len(mock.Credentials("")); n != 0 || c != 0 {
		t.Errorf("%d services and %d push credentials left after destroy", n, c)
	}
}

// waitForEvent waits up to 10 seconds for an event of type want among the
// signed events a receiver reports.
func waitForEvent(t *testing.T, events <-chan string, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-events:
			if got == want {
				return
			}
		case <-deadline:
			t.Errorf("no signed %s event arrived", want)
			return
		}
	}
}

// TestAccSecretsNeverInOutputOrLogs runs plan, apply, a verification and
// destroy with TF_LOG=trace and checks that no secret appears in anything
// the CLI or the provider printed.
func TestAccSecretsNeverInOutputOrLogs(t *testing.T) {
	t.Parallel()
	const (
		authToken   = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
		givenSecret = "MZXW6YTBOI2DKNRXHA4TAMJSGM3DIZLG"
		// The device token identifies a person's phone: sensitive in the
		// schema and masked in the provider's logs, so it must not show either.
		notificationToken = "fcm-d3v1c3-t0k3n-0123456789abcdef0123456789abcdef"
	)
	e := newTestEnv(t, mockverify.Options{Accounts: []mockverify.Account{{SID: mockverify.DefaultAccountSID, AuthToken: authToken}}})
	e.requireMock()
	mock := e.mock
	key := verifytest.NewDeviceKey(t)
	identity := "leak-test-0001"
	files := map[string]string{"main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {}

variable "auth_payload" {
  type      = string
  default   = null
  sensitive = true
}

resource "twilio_verify_factor" "given" {
  service_sid    = %[2]q
  identity       = %[3]q
  factor_type    = "totp"
  friendly_name  = "Given secret"
  binding_secret = %[4]q
  auto_verify    = true
}

resource "twilio_verify_factor" "generated" {
  service_sid   = %[2]q
  identity      = %[3]q
  factor_type   = "totp"
  friendly_name = "Generated secret"
}

resource "twilio_verify_factor" "push" {
  service_sid   = %[2]q
  identity      = %[3]q
  factor_type   = "push"
  friendly_name = "Phone"
  push = {
    alg                   = "ES256"
    public_key            = %[5]q
    app_id                = "com.example.app"
    notification_platform = "fcm"
    notification_token    = %[6]q
    sdk_version           = "4.1.0"
  }
  auth_payload = var.auth_payload
}

output "uri" {
  value     = twilio_verify_factor.generated.binding_uri
  sensitive = true
}
`, providerNamespace+"/twilio", e.serviceSID, identity, givenSecret, key.PublicKey, notificationToken)}

	r := newCLIRun(t, files, append(e.cliEnv(), "TF_LOG=trace")...)
	r.run("plan", "-input=false", "-no-color")
	r.run("apply", "-input=false", "-no-color", "-auto-approve")

	var generatedSecret, pushSID string
	for _, f := range mock.Factors("", e.serviceSID, identity) {
		switch f.FriendlyName {
		case "Generated secret":
			generatedSecret = f.Secret
		case "Phone":
			pushSID = f.SID
		}
	}
	if generatedSecret == "" || pushSID == "" {
		t.Fatalf("the apply did not create the factors: %+v", mock.Factors("", e.serviceSID, identity))
	}
	signature := key.Sign(t, pushSID)
	// The payload is given as TF_VAR_, since the CLI logs its arguments.
	r.env = append(r.env, "TF_VAR_auth_payload="+signature)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	r.run("output", "-no-color")
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")

	all := r.log.String()
	for _, marker := range []string{"Sending HTTP request to Twilio Verify", "(sensitive value)", "Apply complete!"} {
		if !strings.Contains(all, marker) {
			t.Fatalf("the output lacks %q: the test would prove nothing (provider logs not captured?)", marker)
		}
	}
	for name, secret := range map[string]string{
		"auth token":                 authToken,
		"configured binding_secret":  givenSecret,
		"generated binding_secret":   generatedSecret,
		"auth_payload (push)":        signature,
		"auth_payload (url-encoded)": strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(signature),
		"push.notification_token":    notificationToken,
	} {
		if strings.Contains(all, secret) {
			i := strings.Index(all, secret)
			t.Errorf("the %s appears in the CLI output or logs, after: %q", name, all[max(0, i-200):i])
		}
	}
}

// TestAccMigrateFromTwilioProvider imports a factor into Twilio's resource
// (served here by a stand-in of that provider, so the test runs offline),
// then moves it to twilio_verify_factor with a `moved` block: the factor is
// carried over, not recreated.
func TestAccMigrateFromTwilioProvider(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	mock := e.mock
	identity := "migrated-user-0001"
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "totp", FriendlyName: "Phone", BindingSecret: knownSecret,
		Metadata: map[string]string{"os": "iOS"},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := ids.Factor(e.serviceSID, identity, created.SID)
	header := bothProvidersHeader()
	legacy := fmt.Sprintf(`
import {
  to = twilio_verify_services_entities_factors_v2.phone
  id = %[1]q
}

resource "twilio_verify_services_entities_factors_v2" "phone" {
  provider       = legacy
  service_sid    = %[2]q
  identity       = %[3]q
  factor_type    = "totp"
  friendly_name  = "Phone"
  binding_secret = %[4]q
  metadata       = jsonencode({ os = "iOS" })
}
`, id, e.serviceSID, identity, knownSecret)
	moved := fmt.Sprintf(`
moved {
  from = twilio_verify_services_entities_factors_v2.phone
  to   = twilio_verify_factor.phone
}

resource "twilio_verify_factor" "phone" {
  service_sid    = %[1]q
  identity       = %[2]q
  factor_type    = "totp"
  friendly_name  = "Phone"
  binding_secret = %[3]q
  metadata       = { os = "iOS" }
}
`, e.serviceSID, identity, knownSecret)

	r := newCLIRunWithPlugins(t, map[string]string{"main.tf": header + legacy},
		map[string]string{"twilio/twilio": buildPlugin(t, "./internal/provider/testdata/legacytwilio")}, e.cliEnv()...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")

	r.writeFile("main.tf", header+moved)
	plan := r.run("plan", "-input=false", "-no-color")
	if !strings.Contains(plan, "has moved to twilio_verify_factor.phone") || !strings.Contains(plan, "0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the move is not a plain move:\n%s", plan)
	}
	before := mock.Stats().Requests
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	state := r.run("state", "show", "-no-color", "twilio_verify_factor.phone")
	if !strings.Contains(state, created.SID) || !strings.Contains(state, `"os" = "iOS"`) {
		t.Errorf("moved state does not hold the factor:\n%s", state)
	}
	after := mock.Stats().Requests
	if after["POST "+mockverify.TemplateFactors] != before["POST "+mockverify.TemplateFactors] || after["DELETE "+mockverify.TemplateFactor] != 0 {
		t.Errorf("the move created or deleted factors: %v", after)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the move is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
}

// TestAccFactorExampleAppliesAndImports applies examples/resources/twilio_verify_factor
// against the mock and runs the import its import.sh shows, so the
// documented example keeps working.
func TestAccFactorExampleAppliesAndImports(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	mock := e.mock
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "twilio_verify_factor", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"resource.tf":  string(example),
		"providers.tf": fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio"),
	}
	r := newCLIRun(t, files, append(e.cliEnv(),
		"TF_VAR_service_sid="+e.serviceSID, "TF_VAR_migrated_secret="+knownSecret,
		"TF_VAR_device_public_key="+verifytest.NewDeviceKey(t).PublicKey, "TF_VAR_device_fcm_token=fcm-"+strings.Repeat("0", 40))...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if n := len(mock.Factors("", e.serviceSID, "")); n != 3 {
		t.Fatalf("the example created %d factors, want 3", n)
	}

	// import.sh: terraform import twilio_verify_factor.authenticator <service_sid>/<identity>/<factor_sid>
	shown := strings.TrimSpace(r.run("state", "show", "-no-color", "twilio_verify_factor.authenticator"))
	attrs := map[string]string{}
	for _, line := range strings.Split(shown, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			attrs[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	importID := ids.Factor(attrs["service_sid"], attrs["identity"], attrs["sid"])
	if _, _, _, ok := ids.ParseFactor(importID); !ok {
		t.Fatalf("no import ID in state: %q", shown)
	}
	r.run("state", "rm", "-no-color", "twilio_verify_factor.authenticator")
	r.run("import", "-input=false", "-no-color", "twilio_verify_factor.authenticator", importID)
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the import is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if n := len(mock.Factors("", e.serviceSID, "")); n != 0 {
		t.Errorf("%d factors left after destroy", n)
	}
}

// bothProvidersHeader is the configuration header of a move from Twilio's
// provider: this provider as `twilio` and Twilio's as `legacy`, the local
// names the migration guide uses.
func bothProvidersHeader() string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
    legacy = { source = "twilio/twilio" }
  }
}

provider "twilio" {}
provider "legacy" {}
`, providerNamespace+"/twilio")
}

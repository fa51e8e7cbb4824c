package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// importedAccount creates, through the mock's HTTP API and not through
// Terraform, one object of each kind: a service, an entity without
// factors, a TOTP factor and a push factor. It returns the import blocks
// that adopt them.
func importedAccount(t *testing.T, e *testEnv) string {
	t.Helper()
	ctx := t.Context()
	name, issuer := "Imported Login", "Imported Corp"
	service, err := e.client.CreateService(ctx, verify.ServiceParams{FriendlyName: &name, TotpIssuer: &issuer})
	if err != nil {
		t.Fatal(err)
	}
	entityIdentity := randomIdentity("adopted")
	if _, err := e.client.CreateEntity(ctx, e.serviceSID, entityIdentity); err != nil {
		t.Fatal(err)
	}
	identity := randomIdentity("gen")
	timeStep, codeLength := int64(45), int64(8)
	totp, err := e.client.CreateFactor(ctx, verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP, FriendlyName: "Ada's authenticator",
		ConfigTimeStep: &timeStep, ConfigCodeLength: &codeLength,
	})
	if err != nil {
		t.Fatal(err)
	}
	push, err := e.client.CreateFactor(ctx, verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypePush, FriendlyName: "Ada's Pixel",
		BindingAlg: pushBindingAlgorithm, BindingPublicKey: verifytest.NewDeviceKey(t).PublicKey,
		ConfigAppID: "com.example.authenticator", ConfigNotificationPlatform: "fcm",
		ConfigNotificationToken: "fcm-token-0123456789abcdef0123456789abcdef", ConfigSdkVersion: "4.1.0",
		Metadata: map[string]string{"os": "Android"},
	})
	if err != nil {
		t.Fatal(err)
	}
	block := func(to, id string) string { return fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n\n", to, id) }
	return block("twilio_verify_service.imported", service.SID) +
		block("twilio_verify_entity.imported", e.serviceSID+"/"+entityIdentity) +
		block("twilio_verify_factor.totp", ids.Factor(e.serviceSID, identity, totp.SID)) +
		block("twilio_verify_factor.push", ids.Factor(e.serviceSID, identity, push.SID))
}

// TestAccImportGeneratedConfigPlansClean imports a service, an entity, a
// TOTP factor and a push factor made outside Terraform with import blocks,
// lets `plan -generate-config-out` write their configuration, and applies
// it: everything is imported with nothing added, changed or destroyed, and
// the next plan is empty. The generated file must carry push.alg and no
// null that validation refuses.
func TestAccImportGeneratedConfigPlansClean(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	r := newCLIRun(t, map[string]string{"main.tf": e.providerBlock("") + importedAccount(t, e)}, e.cliEnv()...)

	r.run("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(r.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(generated)
	for _, want := range []string{`alg                   = "ES256"`, `resource "twilio_verify_service" "imported"`,
		`resource "twilio_verify_entity" "imported"`, `config_code_length`} {
		if !strings.Contains(text, want) {
			t.Errorf("generated configuration lacks %s:\n%s", want, text)
		}
	}
	if regexp.MustCompile(`(?m)^\s*(alg|app_id|notification_platform|sdk_version|friendly_name|factor_type) += null`).MatchString(text) {
		t.Errorf("generated configuration sets a required value to null:\n%s", text)
	}

	out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if !strings.Contains(out, "Resources: 4 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Errorf("applying the generated configuration did more than import:\n%s\ngenerated:\n%s", out, text)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after the import is not empty (%v):\n%s", err, out)
	}
}

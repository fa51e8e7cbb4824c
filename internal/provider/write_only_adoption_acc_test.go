package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	goversion "github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// otherSecret is a TOTP secret that differs from knownSecret.
const otherSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"

// requireCLIVersion skips the test when the CLI that r runs is older than
// minVersion (Terraform and OpenTofu number alike the features these tests use).
func (r *cliRun) requireCLIVersion(minVersion string) {
	r.t.Helper()
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(r.run("version", "-json")), &v); err != nil {
		r.t.Fatalf("reading the CLI version: %v", err)
	}
	got, err := goversion.NewVersion(v.Version)
	if err != nil {
		r.t.Fatal(err)
	}
	if got.LessThan(goversion.Must(goversion.NewVersion(minVersion))) {
		r.t.Skipf("needs Terraform or OpenTofu %s or later, the CLI is %s", minVersion, got)
	}
}

// writeOnlyFactor is a TOTP factor of identity whose secret is
// configured by extra, with an output of its SID.
func writeOnlyFactor(e *testEnv, identity, extra string) map[string]string {
	return map[string]string{"main.tf": e.config(totpResource(e.serviceSID, identity, "Moved secret", extra)) +
		"output \"sid\" {\n  value = twilio_verify_factor.test.sid\n}\n"}
}

// writeOnlySecret configures binding_secret_wo at version.
func writeOnlySecret(secret string, version int) string {
	return fmt.Sprintf("  binding_secret_wo         = %q\n  binding_secret_wo_version = %d\n", secret, version)
}

// planSummary matches the CLI's plan summary line.
var planSummary = regexp.MustCompile(`Plan: .*to destroy\.`)

// TestAccVerifyFactor_WriteOnlyAdoptsKeptSecret moves a kept secret from
// binding_secret to binding_secret_wo: the same secret keeps the factor
// (no request, and the secret leaves state), a different one replaces it,
// and each plan says which.
func TestAccVerifyFactor_WriteOnlyAdoptsKeptSecret(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("adopt")
	r := newCLIRun(t, writeOnlyFactor(e, identity, fmt.Sprintf("  binding_secret = %q\n", knownSecret)), e.cliEnv()...)
	r.requireCLIVersion("1.11.0")
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	sid := strings.TrimSpace(r.run("output", "-raw", "sid"))

	// A different secret: replaced, and the plan says so.
	r.writeFile("main.tf", writeOnlyFactor(e, identity, writeOnlySecret(otherSecret, 1))["main.tf"])
	out := r.run("plan", "-input=false", "-no-color")
	if !strings.Contains(out, "Write-Only Secret Replaces Factor") || planSummary.FindString(out) != "Plan: 1 to add, 0 to change, 1 to destroy." {
		t.Errorf("a different write-only secret should replace the factor and say so:\n%s", out)
	}

	// The secret it has: kept, and the plan says so.
	r.writeFile("main.tf", writeOnlyFactor(e, identity, writeOnlySecret(knownSecret, 1))["main.tf"])
	out = r.run("plan", "-input=false", "-no-color")
	if !strings.Contains(out, "Write-Only Secret Adopted") || planSummary.FindString(out) != "Plan: 0 to add, 1 to change, 0 to destroy." {
		t.Errorf("the factor's own secret should be adopted in place and say so:\n%s", out)
	}
	updates := e.factorUpdates()
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if got := strings.TrimSpace(r.run("output", "-raw", "sid")); got != sid {
		t.Errorf("adopting the secret replaced factor %s with %s", sid, got)
	}
	if n := e.factorUpdates() - updates; n != 0 {
		t.Errorf("adopting the secret sent %d update requests, want 0", n)
	}
	if state := r.run("state", "pull"); strings.Contains(state, knownSecret) {
		t.Error("the secret is still in state after moving it to binding_secret_wo")
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after adopting the secret is not empty (%v):\n%s", err, out)
	}

	// A new version afterwards says the secret changed: replaced.
	r.writeFile("main.tf", writeOnlyFactor(e, identity, writeOnlySecret(knownSecret, 2))["main.tf"])
	out = r.run("plan", "-input=false", "-no-color")
	if planSummary.FindString(out) != "Plan: 1 to add, 0 to change, 1 to destroy." {
		t.Errorf("a new binding_secret_wo_version should replace the factor:\n%s", out)
	}
}

// TestAccVerifyFactor_WriteOnlyAdoptsImportedSecret imports a factor made
// outside Terraform with its secret given as binding_secret_wo and
// auto_verify: the factor is kept (the plan says the secret is recorded
// unchecked) and verified with a code of that secret in the same apply.
func TestAccVerifyFactor_WriteOnlyAdoptsImportedSecret(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("adoptimp")
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP, FriendlyName: "Moved secret", BindingSecret: knownSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	files := writeOnlyFactor(e, identity, writeOnlySecret(knownSecret, 1)+"  auto_verify = true\n")
	files["main.tf"] += importFactorBlock(ids.Factor(e.serviceSID, identity, created.SID))
	r := newCLIRun(t, files, e.cliEnv()...)
	r.requireCLIVersion("1.11.0")

	out := r.run("plan", "-input=false", "-no-color")
	if !strings.Contains(out, "Write-Only Secret Recorded Without Check") ||
		planSummary.FindString(out) != "Plan: 1 to import, 0 to add, 1 to change, 0 to destroy." {
		t.Errorf("the imported factor should be kept with the write-only secret, and the plan say so:\n%s", out)
	}
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if got := strings.TrimSpace(r.run("output", "-raw", "sid")); got != created.SID {
		t.Errorf("adopting the imported secret replaced factor %s with %s", created.SID, got)
	}
	if f := e.mock.Factors(e.accountSID, e.serviceSID, identity); len(f) != 1 || f[0].Status != verify.StatusVerified {
		t.Errorf("want the one imported factor, verified with the write-only secret; the mock has %+v", f)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after adopting the secret is not empty (%v):\n%s", err, out)
	}
}

// TestAccVerifyFactor_importedAutoVerifyRefusedAtPlan turns on auto_verify
// for an imported, unverified factor whose secret nobody configured: the
// plan is refused, naming auto_verify, and no update request is sent.
func TestAccVerifyFactor_importedAutoVerifyRefusedAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := randomIdentity("noverify")
	created, err := e.client.CreateFactor(t.Context(), verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP, FriendlyName: "Unknown secret",
	})
	if err != nil {
		t.Fatal(err)
	}
	importBlock := importFactorBlock(ids.Factor(e.serviceSID, identity, created.SID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config(importBlock + totpResource(e.serviceSID, identity, "Unknown secret", "  auto_verify = true")),
				PlanOnly:    true,
				ExpectError: expectError(`(?s)Cannot Auto-Verify Factor.*auto_verify needs the secret of factor ` + created.SID),
			},
			{Config: e.config(importBlock + totpResource(e.serviceSID, identity, "Unknown secret", ""))},
			{
				Config:      e.config(totpResource(e.serviceSID, identity, "Unknown secret", "  auto_verify = true")),
				ExpectError: expectError(`(?s)Cannot Auto-Verify Factor.*neither binding_secret nor binding_secret_wo`),
			},
		},
	})
	if n := e.factorUpdates(); n != 0 {
		t.Errorf("a refused auto_verify sent %d update requests, want 0: %v", n, e.mock.Stats().Requests)
	}
}

package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccStateEncryptionOpenTofu backs the guide "Keeping TOTP secrets out of
// plaintext state": with OpenTofu's client-side state encryption (the pbkdf2
// key provider and aes_gcm), the state file holds no TOTP secret, no
// otpauth:// URI and no attribute name, only ciphertext; OpenTofu still reads
// it (the next plan is empty) and shows the secret to whoever has the
// passphrase. Terraform has no state encryption, so the test runs on OpenTofu
// only (make testacc-tofu).
func TestAccStateEncryptionOpenTofu(t *testing.T) {
	t.Parallel()
	requireOpenTofu(t)
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := "encrypted-state-0001"
	const passphrase = "correct horse battery staple, for this test only"
	files := map[string]string{"main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %[1]q }
  }

  encryption {
    key_provider "pbkdf2" "passphrase" {
      passphrase = var.state_passphrase
    }
    method "aes_gcm" "passphrase" {
      keys = key_provider.pbkdf2.passphrase
    }
    state {
      method   = method.aes_gcm.passphrase
      enforced = true
    }
    plan {
      method   = method.aes_gcm.passphrase
      enforced = true
    }
  }
}

variable "state_passphrase" {
  type      = string
  sensitive = true
}

provider "twilio" {}

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

output "uri" {
  value     = twilio_verify_factor.generated.binding_uri
  sensitive = true
}
`, providerNamespace+"/twilio", e.serviceSID, identity, knownSecret)}

	r := newCLIRun(t, files, append(e.cliEnv(), "TF_VAR_state_passphrase="+passphrase)...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")

	var generatedSecret string
	for _, f := range e.mock.Factors("", e.serviceSID, identity) {
		if f.FriendlyName == "Generated secret" {
			generatedSecret = f.Secret
		}
	}
	if generatedSecret == "" {
		t.Fatalf("the apply did not create the generated factor: %+v", e.mock.Factors("", e.serviceSID, identity))
	}

	raw, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var envelope struct {
		EncryptedData []byte `json:"encrypted_data"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil || len(envelope.EncryptedData) == 0 {
		t.Fatalf("the state file is not OpenTofu's encrypted form (err %v):\n%.300s", err, raw)
	}
	for name, text := range map[string]string{
		"configured binding_secret": knownSecret,
		"generated binding_secret":  generatedSecret,
		"an otpauth:// URI":         "otpauth://",
		"an attribute name":         "binding_secret",
	} {
		if strings.Contains(string(raw), text) {
			t.Errorf("the encrypted state file holds %s", name)
		}
	}

	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after apply is not empty (%v):\n%s", err, out)
	}
	// Encryption protects the file, not what the passphrase's holder sees.
	if uri := r.run("output", "-raw", "uri"); !strings.Contains(uri, "secret="+generatedSecret) {
		t.Errorf("tofu output -raw uri = %q, want the otpauth:// URI with the generated secret", uri)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if n := len(e.mock.Factors("", e.serviceSID, identity)); n != 0 {
		t.Errorf("%d factors left after destroy", n)
	}
}

// requireOpenTofu skips a test unless TF_ACC_TERRAFORM_PATH is OpenTofu.
func requireOpenTofu(t *testing.T) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to OpenTofu (make testacc-tofu)")
	}
	out, err := exec.Command(cli, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	if !strings.Contains(string(out), "OpenTofu v") {
		t.Skip("needs OpenTofu's state encryption; TF_ACC_TERRAFORM_PATH is not OpenTofu")
	}
}

package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

const credentialAddr = "twilio_verify_push_credential.test"

var credentialSIDRegexp = regexp.MustCompile(`^CR[0-9a-f]{32}$`)

// credentialResource renders twilio_verify_push_credential.test; attrs are
// name = value lines, values rendered with %q unless they are numbers or
// booleans given as such.
func credentialResource(kind, name string, attrs map[string]any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"twilio_verify_push_credential\" \"test\" {\n  type          = %q\n  friendly_name = %q\n", kind, name)
	for k, v := range attrs {
		if s, ok := v.(string); ok {
			fmt.Fprintf(&b, "  %s = %q\n", k, s)
		} else {
			fmt.Fprintf(&b, "  %s = %v\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// credentialHolds checks that the mock's only credential was sent the
// given values (it keeps their SHA-256 only).
func (e *testEnv) credentialHolds(values map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		creds := e.mock.Credentials(e.accountSID)
		if len(creds) != 1 {
			return fmt.Errorf("%d credentials in the mock, want 1", len(creds))
		}
		for param, v := range values {
			if creds[0].Digests[param] != sha256Hex(v) {
				return fmt.Errorf("the credential's %s is not the configured one", param)
			}
		}
		return nil
	}
}

// checkCredentialsDestroyed asks the API that no credential of the state
// is left.
func (e *testEnv) checkCredentialsDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "twilio_verify_push_credential" {
			continue
		}
		if _, err := e.client.FetchCredential(e.t.Context(), rs.Primary.ID); !verify.IsNotFound(err) {
			return fmt.Errorf("credential %s after destroy: %w", rs.Primary.ID, err)
		}
	}
	return nil
}

func TestAccVerifyPushCredential_apn(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	rec := e.recordPosts()
	year := time.Now().Add(365 * 24 * time.Hour)
	first, second := newAPNPair(t, year), newAPNPair(t, year)
	cfg := func(name string, pair apnPair) string {
		return e.config(credentialResource("apn", name, map[string]any{"certificate": pair.certPEM, "private_key": pair.keyPEM, "sandbox": true}))
	}
	var sid string
	credentialPath := func() string { return "/v1/Credentials/" + sid }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkCredentialsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg("iOS production", first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(credentialSIDRegexp)),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("type"), knownvalue.StringExact("apn")),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("sandbox"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("date_created"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredentials: 1}),
					e.credentialHolds(map[string]string{"Certificate": first.certPEM, "PrivateKey": first.keyPEM}),
					func(s *terraform.State) error { sid = s.RootModule().Resources[credentialAddr].Primary.ID; return nil },
				),
			},
			{
				// Twilio never returns the certificate or key: import
				// recovers the rest.
				ResourceName: credentialAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"certificate", "private_key"},
			},
			{ResourceName: credentialAddr, ImportState: true, ImportStateId: "CR123", ExpectError: expectError("Unexpected format of import ID")},
			{
				Config: cfg("iOS", first),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credentialAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredential: 1}),
					func(*terraform.State) error { return rec.lastSent(credentialPath(), "FriendlyName") },
				),
			},
			{
				// A rotation: a new certificate and key, in place, in one POST.
				Config: cfg("iOS", second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credentialAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("friendly_name"), knownvalue.StringExact("iOS")),
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredentials: 1, "POST " + mockverify.TemplateCredential: 2}),
					e.credentialHolds(map[string]string{"Certificate": second.certPEM, "PrivateKey": second.keyPEM}),
					func(*terraform.State) error {
						return rec.lastSent(credentialPath(), "Certificate", "PrivateKey")
					},
				),
			},
		},
	})
}

func TestAccVerifyPushCredential_fcm(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	rec := e.recordPosts()
	first, second := newServiceAccountJSON(t, "acme-push"), newServiceAccountJSON(t, "acme-push")
	cfg := func(secret string) string {
		return e.config(credentialResource("fcm", "Android", map[string]any{"secret": secret}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkCredentialsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("type"), knownvalue.StringExact("fcm")),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("sandbox"), knownvalue.Null()),
					statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("certificate"), knownvalue.Null()),
				},
				Check: e.credentialHolds(map[string]string{"Secret": first}),
			},
			{ResourceName: credentialAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret"}},
			{
				Config: cfg(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credentialAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredentials: 1, "POST " + mockverify.TemplateCredential: 1}),
					e.credentialHolds(map[string]string{"Secret": second}),
					func(s *terraform.State) error {
						return rec.lastSent("/v1/Credentials/"+s.RootModule().Resources[credentialAddr].Primary.ID, "Secret")
					},
				),
			},
		},
	})
}

// A credential deleted outside Terraform is drift.
func TestAccVerifyPushCredential_disappears(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	cfg := e.config(credentialResource("fcm", "Gone", map[string]any{"secret": newServiceAccountJSON(t, "gone")}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkCredentialsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return e.client.DeleteCredential(t.Context(), s.RootModule().Resources[credentialAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credentialAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Bad material is refused at plan, naming the setting, with no request.
func TestAccVerifyPushCredential_badInputAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	now := time.Now()
	good, other, expired := newAPNPair(t, now.Add(90*24*time.Hour)), newAPNPair(t, now.Add(90*24*time.Hour)), newAPNPair(t, now.Add(-time.Hour))
	account := newServiceAccountJSON(t, "acme-push")
	for _, tc := range []struct {
		name, kind string
		attrs      map[string]any
		want       string
	}{
		{"expired certificate", "apn", map[string]any{"certificate": expired.certPEM, "private_key": expired.keyPEM}, "APN Certificate Expired"},
		{"key of another certificate", "apn", map[string]any{"certificate": good.certPEM, "private_key": other.keyPEM}, "Does Not Match the Certificate"},
		{"key as certificate", "apn", map[string]any{"certificate": good.keyPEM, "private_key": good.keyPEM}, "Invalid APN Certificate"},
		{"no key", "apn", map[string]any{"certificate": good.certPEM}, "Set private_key"},
		{"secret on apn", "apn", map[string]any{"certificate": good.certPEM, "private_key": good.keyPEM, "secret": account}, "secret applies to fcm"},
		{"legacy server key", "fcm", map[string]any{"secret": "AAAAxyz:APA91bFakeLegacyServerKey0123456789"}, "not a legacy FCM server key"},
		{"not a service account", "fcm", map[string]any{"secret": `{"type":"authorized_user","client_id":"x"}`}, "service_account"},
		{"sandbox on fcm", "fcm", map[string]any{"secret": account, "sandbox": false}, "sandbox applies to apn"},
		{"gcm", "gcm", map[string]any{}, "type value must be one of"},
		{"write-only key without version", "apn", map[string]any{"certificate": good.certPEM, "private_key_wo_version": 1}, "set private_key_wo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{Config: e.config(credentialResource(tc.kind, "Bad", tc.attrs)), PlanOnly: true,
					ExpectError: expectError(tc.want)}},
			})
		})
	}
	if n := e.requests(""); n != 0 {
		t.Errorf("bad input sent %d requests: %v", n, e.mock.Stats().Requests)
	}
}

// A certificate that expires within 30 days passes with a warning.
func TestAccVerifyPushCredential_expiresSoonWarns(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	pair := newAPNPair(t, time.Now().Add(10*24*time.Hour))
	r := newCLIRun(t, map[string]string{"main.tf": e.config(credentialResource("apn", "Soon",
		map[string]any{"certificate": pair.certPEM, "private_key": pair.keyPEM}))}, e.cliEnv()...)
	out := r.run("plan", "-input=false", "-no-color")
	if !strings.Contains(out, "APN Certificate Expires Soon") || !strings.Contains(out, "1 to add") {
		t.Errorf("the plan does not warn and go on:\n%s", out)
	}
}

// The write-only forms send the material and keep it out of plan and
// state; a version bump rotates it in place with one POST.
func TestAccVerifyPushCredential_WriteOnly(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	rec := e.recordPosts()
	year := time.Now().Add(365 * 24 * time.Hour)
	first, second := newAPNPair(t, year), newAPNPair(t, year)
	cfg := func(pair apnPair, version int) string {
		return e.config(credentialResource("apn", "iOS", map[string]any{
			"certificate": pair.certPEM, "private_key_wo": pair.keyPEM, "private_key_wo_version": version}))
	}
	noKeyInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("private_key_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("private_key"), knownvalue.Null()),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             e.checkCredentialsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg(first, 1), ConfigStateChecks: noKeyInState,
				Check: e.credentialHolds(map[string]string{"Certificate": first.certPEM, "PrivateKey": first.keyPEM}),
			},
			{Config: cfg(first, 1), PlanOnly: true},
			{
				Config: cfg(second, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(credentialAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: noKeyInState,
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredentials: 1, "POST " + mockverify.TemplateCredential: 1}),
					e.credentialHolds(map[string]string{"Certificate": second.certPEM, "PrivateKey": second.keyPEM}),
					func(s *terraform.State) error {
						return rec.lastSent("/v1/Credentials/"+s.RootModule().Resources[credentialAddr].Primary.ID, "Certificate", "PrivateKey")
					},
				),
			},
		},
	})
}

// The FCM secret's write-only form: sent, never in state, rotated in place
// by a version bump.
func TestAccVerifyPushCredential_WriteOnlySecret(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	first, second := newServiceAccountJSON(t, "acme-push"), newServiceAccountJSON(t, "acme-push")
	cfg := func(secret string, version int) string {
		return e.config(credentialResource("fcm", "Android", map[string]any{"secret_wo": secret, "secret_wo_version": version}))
	}
	noSecretInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("secret_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(credentialAddr, tfjsonpath.New("secret"), knownvalue.Null()),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             e.checkCredentialsDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg(first, 1), ConfigStateChecks: noSecretInState, Check: e.credentialHolds(map[string]string{"Secret": first})},
			{
				Config:            cfg(second, 2),
				ConfigStateChecks: noSecretInState,
				Check: resource.ComposeTestCheckFunc(
					e.expectRequests(map[string]int{"POST " + mockverify.TemplateCredentials: 1, "POST " + mockverify.TemplateCredential: 1}),
					e.credentialHolds(map[string]string{"Secret": second}),
				),
			},
		},
	})
}

package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// autoVerifyConfig declares a factor with a known secret and one with a
// generated secret, both auto-verified.
func (e *testEnv) autoVerifyConfig(known, generated string) string {
	return fmt.Sprintf(`
resource "twilio_verify_factor" "known" {
  service_sid    = %[1]q
  identity       = %[2]q
  factor_type    = "totp"
  friendly_name  = "Migrated enrolment"
  binding_secret = %[4]q
  auto_verify    = true
}

resource "twilio_verify_factor" "generated" {
  service_sid        = %[1]q
  identity           = %[3]q
  factor_type        = "totp"
  friendly_name      = "Service identity"
  config_alg         = "sha256"
  config_code_length = 8
  auto_verify        = true
}
`, e.serviceSID, known, generated, knownSecret)
}

// TestAccVerifyFactor_autoVerifyOnTwiliosClock auto-verifies TOTP factors
// while Twilio's clock is 3 minutes behind, then ahead of, this machine's:
// the codes are computed on Twilio's clock, so both factors end verified.
func TestAccVerifyFactor_autoVerifyOnTwiliosClock(t *testing.T) {
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute} {
		t.Run(skew.String(), func(t *testing.T) {
			e := newTestEnv(t, mockverify.Options{ClockSkew: skew})
			e.requireMock()
			known, generated := randomIdentity("skewed"), randomIdentity("skewed")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             e.checkDestroyed(known, generated),
				Steps: []resource.TestStep{{
					Config: e.config(e.autoVerifyConfig(known, generated)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("twilio_verify_factor.known", tfjsonpath.New("status"), knownvalue.StringExact("verified")),
						statecheck.ExpectKnownValue("twilio_verify_factor.generated", tfjsonpath.New("status"), knownvalue.StringExact("verified")),
					},
				}},
			})
		})
	}
}

// lyingDate rewrites the Date header of every answer to now + offset.
type lyingDate struct {
	http.ResponseWriter
	offset time.Duration
}

func (w lyingDate) WriteHeader(status int) {
	w.Header().Set("Date", time.Now().Add(w.offset).UTC().Format(http.TimeFormat))
	w.ResponseWriter.WriteHeader(status)
}

// TestAccVerifyFactor_autoVerifyNamesTheClockOffset puts a proxy in front
// of the mock whose Date headers say Twilio is 10 minutes ahead while its
// TOTP check runs on this machine's time: verification fails, and the
// diagnostic names the offset the code was computed with.
func TestAccVerifyFactor_autoVerifyNamesTheClockOffset(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	proxy := e.newHostileProxy(t)
	proxy.set(func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		upstream.ServeHTTP(lyingDate{ResponseWriter: w, offset: 10 * time.Minute}, r)
	})
	e.baseURL = proxy.URL
	identity := randomIdentity("liar")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.config(totpResource(e.serviceSID, identity, "Phone", fmt.Sprintf("  binding_secret = %q\n  auto_verify    = true", knownSecret))),
			// Date headers have a one-second precision: the estimate is
			// within a second of the lie.
			ExpectError: expectError(`(?s)Factor Verification Failed.*computed\s+the\s+code\s+on\s+Twilio's\s+clock.*` +
				`as\s+(9m59\.\ds|10m0(\.\d)?s)\s+ahead\s+of\s+this\s+machine's`),
		}},
	})
}

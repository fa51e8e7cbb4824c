package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// badInput is one invalid configuration and the diagnostic it must get.
type badInput struct {
	name string
	// resource is the body of resource "twilio_verify_factor" "test".
	resource string
	// provider, when set, replaces the provider block's attributes.
	provider string
	want     string
}

// TestAccBadInputRefusedAtPlan lists each bad input and the diagnostic it
// gets, and proves through the mock's counters that none sent a request.
func TestAccBadInputRefusedAtPlan(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	key := verifytest.NewDeviceKey(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaDER, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	rsaB64 := base64.StdEncoding.EncodeToString(rsaDER)

	totp := func(extra string) string {
		return fmt.Sprintf("service_sid = %q\nidentity = \"user-00000001\"\nfactor_type = \"totp\"\nfriendly_name = \"Phone\"\n%s\n", e.serviceSID, extra)
	}
	// push renders a valid push factor with replace applied: a key "push.x"
	// is attribute x of push, and an empty value removes the attribute.
	push := func(replace map[string]string) string {
		attrs := map[string]string{
			"service_sid":                fmt.Sprintf("%q", e.serviceSID),
			"identity":                   `"user-00000001"`,
			"factor_type":                `"push"`,
			"friendly_name":              `"Pixel"`,
			"push.alg":                   `"ES256"`,
			"push.public_key":            fmt.Sprintf("%q", key.PublicKey),
			"push.app_id":                `"com.example.app"`,
			"push.notification_platform": `"fcm"`,
			"push.notification_token":    `"` + strings.Repeat("t", 40) + `"`,
			"push.sdk_version":           `"4.1.0"`,
		}
		for k, v := range replace {
			if v == "" {
				delete(attrs, k)
			} else {
				attrs[k] = v
			}
		}
		var b, nested strings.Builder
		for k, v := range attrs {
			if name, ok := strings.CutPrefix(k, "push."); ok {
				fmt.Fprintf(&nested, "  %s = %s\n", name, v)
			} else {
				fmt.Fprintf(&b, "%s = %s\n", k, v)
			}
		}
		if nested.Len() > 0 {
			fmt.Fprintf(&b, "push = {\n%s}\n", nested.String())
		}
		return b.String()
	}

	cases := []badInput{
		{name: "service SID", resource: strings.Replace(totp(""), e.serviceSID, "VA123", 1), want: `must be a Verify service SID`},
		{name: "identity too short", resource: strings.Replace(totp(""), "user-00000001", "user-1", 1), want: `character count must be between 8 and 64`},
		{name: "identity characters", resource: strings.Replace(totp(""), "user-00000001", "user_00000001", 1), want: `must be dash-separated alphanumeric`},
		{name: "identity too long", resource: strings.Replace(totp(""), "user-00000001", strings.Repeat("a", 65), 1), want: `character count must be between 8 and 64`},
		{name: "factor type", resource: strings.Replace(totp(""), `"totp"`, `"sms"`, 1), want: `value must be one of`},
		{name: "friendly name empty", resource: strings.Replace(totp(""), `"Phone"`, `""`, 1), want: `character count must be between 1 and 64`},
		{name: "friendly name too long", resource: strings.Replace(totp(""), `"Phone"`, `"`+strings.Repeat("x", 65)+`"`, 1), want: `character count must be between 1 and 64`},
		{name: "secret too short", resource: totp(`binding_secret = "JBSWY3DP"`), want: `Invalid TOTP Secret`},
		{name: "secret not base32", resource: totp(`binding_secret = "JBSWY3DPEHPK3PX1JBSWY3DP"`), want: `must be base32`},
		{name: "time step low", resource: totp(`config_time_step = 19`), want: `must be between 20 and 60`},
		{name: "time step high", resource: totp(`config_time_step = 61`), want: `must be between 20 and 60`},
		{name: "skew", resource: totp(`config_skew = 3`), want: `must be between 0 and 2`},
		{name: "code length low", resource: totp(`config_code_length = 2`), want: `must be between 3 and 8`},
		{name: "code length high", resource: totp(`config_code_length = 9`), want: `must be between 3 and 8`},
		{name: "alg", resource: totp(`config_alg = "md5"`), want: `value must be one of`},
		{name: "metadata too long", resource: totp(`metadata = { note = "` + strings.Repeat("m", 1100) + `" }`), want: `Factor Metadata Too Long`},
		{name: "auto_verify with auth_payload", resource: totp("auto_verify = true\nauth_payload = \"123456\""), want: `cannot be configured together`},
		{name: "totp with push attribute", resource: totp(`push = { alg = "ES256", public_key = "x", app_id = "a", notification_platform = "none", sdk_version = "1" }`), want: `Attribute Not Allowed for TOTP Factors`},
		{name: "push binding alg", resource: push(map[string]string{"push.alg": `"RS256"`}), want: `value must be one of`},
		{name: "push key not base64", resource: push(map[string]string{"push.public_key": `"not base64!"`}), want: `Invalid Push Public Key`},
		{name: "push key not P-256", resource: push(map[string]string{"push.public_key": fmt.Sprintf("%q", rsaB64)}), want: `must be an ECDSA P-256 public key`},
		{name: "push missing key", resource: push(map[string]string{"push.public_key": ""}), want: `Creating a push factor needs push.public_key`},
		{name: "push without push", resource: push(map[string]string{"push.alg": "", "push.public_key": "", "push.app_id": "", "push.notification_platform": "", "push.notification_token": "", "push.sdk_version": ""}), want: `Missing Attribute for Push Factor`},
		{name: "push missing token", resource: push(map[string]string{"push.notification_token": ""}), want: `unless\s+push.notification_platform is "none"`},
		{name: "push token too short", resource: push(map[string]string{"push.notification_token": `"short"`}), want: `character count must be between 32 and 255`},
		{name: "push platform", resource: push(map[string]string{"push.notification_platform": `"sms"`}), want: `value must be one of`},
		{name: "push app id too long", resource: push(map[string]string{"push.app_id": `"` + strings.Repeat("a", 101) + `"`}), want: `character count must be between 1 and 100`},
		{name: "push SDK version of 2 MB", resource: push(map[string]string{"push.sdk_version": `"` + strings.Repeat("4", 2<<20) + `"`}), want: `character count must be between 1 and 64`},
		{name: "auth payload too long", resource: totp(`auth_payload = "` + strings.Repeat("1", 513) + `"`), want: `character count must be between 1 and 512`},
		{name: "push key too long", resource: push(map[string]string{"push.public_key": `"` + strings.Repeat("A", 516) + `"`}), want: `character count must be at most 512`},
		{name: "friendly name of 65 Japanese characters", resource: strings.Replace(totp(""), `"Phone"`, `"`+strings.Repeat("電", 65)+`"`, 1), want: `character count must be between 1 and 64, got: 65`},
		{name: "push with totp attribute", resource: push(map[string]string{"config_time_step": "30"}), want: `Attribute Not Allowed for Push Factors`},
		{name: "push with auto_verify", resource: push(map[string]string{"auto_verify": "true"}), want: `Attribute Not Allowed for Push Factors`},
		{name: "friendly name blank", resource: strings.Replace(totp(""), `"Phone"`, `"   "`, 1), want: `The value of friendly_name is only white space`},
		{name: "friendly name with escape sequence", resource: strings.Replace(totp(""), `"Phone"`, `"\u001b[2JPhone"`, 1), want: `friendly_name holds a control character \(U\+001B\) at character 1`},
		{name: "friendly name with line break", resource: strings.Replace(totp(""), `"Phone"`, `"Pho\r\nne"`, 1), want: `friendly_name holds a control character \(U\+000D\) at character 4`},
		{name: "friendly name with bidi override", resource: strings.Replace(totp(""), `"Phone"`, `"Phone\u202egnp"`, 1), want: `friendly_name holds a bidirectional text control \(U\+202E\) at character 6`},
		{name: "push app ID with NUL", resource: push(map[string]string{"push.app_id": `"com.example\u0000app"`}), want: `push.app_id holds a control character \(U\+0000\) at character 12`},
		{name: "push token with C1 control", resource: push(map[string]string{"push.notification_token": `"` + strings.Repeat("t", 40) + `\u009b"`}), want: `push.notification_token holds a control character \(U\+009B\) at character 41`},
		{name: "metadata key with line break", resource: totp(`metadata = { "os\nname" = "Android" }`), want: `A metadata key holds a control character \(U\+000A\) at character 3`},
		{name: "metadata null value", resource: totp(`metadata = { os = "Android", k = null }`), want: `(?s)Null Metadata Value.*metadata key "k" is null`},
		{name: "secret with padding", resource: totp(`binding_secret = "JBSWY3DPEHPK3PXPJB======"`), want: `remove the = padding`},
		{name: "TOTP code not digits", resource: totp(`auth_payload = "12ab56"`), want: `(?s)Invalid TOTP Code.*made of digits only`},
		{name: "TOTP code too short", resource: totp(`auth_payload = "12"`), want: `of 3 to 8 digits`},
		{name: "TOTP code of the wrong length", resource: totp("config_code_length = 8\nauth_payload = \"123456\""), want: `of 8 digits as config_code_length says`},
		{name: "provider account SID", provider: fmt.Sprintf("account_sid = \"AC123\"\nauth_token = \"x\"\nbase_url = %q\n", e.baseURL), resource: totp(""), want: `must be an Account SID`},
		{name: "provider API key SID", provider: fmt.Sprintf("account_sid = %q\napi_key = \"KEY\"\napi_secret = \"x\"\nbase_url = %q\n", e.accountSID, e.baseURL), resource: totp(""), want: `must be an API key SID`},
		{name: "provider API key without secret", provider: fmt.Sprintf("account_sid = %q\napi_key = \"SK0123456789abcdef0123456789abcdef\"\nbase_url = %q\n", e.accountSID, e.baseURL), resource: totp(""), want: `Missing Twilio API Secret`},
		{name: "provider insecure base URL", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = \"http://verify.example.com\"\n", e.accountSID), resource: totp(""), want: `plain http is accepted only for\s+loopback hosts`},
		{name: "provider base URL with an empty query", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = %q\n", e.accountSID, e.baseURL+"?"), resource: totp(""), want: `(?s)Invalid Twilio Base URL.*without a path, query, fragment`},
		{name: "provider base URL with a path", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = %q\n", e.accountSID, e.baseURL+"/v2"), resource: totp(""), want: `Invalid Twilio Base URL`},
		{name: "provider base URL port out of range", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = \"http://127.0.0.1:99999\"\n", e.accountSID), resource: totp(""), want: `(?s)Invalid Twilio Base URL.*port must be a number from 1 to 65535`},
		{name: "provider request timeout", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = %q\nrequest_timeout = \"soon\"\n", e.accountSID, e.baseURL), resource: totp(""), want: `(?i)duration`},
		{name: "provider max retries", provider: fmt.Sprintf("account_sid = %q\nauth_token = \"x\"\nbase_url = %q\nmax_retries = 100\n", e.accountSID, e.baseURL), resource: totp(""), want: `must be between 0 and 20`},
	}

	var steps []resource.TestStep
	for _, c := range cases {
		providerBlock := e.providerBlock("")
		if c.provider != "" {
			providerBlock = "terraform {\n  required_providers {\n    twilio = { source = \"" + providerNamespace + "/twilio\" }\n  }\n}\n\nprovider \"twilio\" {\n" + c.provider + "}\n"
		}
		steps = append(steps, resource.TestStep{
			Config:      providerBlock + "resource \"twilio_verify_factor\" \"test\" {\n" + c.resource + "}\n",
			PlanOnly:    true,
			ExpectError: expectError(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if n := e.requests(""); n != 0 {
		t.Errorf("bad input sent %d requests before being refused, want 0: %v", n, e.mock.Stats().Requests)
	}
}

// expectError compiles want so that its spaces also match the line breaks
// Terraform puts into long diagnostics.
func expectError(want string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))
}

// Values Twilio accepts pass plan and apply: lengths are counted in
// characters (30 Japanese characters are 90 bytes) and metadata is measured
// on the JSON that is sent ("<" is not escaped to six characters).
func TestAccInputsCountedAsTwilioCounts(t *testing.T) {
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("nihongo")
	name := strings.Repeat("認証", 15)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroyed(identity),
		Steps: []resource.TestStep{{
			Config: e.config(totpResource(e.serviceSID, identity, name, `  metadata = { note = "`+strings.Repeat("<", 300)+`" }`)),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(factorAddr, "friendly_name", name),
				resource.TestCheckResourceAttr(factorAddr, "metadata.note", strings.Repeat("<", 300)),
			),
		}},
	})
}

// Whole-number settings configured as numbers int64 cannot hold, or as
// fractions, are refused at plan with a diagnostic naming the attribute and
// its range, and nothing blames the provider (the framework's own Int64
// type answered "Configuration Read Error ... always an error in the
// provider", the factor's checks "Provider Bug: Cannot Read Attribute").
func TestAccNumbersOutOfRangeBlameNoProvider(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	header := fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")
	for _, c := range []struct{ name, config, want string }{
		{"factor time step", header + totpResource(e.serviceSID, "user-00000001", "Phone", "  config_time_step = 99999999999999999999999"),
			"config_time_step must be a whole number from 20 to 60"},
		{"factor skew", header + totpResource(e.serviceSID, "user-00000001", "Phone", "  config_skew = -99999999999999999999999"),
			"config_skew must be a whole number from 0 to 2"},
		{"factor code length", header + totpResource(e.serviceSID, "user-00000001", "Phone", "  config_code_length = 6.5"),
			"config_code_length must be a whole number from 3 to 8"},
		{"write-only secret version", header + totpResource(e.serviceSID, "user-00000001", "Phone", "  binding_secret_wo_version = 1e30"),
			"binding_secret_wo_version must be a whole number from -9223372036854775808 to 9223372036854775807"},
		{"service TOTP time step", header + "resource \"twilio_verify_service\" \"s\" {\n  friendly_name = \"x\"\n  totp = { time_step = 1e40 }\n}\n",
			"totp.time_step must be a whole number from 20 to 60"},
		{"provider max retries", header + "provider \"twilio\" {\n  max_retries = 1e100\n}\n" + totpResource(e.serviceSID, "user-00000001", "Phone", ""),
			"max_retries must be a whole number from 0 to 20"},
	} {
		r := newCLIRun(t, map[string]string{"main.tf": c.config}, e.cliEnv()...)
		out, err := r.try("plan", "-input=false", "-no-color")
		if err == nil || !strings.Contains(strings.Join(strings.Fields(out), " "), c.want) {
			t.Errorf("%s: plan did not fail with %q (%v):\n%s", c.name, c.want, err, out)
		}
		for _, blame := range []string{"Provider Bug", "error in the provider", "provider developer"} {
			if strings.Contains(out, blame) {
				t.Errorf("%s: the output blames the provider (%q):\n%s", c.name, blame, out)
			}
		}
	}
	if n := e.requests(""); n != 0 {
		t.Errorf("out-of-range numbers sent %d requests before being refused, want 0", n)
	}
}

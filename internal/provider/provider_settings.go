package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// providerNamespace is the registry namespace of this provider.
const providerNamespace = "verifyfactors"

// Environment variables read when the matching provider attribute is unset.
const (
	envAccountSID = "TWILIO_ACCOUNT_SID"
	envAuthToken  = "TWILIO_AUTH_TOKEN"
	envAPIKey     = "TWILIO_API_KEY"
	envAPISecret  = "TWILIO_API_SECRET"
	envEdge       = "TWILIO_EDGE"
	envRegion     = "TWILIO_REGION"
	envBaseURL    = "TWILIO_BASE_URL"
	envMaxRetries = "TWILIO_MAX_RETRIES"
	envTimeout    = "TWILIO_REQUEST_TIMEOUT"
)

// setting is one resolved provider setting and where its value came from.
type setting struct {
	value  string
	source string // "provider attribute x" or "environment variable X"; "" when unset
}

func (s setting) set() bool { return s.value != "" }

// providerSettings is the provider configuration after environment fallbacks.
type providerSettings struct {
	accountSIDSetting setting
	accountSID        string
	authToken         setting
	apiKey            setting
	apiSecret         setting
	edge              setting
	region            setting
	baseURL           setting
	maxRetries        int
	requestTimeout    time.Duration
}

// resolveSettings applies the environment fallbacks and checks every value,
// so that bad settings fail at configure time with no request sent.
func resolveSettings(m twilioProviderModel, getenv func(string) string) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	resolve := func(attr string, v types.String, env string) setting {
		return resolveSetting(attr, v, env, getenv, &diags)
	}
	s := providerSettings{
		accountSIDSetting: resolve("account_sid", m.AccountSID, envAccountSID),
		authToken:         resolve("auth_token", m.AuthToken, envAuthToken),
		apiKey:            resolve("api_key", m.APIKey, envAPIKey),
		apiSecret:         resolve("api_secret", m.APISecret, envAPISecret),
		edge:              resolve("edge", m.Edge, envEdge),
		region:            resolve("region", m.Region, envRegion),
		baseURL:           resolve("base_url", m.BaseURL, envBaseURL),
		maxRetries:        defaultMaxRetries,
		requestTimeout:    verify.DefaultRequestTimeout,
	}
	if diags.HasError() {
		return s, diags
	}
	s.accountSID = s.accountSIDSetting.value
	diags.Append(s.checkCredentials()...)
	diags.Append(s.checkHost()...)
	if n, ok := resolveMaxRetries(m.MaxRetries, getenv, &diags); ok {
		s.maxRetries = n
	}
	if d, ok := resolveRequestTimeout(m.RequestTimeout, getenv, &diags); ok {
		s.requestTimeout = d
	}
	return s, diags
}

// resolveSetting returns the provider attribute attr when it is set, else
// the environment variable env; an attribute not known until apply is an
// error.
func resolveSetting(attr string, v types.String, env string, getenv func(string) string, diags *diag.Diagnostics) setting {
	if v.IsUnknown() {
		diags.AddAttributeError(path.Root(attr), "Unknown Twilio Provider Setting",
			fmt.Sprintf("The value of %s is not known until apply, so the provider cannot be configured. "+
				"Set it to a value known at plan time, or leave it unset and use the %s environment variable.", attr, env))
		return setting{}
	}
	if !v.IsNull() && v.ValueString() != "" {
		return setting{value: v.ValueString(), source: "provider attribute " + attr}
	}
	if e := strings.TrimSpace(getenv(env)); e != "" {
		return setting{value: e, source: "environment variable " + env}
	}
	return setting{}
}

// checkCredentials checks the account SID and that exactly one way of
// authenticating is complete. No diagnostic echoes a value: a secret put in
// the wrong setting would be printed (and logged) for everyone to see.
func (s providerSettings) checkCredentials() diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case !s.accountSIDSetting.set():
		diags.AddAttributeError(path.Root("account_sid"), "Missing Twilio Account SID",
			"Set account_sid in the provider block or the "+envAccountSID+" environment variable to the Account SID "+
				"(AC followed by 32 hexadecimal digits) whose Verify factors Terraform manages.")
	case !accountSIDPattern.MatchString(s.accountSID):
		diags.AddAttributeError(path.Root("account_sid"), "Invalid Twilio Account SID",
			fmt.Sprintf("The %s does not hold an Account SID (its value is not shown, in case it is a secret put in the "+
				"wrong place). Expected AC followed by 32 hexadecimal digits, as shown in the Twilio Console.", s.accountSIDSetting.source))
	}

	switch {
	case s.apiKey.set() && !s.apiSecret.set():
		diags.AddAttributeError(path.Root("api_secret"), "Missing Twilio API Secret",
			"An API key is set ("+s.apiKey.source+") but no secret: set api_secret in the provider block or the "+
				envAPISecret+" environment variable, or unset the API key to authenticate with the auth token.")
	case !s.apiKey.set() && s.apiSecret.set():
		diags.AddAttributeError(path.Root("api_key"), "Missing Twilio API Key",
			"An API secret is set ("+s.apiSecret.source+") but no API key SID: set api_key in the provider block or the "+
				envAPIKey+" environment variable (SK followed by 32 hexadecimal digits).")
	case s.apiKey.set() && !apiKeySIDPattern.MatchString(s.apiKey.value):
		diags.AddAttributeError(path.Root("api_key"), "Invalid Twilio API Key",
			fmt.Sprintf("The %s does not hold an API key SID (its value is not shown, in case it is a secret put in the "+
				"wrong place). Expected SK followed by 32 hexadecimal digits.", s.apiKey.source))
	case !s.apiKey.set() && !s.authToken.set():
		diags.AddAttributeError(path.Root("auth_token"), "Missing Twilio Credentials",
			"No credentials are set. Set auth_token (or the "+envAuthToken+" environment variable), or api_key and "+
				"api_secret (or "+envAPIKey+" and "+envAPISecret+").")
	}
	return diags
}

// checkHost checks the edge and region (host labels) and the base URL,
// without showing their values.
func (s providerSettings) checkHost() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, label := range []struct {
		attr string
		s    setting
	}{{"edge", s.edge}, {"region", s.region}} {
		if label.s.set() && !hostLabelPattern.MatchString(label.s.value) {
			diags.AddAttributeError(path.Root(label.attr), "Invalid Twilio "+strings.ToUpper(label.attr[:1])+label.attr[1:],
				fmt.Sprintf("The %s does not hold a host label (lowercase letters, digits and dashes; its value is not shown). "+
					"Use a Twilio %s name such as %q.",
					label.s.source, label.attr, map[string]string{"edge": "dublin", "region": "ie1"}[label.attr]))
		}
	}

	if s.baseURL.set() {
		if err := verify.CheckBaseURL(s.baseURL.value); err != nil {
			diags.AddAttributeError(path.Root("base_url"), "Invalid Twilio Base URL",
				fmt.Sprintf("The %s is not acceptable (its value is not shown, as it may hold credentials): %s.", s.baseURL.source, err))
		}
	}
	return diags
}

// resolveMaxRetries returns max_retries, else TWILIO_MAX_RETRIES; ok is
// false when neither is set (or the variable is invalid, an error).
func resolveMaxRetries(v types.Int64, getenv func(string) string, diags *diag.Diagnostics) (int, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return int(v.ValueInt64()), true
	}
	env := strings.TrimSpace(getenv(envMaxRetries))
	if env == "" {
		return 0, false
	}
	n, err := strconv.Atoi(env)
	if err != nil || n < 0 || n > maxMaxRetries {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid TWILIO_MAX_RETRIES",
			fmt.Sprintf("The environment variable %s must be a whole number from 0 to %d, such as %d. Fix or unset it, "+
				"or set max_retries in the provider block.", envMaxRetries, maxMaxRetries, defaultMaxRetries))
		return 0, false
	}
	return n, true
}

// resolveRequestTimeout returns request_timeout, else
// TWILIO_REQUEST_TIMEOUT; ok is false when neither is set (or the value is
// invalid, an error).
func resolveRequestTimeout(v types.String, getenv func(string) string, diags *diag.Diagnostics) (time.Duration, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		d, ok := parseTimeout(v.ValueString())
		if !ok {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid Request Timeout", "The value of request_timeout "+timeoutProblem+".")
		}
		return d, ok
	}
	env := strings.TrimSpace(getenv(envTimeout))
	if env == "" {
		return 0, false
	}
	d, ok := parseTimeout(env)
	if !ok {
		diags.AddAttributeError(path.Root("request_timeout"), "Invalid TWILIO_REQUEST_TIMEOUT",
			fmt.Sprintf("The environment variable %s must be a positive Go duration such as 30s or 2m. Fix or unset it, "+
				"or set request_timeout in the provider block.", envTimeout))
	}
	return d, ok
}

// baseURLProblem returns why raw is not an acceptable base URL, or "".
func baseURLProblem(raw string) string {
	if err := verify.CheckBaseURL(raw); err != nil {
		return "is not acceptable: " + err.Error()
	}
	return ""
}

// clientConfig turns the settings into the API client's configuration.
func (s providerSettings) clientConfig() verify.Config {
	cfg := verify.Config{
		AccountSID:     s.accountSID,
		AuthToken:      s.authToken.value,
		Edge:           s.edge.value,
		Region:         s.region.value,
		BaseURL:        strings.TrimRight(s.baseURL.value, "/"),
		MaxRetries:     s.maxRetries,
		RequestTimeout: s.requestTimeout,
	}
	if s.apiKey.set() {
		cfg.APIKey, cfg.APISecret = s.apiKey.value, s.apiSecret.value
		cfg.AuthToken = ""
	}
	return cfg
}

// describeCredentials names the credentials in use and their sources,
// never a secret.
func (s providerSettings) describeCredentials() string {
	if s.apiKey.set() {
		return fmt.Sprintf("API key %s (from %s, secret from %s) of account %s (from %s)",
			s.apiKey.value, s.apiKey.source, s.apiSecret.source, s.accountSID, s.accountSIDSetting.source)
	}
	return fmt.Sprintf("Account SID %s (from %s) with its auth token (from %s)",
		s.accountSID, s.accountSIDSetting.source, s.authToken.source)
}

// timeoutProblem says what request_timeout needs; diagnostics never show
// the value, which may be a secret put in the wrong place (Go's parse error
// quotes it).
const timeoutProblem = "must be a positive Go duration such as \"30s\" or \"2m\" (its value is not shown, in case it is " +
	"a secret put in the wrong place)"

// parseTimeout parses a request timeout: a Go duration greater than zero.
func parseTimeout(s string) (time.Duration, bool) {
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0
}

// positiveDurationValidator checks request_timeout at validation time,
// without echoing it.
func positiveDurationValidator() validator.String {
	return stringCheck{
		summary:     "Invalid Request Timeout",
		description: "must be a positive Go duration such as 30s or 1m",
		check: func(v string) string {
			if _, ok := parseTimeout(v); ok {
				return ""
			}
			return timeoutProblem
		},
	}
}

package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const (
	testAccount = "AC0123456789abcdef0123456789abcdef"
	testKey     = "SK0123456789abcdef0123456789abcdef"
)

func nullModel() twilioProviderModel {
	return twilioProviderModel{
		AccountSID: types.StringNull(), AuthToken: types.StringNull(), APIKey: types.StringNull(), APISecret: types.StringNull(),
		Edge: types.StringNull(), Region: types.StringNull(), BaseURL: types.StringNull(),
		MaxRetries: types.Int64Null(), RequestTimeout: types.StringNull(),
	}
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolveSettings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		model   func(*twilioProviderModel)
		env     map[string]string
		wantErr string // substring of the one diagnostic's summary + detail; "" = no error
		check   func(*testing.T, providerSettings)
	}{
		{
			name: "all from environment, auth token",
			env:  map[string]string{envAccountSID: testAccount, envAuthToken: "token"},
			check: func(t *testing.T, s providerSettings) {
				cfg := s.clientConfig()
				if cfg.AccountSID != testAccount || cfg.AuthToken != "token" || cfg.APIKey != "" || cfg.MaxRetries != 5 || cfg.RequestTimeout != 30*time.Second {
					t.Errorf("unexpected client config %+v", cfg)
				}
				if d := s.describeCredentials(); !strings.Contains(d, "environment variable TWILIO_ACCOUNT_SID") || strings.Contains(d, "token\"") {
					t.Errorf("credentials description %q", d)
				}
			},
		},
		{
			name: "attributes win over environment",
			model: func(m *twilioProviderModel) {
				m.AccountSID = types.StringValue(testAccount)
				m.AuthToken = types.StringValue("attr")
			},
			env: map[string]string{envAccountSID: "ACffffffffffffffffffffffffffffffff", envAuthToken: "env"},
			check: func(t *testing.T, s providerSettings) {
				if s.accountSID != testAccount || s.authToken.value != "attr" || s.authToken.source != "provider attribute auth_token" {
					t.Errorf("attributes did not take precedence: %+v", s)
				}
			},
		},
		{
			name: "API key takes precedence over auth token",
			env:  map[string]string{envAccountSID: testAccount, envAuthToken: "token", envAPIKey: testKey, envAPISecret: "secret"},
			check: func(t *testing.T, s providerSettings) {
				cfg := s.clientConfig()
				if cfg.APIKey != testKey || cfg.APISecret != "secret" || cfg.AuthToken != "" {
					t.Errorf("API key not preferred: %+v", cfg)
				}
				if d := s.describeCredentials(); !strings.Contains(d, testKey) || strings.Contains(d, "secret\"") {
					t.Errorf("credentials description %q", d)
				}
			},
		},
		{name: "missing account", env: map[string]string{envAuthToken: "t"}, wantErr: "Missing Twilio Account SID"},
		{name: "malformed account from env", env: map[string]string{envAccountSID: "AC12", envAuthToken: "t"}, wantErr: "environment variable TWILIO_ACCOUNT_SID does not hold an Account SID"},
		{name: "missing credentials", env: map[string]string{envAccountSID: testAccount}, wantErr: "Missing Twilio Credentials"},
		{name: "key without secret", env: map[string]string{envAccountSID: testAccount, envAPIKey: testKey}, wantErr: "Missing Twilio API Secret"},
		{name: "secret without key", env: map[string]string{envAccountSID: testAccount, envAPISecret: "s"}, wantErr: "Missing Twilio API Key"},
		{name: "malformed key from env", env: map[string]string{envAccountSID: testAccount, envAPIKey: "SK1", envAPISecret: "s"}, wantErr: "Invalid Twilio API Key"},
		{name: "bad edge", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envEdge: "Dub lin"}, wantErr: "Invalid Twilio Edge"},
		{name: "http to a remote host", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "http://10.0.0.5:8089"}, wantErr: "only for loopback hosts"},
		{name: "base URL port out of range", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "http://127.0.0.1:99999"}, wantErr: "environment variable TWILIO_BASE_URL is not acceptable (its value is not shown, as it may hold credentials): its port must be a number from 1 to 65535"},
		{name: "base URL with path", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "https://example.com/v2"}, wantErr: "without a path"},
		{name: "base URL with an empty query", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "http://127.0.0.1:8089?"}, wantErr: "environment variable TWILIO_BASE_URL is not acceptable"},
		{name: "base URL with an empty fragment", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "http://127.0.0.1:8089/#"}, wantErr: "fragment"},
		{name: "max retries from env", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envMaxRetries: "7", envTimeout: "45s"},
			check: func(t *testing.T, s providerSettings) {
				if s.maxRetries != 7 || s.requestTimeout != 45*time.Second {
					t.Errorf("TWILIO_MAX_RETRIES/TWILIO_REQUEST_TIMEOUT ignored: %d %s", s.maxRetries, s.requestTimeout)
				}
			}},
		{name: "attributes win over retry env", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envMaxRetries: "bad", envTimeout: "bad"},
			model: func(m *twilioProviderModel) {
				m.MaxRetries = types.Int64Value(2)
				m.RequestTimeout = types.StringValue("5s")
			},
			check: func(t *testing.T, s providerSettings) {
				if s.maxRetries != 2 || s.requestTimeout != 5*time.Second {
					t.Errorf("%d %s", s.maxRetries, s.requestTimeout)
				}
			}},
		{name: "bad max retries env", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envMaxRetries: "lots"}, wantErr: "Invalid TWILIO_MAX_RETRIES: The environment variable TWILIO_MAX_RETRIES must be a whole number from 0 to 20"},
		{name: "max retries env out of range", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envMaxRetries: "21"}, wantErr: "TWILIO_MAX_RETRIES"},
		{name: "bad timeout env", env: map[string]string{envAccountSID: testAccount, envAuthToken: "t", envTimeout: "-1s"}, wantErr: "Invalid TWILIO_REQUEST_TIMEOUT: The environment variable TWILIO_REQUEST_TIMEOUT must be a positive Go duration"},
		{
			name: "http to loopback is fine",
			env:  map[string]string{envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "http://127.0.0.1:8089/"},
			check: func(t *testing.T, s providerSettings) {
				if s.clientConfig().BaseURL != "http://127.0.0.1:8089" {
					t.Errorf("base URL %q", s.clientConfig().BaseURL)
				}
			},
		},
		{
			name: "unknown attribute",
			model: func(m *twilioProviderModel) {
				m.AccountSID = types.StringUnknown()
			},
			env:     map[string]string{envAuthToken: "t"},
			wantErr: "Unknown Twilio Provider Setting",
		},
		{
			name: "retries and timeout",
			model: func(m *twilioProviderModel) {
				m.MaxRetries = types.Int64Value(0)
				m.RequestTimeout = types.StringValue("2m")
			},
			env: map[string]string{envAccountSID: testAccount, envAuthToken: "t"},
			check: func(t *testing.T, s providerSettings) {
				if s.maxRetries != 0 || s.requestTimeout != 2*time.Minute {
					t.Errorf("retries %d timeout %s", s.maxRetries, s.requestTimeout)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := nullModel()
			if c.model != nil {
				c.model(&m)
			}
			s, diags := resolveSettings(m, envOf(c.env))
			if c.wantErr == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				c.check(t, s)
				return
			}
			if diags.ErrorsCount() != 1 {
				t.Fatalf("want exactly one error diagnostic containing %q, got %v", c.wantErr, diags)
			}
			d := diags.Errors()[0]
			if text := d.Summary() + ": " + d.Detail(); !strings.Contains(text, c.wantErr) {
				t.Errorf("diagnostic %q does not contain %q", text, c.wantErr)
			}
		})
	}
}

// A settings error names the setting and the shape it needs, and never
// prints the value: it may be a secret put in the wrong place.
func TestSettingsErrorsNeverEchoTheValue(t *testing.T) {
	t.Parallel()
	const secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	for name, env := range map[string]map[string]string{
		"token as account SID": {envAccountSID: secret, envAuthToken: "t"},
		"token as API key":     {envAccountSID: testAccount, envAPIKey: secret, envAPISecret: "s"},
		"token as edge":        {envAccountSID: testAccount, envAuthToken: "t", envEdge: secret + "!"},
		"token as region":      {envAccountSID: testAccount, envAuthToken: "t", envRegion: secret + "!"},
		"userinfo in base URL": {envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "https://user:" + secret + "@verify.twilio.com"},
		"unparsable base URL":  {envAccountSID: testAccount, envAuthToken: "t", envBaseURL: "https://user:" + secret + "@[::1"},
		"token as max retries": {envAccountSID: testAccount, envAuthToken: "t", envMaxRetries: secret},
		"token as timeout":     {envAccountSID: testAccount, envAuthToken: "t", envTimeout: secret},
	} {
		_, diags := resolveSettings(nullModel(), envOf(env))
		if !diags.HasError() {
			t.Errorf("%s: no error", name)
		}
		for _, d := range diags {
			if strings.Contains(d.Summary()+d.Detail(), secret) {
				t.Errorf("%s: the diagnostic echoes the value: %s: %s", name, d.Summary(), d.Detail())
			}
		}
	}
	model := nullModel()
	model.AccountSID, model.AuthToken, model.RequestTimeout = types.StringValue(testAccount), types.StringValue("t"), types.StringValue(secret)
	if _, diags := resolveSettings(model, envOf(nil)); !diags.HasError() {
		t.Error("token as request_timeout: no error")
	} else if d := diags.Errors()[0]; strings.Contains(d.Summary()+d.Detail(), secret) {
		t.Errorf("token as request_timeout: the diagnostic echoes the value: %s", d.Detail())
	}
	for _, v := range []validator.String{
		settingPattern("Invalid Twilio Account SID", accountSIDPattern, "must be an Account SID"),
		settingPattern("Invalid Twilio API Key", apiKeySIDPattern, "must be an API key SID"),
	} {
		var resp validator.StringResponse
		v.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("account_sid"), ConfigValue: types.StringValue(secret)}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Error("validator accepted a token as a SID")
		}
		for _, d := range resp.Diagnostics {
			if strings.Contains(d.Summary()+d.Detail(), secret) {
				t.Errorf("the validator echoes the value: %s", d.Detail())
			}
		}
	}
}

// No validator of any provider setting shows the value it refuses, short or
// long (a length check must not quote it either).
func TestProviderSettingValidatorsNeverEchoTheValue(t *testing.T) {
	t.Parallel()
	const secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	var resp provider.SchemaResponse
	(&twilioProvider{}).Schema(t.Context(), provider.SchemaRequest{}, &resp)
	for name, a := range resp.Schema.Attributes {
		s, ok := a.(providerschema.StringAttribute)
		if !ok {
			continue
		}
		for _, value := range []string{secret, secret + "!", "https://u:" + secret + "@h", strings.Repeat(secret, 80)} {
			for _, v := range s.Validators {
				var vr validator.StringResponse
				v.ValidateString(t.Context(), validator.StringRequest{Path: path.Root(name), ConfigValue: types.StringValue(value)}, &vr)
				for _, d := range vr.Diagnostics {
					if strings.Contains(d.Summary()+d.Detail(), secret) {
						t.Errorf("%s: a validator echoes the value: %s: %s", name, d.Summary(), d.Detail())
					}
				}
			}
		}
	}
}

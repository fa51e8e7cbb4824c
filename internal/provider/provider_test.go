package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI that terraform-plugin-testing drives, through the server
// main.go serves.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"twilio": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
}

// Environment variables that point the acceptance tests at real Twilio
// instead of the in-process mock.
const envTestServiceSID = "TWILIO_VERIFY_SERVICE_SID"

func TestMain(m *testing.M) {
	// The test configurations name the provider by its registry address;
	// make the CLI look for it there unless told otherwise (OpenTofu runs
	// set the host too).
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", providerNamespace)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	if buildRoot != "" {
		_ = os.RemoveAll(buildRoot)
	}
	os.Exit(code)
}

// testEnv is where one acceptance test runs: its own in-process mock, or
// real Twilio when TWILIO_ACCOUNT_SID, credentials and
// TWILIO_VERIFY_SERVICE_SID are set.
type testEnv struct {
	t          *testing.T
	mock       *mockverify.Server // nil against real Twilio
	server     *httptest.Server
	baseURL    string
	accountSID string
	authToken  string
	serviceSID string
	client     *verify.Client
}

// realTwilio reports whether the acceptance tests target real Twilio.
func realTwilio() bool {
	return os.Getenv(envAccountSID) != "" && os.Getenv(envTestServiceSID) != "" &&
		(os.Getenv(envAuthToken) != "" || os.Getenv(envAPISecret) != "")
}

// newTestEnv starts a mock with opts for the test (or targets real Twilio)
// and creates the service its factors live in.
func newTestEnv(t *testing.T, opts mockverify.Options) *testEnv {
	t.Helper()
	e := &testEnv{t: t}
	if realTwilio() {
		e.accountSID = os.Getenv(envAccountSID)
		e.serviceSID = os.Getenv(envTestServiceSID)
		client, err := verify.New(verify.Config{
			AccountSID: e.accountSID, AuthToken: os.Getenv(envAuthToken),
			APIKey: os.Getenv(envAPIKey), APISecret: os.Getenv(envAPISecret),
			Edge: os.Getenv(envEdge), Region: os.Getenv(envRegion), MaxRetries: 5,
		})
		if err != nil {
			t.Fatal(err)
		}
		e.client = client
		return e
	}

	e.mock = mockverify.New(opts)
	e.server = httptest.NewServer(e.mock)
	t.Cleanup(e.server.Close)
	e.baseURL = e.server.URL
	e.accountSID = mockverify.DefaultAccountSID
	e.authToken = mockverify.DefaultAuthToken
	if len(opts.Accounts) > 0 {
		e.accountSID, e.authToken = opts.Accounts[0].SID, opts.Accounts[0].AuthToken
	}
	service, err := e.mock.CreateService(e.accountSID, mockverify.ServiceParams{FriendlyName: "Acme Login", TotpIssuer: "Acme Corp"})
	if err != nil {
		t.Fatalf("seeding the mock's service: %v", err)
	}
	e.serviceSID = service.SID
	client, err := verify.New(verify.Config{
		AccountSID: e.accountSID, AuthToken: e.authToken, BaseURL: e.baseURL,
		MaxRetries: 10, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.client = client
	return e
}

// requireMock skips a test that needs the mock's counters or faults.
func (e *testEnv) requireMock() {
	e.t.Helper()
	if e.mock == nil {
		e.t.Skip("needs the mock's counters or fault injection; skipped against real Twilio")
	}
}

// providerBlock is the terraform and provider blocks of a test
// configuration, with extra provider attributes.
func (e *testEnv) providerBlock(extra string) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    twilio = {\n      source = \"" + providerNamespace + "/twilio\"\n    }\n  }\n}\n\n")
	b.WriteString("provider \"twilio\" {\n")
	if e.mock != nil {
		fmt.Fprintf(&b, "  account_sid = %q\n  auth_token  = %q\n  base_url    = %q\n", e.accountSID, e.authToken, e.baseURL)
	}
	b.WriteString(extra)
	b.WriteString("}\n\n")
	return b.String()
}

// config returns a full configuration: provider blocks plus body, in
// which %[1]s... are not used; use e.serviceSID in the body yourself.
func (e *testEnv) config(body string) string {
	return e.providerBlock("") + body
}

// cliEnv returns the environment that points a CLI-run provider at the mock.
func (e *testEnv) cliEnv() []string {
	return []string{envBaseURL + "=" + e.baseURL, envAccountSID + "=" + e.accountSID, envAuthToken + "=" + e.authToken}
}

// requests returns how many API requests the mock counted for route
// ("METHOD /v2/..."), or all of them when route is "".
func (e *testEnv) requests(route string) int {
	stats := e.mock.Stats()
	if route == "" {
		return stats.Total
	}
	return stats.Requests[route]
}

// factorCount asks the API how many factors identity has.
func (e *testEnv) factorCount(identity string) (int, error) {
	factors, err := e.client.ListFactors(context.Background(), e.serviceSID, identity)
	if verify.IsNotFound(err) {
		return 0, nil
	}
	return len(factors), err
}

// randomIdentity returns an entity identity unique to this run.
func randomIdentity(prefix string) string {
	return prefix + "-" + acctest.RandStringFromCharSet(12, "abcdefghijklmnopqrstuvwxyz0123456789")
}

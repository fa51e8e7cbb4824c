package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// seedAccount creates, through the API, entities of identity
// user-0001... with totp TOTP and push push factors each.
func seedAccount(t *testing.T, e *testEnv, entities, totp, push int) {
	t.Helper()
	key := verifytest.NewDeviceKey(t)
	for u := 1; u <= entities; u++ {
		identity := fmt.Sprintf("user-%04d", u)
		for i := 1; i <= totp+push; i++ {
			p := verify.CreateFactorParams{ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypeTOTP,
				FriendlyName: fmt.Sprintf("Authenticator %d", i)}
			if i > totp {
				p = verify.CreateFactorParams{ServiceSID: e.serviceSID, Identity: identity, FactorType: verify.FactorTypePush,
					FriendlyName: fmt.Sprintf("Phone %d", i), BindingAlg: pushBindingAlgorithm, BindingPublicKey: key.PublicKey,
					ConfigAppID: "com.example.app", ConfigNotificationPlatform: "fcm", ConfigSdkVersion: "4.1.0",
					ConfigNotificationToken: fmt.Sprintf("fcm-token-0123456789abcdef0123456789abcdef-%d", i)}
			}
			if _, err := e.client.CreateFactor(t.Context(), p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestAccBulkImportAtTheFloor imports an account made outside Terraform,
// 300 factors (TOTP and push) over 10 entities, in one apply of the
// documented `import { for_each }` example, and counts the requests against
// the floor: one entity list, one factor list per entity and page, one read
// per factor. The next plan is empty. The account also holds a passkeys
// factor, which the data sources list and the example must leave out.
func TestAccBulkImportAtTheFloor(t *testing.T) {
	t.Parallel()
	const entities, totp, push, pageSize = 10, 25, 5, 20
	e := newTestEnv(t, mockverify.Options{MaxPageSize: pageSize})
	e.requireMock()
	seedAccount(t, e, entities, totp, push)
	e.seedPasskeysFactor("user-0001", "Work laptop") // the 31st factor of user-0001: still two pages
	r := newCLIRun(t, map[string]string{
		"import.tf":    readExample(t, "resources", "twilio_verify_factor", "import-account-for-each.tf"),
		"providers.tf": e.providerBlock(""),
	}, "TF_VAR_service_sid="+e.serviceSID)

	before := e.mock.Stats().Total
	out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
	sent := e.mock.Stats().Total - before
	want := fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed.", entities*(totp+push))
	if !strings.Contains(out, want) {
		t.Fatalf("the import did not say %q:\n%s", want, out)
	}
	pages := func(n int) int { return (n + pageSize - 1) / pageSize }
	floor := pages(entities) + entities*pages(totp+push) + entities*(totp+push)
	t.Logf("importing %d factors over %d entities sent %d requests; floor %d (%+v)", entities*(totp+push), entities, sent, floor, e.mock.Stats().Requests)
	if sent*10 > floor*11 {
		t.Errorf("the import sent %d requests, more than 10%% over the floor of %d: %v", sent, floor, e.mock.Stats().Requests)
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after the import is not empty (%v):\n%s", err, out)
	}
}

package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// The tests in this file cover the create-recovery rule across objects and
// processes: after a create whose answer was lost, nothing that appeared
// meanwhile is adopted or deleted on a guess (internal/verify's
// create_recovery.go).

// cliProvider is a provider block for the CLI tests, aliased when alias is
// not empty, talking to baseURL with the mock's credentials.
func (e *testEnv) cliProvider(alias, baseURL, extra string) string {
	var b strings.Builder
	b.WriteString("provider \"twilio\" {\n")
	if alias != "" {
		fmt.Fprintf(&b, "  alias       = %q\n", alias)
	}
	fmt.Fprintf(&b, "  account_sid = %q\n  auth_token  = %q\n  base_url    = %q\n%s}\n", e.accountSID, e.authToken, baseURL, extra)
	return b.String()
}

// cliTerraformBlock is the terraform block of the CLI tests.
func cliTerraformBlock() string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    twilio = { source = %q }\n  }\n}\n", providerNamespace+"/twilio")
}

// failAfter answers the first request that matches with a Twilio 500
// without passing it on (nothing is applied), once ready reports true (it
// polls for up to 10 s); every other request passes through.
func failAfter(matches func(*http.Request) bool, ready func() bool) hostileHandler {
	var used atomic.Bool
	return func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		if !matches(r) || !used.CompareAndSwap(false, true) {
			upstream.ServeHTTP(w, r)
			return
		}
		waitFor(ready)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":500}`))
	}
}

// waitFor polls ready for up to 10 s.
func waitFor(ready func() bool) {
	for deadline := time.Now().Add(10 * time.Second); !ready() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// holdUntil passes every request through, but holds the first that matches
// until ready reports true (it polls for up to 10 s).
func holdUntil(matches func(*http.Request) bool, ready func() bool) hostileHandler {
	var used atomic.Bool
	return func(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
		if matches(r) && used.CompareAndSwap(false, true) {
			waitFor(ready)
		}
		upstream.ServeHTTP(w, r)
	}
}

// isPost reports whether r is a POST to exactly path.
func isPost(path string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == path }
}

// TestAccRecoveryTwoProcessesNeverTakeEachOthersFactor runs two aliases of
// the provider (two plugin processes) that create the same TOTP factor on
// one entity. Alias a's create is held until alias b's create is in
// flight; b's is answered 500 without being applied once a's factor exists:
// b's recovery finds a's factor in its window, and must neither delete it
// (generated secret) nor adopt it (known secret): b creates its own and
// names a's as possibly left behind. (Without the hold, a loaded machine
// could finish a's create before b's started, outside b's window.)
func TestAccRecoveryTwoProcessesNeverTakeEachOthersFactor(t *testing.T) {
	t.Parallel()
	for name, secret := range map[string]string{"generated secret": "", "known secret": `  binding_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"` + "\n"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, mockverify.Options{})
			proxy := e.newHostileProxy(t)
			identity := randomIdentity("twoproc")
			factor := func(alias string) string {
				return fmt.Sprintf("resource \"twilio_verify_factor\" %q {\n  provider      = twilio.%s\n  service_sid   = %q\n  identity      = %q\n"+
					"  factor_type   = \"totp\"\n  friendly_name = \"Authenticator\"\n%s}\n", alias, alias, e.serviceSID, identity, secret)
			}
			proxyA := e.newHostileProxy(t)
			files := map[string]string{"main.tf": cliTerraformBlock() + e.cliProvider("a", proxyA.URL, "") +
				e.cliProvider("b", proxy.URL, "  max_retries = 3\n") + factor("a") + factor("b")}
			isCreate := isPost("/v2/Services/" + e.serviceSID + "/Entities/" + identity + "/Factors")
			var bInFlight atomic.Bool
			proxy.set(failAfter(func(r *http.Request) bool {
				if !isCreate(r) {
					return false
				}
				bInFlight.Store(true)
				return true
			}, func() bool { return len(e.mock.Factors("", e.serviceSID, identity)) >= 1 }))
			proxyA.set(holdUntil(isCreate, bInFlight.Load))
			r := newCLIRun(t, files)
			out := r.run("apply", "-input=false", "-no-color", "-auto-approve")

			sids := r.stateSIDs()
			a, b := sids["twilio_verify_factor.a"], sids["twilio_verify_factor.b"]
			live := map[string]bool{}
			for _, f := range e.mock.Factors("", e.serviceSID, identity) {
				live[f.SID] = true
			}
			if a == "" || b == "" || a == b || !live[a] || !live[b] || len(live) != 2 {
				t.Fatalf("state a=%s b=%s, live %v: want two distinct live factors and no other\n%s", a, b, live, out)
			}
			if !regexp.MustCompile(`(?s)Verify Factors May Have Been Left Behind.*factor ` + a + `, created`).MatchString(out) {
				t.Errorf("b's warning does not name a's factor %s as left behind:\n%s", a, out)
			}
			if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
				t.Errorf("plan after the apply is not empty (%v):\n%s", err, out)
			}
			r.run("destroy", "-input=false", "-no-color", "-auto-approve")
		})
	}
}

// TestAccRecoveryServicesNeverShareASID applies two services with the same
// friendly name (count = 2) at -parallelism=2 while the mock fails half
// the requests, with several seeds: no SID is ever in two instances, every
// SID in state exists, and once the faults stop an apply leaves two
// distinct services and an empty plan.
func TestAccRecoveryServicesNeverShareASID(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 3, 4} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, mockverify.Options{Seed: seed})
			e.requireMock()
			files := map[string]string{"main.tf": cliTerraformBlock() + e.cliProvider("", e.baseURL, "  max_retries = 10\n") + `
resource "twilio_verify_service" "s" {
  count         = 2
  friendly_name = "Same Service"
  code_length   = 6 + 2 * count.index
}
`}
			r := newCLIRun(t, files)
			e.mock.SetFaults(mockverify.Faults{ErrorRate: 0.5, Latency: 20 * time.Millisecond})
			out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=2")
			e.mock.SetFaults(mockverify.Faults{})
			t.Logf("faulty apply: err=%v, mock: %v", err, e.mock.Stats().Requests)
			e.checkDistinctLiveServices(t, r, out)

			r.run("apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=2")
			if sids := e.checkDistinctLiveServices(t, r, ""); len(sids) != 2 {
				t.Errorf("state holds %v after the second apply, want 2 services", sids)
			}
			if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
				t.Errorf("plan after the second apply is not empty (%v):\n%s", err, out)
			}
			r.run("destroy", "-input=false", "-no-color", "-auto-approve")
		})
	}
}

// checkDistinctLiveServices checks that every service in state exists and
// that no two instances share one, and returns the state's SIDs.
func (e *testEnv) checkDistinctLiveServices(t *testing.T, r *cliRun, out string) map[string]string {
	t.Helper()
	live := map[string]bool{}
	for _, s := range e.mock.Services("") {
		live[s.SID] = true
	}
	sids := r.stateSIDsOf("twilio_verify_service")
	owner := map[string]string{}
	for addr, sid := range sids {
		if !live[sid] {
			t.Errorf("%s holds %s, which the mock does not have\n%s", addr, sid, out)
		}
		if other, dup := owner[sid]; dup {
			t.Errorf("%s and %s share service %s\n%s", addr, other, sid, out)
		}
		owner[sid] = addr
	}
	return sids
}

// TestAccRecoveryEntityNeverClaimsAFactorsEntity creates an entity and,
// in parallel, a factor with the same identity (which creates the entity
// implicitly). The entity's create is answered 500 without being applied,
// once the factor's create has reached Twilio: the entity that then exists
// was made by the factor, so the entity resource must not claim it
// silently: the apply fails naming it with the import command, and the
// import it names gives an empty plan.
func TestAccRecoveryEntityNeverClaimsAFactorsEntity(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	proxy := e.newHostileProxy(t)
	identity := randomIdentity("claimed")
	files := map[string]string{"main.tf": cliTerraformBlock() + e.cliProvider("", proxy.URL, "  max_retries = 3\n") + fmt.Sprintf(`
resource "twilio_verify_entity" "test" {
  service_sid = %[1]q
  identity    = %[2]q
}

resource "twilio_verify_factor" "test" {
  service_sid   = %[1]q
  identity      = %[2]q
  factor_type   = "totp"
  friendly_name = "Authenticator"
}
`, e.serviceSID, identity)}
	proxy.set(failAfter(isPost("/v2/Services/"+e.serviceSID+"/Entities"),
		func() bool { return e.requests("POST "+mockverify.TemplateFactors) >= 1 }))
	r := newCLIRun(t, files)
	out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve")
	entities := e.mock.Entities("", e.serviceSID)
	if err == nil || len(entities) != 1 {
		t.Fatalf("apply err=%v, entities %v: want a failed apply and the factor's entity\n%s", err, entities, out)
	}
	importID := e.serviceSID + "/" + identity
	want := `(?s)Verify Entity May Have Been Created.*entity ` + entities[0].SID + `, created.*terraform import <address of this resource> ` + importID
	if !regexp.MustCompile(want).MatchString(out) {
		t.Errorf("the error does not name the entity and its import command:\n%s", out)
	}
	if sids := r.stateSIDsOf("twilio_verify_entity"); len(sids) != 0 {
		t.Errorf("the entity was taken into state: %v", sids)
	}
	proxy.set(nil)
	r.run("import", "-input=false", "-no-color", "twilio_verify_entity.test", importID)
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after importing the named entity is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
}

package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// stateSIDs returns the sid of every twilio_verify_factor in the working
// directory's state, by address.
func (r *cliRun) stateSIDs() map[string]string { return r.stateSIDsOf("twilio_verify_factor") }

// stateSIDsOf returns the sid of every resource of type typ in the working
// directory's state, by address.
func (r *cliRun) stateSIDsOf(typ string) map[string]string {
	r.t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Type    string         `json:"type"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	out := r.run("show", "-json")
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		r.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	sids := map[string]string{}
	for _, res := range state.Values.RootModule.Resources {
		if res.Type == typ {
			sids[res.Address], _ = res.Values["sid"].(string)
		}
	}
	return sids
}

// TestAccRecoveryNeverClaimsAnotherInstancesFactor applies two factors with
// the same identity, type and friendly name (count = 2) at -parallelism=2
// while the mock fails half the requests, with several seeds. Right after
// the faulty apply (whether or not it succeeded) every SID in state exists
// and no two instances share one; once the faults stop, an apply leaves
// exactly two factors and an empty plan.
func TestAccRecoveryNeverClaimsAnotherInstancesFactor(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t, mockverify.Options{Seed: seed})
			e.requireMock()
			identity := "twins-0000000" + fmt.Sprint(seed)
			files := map[string]string{"main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    twilio = { source = %q }
  }
}

provider "twilio" {
  max_retries = 10
}

resource "twilio_verify_factor" "twin" {
  count         = 2
  service_sid   = %q
  identity      = %q
  factor_type   = "totp"
  friendly_name = "Authenticator"
}
`, providerNamespace+"/twilio", e.serviceSID, identity)}
			r := newCLIRun(t, files, e.cliEnv()...)
			e.mock.SetFaults(mockverify.Faults{ErrorRate: 0.5, Latency: 200 * time.Millisecond})
			out, err := r.try("apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=2")
			e.mock.SetFaults(mockverify.Faults{})
			t.Logf("faulty apply: err=%v, mock: %v", err, e.mock.Stats().Requests)

			live := map[string]bool{}
			for _, f := range e.mock.Factors("", e.serviceSID, identity) {
				live[f.SID] = true
			}
			owner := map[string]string{}
			for addr, sid := range r.stateSIDs() {
				if !live[sid] {
					t.Errorf("%s holds %s, which the mock does not have (deleted by the other instance's recovery?)\n%s", addr, sid, out)
				}
				if other, dup := owner[sid]; dup {
					t.Errorf("%s and %s share factor %s", addr, other, sid)
				}
				owner[sid] = addr
			}

			r.run("apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=2")
			if n := len(e.mock.Factors("", e.serviceSID, identity)); n != 2 {
				t.Errorf("the mock holds %d factors after the second apply, want exactly 2", n)
			}
			if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
				t.Errorf("plan after the second apply is not empty (%v):\n%s", err, out)
			}
			if len(r.stateSIDs()) != 2 {
				t.Errorf("state holds %v, want 2 factors", r.stateSIDs())
			}
			r.run("destroy", "-input=false", "-no-color", "-auto-approve")
			if strings.Contains(r.log.String(), "delete the others") {
				t.Error("an error advised deleting factors that may be someone else's")
			}
		})
	}
}

// TestAccFaults_clockSkew creates 20 factors while 30% of the responses
// to POSTs are lost and Twilio's clock is 3 minutes behind, then ahead of,
// this machine's: the recovery of lost creates must not depend on the
// local clock, so exactly 20 factors exist.
func TestAccFaults_clockSkew(t *testing.T) {
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute} {
		t.Run(skew.String(), func(t *testing.T) {
			testAccFaultsN(t, mockverify.Options{Seed: 20261127, ClockSkew: skew}, mockverify.Faults{DropRate: 0.3}, 20)
		})
	}
}

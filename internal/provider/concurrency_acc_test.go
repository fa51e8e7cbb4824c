package provider

import (
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccConcurrencyLimitWastesFewRequests creates 300 factors at
// -parallelism=30 against an account that allows 4 requests in flight
// (Twilio's 429, code 20429, over it): every factor lands, and at most 5%
// of all the requests the mock received were wasted on a 429. The share is
// the steady probing (about one 429 per 90 answers at this limit) plus a
// few 429s while slow start finds the limit, more of them when a loaded
// machine reads answers late: with 120 factors those few alone came near
// the bound (6 of 126 at load 10), with 300 they are 3 to 5 of about 303.
func TestAccConcurrencyLimitWastesFewRequests(t *testing.T) {
	t.Parallel()
	const factors, limit = 300, 4
	e := newTestEnv(t, mockverify.Options{Seed: 20261201, ConcurrencyLimit: limit, Faults: mockverify.Faults{Latency: 25 * time.Millisecond}})
	e.requireMock()
	r := newCLIRun(t, map[string]string{"main.tf": e.loadConfig(factors)})
	start := time.Now()
	r.run("apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=30")
	wall := time.Since(start)

	st := e.mock.Stats()
	t.Logf("apply: %d requests, %d answered 429 (%.1f%%), wall %s", st.Total, st.Throttled,
		100*float64(st.Throttled)/float64(st.Total), wall.Round(10*time.Millisecond))
	if got := len(e.mock.Factors(e.accountSID, e.serviceSID, "")); got != factors {
		t.Errorf("the mock holds %d factors, want %d", got, factors)
	}
	if st.Throttled*100 > 5*st.Total {
		t.Errorf("%d of %d requests (%.1f%%) were answered 429; at most 5%% may be", st.Throttled, st.Total,
			100*float64(st.Throttled)/float64(st.Total))
	}
}

package verify

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestTwilioClockEstimate feeds answers to the estimate by hand: each
// bounds the offset by its one-second Date and its round trip; bounds
// that meet narrow the estimate, bounds that do not start it anew.
func TestTwilioClockEstimate(t *testing.T) {
	t.Parallel()
	local := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return local.Add(d) }
	var c twilioClock
	if _, _, ok := c.offset(); ok {
		t.Fatal("an estimate before any answer")
	}
	check := func(wantOffset, wantUncertainty time.Duration) {
		t.Helper()
		off, unc, ok := c.offset()
		if !ok || off != wantOffset || unc != wantUncertainty {
			t.Fatalf("offset %v ± %v (%v), want %v ± %v", off, unc, ok, wantOffset, wantUncertainty)
		}
	}
	// Twilio 3 minutes behind: sent at 12:00:00.0, answered at 12:00:00.2,
	// dated 11:57:00 (Twilio's time was in [11:57:00, 11:57:01)).
	c.observe(at(-3*time.Minute), at(0), at(200*time.Millisecond))
	// offset in [-3m0.2s, -2m59s]
	check(-3*time.Minute+400*time.Millisecond, 600*time.Millisecond)
	// A later answer dated a second later, sent at 12:00:00.7 and received
	// at 12:00:00.8: offset in [-2m59.8s, -2m58.3s], so [-2m59.8s, -2m59s].
	c.observe(at(-3*time.Minute+time.Second), at(700*time.Millisecond), at(800*time.Millisecond))
	check(-2*time.Minute-59*time.Second-400*time.Millisecond, 400*time.Millisecond)
	// Twilio's clock was set meanwhile: 3 minutes ahead now.
	c.observe(at(3*time.Minute+2*time.Second), at(2*time.Second), at(2*time.Second+100*time.Millisecond))
	check(3*time.Minute+450*time.Millisecond, 550*time.Millisecond)
}

// TestClientTwilioTime checks the Client's estimate end to end: before any
// answer it is this machine's clock; after one whose Date is 3 minutes
// behind, it is 3 minutes behind, within the Date's one-second precision.
func TestClientTwilioTime(t *testing.T) {
	t.Parallel()
	const skew = -3 * time.Minute
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(skew).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.ClockOffset(); ok {
		t.Fatal("an offset before any answer")
	}
	if d := time.Since(c.TwilioTime()); d < -time.Second || d > time.Second {
		t.Fatalf("TwilioTime is %v away from this machine's clock before any answer", d)
	}
	if err := c.DeleteService(t.Context(), "VA1"); err != nil {
		t.Fatal(err)
	}
	off, ok := c.ClockOffset()
	if !ok || off < skew-time.Second || off > skew+time.Second {
		t.Fatalf("offset %v (%v), want %v within a second", off, ok, skew)
	}
	if d := time.Since(c.TwilioTime()) + skew; d < -time.Second || d > time.Second {
		t.Fatalf("TwilioTime is %v away from Twilio's clock", d)
	}
}

// The earliest date_created of a create is on Twilio's clock, from the
// lowest offset the answers allow, with Twilio's one-second precision and
// one more second of margin; before any answer, on this machine's clock.
func TestTwilioClockEarliestAt(t *testing.T) {
	t.Parallel()
	sent := time.Date(2026, 12, 1, 12, 0, 0, 400_000_000, time.UTC)
	var c twilioClock
	if got, want := c.earliestAt(sent), time.Date(2026, 12, 1, 11, 59, 59, 0, time.UTC); !got.Equal(want) {
		t.Errorf("no answer yet: earliestAt = %v, want %v", got, want)
	}
	// Twilio 3 minutes ahead: an answer sent at sent, received 200 ms
	// later, dated 12:03:00.
	c.observe(time.Date(2026, 12, 1, 12, 3, 0, 0, time.UTC), sent, sent.Add(200*time.Millisecond))
	if got, want := c.earliestAt(sent), time.Date(2026, 12, 1, 12, 2, 58, 0, time.UTC); !got.Equal(want) {
		t.Errorf("3 minutes ahead: earliestAt = %v, want %v", got, want)
	}
}

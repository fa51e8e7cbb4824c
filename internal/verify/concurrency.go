package verify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Twilio answers 429 (error 20429) when an account has more requests in
// flight than its concurrency limit allows. Every request of a Client goes
// through one concurrencyLimiter, which keeps the number of attempts in
// flight within an adaptive window, as TCP's congestion window and the AWS
// SDK's adaptive retry mode do: slow start, a multiplicative back-off on
// 429, an additive increase on every other answer. So a provider process
// running many operations in parallel learns the account's limit instead
// of spending a request, and a Retry-After wait, on each 429.
const (
	// initialWindow is the window of a new Client: small enough that
	// slow start overshoots a small account limit by a few requests only.
	initialWindow = 4
	// maxWindow bounds the window; a provider never runs more operations
	// in parallel than that.
	maxWindow = 1024
	// slowStartIncrease is added to the window per answer during slow
	// start: the window grows by half per round trip, past Terraform's
	// default -parallelism=10 within three round trips.
	slowStartIncrease = 0.5
	// backoffFactor multiplies the window on a 429 (CUBIC's beta, which
	// the AWS SDK's adaptive mode uses too).
	backoffFactor = 0.7
	// plateauIncrease replaces 1 as the additive increase (per window of
	// answers) while the window is within one request below the level
	// of the last 429: the limit was found there, so it is probed slowly,
	// about one 429 every 90 answers at a limit of 4.
	plateauIncrease = 0.05
)

// concurrencyLimiter is the adaptive limit on requests in flight shared by
// all requests of a Client. It is safe for concurrent use. Waiters are
// served first come, first served, so none starves.
type concurrencyLimiter struct {
	mu       sync.Mutex
	window   float64 // attempts allowed in flight (its integer part, at least 1)
	ssthresh float64 // slow start while window < ssthresh
	lastMax  float64 // in flight at the last 429; 0 before any
	epoch    uint64  // back-offs so far
	fills    uint64  // times the window was found full
	inFlight int
	waiters  []*slotWaiter // FIFO
}

// slot is one attempt's place in the window.
type slot struct {
	epoch    uint64 // the limiter's epoch when granted
	fills    uint64 // the limiter's fills once granted
	position int    // attempts in flight once this one was granted
}

type slotWaiter struct {
	ready   chan struct{} // closed when granted
	granted slot
}

func newConcurrencyLimiter() *concurrencyLimiter {
	return &concurrencyLimiter{window: initialWindow, ssthresh: maxWindow}
}

// limit returns how many attempts may be in flight; l.mu must be held.
func (l *concurrencyLimiter) limit() int { return max(1, int(l.window)) }

// grant takes a place in the window; l.mu must be held.
func (l *concurrencyLimiter) grant() slot {
	l.inFlight++
	if l.inFlight >= l.limit() {
		l.fills++
	}
	return slot{epoch: l.epoch, fills: l.fills, position: l.inFlight}
}

// acquire waits for a place in the window. It returns ctx's error, at
// once, when ctx ends first.
func (l *concurrencyLimiter) acquire(ctx context.Context) (slot, error) {
	if err := ctx.Err(); err != nil {
		return slot{}, err
	}
	l.mu.Lock()
	if len(l.waiters) == 0 && l.inFlight < l.limit() {
		s := l.grant()
		l.mu.Unlock()
		return s, nil
	}
	w := &slotWaiter{ready: make(chan struct{})}
	l.waiters = append(l.waiters, w)
	l.fills++
	l.mu.Unlock()

	select {
	case <-w.ready:
		return w.granted, nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-w.ready:
		// Granted meanwhile: hand the place on.
		l.inFlight--
		l.wake()
	default:
		for i, other := range l.waiters {
			if other == w {
				l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
				break
			}
		}
	}
	return slot{}, ctx.Err()
}

// wake grants places to the waiters, in order, while the window allows;
// l.mu must be held.
func (l *concurrencyLimiter) wake() {
	for len(l.waiters) > 0 && l.inFlight < l.limit() {
		w := l.waiters[0]
		l.waiters[0] = nil
		l.waiters = l.waiters[1:]
		w.granted = l.grant()
		close(w.ready)
	}
}

// attemptOutcome is what an attempt tells the limiter.
type attemptOutcome int

const (
	answeredOK      attemptOutcome = iota // any answer but 429: the account took the request
	answeredTooMany                       // 429: over the account's limit
	noAnswer                              // transport error or cancellation: no signal
)

// release gives s's place back and adapts the window to the outcome.
func (l *concurrencyLimiter) release(s slot, outcome attemptOutcome) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch outcome {
	case answeredTooMany:
		// One back-off per round: the 429s of attempts sent before the
		// last back-off were caused by the window it already reduced.
		if s.epoch == l.epoch {
			// The account refused when this attempt and the others in
			// flight were at Twilio; a 429 comes back at once, so they are
			// about those in flight now.
			l.lastMax = min(l.window, float64(max(s.position, l.inFlight+1)))
			l.window = max(1, backoffFactor*l.lastMax)
			l.ssthresh = l.window
			l.epoch++
		}
	case answeredOK:
		// Grow only a window that is used up: one that the requests never
		// fill (fewer in parallel) tells nothing about the account's
		// limit (RFC 7661), and would grow without bound.
		if s.position >= l.limit() || s.fills != l.fills {
			l.grow()
		}
	case noAnswer:
	}
	l.inFlight--
	l.wake()
}

// grow applies the increase of one answered attempt; l.mu must be held.
func (l *concurrencyLimiter) grow() {
	switch {
	case l.window < l.ssthresh:
		l.window += slowStartIncrease
	case l.window >= l.lastMax-1 && l.window < l.lastMax:
		l.window += plateauIncrease / l.window
	default:
		l.window += 1 / l.window
	}
	l.window = min(l.window, maxWindow)
}

// snapshot returns the window, the attempts in flight and the waiters.
func (l *concurrencyLimiter) snapshot() (window float64, inFlight, waiting int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.window, l.inFlight, len(l.waiters)
}

// limitedTransport sends each attempt within the limiter's window, then
// bounds it by the request timeout. The timeout starts once the attempt
// has its place, so a wait for one is no reason to give up, and an attempt
// that never got a place was never sent.
type limitedTransport struct {
	limiter *concurrencyLimiter
	timeout time.Duration
	next    http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s, err := t.limiter.acquire(req.Context())
	if err != nil {
		return nil, err // the caller's context ended: nothing was sent
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		timedOut := ctx.Err() != nil && req.Context().Err() == nil
		cancel()
		t.limiter.release(s, noAnswer)
		if timedOut {
			return nil, fmt.Errorf("%w (no answer within the request timeout of %s)", err, t.timeout)
		}
		return nil, err
	}
	outcome := answeredOK
	if resp.StatusCode == http.StatusTooManyRequests {
		outcome = answeredTooMany
	}
	// The account counts a request in flight until it answers: the place
	// is free once the answer's head is here.
	t.limiter.release(s, outcome)
	if outcome == answeredTooMany {
		window, inFlight, waiting := t.limiter.snapshot()
		tflog.Debug(req.Context(), "Twilio Verify answered 429: fewer requests of this provider in flight from now on", map[string]any{
			"concurrency_window": int(max(1, window)), "in_flight": inFlight, "waiting": waiting,
		})
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's timeout when its body is closed, so the
// timeout covers reading the body too.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

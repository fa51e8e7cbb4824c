package verify

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fill acquires places until the window is full and returns them.
func fill(t *testing.T, l *concurrencyLimiter) []slot {
	t.Helper()
	var slots []slot
	for {
		l.mu.Lock()
		full := l.inFlight >= l.limit()
		l.mu.Unlock()
		if full {
			return slots
		}
		s, err := l.acquire(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		slots = append(slots, s)
	}
}

// TestLimiterSlowStart checks that a busy window grows past Terraform's
// default -parallelism=10 within three rounds, and that a window that is
// not used (one request at a time) does not grow.
func TestLimiterSlowStart(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	for range 100 {
		s, err := l.acquire(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		l.release(s, answeredOK)
	}
	if w, _, _ := l.snapshot(); w != initialWindow {
		t.Fatalf("one request at a time grew the window to %v", w)
	}
	rounds := 0
	for w, _, _ := l.snapshot(); w <= 10; w, _, _ = l.snapshot() {
		rounds++
		for _, s := range fill(t, l) {
			l.release(s, answeredOK)
		}
	}
	if rounds > 3 {
		t.Errorf("the window passed 10 after %d full rounds, want at most 3", rounds)
	}
}

// TestLimiterBackOff checks the multiplicative back-off: once per round
// however many 429s the round got, and never below a window of 1.
func TestLimiterBackOff(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	slots := fill(t, l)
	if len(slots) != initialWindow {
		t.Fatalf("%d places in a new window, want %d", len(slots), initialWindow)
	}
	// The last one sent is refused first, then the others.
	for i := len(slots) - 1; i >= 0; i-- {
		l.release(slots[i], answeredTooMany)
	}
	if w, _, _ := l.snapshot(); w != backoffFactor*initialWindow {
		t.Fatalf("window %v after a round of 429s, want one back-off to %v", w, backoffFactor*initialWindow)
	}
	for range 20 {
		s, err := l.acquire(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		l.release(s, answeredTooMany)
	}
	if w, inFlight, _ := l.snapshot(); w != 1 || inFlight != 0 {
		t.Fatalf("window %v, %d in flight after 429s one at a time; want 1 and 0", w, inFlight)
	}
	// At the floor, a request still gets its place.
	if _, err := l.acquire(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestLimiterCancelWhileWaiting checks that a cancelled wait ends at once,
// leaves the queue, and takes no place.
func TestLimiterCancelWhileWaiting(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	slots := fill(t, l)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := l.acquire(ctx)
		done <- err
	}()
	waitUntil(t, func() bool { _, _, waiting := l.snapshot(); return waiting == 1 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("acquire returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled wait did not end")
	}
	for _, s := range slots {
		l.release(s, answeredOK)
	}
	if _, inFlight, waiting := l.snapshot(); inFlight != 0 || waiting != 0 {
		t.Fatalf("%d in flight, %d waiting after the cancelled wait; want 0 and 0", inFlight, waiting)
	}
	if _, err := l.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire with a done context: %v", err)
	}
}

// TestLimiterFIFO checks that waiters get their places in arrival order,
// so none starves behind later ones.
func TestLimiterFIFO(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	l.window = 1
	first, err := l.acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	const waiters = 5
	order := make(chan int, waiters)
	for i := range waiters {
		go func() {
			s, err := l.acquire(t.Context())
			if err != nil {
				order <- -1
				return
			}
			order <- i
			l.release(s, noAnswer)
		}()
		waitUntil(t, func() bool { _, _, waiting := l.snapshot(); return waiting == i+1 })
	}
	l.release(first, noAnswer)
	for want := range waiters {
		if got := <-order; got != want {
			t.Fatalf("waiter %d got a place when waiter %d was due", got, want)
		}
	}
}

// waitUntil polls cond; the test fails after 10 s.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

// limitedServer is a RoundTripper that answers 429 at once over limit
// requests in flight (0: no limit), and 200 after latency otherwise.
type limitedServer struct {
	limit    int
	latency  time.Duration
	mu       sync.Mutex
	inFlight int
	answered atomic.Int64
	tooMany  atomic.Int64
}

func (s *limitedServer) RoundTrip(*http.Request) (*http.Response, error) {
	s.mu.Lock()
	if s.limit > 0 && s.inFlight >= s.limit {
		s.mu.Unlock()
		s.tooMany.Add(1)
		return &http.Response{StatusCode: http.StatusTooManyRequests, Body: io.NopCloser(strings.NewReader(""))}, nil
	}
	s.inFlight++
	s.mu.Unlock()
	time.Sleep(s.latency)
	s.mu.Lock()
	s.inFlight--
	s.mu.Unlock()
	s.answered.Add(1)
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(""))}, nil
}

// run sends requests from workers goroutines through a limitedTransport,
// each request again after a 429 until it is answered.
func (s *limitedServer) run(t *testing.T, workers, requests int) *concurrencyLimiter {
	t.Helper()
	l := newConcurrencyLimiter()
	tr := &limitedTransport{limiter: l, timeout: time.Minute, next: s}
	jobs := make(chan struct{}, requests)
	for range requests {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range jobs {
				for {
					req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://verify.invalid/", nil)
					resp, err := tr.RoundTrip(req)
					if err != nil {
						t.Error(err)
						return
					}
					_ = resp.Body.Close()
					if resp.StatusCode != http.StatusTooManyRequests {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	return l
}

// TestLimiterLearnsTheLimit sends 120 requests from 30 workers to a server
// that allows 4 in flight: at most 5% of the attempts are 429s.
func TestLimiterLearnsTheLimit(t *testing.T) {
	t.Parallel()
	s := &limitedServer{limit: 4, latency: 5 * time.Millisecond}
	s.run(t, 30, 120)
	answered, tooMany := s.answered.Load(), s.tooMany.Load()
	t.Logf("%d answered, %d 429s", answered, tooMany)
	if answered != 120 || tooMany*100 > 5*(answered+tooMany) {
		t.Errorf("%d answered, %d 429s: want 120 answered and at most 5%% 429s", answered, tooMany)
	}
}

// TestLimiterNoLimit checks that without a limit the window grows past the
// parallel requests (10, Terraform's default) and no more than twice that.
func TestLimiterNoLimit(t *testing.T) {
	t.Parallel()
	s := &limitedServer{latency: 2 * time.Millisecond}
	l := s.run(t, 10, 300)
	w, _, _ := l.snapshot()
	t.Logf("window %v", w)
	if w < 10 || w > 2*10+1 {
		t.Errorf("window %v after 300 requests from 10 workers, want between 10 and 21", w)
	}
}

// TestTimeoutStartsWithThePlace checks that an attempt's timeout does not
// run while it waits for a place: a request queued behind a slow one for
// longer than the timeout is still sent and answered.
func TestTimeoutStartsWithThePlace(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var calls atomic.Int64
	next := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			<-release
		}
		return &http.Response{StatusCode: http.StatusNoContent, Body: io.NopCloser(strings.NewReader(""))}, nil
	})
	l := newConcurrencyLimiter()
	l.window = 1
	tr := &limitedTransport{limiter: l, timeout: 50 * time.Millisecond, next: next}
	go func() {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://verify.invalid/slow", nil)
		if resp, err := tr.RoundTrip(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	waitUntil(t, func() bool { return calls.Load() == 1 })
	result := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://verify.invalid/queued", nil)
		resp, err := tr.RoundTrip(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		result <- err
	}()
	waitUntil(t, func() bool { _, _, waiting := l.snapshot(); return waiting == 1 })
	time.Sleep(100 * time.Millisecond) // twice the timeout, in the queue
	close(release)
	if err := <-result; err != nil {
		t.Fatalf("the queued request failed: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

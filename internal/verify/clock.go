package verify

import (
	"net/http"
	"sync"
	"time"
)

// twilioClock estimates Twilio's clock from the Date header of its answers.
// A Date header has a one-second precision and is written while the
// request is at Twilio, so each answer bounds the offset (Twilio's time
// minus this machine's) to [Date - received, Date + 1s - sent]. The
// estimate is the middle of the intersection of these bounds over the
// answers so far; an answer whose bounds do not meet the others (Twilio's
// clock or this machine's was set meanwhile) starts a new intersection.
type twilioClock struct {
	mu     sync.Mutex
	seen   bool
	lo, hi time.Duration
}

// observe narrows the estimate with one answer: date is its Date header,
// sent and received when its request left and its answer arrived here.
func (c *twilioClock) observe(date, sent, received time.Time) {
	lo := date.Sub(received)
	hi := date.Add(time.Second).Sub(sent)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen && lo <= c.hi && hi >= c.lo {
		c.lo, c.hi = max(c.lo, lo), min(c.hi, hi)
		return
	}
	c.seen, c.lo, c.hi = true, lo, hi
}

// offset returns the estimated offset of Twilio's clock from this
// machine's, with its uncertainty (half the width of the bounds), and
// whether any Date header has been seen.
func (c *twilioClock) offset() (offset, uncertainty time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.seen {
		return 0, 0, false
	}
	return c.lo + (c.hi-c.lo)/2, (c.hi - c.lo) / 2, true
}

// earliestAt returns the earliest date_created Twilio can give an object
// made by a request sent at t (this machine's clock): t plus the lowest
// offset the answers allow, truncated to Twilio's one-second precision,
// with one more second of margin. Without any Date header seen, this
// machine's clock is the only reference.
func (c *twilioClock) earliestAt(t time.Time) time.Time {
	c.mu.Lock()
	lo, seen := c.lo, c.seen
	c.mu.Unlock()
	if !seen {
		lo = 0
	}
	return t.Add(lo).Truncate(time.Second).Add(-time.Second)
}

// clockTransport feeds the Date header of every answer to a twilioClock.
type clockTransport struct {
	clock *twilioClock
	next  http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *clockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sent := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if date, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
		t.clock.observe(date, sent, time.Now())
	}
	return resp, nil
}

// TwilioTime returns the current time on Twilio's clock, as estimated from
// the Date header of its answers to this Client (within about a second,
// plus the round trip of the answers), or this machine's time when no
// answer with a Date header has arrived yet.
func (c *Client) TwilioTime() time.Time {
	off, _, _ := c.clock.offset()
	return time.Now().Add(off)
}

// ClockOffset returns how far Twilio's clock is estimated to be ahead of
// this machine's (negative: behind), and false when no answer with a Date
// header has arrived yet.
func (c *Client) ClockOffset() (time.Duration, bool) {
	off, _, ok := c.clock.offset()
	return off, ok
}

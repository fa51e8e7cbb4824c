package mockverify

import (
	"context"
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio signs webhooks with HMAC-SHA1
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Delivery of events to webhooks: asynchronous, one at a time in the order
// the events happened, each bounded by Options.WebhookTimeout, from a
// bounded queue; an event that finds the queue full is dropped. Failures
// are logged and counted (WebhookStats), and never affect the API request
// that caused the event.
const (
	defaultWebhookTimeout = 5 * time.Second
	webhookQueueSize      = 256
	signatureHeader       = "X-Twilio-Signature"
)

// WebhookStats counts event deliveries to webhooks since the start or the
// last Reset. Failed counts deliveries that got no 2xx answer in time
// (refused non-loopback addresses included); Dropped counts those that
// found the queue full or the mock closed.
type WebhookStats struct {
	Delivered int64 `json:"delivered"`
	Failed    int64 `json:"failed"`
	Dropped   int64 `json:"dropped"`
}

// delivery is one event for one webhook, complete when queued: the worker
// reads no state of the mock.
type delivery struct {
	url       string
	params    url.Values
	authToken string
	eventType string
}

// dispatcher delivers events to webhooks.
type dispatcher struct {
	client *http.Client
	logger *slog.Logger
	queue  chan delivery
	start  sync.Once
	mu     sync.Mutex // guards closed against enqueue
	closed bool
	ctx    context.Context // canceled by close
	cancel context.CancelFunc
	done   chan struct{}

	delivered, failed, dropped atomic.Int64
}

func newDispatcher(opts Options) *dispatcher {
	timeout := opts.WebhookTimeout
	if timeout <= 0 {
		timeout = defaultWebhookTimeout
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	dialer := &net.Dialer{Timeout: timeout}
	if !opts.AllowNonLoopbackWebhooks {
		// Checked on the address actually dialled, after name resolution,
		// so that no name can lead the mock off this machine.
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("%s is not a loopback address (the mock delivers webhooks to loopback addresses only unless allowed)", host)
			}
			return nil
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	transport := &http.Transport{DialContext: dialer.DialContext, Proxy: nil, MaxIdleConnsPerHost: 2}
	return &dispatcher{
		client: &http.Client{
			Timeout:   timeout,
			Transport: transport,
			// Twilio does not follow a webhook's redirects; neither does the mock.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		logger: logger,
		queue:  make(chan delivery, webhookQueueSize),
		ctx:    ctx,
		cancel: cancel,
		done:   make(chan struct{}),
	}
}

// enqueue queues a delivery without ever blocking; it may be called with
// the server's lock held.
func (d *dispatcher) enqueue(dl delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		d.dropped.Add(1)
		return
	}
	d.start.Do(func() { go d.run() })
	select {
	case d.queue <- dl:
	default:
		d.dropped.Add(1)
		d.logger.Warn("mockverify: webhook queue full, event dropped", "type", dl.eventType, "url", dl.url)
	}
}

func (d *dispatcher) run() {
	defer close(d.done)
	for dl := range d.queue {
		if d.ctx.Err() != nil {
			d.dropped.Add(1)
			continue
		}
		if err := d.deliver(dl); err != nil {
			if d.ctx.Err() != nil { // abandoned by close
				d.dropped.Add(1)
				continue
			}
			// Logged before counted: whoever sees the count sees the log.
			d.logger.Warn("mockverify: webhook delivery failed", "type", dl.eventType, "url", dl.url, "error", err)
			d.failed.Add(1)
			continue
		}
		d.delivered.Add(1)
	}
}

// deliver POSTs one event, form-encoded and signed as Twilio signs.
func (d *dispatcher) deliver(dl delivery) error {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, dl.url, strings.NewReader(dl.params.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(signatureHeader, twilioSignature(dl.authToken, dl.url, dl.params))
	req.Header.Set("User-Agent", "TwilioProxy/1.1 (twilio-verify-mock)")
	resp, err := d.client.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("answered HTTP %d", resp.StatusCode)
	}
	return nil
}

// close stops taking deliveries, abandons those queued or in flight
// (counted as dropped) and waits for the worker to stop.
func (d *dispatcher) close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	d.cancel()
	close(d.queue)
	d.mu.Unlock()
	d.start.Do(func() { close(d.done) }) // no worker ever started: none to wait for
	<-d.done
}

func (d *dispatcher) stats() WebhookStats {
	return WebhookStats{Delivered: d.delivered.Load(), Failed: d.failed.Load(), Dropped: d.dropped.Load()}
}

func (d *dispatcher) resetStats() {
	d.delivered.Store(0)
	d.failed.Store(0)
	d.dropped.Store(0)
}

// twilioSignature is X-Twilio-Signature as Twilio computes it: the
// base64 HMAC-SHA1, keyed with the account's auth token, of the full URL
// followed by every POST parameter name and its value, sorted by name.
func twilioSignature(authToken, fullURL string, params url.Values) string {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, name := range names {
		for _, v := range params[name] {
			b.WriteString(name)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Package verify is a client for the Twilio Verify v2 API, reduced to what
// the Terraform provider needs: services, entities, factors and webhooks
// (create, fetch, update, delete, list), and the Notify v1 push credentials
// a service sends push through (on notify.twilio.com). Every create goes through one recovery
// engine (create_recovery.go), every listing through one page loop
// (pagination.go), and every request through the retry policy (retry.go),
// an adaptive limit of requests in flight (concurrency.go), the estimate
// of Twilio's clock (clock.go) and a logging transport that masks secrets
// (logging.go, masking.go).
//
// It knows nothing of Terraform except that it logs through
// terraform-plugin-log's tflog, so its logs reach the provider's logger
// through the request context and are masked with tflog's own masking.
package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is the Verify API host used when no edge, region or base URL
// is configured.
const DefaultBaseURL = "https://verify.twilio.com"

// DefaultNotifyBaseURL is the Notify API host (push credentials) used when
// no edge, region or base URL is configured.
const DefaultNotifyBaseURL = "https://notify.twilio.com"

// The products this client talks to: each is the first label of its host
// (verify.twilio.com, notify.twilio.com), and takes the edge and region the
// same way.
const (
	productVerify = "verify"
	productNotify = "notify"
)

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "github.com/verifyfactors/terraform-provider-twilio/internal/verify"

// Defaults applied by New to zero Config durations.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryWaitMin   = 1 * time.Second
	DefaultRetryWaitMax   = 30 * time.Second
)

const (
	// maxResponseBodyBytes bounds what is read of a 2xx response body. The
	// largest real answer is a full list page: 1,000 factors (ListPageSize),
	// each at most about 4 KB of JSON even with metadata at its
	// 1,024-character limit, so about 4 MB (1,000 services take less). 16
	// MiB leaves four times that, while a larger body, which only a server
	// that is not Twilio sends, costs this process about 16 MiB (see
	// readBody) instead of its size.
	maxResponseBodyBytes = 16 << 20
	// maxErrorBodyBytes bounds what is read of a non-2xx response body.
	maxErrorBodyBytes = 64 << 10
	// minIdleConnsPerHost lets Terraform's parallel operations (10 by
	// default) all keep their keep-alive connections.
	minIdleConnsPerHost = 32
)

// Config configures a Client. The zero value talks to DefaultBaseURL with no
// credentials, no retries and the default timeouts.
type Config struct {
	// AccountSID and AuthToken authenticate with the account's own
	// credentials.
	AccountSID, AuthToken string
	// APIKey (an SK... SID) and APISecret take precedence over
	// AccountSID/AuthToken when both are set.
	APIKey, APISecret string
	// Edge and Region select the hosts verify.{edge}.{region}.twilio.com
	// and notify.{edge}.{region}.twilio.com; an edge without a region means
	// region us1; a region alone gives verify.{region}.twilio.com.
	Edge, Region string
	// BaseURL, when set, overrides the host of every product entirely (one
	// server answers both Verify and Notify paths), for example
	// http://127.0.0.1:8089 for a local mock.
	BaseURL string
	// MaxRetries is the number of retries after the first attempt (0 = none).
	MaxRetries int
	// RequestTimeout bounds each attempt; DefaultRequestTimeout when zero.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts;
	// DefaultRetryWaitMin and DefaultRetryWaitMax when zero.
	RetryWaitMin, RetryWaitMax time.Duration
	// UserAgent is sent with every request; DefaultUserAgent when empty.
	UserAgent string
}

// Client is a Verify v2 API client. It is safe for concurrent use; all
// requests share one retrying HTTP client and its pool of keep-alive
// connections.
type Client struct {
	base    *url.URL
	baseURL string // base without trailing slash
	// notifyBase and notifyBaseURL are base and baseURL of the Notify API.
	notifyBase    *url.URL
	notifyBaseURL string
	username      string
	password      string
	// credentialSecrets are the auth token and API secret (whichever are
	// set), masked in logs and error messages whether or not they are sent.
	credentialSecrets []string
	userAgent         string
	maxRetries        int
	rc                *retryablehttp.Client
	claims            *createClaims
	clock             *twilioClock // Twilio's clock, from its Date headers
}

// HostLabelPattern is the form of an edge or region name, which becomes a
// label of the API's host name: lowercase letters, digits and inner dashes,
// at most 63 characters. The provider checks its settings against it.
var HostLabelPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// New returns a Client for cfg. It sends no request; it fails only when the
// configuration cannot be used (a malformed base URL, edge or region).
func New(cfg Config) (*Client, error) {
	base, err := resolveBaseURL(cfg, productVerify)
	if err != nil {
		return nil, err
	}
	notifyBase, err := resolveBaseURL(cfg, productNotify)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:          base,
		baseURL:       strings.TrimRight(base.String(), "/"),
		notifyBase:    notifyBase,
		notifyBaseURL: strings.TrimRight(notifyBase.String(), "/"),
		userAgent:     cfg.UserAgent,
		maxRetries:    max(cfg.MaxRetries, 0),
		claims:        newCreateClaims(),
		clock:         &twilioClock{},
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if cfg.APIKey != "" && cfg.APISecret != "" {
		c.username, c.password = cfg.APIKey, cfg.APISecret
	} else {
		c.username, c.password = cfg.AccountSID, cfg.AuthToken
	}
	for _, sec := range []string{cfg.AuthToken, cfg.APISecret} {
		if sec != "" {
			c.credentialSecrets = append(c.credentialSecrets, sec)
		}
	}
	if c.password != "" {
		// The Authorization header's value carries the secret too.
		c.credentialSecrets = append(c.credentialSecrets, basicAuthCredentials(c.username, c.password))
	}

	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	waitMin, waitMax := cfg.RetryWaitMin, cfg.RetryWaitMax
	if waitMin <= 0 {
		waitMin = DefaultRetryWaitMin
	}
	if waitMax <= 0 {
		waitMax = DefaultRetryWaitMax
	}
	if waitMax < waitMin {
		waitMax = waitMin
	}

	transport := cleanhttp.DefaultPooledTransport()
	// Terraform runs 10 operations in parallel by default; keep enough idle
	// connections that they all reuse keep-alive connections.
	transport.MaxIdleConnsPerHost = max(transport.MaxIdleConnsPerHost, minIdleConnsPerHost)
	transport.MaxIdleConns = max(transport.MaxIdleConns, transport.MaxIdleConnsPerHost)

	c.rc = &retryablehttp.Client{
		HTTPClient: &http.Client{
			// Each attempt waits for a place among the requests in flight
			// (concurrency.go); its timeout starts once it has one.
			Transport: &limitedTransport{limiter: newConcurrencyLimiter(), timeout: timeout,
				next: &loggingTransport{base: &clockTransport{clock: c.clock, next: transport}}},
			// The API never redirects; following a redirect would turn a
			// POST into a GET or send the request to another host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Logger:         nil, // logging goes through tflog, with the request's context
		RetryWaitMin:   waitMin,
		RetryWaitMax:   waitMax,
		RetryMax:       c.maxRetries,
		CheckRetry:     checkRetry,
		Backoff:        backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: logRetry,
	}
	return c, nil
}

// resolveBaseURL returns the base URL of product (productVerify or
// productNotify): cfg.BaseURL when set, else the product's host with
// cfg's edge and region.
func resolveBaseURL(cfg Config, product string) (*url.URL, error) {
	raw := cfg.BaseURL
	if raw == "" {
		for _, v := range []struct{ name, val string }{{"edge", cfg.Edge}, {"region", cfg.Region}} {
			if v.val != "" && !HostLabelPattern.MatchString(v.val) {
				return nil, fmt.Errorf("verify: invalid %s: only lowercase letters, digits and dashes are allowed", v.name)
			}
		}
		switch {
		case cfg.Edge != "":
			region := cfg.Region
			if region == "" {
				region = "us1"
			}
			raw = "https://" + product + "." + cfg.Edge + "." + region + ".twilio.com"
		case cfg.Region != "":
			raw = "https://" + product + "." + cfg.Region + ".twilio.com"
		default:
			raw = "https://" + product + ".twilio.com"
		}
	}
	if err := CheckBaseURL(raw); err != nil {
		return nil, fmt.Errorf("verify: invalid base URL: %w", err)
	}
	u, err := url.Parse(raw)
	if err != nil { // unreachable: CheckBaseURL parsed it
		return nil, errors.New("verify: invalid base URL")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// CheckBaseURL returns why raw cannot be the base URL of the API, or nil:
// it must be an http(s) URL made only of a scheme, a host and an optional
// port from 1 to 65535 (a trailing / is allowed), and plain http is accepted
// only for loopback hosts, since Basic auth would send the credentials
// across the network in clear. The errors never quote raw, nor url.Parse's
// error (which does): it may hold credentials.
func CheckBaseURL(raw string) error {
	const example = "https://verify.twilio.com or http://127.0.0.1:8089"
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("it is not a URL; use a URL such as " + example)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("its scheme must be http or https; use a URL such as " + example)
	}
	if u.Host == "" {
		return errors.New("it has no host; use a URL such as " + example)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || strings.ContainsAny(raw, "?#") || strings.Trim(u.Path, "/") != "" {
		return errors.New("use only a scheme, host and port, such as https://verify.twilio.com, without a path, query, " +
			"fragment or credentials (user info)")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return errors.New("its port must be a number from 1 to 65535")
		}
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return errors.New(plainHTTPRule + ", because Basic auth would send the credentials across the network in clear; use https://")
	}
	return nil
}

// plainHTTPRule is the one rule for plain http, shared by base URLs and
// webhook URLs.
const plainHTTPRule = "plain http is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost)"

// CheckWebhookURL returns why raw cannot be the URL Twilio POSTs a
// service's events to, or nil: an absolute http(s) URL with a host and no
// user info, and, as for a base URL (see CheckBaseURL), plain http only
// for loopback hosts (such as a local receiver the mock delivers to),
// since events travel signed but readable. A path and query are allowed.
// The errors never quote raw.
func CheckWebhookURL(raw string) error {
	const example = "https://example.com/twilio/verify-events"
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("it is not a URL; use a URL such as " + example)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("its scheme must be https (or http for a loopback host); use a URL such as " + example)
	}
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("it has no host; use a URL such as " + example)
	}
	if u.User != nil {
		return errors.New("it must not hold credentials (user info); Twilio signs each request with X-Twilio-Signature instead")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return errors.New("it must not have a fragment (#...), which is never sent")
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return errors.New(plainHTTPRule + ", because events would cross the network in clear; use https://")
	}
	return nil
}

// isLoopbackHost reports whether host names this machine only.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the scheme and host Verify requests go to, without a
// trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// NotifyBaseURL returns the scheme and host Notify requests (push
// credentials) go to, without a trailing slash.
func (c *Client) NotifyBaseURL() string { return c.notifyBaseURL }

// requestKey is the context key of the *request that one logical call
// (all of its attempts) carries.
type requestKey struct{}

// request is one logical API call: what the caller asks for, and what the
// retry policy, backoff hook and logging transport read and update on the
// way (through the context, see requestFrom). They all run on the
// goroutine that called Client.do, one after another, so it needs no lock.
type request struct {
	method      string
	url         string     // absolute, including any query string
	form        url.Values // POST body; nil for GET and DELETE
	idempotent  bool       // safe to send more than once
	maxAttempts int        // total attempts allowed, including the first; 0: MaxRetries+1

	// Set by do: the encoded form, for logs (masked by tflog), and the
	// secrets of the request, redacted from a logged response body before
	// it is cut to maxLoggedBodyBytes (a cut secret no longer matches).
	body    string
	secrets []string

	attempts    int       // out: attempts finished so far
	lastEnd     time.Time // when the last attempt finished
	lastOutcome string    // "HTTP 503" or the transport error of the last attempt
}

// requestFrom returns the request a context carries, or nil.
func requestFrom(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

// do sends r, retrying as the policy allows, and decodes a 2xx JSON body into
// out (when out is not nil) in a single pass. A non-2xx response is returned
// as an *Error. A transport error or an undecodable 2xx body after the
// request may have reached the server is wrapped in *outcomeUnknownError.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	secrets := c.requestSecrets(r.form)
	if extra, ok := ctx.Value(secretsKey{}).([]string); ok {
		// The requests a create makes to recover (list, fetch, delete) may
		// fail with a page that echoes the create's secrets too.
		secrets = expandSecrets(append(secrets, extra...)...)
	}
	logURL := stripQuery(r.url)
	r.secrets = secrets
	if r.maxAttempts <= 0 {
		r.maxAttempts = c.maxRetries + 1
	}

	var body any
	if r.form != nil {
		r.body = r.form.Encode()
		body = []byte(r.body)
	}
	ctx = maskContext(ctx, secrets)
	ctx = context.WithValue(ctx, requestKey{}, r)

	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return fmt.Errorf("verify: building request %s %s: %w", r.method, logURL, err)
	}
	req.SetBasicAuth(c.username, c.password)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}

	resp, err := c.rc.Do(req)
	if err != nil {
		if resp != nil {
			closeBody(resp.Body)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("verify: %s %s: %w", r.method, logURL, ctxErr)
		}
		var e error = &wrappedError{
			msg: fmt.Sprintf("verify: %s %s failed after %d attempt(s): %s", r.method, logURL, r.attempts, redact(err.Error(), secrets)),
			err: err,
		}
		if mayHaveBeenSent(err) {
			return &outcomeUnknownError{err: e}
		}
		return e
	}
	defer closeBody(resp.Body)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes)) // a partial body still decodes to an *Error
		e := decodeRedactedError(resp.StatusCode, b, secrets)
		e.Method = r.method
		e.URL = logURL
		return e
	}
	if out != nil {
		if err := decodeBody(resp, out); err != nil {
			return &outcomeUnknownError{err: &wrappedError{
				msg: fmt.Sprintf("verify: %s %s: HTTP %d with an unusable body: %s", r.method, logURL, resp.StatusCode, redact(err.Error(), secrets)),
				err: err,
			}}
		}
	}
	return nil
}

// decodeRedactedError is DecodeError with the request's secrets (and the
// package's standing patterns) redacted. A Twilio JSON error is decoded
// first and its strings redacted after, so that a short secret found in
// the JSON text (a digit of the code, say) cannot spoil it. Any other body
// is redacted before DecodeError shortens it: a secret cut in two would no
// longer match.
func decodeRedactedError(status int, body []byte, secrets []string) *Error {
	e, ok := decodeTwilioError(status, body)
	if !ok {
		e = DecodeError(status, redactBytes(body, secrets))
	}
	e.Message = redactText(e.Message, secrets)
	e.MoreInfo = redactText(e.MoreInfo, secrets)
	return e
}

// bodyTooLargeError is a 2xx response body longer than the client reads
// of one answer (maxResponseBodyBytes): not an answer Twilio gives, so
// nothing of it is used.
type bodyTooLargeError struct {
	// Limit is the number of bytes read before giving up.
	Limit int64
}

// Error says which limit was hit and what it means.
func (e *bodyTooLargeError) Error() string {
	return fmt.Sprintf("the response body is larger than %d MiB, the most this client reads of one answer "+
		"(the largest real Twilio Verify answer, a page of %d factors, is a few MB): the server, or a proxy in front of it, "+
		"is not answering like Twilio", e.Limit>>20, ListPageSize)
}

// decodeBody decodes a 2xx body into out, reading at most
// maxResponseBodyBytes of it (refusing at once a larger Content-Length).
func decodeBody(resp *http.Response, out any) error {
	if resp.ContentLength > maxResponseBodyBytes {
		return &bodyTooLargeError{Limit: maxResponseBodyBytes}
	}
	b, err := readBody(resp.Body, maxResponseBodyBytes)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// Chunk sizes of readBody: the first is enough for any answer but a list
// page (a factor is about 1 KB), and each next one doubles, up to the last.
const (
	firstBodyChunk = 4 << 10
	lastBodyChunk  = 1 << 20
)

// readBody reads all of r, or fails with a *bodyTooLargeError once more
// than limit bytes have come. It reads in chunks that double in size and
// joins them at the end, so that a small answer costs one small buffer and
// a body over the limit costs about the limit in memory, not the sum of a
// growing buffer's copies.
func readBody(r io.Reader, limit int64) ([]byte, error) {
	var chunks [][]byte
	var total int64
	size := firstBodyChunk
	for {
		chunk := make([]byte, size)
		n, err := io.ReadFull(r, chunk)
		total += int64(n)
		if total > limit {
			return nil, &bodyTooLargeError{Limit: limit}
		}
		chunks = append(chunks, chunk[:n])
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			if len(chunks) == 1 {
				return chunks[0], nil
			}
			return bytes.Join(chunks, nil), nil
		}
		if err != nil {
			return nil, err
		}
		size = min(2*size, lastBodyChunk)
	}
}

// closeBody drains a little of body, so that the connection can be reused,
// and closes it.
func closeBody(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4<<10))
	_ = body.Close()
}

// stripQuery returns raw without user info, query or fragment.
func stripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			return raw[:i]
		}
		return raw
	}
	u.User = nil
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	u.RawFragment = ""
	return u.String()
}

// wrappedError carries a redacted message while keeping the cause reachable
// through errors.Is and errors.As.
type wrappedError struct {
	msg string
	err error
}

func (e *wrappedError) Error() string { return e.msg }
func (e *wrappedError) Unwrap() error { return e.err }

// outcomeUnknownError marks an error after which the server may or may not
// have applied the request.
type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string { return e.err.Error() }
func (e *outcomeUnknownError) Unwrap() error { return e.err }

// apiPath joins the Verify base URL and the path segments, path-escaping
// each segment.
func (c *Client) apiPath(segments ...string) string { return joinPath(c.baseURL, segments) }

// notifyPath is apiPath for the Notify API.
func (c *Client) notifyPath(segments ...string) string { return joinPath(c.notifyBaseURL, segments) }

// joinPath joins base and the path segments, path-escaping each segment.
func joinPath(base string, segments []string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// followURL checks a next_page_url before it is followed: it must have the
// scheme and host of origin, the listing's first page, otherwise the
// credentials would be sent elsewhere. A relative URL is resolved against
// origin.
func followURL(origin *url.URL, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("verify: invalid next_page_url %q: %w", raw, err)
	}
	if !u.IsAbs() && u.Host == "" {
		u = origin.ResolveReference(u)
	}
	if !strings.EqualFold(u.Scheme, origin.Scheme) || !sameHost(u, origin) || u.User != nil {
		return "", fmt.Errorf("verify: refusing to follow next_page_url %q: it does not point to %s://%s", stripQuery(raw), origin.Scheme, origin.Host)
	}
	return u.String(), nil
}

func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

func requireNonEmpty(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return fmt.Errorf("verify: %s must not be empty", pairs[i])
		}
	}
	return nil
}

// checkedAnswer sends r, decodes its answer into a T and checks it with
// check (one of the checkAnswer wrappers): an answer that is not the object
// asked for, complete, is an error naming the method and URL.
func checkedAnswer[T any](ctx context.Context, c *Client, r *request, check func(*T) error) (*T, error) {
	var answer T
	if err := c.do(ctx, r, &answer); err != nil {
		return nil, err
	}
	if err := check(&answer); err != nil {
		return nil, fmt.Errorf("verify: %s %s: %w", r.method, stripQuery(r.url), err)
	}
	return &answer, nil
}

// Package verify is a client for the Twilio Verify v2 API, reduced to what
// the Terraform provider needs: factors (create, fetch, update, delete,
// list) and services (create, fetch, list, delete).
//
// It knows nothing of Terraform except that it logs through
// terraform-plugin-log's tflog, so its logs reach the provider's logger
// through the request context and are masked with tflog's own masking.
package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultBaseURL is the Verify API host used when no edge, region or base URL
// is configured.
const DefaultBaseURL = "https://verify.twilio.com"

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "github.com/verifyfactors/terraform-provider-twilio/internal/verify"

// Defaults applied by New to zero Config durations.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryWaitMin   = 1 * time.Second
	DefaultRetryWaitMax   = 30 * time.Second
)

const (
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
	// Edge and Region select the host verify.{edge}.{region}.twilio.com; an
	// edge without a region means region us1; a region alone gives
	// verify.{region}.twilio.com.
	Edge, Region string
	// BaseURL, when set, overrides the host entirely, for example
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
	base     *url.URL
	baseURL  string // base without trailing slash
	username string
	password string
	// credentialSecrets are the auth token and API secret (whichever are
	// set), masked in logs and error messages whether or not they are sent.
	credentialSecrets []string
	userAgent         string
	maxRetries        int
	rc                *retryablehttp.Client
}

var hostLabelRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$`)

// New returns a Client for cfg. It sends no request; it fails only when the
// configuration cannot be used (a malformed base URL, edge or region).
func New(cfg Config) (*Client, error) {
	base, err := resolveBaseURL(cfg)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:       base,
		baseURL:    strings.TrimRight(base.String(), "/"),
		userAgent:  cfg.UserAgent,
		maxRetries: max(cfg.MaxRetries, 0),
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
			Transport: &loggingTransport{base: transport},
			Timeout:   timeout,
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

func resolveBaseURL(cfg Config) (*url.URL, error) {
	raw := cfg.BaseURL
	if raw == "" {
		for _, v := range []struct{ name, val string }{{"edge", cfg.Edge}, {"region", cfg.Region}} {
			if v.val != "" && !hostLabelRe.MatchString(v.val) {
				return nil, fmt.Errorf("verify: invalid %s %q: only letters, digits and dashes are allowed", v.name, v.val)
			}
		}
		switch {
		case cfg.Edge != "":
			region := cfg.Region
			if region == "" {
				region = "us1"
			}
			raw = "https://verify." + cfg.Edge + "." + region + ".twilio.com"
		case cfg.Region != "":
			raw = "https://verify." + cfg.Region + ".twilio.com"
		default:
			raw = DefaultBaseURL
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("verify: invalid base URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("verify: invalid base URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("verify: invalid base URL %q: no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("verify: invalid base URL %q: user info, query and fragment are not allowed", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// BaseURL returns the scheme and host (and any path prefix) requests go to,
// without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Username returns the SID used as the Basic auth user name: the API key
// (SK...) or the Account SID (AC...). It never returns a secret.
func (c *Client) Username() string { return c.username }

// stateKey is the context key of a request's *requestState.
type stateKey struct{}

// requestState travels in the context of one logical request (all of its
// attempts). The retry policy, backoff hooks and logging transport read and
// update it; they all run on the goroutine that called Client.do, one after
// another, so it needs no lock.
type requestState struct {
	method      string
	url         string // for logs: no credentials
	body        string // encoded form, for logs (masked by tflog)
	idempotent  bool
	maxAttempts int // total attempts allowed, including the first

	attempts    int       // attempts finished so far
	lastEnd     time.Time // when the last attempt finished
	lastOutcome string    // "HTTP 503" or the transport error of the last attempt
}

func stateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	return st
}

// request describes one logical API call.
type request struct {
	method      string
	url         string     // absolute, including any query string
	form        url.Values // POST body; nil for GET and DELETE
	idempotent  bool       // safe to send more than once
	maxAttempts int        // 0: MaxRetries+1

	attempts int // out: attempts made
}

// secretFormKeys are the form parameters whose values are secrets: they are
// masked in logs and replaced by "***" in returned error messages.
var secretFormKeys = []string{"Binding.Secret", "AuthPayload", "Config.NotificationToken"}

// requestSecrets returns the credentials' secrets and the secret values of
// form, each raw and query-escaped, longest first, without empty strings.
func (c *Client) requestSecrets(form url.Values) []string {
	vals := append([]string{}, c.credentialSecrets...)
	for _, k := range secretFormKeys {
		vals = append(vals, form[k]...)
	}
	return expandSecrets(vals...)
}

func expandSecrets(vals ...string) []string {
	seen := make(map[string]struct{}, 2*len(vals))
	out := make([]string, 0, 2*len(vals))
	for _, v := range vals {
		for _, s := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			if s == "" {
				continue
			}
			if _, ok := seen[s]; ok {
				continue
			}
			seen[s] = struct{}{}
			out = append(out, s)
		}
	}
	// Longest first, so that a secret containing another is replaced whole.
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// Patterns masked in every log of this package, whatever the values: TOTP
// key URIs and JSON members that carry secrets. They back up the exact
// string masks, which need the values to be known.
var (
	logMaskRegexes = []*regexp.Regexp{
		regexp.MustCompile(`otpauth://[^\s"'<>]*`),
		regexp.MustCompile(`"(?:secret|notification_token|uri)"\s*:\s*"(?:[^"\\]|\\.)*"`),
	}
	// Field keys whose values are always replaced entirely.
	logMaskFieldKeys = []string{"authorization", "Authorization", "auth_token", "api_secret", "password"}
)

// maskContext returns ctx with tflog masking of secrets in log messages and
// field values, plus the package's standing masks.
func maskContext(ctx context.Context, secrets []string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, logMaskFieldKeys...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, logMaskRegexes...)
	ctx = tflog.MaskMessageRegexes(ctx, logMaskRegexes...)
	if len(secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
	}
	return ctx
}

// redact replaces every occurrence of the secrets (longest first) by "***".
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// do sends r, retrying as the policy allows, and decodes a 2xx JSON body into
// out (when out is not nil) in a single pass. A non-2xx response is returned
// as an *Error. A transport error or an undecodable 2xx body after the
// request may have reached the server is wrapped in *outcomeUnknownError.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	secrets := c.requestSecrets(r.form)
	logURL := stripQuery(r.url)
	st := &requestState{
		method:      r.method,
		url:         r.url,
		idempotent:  r.idempotent,
		maxAttempts: r.maxAttempts,
	}
	if st.maxAttempts <= 0 {
		st.maxAttempts = c.maxRetries + 1
	}

	var body any
	if r.form != nil {
		enc := r.form.Encode()
		st.body = enc
		body = []byte(enc)
	}
	ctx = maskContext(ctx, secrets)
	ctx = context.WithValue(ctx, stateKey{}, st)

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
	r.attempts = st.attempts
	if err != nil {
		if resp != nil {
			closeBody(resp.Body)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("verify: %s %s: %w", r.method, logURL, ctxErr)
		}
		var e error = &wrappedError{
			msg: fmt.Sprintf("verify: %s %s failed after %d attempt(s): %s", r.method, logURL, st.attempts, redact(err.Error(), secrets)),
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
		e := DecodeError(resp.StatusCode, b)
		e.Method = r.method
		e.URL = logURL
		e.Message = redact(e.Message, secrets)
		e.MoreInfo = redact(e.MoreInfo, secrets)
		return e
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return &outcomeUnknownError{err: fmt.Errorf("verify: %s %s: HTTP %d with an unreadable body: %s",
				r.method, logURL, resp.StatusCode, redact(err.Error(), secrets))}
		}
	}
	return nil
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

// apiPath joins the base URL and the path segments, path-escaping each
// segment.
func (c *Client) apiPath(segments ...string) string {
	var b strings.Builder
	b.WriteString(c.baseURL)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// followURL checks a next_page_url before it is followed: it must have the
// scheme and host of the base URL, otherwise the credentials would be sent
// elsewhere. A relative URL is resolved against the base URL.
func (c *Client) followURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("verify: invalid next_page_url %q: %w", raw, err)
	}
	if !u.IsAbs() && u.Host == "" {
		u = c.base.ResolveReference(u)
	}
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !sameHost(u, c.base) || u.User != nil {
		return "", fmt.Errorf("verify: refusing to follow next_page_url %q: it does not point to %s", stripQuery(raw), c.baseURL)
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

// loggingTransport logs every attempt's request and response at debug level
// through tflog, with the masks of the request's context. It reads a
// response body into memory only when debug logging is enabled.
type loggingTransport struct {
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !tflog.IsDebug(ctx) {
		return t.base.RoundTrip(req)
	}
	st := stateFrom(ctx)
	fields := map[string]any{
		"http_method": req.Method,
		"http_url":    req.URL.Redacted(),
		"user_agent":  req.Header.Get("User-Agent"),
	}
	if st != nil {
		fields["attempt"] = st.attempts + 1
		if st.body != "" {
			fields["http_request_body"] = st.body
		}
	}
	tflog.Debug(ctx, "Sending HTTP request to Twilio Verify", fields)

	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	dur := time.Since(start)
	if err != nil {
		tflog.Debug(ctx, "HTTP request to Twilio Verify failed", map[string]any{
			"http_method":      req.Method,
			"http_url":         req.URL.Redacted(),
			"http_duration_ms": dur.Milliseconds(),
			"error":            err.Error(),
		})
		return nil, err
	}

	b, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if readErr != nil {
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{readErr}))
	} else {
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	logCtx := maskContext(ctx, responseSecrets(b))
	respFields := map[string]any{
		"http_method":        req.Method,
		"http_url":           req.URL.Redacted(),
		"http_status":        resp.StatusCode,
		"http_duration_ms":   dur.Milliseconds(),
		"http_response_body": string(b),
	}
	if readErr != nil {
		respFields["error"] = readErr.Error()
	}
	tflog.Debug(logCtx, "Received HTTP response from Twilio Verify", respFields)
	return resp, nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// responseSecrets returns the secret values in a response body:
// binding.secret, binding.uri and config.notification_token, of a factor or
// of each factor of a page. A body that is not such JSON yields what could
// be read (the regex masks still apply).
func responseSecrets(body []byte) []string {
	type config struct {
		NotificationToken string `json:"notification_token"`
	}
	var probe struct {
		Binding *struct {
			Secret string `json:"secret"`
			URI    string `json:"uri"`
		} `json:"binding"`
		Config  *config `json:"config"`
		Factors []struct {
			Config *config `json:"config"`
		} `json:"factors"`
	}
	if len(body) == 0 || !bytes.Contains(body, []byte(`"`)) {
		return nil
	}
	_ = json.Unmarshal(body, &probe) // best effort: partial results are used
	var vals []string
	if probe.Binding != nil {
		vals = append(vals, probe.Binding.Secret, probe.Binding.URI)
	}
	if probe.Config != nil {
		vals = append(vals, probe.Config.NotificationToken)
	}
	for _, f := range probe.Factors {
		if f.Config != nil {
			vals = append(vals, f.Config.NotificationToken)
		}
	}
	return expandSecrets(vals...)
}

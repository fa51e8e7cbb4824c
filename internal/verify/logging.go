package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxLoggedBodyBytes bounds what the debug log shows of a response body:
// every single object and lists of a few hundred items whole, while a huge
// body costs neither memory nor log space.
const maxLoggedBodyBytes = 256 << 10

// loggingTransport logs every attempt's request and response at debug level
// through tflog, with the masks of the request's context. Only when debug
// logging is enabled does it read the start of a response body (at most
// maxLoggedBodyBytes and the length of the longest secret) to log it, and
// hand the client that start followed by the rest, unread.
type loggingTransport struct {
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !tflog.IsDebug(ctx) {
		return t.base.RoundTrip(req)
	}
	call := requestFrom(ctx)
	fields := map[string]any{
		"http_method": req.Method,
		"http_url":    req.URL.Redacted(),
		"user_agent":  req.Header.Get("User-Agent"),
	}
	if call != nil {
		fields["attempt"] = call.attempts + 1
		if call.body != "" {
			fields["http_request_body"] = call.body
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

	var secrets []string
	if call != nil {
		secrets = call.secrets
	}
	head, readErr := io.ReadAll(io.LimitReader(resp.Body, int64(maxLoggedBodyBytes+longest(secrets)+1)))
	rest := io.Reader(resp.Body)
	if readErr != nil {
		rest = errReader{readErr}
	}
	resp.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(head), rest), Closer: resp.Body}

	logged, cut := loggedBody(head, secrets, resp.ContentLength)
	logCtx := maskContext(ctx, responseSecrets(head))
	respFields := map[string]any{
		"http_method":        req.Method,
		"http_url":           req.URL.Redacted(),
		"http_status":        resp.StatusCode,
		"http_duration_ms":   dur.Milliseconds(),
		"http_response_body": logged,
	}
	if cut != "" {
		respFields["http_response_body_cut"] = cut
	}
	if readErr != nil {
		respFields["error"] = readErr.Error()
	}
	tflog.Debug(logCtx, "Received HTTP response from Twilio Verify", respFields)
	return resp, nil
}

// loggedBody returns what the log shows of a body that starts with head:
// head with the secrets redacted, then cut to maxLoggedBodyBytes (redacting
// first, so that a secret across the cut is still found), and, when it
// was cut, a note saying how much of the body is shown.
func loggedBody(head []byte, secrets []string, contentLength int64) (logged, cut string) {
	if len(head) <= maxLoggedBodyBytes {
		return string(head), ""
	}
	text := redactText(string(head), secrets)
	if len(text) > maxLoggedBodyBytes {
		text = strings.ToValidUTF8(text[:maxLoggedBodyBytes], "")
	}
	if contentLength >= 0 {
		return text, fmt.Sprintf("only the first %d bytes of the %d-byte body are logged", maxLoggedBodyBytes, contentLength)
	}
	return text, fmt.Sprintf("only the first %d bytes of the body are logged; it is longer (its length was not announced)", maxLoggedBodyBytes)
}

// longest returns the length of the longest of ss.
func longest(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, len(s))
	}
	return n
}

// readCloser reads from Reader and closes Closer.
type readCloser struct {
	io.Reader
	io.Closer
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

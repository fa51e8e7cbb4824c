package verify

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

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

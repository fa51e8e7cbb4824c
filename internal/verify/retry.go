package verify

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// checkRetry is the retryablehttp.CheckRetry of every Client. It decides,
// for the attempt that just finished, whether to send the request again:
//
//   - the caller's context is done: stop at once, returning ctx.Err();
//   - the request's attempt budget is spent: stop;
//   - 429 Too Many Requests: retry, whatever the method (nothing was done);
//   - 5xx except 501: retry only an idempotent request (the server may have
//     applied it);
//   - transport error: retry an idempotent request; retry a non-idempotent
//     one only when the error certainly happened before the request was
//     sent (dial or DNS failure); never retry errors that will not change
//     (bad certificate, unsupported scheme, invalid header);
//   - anything else (2xx, 3xx, other 4xx, 501): stop.
//
// Whether the request is idempotent comes from its context (see requestFrom).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	call := requestFrom(ctx)
	if call != nil {
		call.attempts++
		call.lastEnd = time.Now()
		call.lastOutcome = outcomeText(resp, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if call != nil && call.maxAttempts > 0 && call.attempts >= call.maxAttempts {
		return false, nil
	}
	idempotent := call != nil && call.idempotent
	return shouldRetry(idempotent, resp, err), nil
}

// shouldRetry is the policy of checkRetry without the bookkeeping.
func shouldRetry(idempotent bool, resp *http.Response, err error) bool {
	if err != nil {
		if !retryableTransportError(err) {
			return false
		}
		return idempotent || sentNothing(err)
	}
	if resp == nil {
		return false
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode >= 500 && resp.StatusCode <= 599 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent
	}
	return false
}

// retryableTransportError reports whether a transport error may go away on
// another attempt; it reuses retryablehttp's own classification (redirect
// loops, unsupported schemes, invalid headers and certificate errors are
// permanent).
func retryableTransportError(err error) bool {
	retry, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err)
	return retry
}

// sentNothing reports whether err certainly happened before any byte of the
// request was sent: a failure to dial, or to resolve the host.
func sentNothing(err error) bool {
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	if opErr, ok := errors.AsType[*net.OpError](err); ok && opErr.Op == "dial" {
		return true
	}
	return false
}

// mayHaveBeenSent reports whether the server may have received (and
// applied) a request that failed with the transport error err.
func mayHaveBeenSent(err error) bool {
	if sentNothing(err) || !retryableTransportError(err) {
		return false
	}
	return true
}

func outcomeText(resp *http.Response, err error) string {
	switch {
	case err != nil:
		return err.Error()
	case resp != nil:
		return "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	return ""
}

// backoff is the retryablehttp.Backoff of every Client: the Retry-After of a
// 429 or 503 response when present (seconds or an HTTP date), capped at
// waitMax; otherwise waitMin*2^attempt plus up to half of that as jitter,
// capped at waitMax. retryablehttp waits for it in a select on the request's
// context, so a cancellation ends the wait at once.
func backoff(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, waitMax)
		}
	}
	return exponentialBackoff(waitMin, waitMax, attempt, rand.Float64())
}

// exponentialBackoff returns waitMin*2^attempt*(1+jitter/2), capped at
// waitMax; jitter is in [0, 1).
func exponentialBackoff(waitMin, waitMax time.Duration, attempt int, jitter float64) time.Duration {
	if attempt < 0 {
		attempt = 0
	}
	base := float64(waitMin) * math.Pow(2, float64(attempt))
	wait := base * (1 + jitter/2)
	if wait >= float64(waitMax) || math.IsInf(wait, 0) || math.IsNaN(wait) {
		return waitMax
	}
	return time.Duration(wait)
}

// parseRetryAfter parses a Retry-After header value: a number of seconds or
// an HTTP date (a date in the past means no wait).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// logRetry is the retryablehttp.RequestLogHook of every Client. Called
// before each attempt, it logs each retry (attempt > 0) at warn level with
// the outcome of the previous attempt and the wait that preceded it.
func logRetry(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt == 0 {
		return
	}
	ctx := req.Context()
	fields := map[string]any{
		"http_method": req.Method,
		"http_url":    req.URL.Redacted(),
		"attempt":     attempt + 1,
	}
	if call := requestFrom(ctx); call != nil {
		fields["max_attempts"] = call.maxAttempts
		fields["previous_result"] = call.lastOutcome
		fields["wait"] = time.Since(call.lastEnd).Round(time.Millisecond).String()
	}
	tflog.Warn(ctx, "Retrying Twilio Verify request", fields)
}

// isContextError reports whether err comes from the caller's context ending.
func isContextError(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

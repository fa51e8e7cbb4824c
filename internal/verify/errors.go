package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Twilio error codes that callers of this package act on, by the names the
// provider and the tests use. The mock (internal/mockverify) keeps its own
// copy under the same names on purpose: it is an independent model of
// Twilio and shares no code with this client.
const (
	CodeAuthentication     = 20003 // the credentials were rejected
	CodeNotFound           = 20404 // the resource does not exist
	CodeTooManyRequests    = 20429 // rate limited
	CodeInvalidParameter   = 60200 // a parameter is invalid
	CodeVerificationFailed = 60311 // wrong verification code or signature
	CodeTooManyFactors     = 60315 // the entity has reached its factor limit
	CodeEntityExists       = 60301 // an entity with this identity already exists
)

// maxErrorMessageRunes bounds the part of a non-JSON body kept in a message.
const maxErrorMessageRunes = 200

// Error is a non-2xx response of the Verify API.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Code is the Twilio error code, or 0 when the body was not a Twilio
	// error (for example an HTML page from a proxy).
	Code int
	// Message is Twilio's message, or a short description of a non-JSON
	// body. Secret values of the request are replaced by "***".
	Message string
	// MoreInfo is the documentation link of the error code.
	MoreInfo string
	// Method and URL identify the request; URL has no query string.
	Method, URL string
}

// Error returns, for example, `HTTP 404, Twilio error 20404: The requested
// resource ... was not found (https://www.twilio.com/docs/errors/20404)`.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", Twilio error %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.MoreInfo != "" {
		fmt.Fprintf(&b, " (%s)", e.MoreInfo)
	}
	return b.String()
}

// IsNotFound reports whether err is, or wraps, an *Error with HTTP status
// 404 (whatever the Twilio code: a 404 always means the resource is gone).
func IsNotFound(err error) bool {
	e, ok := errors.AsType[*Error](err)
	return ok && e.Status == http.StatusNotFound
}

// ErrorCode returns the Twilio error code of err when it is, or wraps, an
// *Error; otherwise 0.
func ErrorCode(err error) int {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return 0
}

// DecodeError builds the *Error for an HTTP status and response body. A
// Twilio JSON body {"code","message","more_info","status"} gives its code,
// message and link; any other body (empty, HTML from a proxy, garbage) gives
// Code 0 and a short message made of the HTTP status text and the start of
// the body. Status is always the given status. It never panics.
func DecodeError(status int, body []byte) *Error {
	e := &Error{Status: status}
	var payload struct {
		Code     *int   `json:"code"`
		Message  string `json:"message"`
		MoreInfo string `json:"more_info"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &payload) == nil &&
		(payload.Code != nil || payload.Message != "") {
		if payload.Code != nil {
			e.Code = *payload.Code
		}
		e.Message = payload.Message
		e.MoreInfo = payload.MoreInfo
		if e.Message == "" {
			e.Message = statusText(status)
		}
		return e
	}
	e.Message = statusText(status)
	if snippet := bodySnippet(trimmed); snippet != "" {
		e.Message += ": " + snippet
	}
	return e
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return fmt.Sprintf("HTTP status %d", status)
}

// bodySnippet returns the start of a body as one line of valid UTF-8, with
// runs of white space and control characters collapsed to one space and at
// most maxErrorMessageRunes runes.
func bodySnippet(body []byte) string {
	var b strings.Builder
	runes := 0
	space := false
	for len(body) > 0 && runes < maxErrorMessageRunes {
		r, size := utf8.DecodeRune(body)
		body = body[size:]
		if r == utf8.RuneError && size <= 1 {
			r = unicode.ReplacementChar
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			runes++
		}
		space = false
		b.WriteRune(r)
		runes++
	}
	if len(bytes.TrimSpace(body)) > 0 {
		b.WriteString("...")
	}
	return b.String()
}

// AmbiguousCreateError is returned by CreateFactor when the response to a
// create was lost and more than one matching factor appeared since, so the
// client cannot tell which one is its own.
type AmbiguousCreateError struct {
	ServiceSID, Identity     string
	FactorType, FriendlyName string
	// SIDs are the SIDs of the candidate factors.
	SIDs []string
}

// Error names the candidates and says what to do.
func (e *AmbiguousCreateError) Error() string {
	return fmt.Sprintf("verify: the response to a factor create was lost and %d %s factors named %q were created on entity %q of service %s since it was sent (%s); "+
		"cannot tell which one is ours: import the right one and delete the others",
		len(e.SIDs), e.FactorType, e.FriendlyName, e.Identity, e.ServiceSID, strings.Join(e.SIDs, ", "))
}

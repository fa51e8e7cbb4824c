package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
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
	if e, ok := decodeTwilioError(status, body); ok {
		return e
	}
	e := &Error{Status: status, Message: statusText(status)}
	if snippet := bodySnippet(bytes.TrimSpace(body)); snippet != "" {
		e.Message += ": " + snippet
	}
	return e
}

// decodeTwilioError decodes a Twilio JSON error body; ok is false when the
// body is not one.
func decodeTwilioError(status int, body []byte) (e *Error, ok bool) {
	var payload struct {
		Code     *int   `json:"code"`
		Message  string `json:"message"`
		MoreInfo string `json:"more_info"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, false
	}
	if err := json.Unmarshal(trimmed, &payload); err != nil {
		return nil, false //nolint:nilerr // not Twilio's JSON: the caller describes the body instead
	}
	if payload.Code == nil && payload.Message == "" {
		return nil, false
	}
	e = &Error{Status: status, Message: payload.Message, MoreInfo: payload.MoreInfo}
	if payload.Code != nil {
		e.Code = *payload.Code
	}
	if e.Message == "" {
		e.Message = statusText(status)
	}
	return e, true
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

// Kind names a kind of Verify object in errors and logs.
type Kind string

// The kinds of object the client creates and checks.
const (
	KindFactor  Kind = "factor"
	KindService Kind = "service"
	KindEntity  Kind = "entity"
	// KindWebhook is a service's webhook (YW...).
	KindWebhook Kind = "webhook"
	// KindCredential is a Notify push credential (CR...).
	KindCredential Kind = "push credential"
)

// UnexpectedResponseError is a 2xx answer that is not the object asked
// for: a factor, service or entity (alone, or as an item of a list) whose
// identifying field is empty or names another object (sid, service_sid,
// identity), or that lacks a field every real answer has (a factor's
// factor_type or status, a service's friendly_name, anyone's
// date_created). Such an answer must never reach Terraform's state.
type UnexpectedResponseError struct {
	Kind      Kind
	Field     string // the JSON field that is wrong, such as "sid"
	Got, Want string // Want is empty when any non-empty value would do
}

// Error says which field is wrong.
func (e *UnexpectedResponseError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("Twilio's answer has no %s, so it does not describe the %s asked for", e.Field, e.Kind)
	}
	return fmt.Sprintf("Twilio's answer has %s %q instead of %q, so it does not describe the %s asked for", e.Field, e.Got, e.Want, e.Kind)
}

// checkAnswer returns an *UnexpectedResponseError for the first of fields
// (field name, value received, value asked for; an empty value asked for
// means "any non-empty value") that is empty or, where a value was asked
// for, differs from it. SIDs are compared without regard to case (Twilio's
// hex digits may come in either); other values exactly.
func checkAnswer(kind Kind, fields ...answerField) error {
	for _, f := range fields {
		same := f.got == f.want
		if f.sid {
			same = strings.EqualFold(f.got, f.want)
		}
		if f.got == "" || (f.want != "" && !same) {
			return &UnexpectedResponseError{Kind: kind, Field: f.name, Got: f.got, Want: f.want}
		}
	}
	return nil
}

// dateCreatedField is the answerField of an object's date_created, empty
// when the date is missing.
func dateCreatedField(t time.Time) answerField {
	const name = "date_created"
	if t.IsZero() {
		return answerField{name: name}
	}
	return answerField{name: name, got: t.Format(time.RFC3339)}
}

// answerField is one field checked by checkAnswer.
type answerField struct {
	name      string
	got, want string
	sid       bool // compared without regard to case
}

// CreateOutcome is what is known about a create that failed.
type CreateOutcome int

const (
	// OutcomeNotCreated: the API refused the create (a 4xx or 501) or the
	// request never left this machine; nothing was created.
	OutcomeNotCreated CreateOutcome = iota
	// OutcomeUnknown: the request may have reached Twilio and its answer
	// was lost (or unusable) and could not be resolved; the object may
	// exist, among CreateError.Candidates when any were found.
	OutcomeUnknown
)

// CreateError is the error of CreateFactor, CreateService and CreateEntity:
// the cause, and what is known of the object. errors.As/Is reach the cause
// through Unwrap.
type CreateError struct {
	Kind    Kind
	Err     error
	Outcome CreateOutcome
	// Candidates are the objects like the one asked for that appeared
	// while a create's answer was lost, oldest first: any one of them may
	// be what the create made, or another process's. None was adopted or
	// deleted.
	Candidates []Candidate
}

// Error says what failed and, when candidates were found, names them.
func (e *CreateError) Error() string {
	if len(e.Candidates) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v; %s", e.Err, describeCandidates(e.Kind, e.Candidates))
}

// Unwrap returns the cause.
func (e *CreateError) Unwrap() error { return e.Err }

// CreateOutcomeOf returns what is known about the object of a create that
// failed with err: OutcomeNotCreated unless err says otherwise.
func CreateOutcomeOf(err error) CreateOutcome {
	if e, ok := errors.AsType[*CreateError](err); ok {
		return e.Outcome
	}
	return OutcomeNotCreated
}

// CreateCandidates returns the candidates of a create that failed with err.
func CreateCandidates(err error) []Candidate {
	if e, ok := errors.AsType[*CreateError](err); ok {
		return e.Candidates
	}
	return nil
}

// Candidate is an object that a create whose answer was lost may have made:
// it looks like what was asked for and appeared while the create was in
// flight, but nothing in Twilio's answers ties it to one request, so it may
// as well be another process's.
type Candidate struct {
	Kind Kind
	SID  string
	// ServiceSID and Identity locate factors and entities.
	ServiceSID, Identity string
	DateCreated          time.Time
	// Status is a factor's status (unverified or verified).
	Status string
	// URL is the object's API URL, the target of a DELETE by hand.
	URL string
}

// describeCandidates names candidates in one sentence.
func describeCandidates(kind Kind, cands []Candidate) string {
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = fmt.Sprintf("%s (created %s)", c.SID, c.DateCreated.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("%d %s(s) like the one asked for appeared while the answer was lost and may have been made by it "+
		"or by another process: %s; none was adopted or deleted", len(cands), kind, strings.Join(names, ", "))
}

// sortCandidates orders candidates oldest first.
func sortCandidates(cands []Candidate) {
	slices.SortStableFunc(cands, func(a, b Candidate) int { return a.DateCreated.Compare(b.DateCreated) })
}

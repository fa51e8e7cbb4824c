package mockverify

import (
	"fmt"
	"net/http"
)

// Twilio error codes the mock answers with. They are a deliberate copy of
// the client's verify.Code* set, under the same names: the mock is an
// independent model of Twilio and imports nothing from the client, so a
// client that got a code wrong is not "confirmed" by a mock sharing it.
const (
	codeMissingParameter   = 20001
	codeAuthentication     = 20003
	codeMethodNotAllowed   = 20004
	codeInvalidPaging      = 20007
	codeNotFound           = 20404
	codeTooManyRequests    = 20429
	codeInternalError      = 20500
	codeUnavailable        = 20503
	codeInvalidParameter   = 60200
	codeVerificationFailed = 60311
	codeTooManyFactors     = 60315
	codeEntityExists       = 60301
	codeFactorUnverified   = 60318
	codeChallengeExpired   = 60323
)

// apiError is a Twilio REST error: it is both a Go error (for the direct
// seeding methods) and the body of an error response.
type apiError struct {
	Status  int
	Code    int
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("twilio error %d (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// errorBody is the JSON shape of every Twilio error response.
type errorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

func (e *apiError) body() errorBody {
	return errorBody{
		Code:     e.Code,
		Message:  e.Message,
		MoreInfo: fmt.Sprintf("https://www.twilio.com/docs/errors/%d", e.Code),
		Status:   e.Status,
	}
}

func errAuthenticate() *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: codeAuthentication, Message: "Authenticate"}
}

// errNotFound mirrors Twilio's wording, which names the resource path
// without the version prefix.
func errNotFound(resource string) *apiError {
	return &apiError{
		Status:  http.StatusNotFound,
		Code:    codeNotFound,
		Message: fmt.Sprintf("The requested resource %s was not found", resource),
	}
}

func errMethodNotAllowed(method string) *apiError {
	return &apiError{
		Status:  http.StatusMethodNotAllowed,
		Code:    codeMethodNotAllowed,
		Message: fmt.Sprintf("Method not allowed: %s", method),
	}
}

func errMissing(param string) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    codeMissingParameter,
		Message: fmt.Sprintf("Missing required parameter %s in the post body", param),
	}
}

// errInvalid reports an invalid parameter. reason must never contain the
// value itself: some parameters are secrets.
func errInvalid(param, reason string) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    codeInvalidParameter,
		Message: fmt.Sprintf("Invalid parameter %s: %s", param, reason),
	}
}

func errPaging(param, reason string) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    codeInvalidPaging,
		Message: fmt.Sprintf("Invalid paging parameter %s: %s", param, reason),
	}
}

func errVerificationFailed() *apiError {
	return &apiError{Status: http.StatusForbidden, Code: codeVerificationFailed, Message: "Verification failed"}
}

func errMaxFactors(limit int, factorType string) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    codeTooManyFactors,
		Message: fmt.Sprintf("Reached max limit of %d %s Factors associated per Entity", limit, factorType),
	}
}

// errEntityExists is Twilio's 409 for a create of an entity whose identity
// the service already has.
func errEntityExists(identity string) *apiError {
	return &apiError{
		Status:  http.StatusConflict,
		Code:    codeEntityExists,
		Message: fmt.Sprintf("Entity %s already exists", identity),
	}
}

func errTooManyRequests() *apiError {
	return &apiError{Status: http.StatusTooManyRequests, Code: codeTooManyRequests, Message: "Too many requests"}
}

func errServer(unavailable bool) *apiError {
	if unavailable {
		return &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable, Message: "Service unavailable"}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: codeInternalError, Message: "Internal server error"}
}

// errFactorUnverified is Twilio's 403 for a challenge of a factor that is
// not verified yet.
func errFactorUnverified() *apiError {
	return &apiError{Status: http.StatusForbidden, Code: codeFactorUnverified, Message: "Factor is unverified"}
}

// errChallengeExpired is Twilio's 403 for a response to an expired
// challenge.
func errChallengeExpired() *apiError {
	return &apiError{Status: http.StatusForbidden, Code: codeChallengeExpired, Message: "Challenge expired"}
}

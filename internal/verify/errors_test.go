package verify

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDecodeError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		body     string
		wantCode int
		wantMsg  string
		wantInfo string
		wantStr  string
	}{
		{
			name: "twilio JSON", status: 404,
			body:     `{"code": 20404, "message": "The requested resource /Services/VA1 was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}`,
			wantCode: 20404, wantMsg: "The requested resource /Services/VA1 was not found", wantInfo: "https://www.twilio.com/docs/errors/20404",
			wantStr: "HTTP 404, Twilio error 20404: The requested resource /Services/VA1 was not found (https://www.twilio.com/docs/errors/20404)",
		},
		{
			name: "JSON status differs from HTTP status: HTTP wins", status: 429,
			body:     `{"code": 20429, "message": "Too Many Requests", "status": 400}`,
			wantCode: 20429, wantMsg: "Too Many Requests", wantStr: "HTTP 429, Twilio error 20429: Too Many Requests",
		},
		{
			name: "JSON without message", status: 400, body: `{"code": 60200}`,
			wantCode: 60200, wantMsg: "Bad Request", wantStr: "HTTP 400, Twilio error 60200: Bad Request",
		},
		{
			name: "HTML from a proxy", status: 502,
			body:    "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n",
			wantMsg: "Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>",
		},
		{name: "empty", status: 503, body: "", wantMsg: "Service Unavailable", wantStr: "HTTP 503: Service Unavailable"},
		{name: "white space", status: 500, body: " \r\n\t", wantMsg: "Internal Server Error"},
		{name: "garbage", status: 500, body: "\x00\xff\xfeoops", wantMsg: "Internal Server Error: \ufffd\ufffdoops"},
		{name: "truncated JSON", status: 500, body: `{"code": 20500, "mess`, wantMsg: `Internal Server Error: {"code": 20500, "mess`},
		{name: "JSON of the wrong shape", status: 400, body: `{"code": "x"}`, wantMsg: `Bad Request: {"code": "x"}`},
		{name: "JSON array", status: 400, body: `[1,2]`, wantMsg: `Bad Request: [1,2]`},
		{name: "empty object", status: 400, body: `{}`, wantMsg: `Bad Request: {}`},
		{name: "unknown status", status: 599, body: "", wantMsg: "HTTP status 599"},
		{name: "long body is truncated", status: 500, body: strings.Repeat("x", 1000), wantMsg: "Internal Server Error: " + strings.Repeat("x", 200) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := DecodeError(tt.status, []byte(tt.body))
			if e.Status != tt.status || e.Code != tt.wantCode || e.Message != tt.wantMsg || e.MoreInfo != tt.wantInfo {
				t.Errorf("DecodeError = %+v\nwant status %d code %d message %q info %q", e, tt.status, tt.wantCode, tt.wantMsg, tt.wantInfo)
			}
			if tt.wantStr != "" && e.Error() != tt.wantStr {
				t.Errorf("Error() = %q, want %q", e.Error(), tt.wantStr)
			}
			if !utf8.ValidString(e.Error()) {
				t.Errorf("Error() is not valid UTF-8: %q", e.Error())
			}
		})
	}
}

func TestIsNotFoundAndErrorCode(t *testing.T) {
	t.Parallel()
	notFound := &Error{Status: 404, Code: 20404}
	gone := &Error{Status: 404} // a 404 without a Twilio body still means gone
	tests := []struct {
		name     string
		err      error
		notFound bool
		code     int
	}{
		{"nil", nil, false, 0},
		{"plain error", errors.New("boom"), false, 0},
		{"404", notFound, true, 20404},
		{"404 without code", gone, true, 0},
		{"wrapped 404", fmt.Errorf("reading: %w", notFound), true, 20404},
		{"outcome unknown wrapping 503", &outcomeUnknownError{err: &Error{Status: 503, Code: 20503}}, false, 20503},
		{"400", &Error{Status: 400, Code: 60200}, false, 60200},
	}
	for _, tt := range tests {
		if got := IsNotFound(tt.err); got != tt.notFound {
			t.Errorf("%s: IsNotFound = %v", tt.name, got)
		}
		if got := ErrorCode(tt.err); got != tt.code {
			t.Errorf("%s: ErrorCode = %d", tt.name, got)
		}
	}
}

// An error message that echoes a secret of the request does not carry it
// back to the caller.
func TestErrorRedactsSecrets(t *testing.T) {
	t.Parallel()
	const payload = "918273"
	const token = "notif token/with+special&chars-0123456789"
	srv, _ := captureServer(t, 400, fmt.Sprintf(`{"code": 60200, "message": "Invalid AuthPayload %s, token %s (%s), auth %s", "more_info": "https://www.twilio.com/docs/errors/60200?x=%s"}`,
		payload, token, url.QueryEscape(token), testAuthToken, payload))
	c, err := New(Config{BaseURL: srv.URL, AccountSID: testAccountSID, AuthToken: testAuthToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateFactor(t.Context(), testServiceSID, testIdentity, "YF1", UpdateFactorParams{AuthPayload: ptr(payload), ConfigNotificationToken: ptr(token)})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, s := range []string{payload, token, url.QueryEscape(token), testAuthToken, "special"} {
		if strings.Contains(msg, s) {
			t.Errorf("error message contains secret %q: %s", s, msg)
		}
	}
	if !strings.Contains(msg, "Invalid AuthPayload ***") || e.Method != "POST" || !strings.HasSuffix(e.URL, "/Factors/YF1") {
		t.Errorf("error = %+v", e)
	}
}

func TestCreateErrorNamesCandidates(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	e := &CreateError{Kind: "factor", Outcome: OutcomeUnknown, Err: errors.New("HTTP 500"),
		Candidates: []Candidate{{SID: "YF1", DateCreated: at}, {SID: "YF2", DateCreated: at.Add(time.Second)}}}
	for _, want := range []string{
		"HTTP 500; 2 factor(s) like the one asked for appeared while the answer was lost",
		"YF1 (created 2026-11-25T21:00:00Z), YF2 (created 2026-11-25T21:00:01Z)",
		"none was adopted or deleted",
	} {
		if !strings.Contains(e.Error(), want) {
			t.Errorf("Error() lacks %q:\n%s", want, e.Error())
		}
	}
	if got := CreateCandidates(fmt.Errorf("wrapped: %w", e)); len(got) != 2 {
		t.Errorf("CreateCandidates = %v", got)
	}
}

package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// The candidates of a create whose answer was lost are listed with the
// import and delete commands a person needs, and what the server sent is
// shown escaped.
func TestCandidatesDetail(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	cands := []verify.Candidate{
		{Kind: "factor", SID: "YF01", ServiceSID: "VA01", Identity: "user-0001", DateCreated: at, Status: "unverified",
			URL: "https://verify.twilio.com/v2/Services/VA01/Entities/user-0001/Factors/YF01"},
		{Kind: "service", SID: "VA02\x1b[2J", DateCreated: at, URL: "https://verify.twilio.com/v2/Services/VA02%1B%5B2J"},
		{Kind: "entity", SID: "YE03", ServiceSID: "VA01", Identity: "user-0003", DateCreated: at,
			URL: "https://verify.twilio.com/v2/Services/VA01/Entities/user-0003"},
	}
	got := candidatesDetail(cands, true)
	for _, want := range []string{
		"factor YF01, created 2026-12-01T18:00:00Z, unverified",
		"terraform import <address of this resource> VA01/user-0001/YF01",
		`curl -X DELETE -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" https://verify.twilio.com/v2/Services/VA01/Entities/user-0001/Factors/YF01`,
		`service VA02\x1b[2J, created`,
		"terraform import <address of this resource> VA01/user-0003",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("detail lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("detail holds a raw escape:\n%q", got)
	}
	if other := candidatesDetail(cands, false); strings.Contains(other, "this resource") ||
		!strings.Contains(other, "to track it in another resource: terraform import <address> VA01/user-0001/YF01") {
		t.Errorf("the import of a factor left behind must name another resource:\n%s", other)
	}
}

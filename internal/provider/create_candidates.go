package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// unverifiedFactorLifetime is how long Twilio keeps a factor nobody
// verified: "Unverified Factors can also be deleted and become
// unverifiable 1 to 24 hours after creation"
// (https://www.twilio.com/docs/api/errors/60318).
const unverifiedFactorLifetime = "1 to 24 hours"

// whyUnattributed says why a create that lost its answer neither adopts nor
// deletes what appeared meanwhile; every message about candidates starts
// with it.
const whyUnattributed = "Twilio's answers do not say which request made an object, so each of them may be what the " +
	"lost attempt made, or belong to another configuration, pipeline, provider alias or person creating the same " +
	"object at the same time. None was adopted into state and none was deleted."

// candidateImportID is the import ID of a candidate for the resource of its
// kind.
func candidateImportID(c verify.Candidate) string {
	switch c.Kind {
	case verify.KindFactor:
		return ids.Factor(c.ServiceSID, c.Identity, c.SID)
	case verify.KindEntity:
		return ids.Entity(c.ServiceSID, c.Identity)
	case verify.KindWebhook:
		return webhookID(c.ServiceSID, c.SID)
	}
	return c.SID
}

// candidatesDetail lists candidates, one a line, each with the commands a
// person needs to decide: import it (into this resource when
// intoThisResource, else into another) or delete it by hand if nothing
// tracks it. What the server sent (SIDs, status) is shown escaped.
func candidatesDetail(cands []verify.Candidate, intoThisResource bool) string {
	importLabel, address := "to track it in another resource:", "<address>"
	if intoThisResource {
		importLabel, address = "if it is this resource's:", "<address of this resource>"
	}
	var b strings.Builder
	for _, c := range cands {
		fmt.Fprintf(&b, "\n  - %s %s, created %s", c.Kind, serverText(c.SID), c.DateCreated.UTC().Format(time.RFC3339))
		if c.Status != "" {
			fmt.Fprintf(&b, ", %s", serverText(c.Status))
		}
		fmt.Fprintf(&b, "\n      %-32s terraform import %s %s", importLabel, address, serverText(candidateImportID(c)))
		fmt.Fprintf(&b, "\n      %-32s curl -X DELETE -u \"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN\" %s", "if nothing tracks it:", c.URL)
	}
	return b.String()
}

// factorsLeftBehindDetail explains the factors a successful create left
// behind after an earlier attempt lost its answer.
func factorsLeftBehindDetail(created *verify.NewFactor) string {
	return fmt.Sprintf("The answer to an earlier attempt to create this factor was lost, and %d factor(s) like it appeared on "+
		"entity %q of service %s meanwhile. %s The factor was then created again, as %s, which is in state.\n\n"+
		"Check whether another configuration tracks each factor below; import or delete any that nothing tracks. Twilio also deletes "+
		"an unverified factor by itself %s after its creation.%s",
		len(created.LeftBehind), created.Identity, created.ServiceSID, whyUnattributed, serverText(created.SID),
		unverifiedFactorLifetime, candidatesDetail(created.LeftBehind, false))
}

// unattributedCreateAdvice explains a create that stopped because objects
// like the one asked for appeared while its answer was lost; what is the
// object's name in the sentence ("service \"Login\"").
func unattributedCreateAdvice(what string, cands []verify.Candidate) string {
	return fmt.Sprintf("The create of %s may have reached Twilio, but its answer was lost, and %d object(s) like it appeared "+
		"meanwhile. %s\n\nDecide for each: import it if it is this resource's (the lost attempt's), or delete it if nothing "+
		"tracks it; then apply again.%s", what, len(cands), whyUnattributed, candidatesDetail(cands, true))
}

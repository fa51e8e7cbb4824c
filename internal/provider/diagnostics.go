package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// apiErrorDetail builds a diagnostic detail: first what to do (advice), then
// what Twilio said: HTTP status, Twilio code, message and more_info link.
func apiErrorDetail(advice string, err error) string {
	var b strings.Builder
	if advice != "" {
		b.WriteString(advice)
		b.WriteString("\n\n")
	}
	var apiErr *verify.Error
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "Twilio answered HTTP %d", apiErr.Status)
		if apiErr.Code != 0 {
			fmt.Fprintf(&b, " with error %d", apiErr.Code)
		}
		if apiErr.Message != "" {
			fmt.Fprintf(&b, ": %s", apiErr.Message)
		}
		if apiErr.MoreInfo != "" {
			fmt.Fprintf(&b, "\nMore information: %s", apiErr.MoreInfo)
		}
	case errors.As(err, new(*verify.UnexpectedResponseError)):
		fmt.Fprintf(&b, "Twilio's answer was refused, and nothing of it was written to state: %v. "+
			"Twilio does not answer this way; if base_url points to a proxy or a mock, check it, then run again.", err)
	case errors.Is(err, context.Canceled):
		b.WriteString("The request was cancelled before Twilio answered.")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("The request did not finish in time; raise request_timeout or check the network.")
	default:
		fmt.Fprintf(&b, "The request to the Twilio Verify API failed: %v", err)
	}
	return b.String()
}

// addAPIError appends an error diagnostic for a failed API call. Errors
// whose cause the user can fix get advice naming it: rejected credentials,
// throttling, a service that does not exist.
func (d *providerData) addAPIError(diags *diag.Diagnostics, summary string, err error, advice string) {
	switch verify.ErrorCode(err) {
	case verify.CodeAuthentication:
		summary = "Twilio Rejected the Credentials"
		advice = "Twilio did not accept the credentials: " + d.credentials + ". Check that the SID and its " +
			"secret belong together and to this account, and that the key has not been revoked."
	case verify.CodeTooManyRequests:
		advice = "Twilio kept throttling the request after every retry. Lower -parallelism or raise max_retries."
	}
	diags.AddError(summary, apiErrorDetail(advice, err))
}

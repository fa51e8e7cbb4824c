package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// ListResourceConfigSchema: the credential list takes no arguments.
func (r *pushCredentialResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every push credential (APN and FCM) of the account, named `Friendly Name (type, CR...)`. " +
			"Twilio never returns a credential's certificate, key or secret, so neither do the results.",
	}
}

// List lists every push credential of the account.
func (r *pushCredentialResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if !startList(ctx, r.data, req, stream, nil) {
		return
	}
	credentials, err := r.data.client.ListCredentials(ctx)
	if err != nil {
		stream.Results = r.data.listReadError(err, "", "Error Listing Push Credentials",
			"The push credentials of the account could not be listed.")
		return
	}
	stream.Results = listResults(ctx, req, credentials, pushCredentialListResult)
}

// pushCredentialListResult is the list result of cr: its identity, its
// display name, and, when asked for, the credential as a Read after an
// import stores it (no certificate, key or secret: Twilio returns none).
func pushCredentialListResult(ctx context.Context, req list.ListRequest, cr *verify.Credential) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(cr.FriendlyName, cr.Type, cr.SID)
	m := pushCredentialModel{}.withAnswer(cr)
	result.Diagnostics.Append(result.Identity.Set(ctx, m.identity())...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

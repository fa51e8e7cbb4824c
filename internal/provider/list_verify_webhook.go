package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// ListResourceConfigSchema: the webhook list takes the service.
func (r *webhookResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = serviceListSchema("Every webhook of a Verify service, named `Friendly Name (YW...)`.")
}

// List lists every webhook of the service.
func (r *webhookResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listServiceObjects(ctx, r.data, req, stream, "Webhooks", (*verify.Client).ListWebhooks, webhookListResult)
}

// webhookListResult is the list result of w: its identity, its display
// name, and, when asked for, the webhook as Read stores it.
func webhookListResult(ctx context.Context, req list.ListRequest, w *verify.Webhook) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(w.FriendlyName, w.SID)
	m, diags := newWebhookModel(w)
	result.Diagnostics.Append(diags...)
	result.Diagnostics.Append(result.Identity.Set(ctx, m.identity())...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

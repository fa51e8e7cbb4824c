package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// webhookListConfig is the `config` of a `twilio_verify_webhook` list block.
type webhookListConfig struct {
	ServiceSID types.String `tfsdk:"service_sid"`
}

// ListResourceConfigSchema: the webhook list takes the service.
func (r *webhookResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every webhook of a Verify service, named `Friendly Name (YW...)`.",
		Attributes: map[string]listschema.Attribute{
			"service_sid": serviceSIDListAttribute(),
		},
	}
}

// List lists every webhook of the service.
func (r *webhookResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config webhookListConfig
	if !startList(ctx, r.data, req, stream, &config) {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	webhooks, err := r.data.client.ListWebhooks(ctx, serviceSID)
	if err != nil {
		stream.Results = r.data.listReadError(err, serviceSID, "Error Listing Verify Webhooks",
			fmt.Sprintf("The webhooks of service %s could not be listed.", serviceSID))
		return
	}
	stream.Results = listResults(ctx, req, webhooks, webhookListResult)
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

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// ListResourceConfigSchema: the service list takes no arguments.
func (r *serviceResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every Verify service of the account, named `Friendly Name (VA...)`.",
	}
}

// List lists every service of the account.
func (r *serviceResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if !startList(ctx, r.data, req, stream, nil) {
		return
	}
	services, err := r.data.client.ListServices(ctx)
	if err != nil {
		stream.Results = r.data.listReadError(err, "", "Error Listing Verify Services", "The services of the account could not be listed.")
		return
	}
	stream.Results = listResults(ctx, req, services, serviceListResult)
}

// serviceListResult is the list result of s: its identity, its display
// name, and, when asked for, the service as Read stores it.
func serviceListResult(ctx context.Context, req list.ListRequest, s *verify.Service) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(s.FriendlyName, s.SID)
	m, diags := newServiceModel(s)
	result.Diagnostics.Append(diags...)
	result.Diagnostics.Append(result.Identity.Set(ctx, m.identity())...)
	if req.IncludeResource {
		obj, diags := m.object(result.Resource.Schema.Type())
		result.Diagnostics.Append(diags...)
		result.Diagnostics.Append(result.Resource.Set(ctx, obj)...)
	}
	return result
}

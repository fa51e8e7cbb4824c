package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// ListResourceConfigSchema: the entity list takes the service.
func (r *entityResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = serviceListSchema("Every entity of a Verify service, named `identity (YE...)`.")
}

// List lists every entity of the service.
func (r *entityResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listServiceObjects(ctx, r.data, req, stream, "Entities", (*verify.Client).ListEntities, entityListResult)
}

// entityListResult is the list result of e: its identity, its display
// name, and, when asked for, the entity as Read stores it.
func entityListResult(ctx context.Context, req list.ListRequest, e *verify.Entity) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(e.Identity, e.SID)
	m := newEntityModel(e)
	result.Diagnostics.Append(result.Identity.Set(ctx, m.identity())...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

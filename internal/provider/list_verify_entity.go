package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// entityListConfig is the `config` of a `twilio_verify_entity` list block.
type entityListConfig struct {
	ServiceSID types.String `tfsdk:"service_sid"`
}

// ListResourceConfigSchema: the entity list takes the service.
func (r *entityResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every entity of a Verify service, named `identity (YE...)`.",
		Attributes: map[string]listschema.Attribute{
			"service_sid": serviceSIDListAttribute(),
		},
	}
}

// List lists every entity of the service.
func (r *entityResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config entityListConfig
	if !startList(ctx, r.data, req, stream, &config) {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	entities, err := r.data.client.ListEntities(ctx, serviceSID)
	if err != nil {
		stream.Results = r.data.listReadError(err, serviceSID, "Error Listing Verify Entities",
			fmt.Sprintf("The entities of service %s could not be listed.", serviceSID))
		return
	}
	stream.Results = listResults(ctx, req, entities, entityListResult)
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

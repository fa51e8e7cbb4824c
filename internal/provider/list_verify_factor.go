package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// factorListConfig is the `config` of a `twilio_verify_factor` list block.
type factorListConfig struct {
	ServiceSID types.String `tfsdk:"service_sid"`
	Identity   types.String `tfsdk:"identity"`
}

// ListResourceConfigSchema: the factor list takes the service and,
// optionally, one entity.
func (r *factorResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The " + oneOfText(managedFactorTypes...) + " factors of one entity, or of every entity of a " +
			"Verify service, named `Friendly Name (type, YF...)`. Factors of other types (passkeys) are left out: this " +
			"resource does not manage them.",
		Attributes: map[string]listschema.Attribute{
			"service_sid": serviceSIDListAttribute(),
			"identity": listschema.StringAttribute{
				MarkdownDescription: identityDescription + " Without it, the factors of every entity of the service " +
					"(one entity list, then one factor list per entity).",
				Optional:   true,
				Validators: identityValidators(),
			},
		},
	}
}

// List lists the factors of the entity, or of every entity of the service.
func (r *factorResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config factorListConfig
	if !startList(ctx, r.data, req, stream, &config) {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	identities := []string{config.Identity.ValueString()}
	if config.Identity.IsNull() {
		entities, err := r.data.client.ListEntities(ctx, serviceSID)
		if err != nil {
			stream.Results = r.data.listReadError(err, serviceSID, "Error Listing Verify Entities",
				fmt.Sprintf("The entities of service %s, whose factors were asked for, could not be listed.", serviceSID))
			return
		}
		identities = identities[:0]
		for _, e := range entities {
			identities = append(identities, e.Identity)
		}
	}
	var factors []verify.Factor
	for _, identity := range identities {
		listed, err := r.data.client.ListFactors(ctx, serviceSID, identity)
		if err != nil {
			stream.Results = r.data.listReadError(err, serviceSID, "Error Listing Verify Factors",
				fmt.Sprintf("The factors of entity %q in service %s could not be listed.", identity, serviceSID))
			return
		}
		for _, f := range listed {
			if slices.Contains(managedFactorTypes, f.FactorType) {
				factors = append(factors, f)
			}
		}
	}
	stream.Results = listResults(ctx, req, factors, factorListResult)
}

// factorListResult is the list result of f: its identity, its display
// name, and, when asked for, the factor as a Read after an import stores
// it (what the API does not return stays null, as after an import).
func factorListResult(ctx context.Context, req list.ListRequest, f *verify.Factor) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(f.FriendlyName, f.FactorType, f.SID)
	var m factorResourceModel
	result.Diagnostics.Append(applyFactor(&m, f)...)
	result.Diagnostics.Append(result.Identity.Set(ctx, m.identity())...)
	if req.IncludeResource {
		result.Diagnostics.Append(setObject(ctx, &result.Resource.Raw, &m)...)
	}
	return result
}

package provider

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// List resources (Terraform 1.14+): `list` blocks of `*.tfquery.hcl` files
// and `terraform query` find the services, entities, factors, webhooks and
// push credentials an account already has. Each resource type is its own
// list resource (one Metadata and one Configure serve both), and each
// result carries the object's
// identity, a display name, and, with `include_resource = true`, the
// object exactly as a Read after an import would store it, so that
// `terraform query -generate-config-out` writes import blocks and resource
// blocks that plan clean. Every page of every listing is read.

var (
	_ list.ListResourceWithConfigure = (*serviceResource)(nil)
	_ list.ListResourceWithConfigure = (*entityResource)(nil)
	_ list.ListResourceWithConfigure = (*factorResource)(nil)
	_ list.ListResourceWithConfigure = (*webhookResource)(nil)
	_ list.ListResourceWithConfigure = (*pushCredentialResource)(nil)
)

// NewServiceListResource returns the `twilio_verify_service` list resource.
func NewServiceListResource() list.ListResource { return &serviceResource{} }

// NewEntityListResource returns the `twilio_verify_entity` list resource.
func NewEntityListResource() list.ListResource { return &entityResource{} }

// NewFactorListResource returns the `twilio_verify_factor` list resource.
func NewFactorListResource() list.ListResource { return &factorResource{} }

// NewWebhookListResource returns the `twilio_verify_webhook` list resource.
func NewWebhookListResource() list.ListResource { return &webhookResource{} }

// NewPushCredentialListResource returns the `twilio_verify_push_credential`
// list resource.
func NewPushCredentialListResource() list.ListResource { return &pushCredentialResource{} }

// listResults streams the results that each of items makes, stopping at the
// limit Terraform asks for (0: none) or when Terraform stops reading.
func listResults[T any](ctx context.Context, req list.ListRequest, items []T,
	result func(context.Context, list.ListRequest, *T) list.ListResult,
) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			if !push(result(ctx, req, &items[i])) {
				return
			}
		}
	}
}

// listReadError is a stream of one result: the error of a listing, with
// advice (a missing service gets advice of its own, see addReadError).
func (d *providerData) listReadError(err error, serviceSID, summary, advice string) iter.Seq[list.ListResult] {
	var diags diag.Diagnostics
	d.addReadError(&diags, err, serviceSID, summary, advice)
	return list.ListResultsStreamDiagnostics(diags)
}

// startList checks that the provider is configured and reads the list
// block's `config` into config (nil: the list takes none). It reports
// false, with the error streamed as the only result, when either fails.
func startList(ctx context.Context, data *providerData, req list.ListRequest, stream *list.ListResultsStream, config any) bool {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("Provider Not Configured", "The list needs the twilio provider's credentials: add a provider "+
			"\"twilio\" block (or the TWILIO_* environment variables) to the configuration beside the query file.")
	} else if config != nil {
		diags = req.Config.Get(ctx, config)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}

// serviceSIDListAttribute is the `service_sid` argument of a list block.
func serviceSIDListAttribute() listschema.StringAttribute {
	return listschema.StringAttribute{MarkdownDescription: serviceSIDDescription, Required: true, Validators: serviceSIDValidators()}
}

// serviceListConfig is the `config` of a list block whose only argument
// is the service (the entity and webhook lists).
type serviceListConfig struct {
	ServiceSID types.String `tfsdk:"service_sid"`
}

// serviceListSchema is the schema of a list of one service's objects.
func serviceListSchema(description string) listschema.Schema {
	return listschema.Schema{
		MarkdownDescription: description,
		Attributes:          map[string]listschema.Attribute{"service_sid": serviceSIDListAttribute()},
	}
}

// listServiceObjects streams the objects of the list block's service, as
// listAll (a List method of the client, such as
// (*verify.Client).ListEntities) reads them; objects names
// them in an error ("Entities", "Webhooks").
func listServiceObjects[T any](ctx context.Context, data *providerData, req list.ListRequest, stream *list.ListResultsStream,
	objects string, listAll func(*verify.Client, context.Context, string) ([]T, error), result func(context.Context, list.ListRequest, *T) list.ListResult,
) {
	var config serviceListConfig
	if !startList(ctx, data, req, stream, &config) {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	items, err := listAll(data.client, ctx, serviceSID)
	if err != nil {
		stream.Results = data.listReadError(err, serviceSID, "Error Listing Verify "+objects,
			fmt.Sprintf("The %s of service %s could not be listed.", strings.ToLower(objects), serviceSID))
		return
	}
	stream.Results = listResults(ctx, req, items, result)
}

// displayName is the display name of a listed object: its name, then what
// identifies it, e.g. `Alice's Pixel (push, YF...)`.
func displayName(name string, details ...string) string {
	return name + " (" + strings.Join(details, ", ") + ")"
}

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ datasource.DataSourceWithConfigure        = (*serviceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*serviceDataSource)(nil)
)

// serviceDataSource is `twilio_verify_service`: one service, by SID or by
// exact friendly name.
type serviceDataSource struct {
	data *providerData
}

// NewServiceDataSource returns the `twilio_verify_service` data source.
func NewServiceDataSource() datasource.DataSource { return &serviceDataSource{} }

// Metadata names the data source `twilio_verify_service`.
func (d *serviceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_service"
}

// Schema describes `twilio_verify_service`.
func (d *serviceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := serviceDataAttributes()
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "The service SID.", Computed: true}
	attrs["sid"] = schema.StringAttribute{
		MarkdownDescription: "SID of the service to read (`VA` followed by 32 hex digits). Exactly one of `sid` and `friendly_name` is required.",
		Optional:            true, Computed: true,
		Validators: serviceSIDValidators(),
	}
	attrs["friendly_name"] = schema.StringAttribute{
		MarkdownDescription: "Exact friendly name of the service to read. Exactly one service of the account must have it; " +
			"otherwise the error lists the candidates' SIDs.",
		Optional: true, Computed: true,
		Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, serviceFriendlyNameMax)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Verify service, by `sid` (one request) or by exact `friendly_name` (lists the " +
			"account's services, every page).",
		Attributes: attrs,
	}
}

// ConfigValidators requires exactly one of sid and friendly_name.
func (d *serviceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("sid"), path.MatchRoot("friendly_name")),
	}
}

// Configure receives the API client from the provider.
func (d *serviceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read fetches the service by SID, or finds the one service with the
// friendly name.
func (d *serviceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	config, diags := getServiceModel(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *verify.Service
	if sid, ok := knownString(config.string("sid")); ok {
		s, err := d.data.client.FetchService(ctx, sid)
		if err != nil {
			d.data.addReadError(&resp.Diagnostics, err, sid, "Error Reading Verify Service", fmt.Sprintf("Service %s could not be read.", sid))
			return
		}
		found = s
	} else {
		name := config.string("friendly_name").ValueString()
		services, err := d.data.client.ListServices(ctx)
		if err != nil {
			d.data.addAPIError(&resp.Diagnostics, "Error Listing Verify Services", err, "The account's services could not be listed.")
			return
		}
		var matches []verify.Service
		for _, s := range services {
			if s.FriendlyName == name {
				matches = append(matches, s)
			}
		}
		switch len(matches) {
		case 1:
			found = &matches[0]
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root("friendly_name"), "Verify Service Not Found",
				fmt.Sprintf("No service of account %s is named %q (names are matched exactly). Its services: %s. "+
					"Give the exact name, or the sid.", d.data.accountSID, name, describeServices(services)))
			return
		default:
			resp.Diagnostics.AddAttributeError(path.Root("friendly_name"), "Several Verify Services Match",
				fmt.Sprintf("%d services of account %s are named %q: %s. Set sid to the one you mean instead of friendly_name.",
					len(matches), d.data.accountSID, name, describeServices(matches)))
			return
		}
	}
	state, diags := newServiceModel(found)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setServiceState(ctx, &resp.State, state)...)
}

// describeServices lists services as `SID ("name")`, at most 20 of them.
func describeServices(services []verify.Service) string {
	if len(services) == 0 {
		return "none"
	}
	const maxListed = 20
	parts := make([]string, 0, min(len(services), maxListed)+1)
	for i, s := range services {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(services)-maxListed))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%q)", serverText(s.SID), s.FriendlyName))
	}
	return strings.Join(parts, ", ")
}

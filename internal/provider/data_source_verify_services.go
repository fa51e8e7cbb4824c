package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*servicesDataSource)(nil)

// servicesDataSource is `twilio_verify_services`: every service of the
// account.
type servicesDataSource struct {
	data *providerData
}

// NewServicesDataSource returns the `twilio_verify_services` data source.
func NewServicesDataSource() datasource.DataSource { return &servicesDataSource{} }

// servicesDataSourceModel is the data source's state.
type servicesDataSourceModel struct {
	ID       types.String `tfsdk:"id"`
	Services types.List   `tfsdk:"services"`
}

// Metadata names the data source `twilio_verify_services`.
func (d *servicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_services"
}

// Schema describes `twilio_verify_services`.
func (d *servicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every Verify service of the account, reading every page (1000 services a page, " +
			"following `next_page_url`), in creation order.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "The account SID.", Computed: true},
			"services": schema.ListNestedAttribute{
				MarkdownDescription: "The services, each with the attributes of the `twilio_verify_service` data source but `id`.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: serviceElementAttributes()},
			},
		},
	}
}

// serviceElementAttributes are the attributes of an element of `services`:
// those of the `twilio_verify_service` data source but id.
func serviceElementAttributes() map[string]schema.Attribute {
	attrs := serviceDataAttributes()
	attrs["sid"] = schema.StringAttribute{MarkdownDescription: "SID of the service.", Computed: true}
	attrs["friendly_name"] = schema.StringAttribute{MarkdownDescription: "Name of the service.", Computed: true}
	return attrs
}

// Configure receives the API client from the provider.
func (d *servicesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read lists every page.
func (d *servicesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	services, err := d.data.client.ListServices(ctx)
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, "Error Listing Verify Services", err, "The account's services could not be listed.")
		return
	}
	elemType := serviceElementType()
	elems := make([]attr.Value, 0, len(services))
	for i := range services {
		m, diags := newServiceModel(&services[i])
		resp.Diagnostics.Append(diags...)
		obj, diags := m.object(elemType)
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(elemType, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	state := servicesDataSourceModel{ID: types.StringValue(d.data.accountSID), Services: list}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

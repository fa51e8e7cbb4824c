package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*entitiesDataSource)(nil)

// entitiesDataSource is `twilio_verify_entities`: every entity of a service.
type entitiesDataSource struct {
	data *providerData
}

// NewEntitiesDataSource returns the `twilio_verify_entities` data source.
func NewEntitiesDataSource() datasource.DataSource { return &entitiesDataSource{} }

// entitiesDataSourceModel is the data source's configuration and state.
type entitiesDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	ServiceSID types.String `tfsdk:"service_sid"`
	Entities   types.List   `tfsdk:"entities"`
}

// Metadata names the data source `twilio_verify_entities`.
func (d *entitiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_entities"
}

// Schema describes `twilio_verify_entities`.
func (d *entitiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every entity of a Verify service, reading every page (1000 entities a page, following " +
			"`next_page_url`), in creation order. Entities created implicitly by factor creates are listed too.",
		Attributes: map[string]schema.Attribute{
			"id":          computed("The service SID."),
			"service_sid": serviceSIDDataSourceAttribute(),
			"entities": schema.ListNestedAttribute{
				MarkdownDescription: "The entities.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"sid":          computed("SID of the entity (`YE...`)."),
					"identity":     computed("Identity of the entity."),
					"date_created": computed("When the entity was created (RFC 3339, UTC)."),
					"date_updated": computed("When the entity was last updated (RFC 3339, UTC)."),
				}},
			},
		},
	}
}

// Configure receives the API client from the provider.
func (d *entitiesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read lists every page.
func (d *entitiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config entitiesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	entities, err := d.data.client.ListEntities(ctx, serviceSID)
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, err, serviceSID, "Error Listing Verify Entities",
			fmt.Sprintf("The entities of service %s could not be listed.", serviceSID))
		return
	}
	elems := make([]attr.Value, 0, len(entities))
	for _, e := range entities {
		obj, err := entityElement(e)
		if err != nil {
			resp.Diagnostics.AddError("Unexpected Entity", serverText(err.Error()))
			return
		}
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: entityElementAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	config.ID = types.StringValue(serviceSID)
	config.Entities = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}

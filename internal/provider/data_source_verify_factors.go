package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var _ datasource.DataSourceWithConfigure = (*factorsDataSource)(nil)

// factorsDataSource is `twilio_verify_factors`: the factors of an entity.
type factorsDataSource struct {
	data *providerData
}

// NewFactorsDataSource returns the `twilio_verify_factors` data source.
func NewFactorsDataSource() datasource.DataSource { return &factorsDataSource{} }

// factorsDataSourceModel is the data source's configuration and state.
type factorsDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	ServiceSID   types.String `tfsdk:"service_sid"`
	Identity     types.String `tfsdk:"identity"`
	FactorType   types.String `tfsdk:"factor_type"`
	Status       types.String `tfsdk:"status"`
	FriendlyName types.String `tfsdk:"friendly_name"`
	Factors      types.List   `tfsdk:"factors"`
}

// Metadata names the data source `twilio_verify_factors`.
func (d *factorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_factors"
}

// Schema describes `twilio_verify_factors`.
func (d *factorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the factors of an entity (the List operation), reading every page: it asks for 1000 " +
			"factors a page and follows `next_page_url`, so N factors cost one request per page the server grants. " +
			"An entity without factors gives an empty list. Secrets are not shown.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`service_sid/identity`.",
				Computed:            true,
			},
			"service_sid": serviceSIDDataSourceAttribute(),
			"identity":    identityDataSourceAttribute(),
			"factor_type": schema.StringAttribute{
				MarkdownDescription: "Only factors of this type: " + oneOfText(listedFactorTypes...) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(listedFactorTypes...)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only factors with this status: `unverified` or `verified`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(verify.StatusUnverified, verify.StatusVerified)},
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: "Only factors with exactly this friendly name.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, friendlyNameMaxLength)},
			},
			"factors": schema.ListNestedAttribute{
				MarkdownDescription: "The matching factors, in the order the API lists them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: factorDataAttributes()},
			},
		},
	}
}

// Configure receives the API client from the provider.
func (d *factorsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read lists every page and applies the filters.
func (d *factorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config factorsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID, identity := config.ServiceSID.ValueString(), config.Identity.ValueString()
	factors, err := d.data.client.ListFactors(ctx, serviceSID, identity)
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, err, serviceSID, "Error Listing Verify Factors",
			fmt.Sprintf("The factors of entity %q in service %s could not be listed.", identity, serviceSID))
		return
	}

	matches := func(filter types.String, value string) bool {
		return filter.IsNull() || filter.ValueString() == value
	}
	attrTypes := factorDataAttrTypes()
	objects := make([]attr.Value, 0, len(factors))
	for i := range factors {
		f := &factors[i]
		if !matches(config.FactorType, f.FactorType) || !matches(config.Status, f.Status) || !matches(config.FriendlyName, f.FriendlyName) {
			continue
		}
		m, diags := newFactorDataModel(f)
		resp.Diagnostics.Append(diags...)
		object, diags := m.objectValue(attrTypes)
		resp.Diagnostics.Append(diags...)
		objects = append(objects, object)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, objects)
	resp.Diagnostics.Append(diags...)
	config.ID = types.StringValue(serviceSID + "/" + identity)
	config.Factors = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}

// factorDataAttrTypes is the object type of one listed factor.
func factorDataAttrTypes() map[string]attr.Type {
	attrTypes := map[string]attr.Type{}
	for name, a := range factorDataAttributes() {
		attrTypes[name] = a.GetType()
	}
	return attrTypes
}

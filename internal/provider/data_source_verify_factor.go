package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var _ datasource.DataSourceWithConfigure = (*factorDataSource)(nil)

// factorDataSource is `twilio_verify_factor`: one factor, fetched by SID.
type factorDataSource struct {
	data *providerData
}

// NewFactorDataSource returns the `twilio_verify_factor` data source.
func NewFactorDataSource() datasource.DataSource { return &factorDataSource{} }

// factorDataSourceModel is the data source's configuration and state.
type factorDataSourceModel struct {
	ID types.String `tfsdk:"id"`
	factorDataModel
}

// Metadata names the data source `twilio_verify_factor`.
func (d *factorDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_factor"
}

// Schema describes `twilio_verify_factor`.
func (d *factorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := factorDataAttributes()
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "`service_sid/identity/sid`.",
		Computed:            true,
	}
	attributes["service_sid"] = serviceSIDDataSourceAttribute()
	attributes["identity"] = identityDataSourceAttribute()
	attributes["sid"] = schema.StringAttribute{
		MarkdownDescription: factorSIDDescription,
		Required:            true,
		Validators:          factorSIDValidators(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Verify factor by its SID (the Fetch operation). The TOTP secret and `otpauth://` URI " +
			"are not shown (the API returns them only at creation), nor the push notification token, which identifies the " +
			"user's device and is sensitive in the `twilio_verify_factor` resource.",
		Attributes: attributes,
	}
}

// Configure receives the API client from the provider.
func (d *factorDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read fetches the factor; a missing factor is an error.
func (d *factorDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config factorDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID, identity, sid := config.ServiceSID.ValueString(), config.Identity.ValueString(), config.SID.ValueString()
	f, err := d.data.client.FetchFactor(ctx, serviceSID, identity, sid)
	if err != nil {
		advice := fmt.Sprintf("Factor %s of entity %q in service %s could not be read.", sid, identity, serviceSID)
		summary := "Error Reading Verify Factor"
		if verify.IsNotFound(err) {
			summary = "Verify Factor Not Found"
			advice = fmt.Sprintf("No factor %s exists for entity %q in service %s (Twilio error %d). Check the three values; "+
				"unverified factors expire after some hours.", sid, identity, serviceSID, verify.CodeNotFound)
		}
		d.data.addAPIError(&resp.Diagnostics, summary, err, advice)
		return
	}
	model, diags := newFactorDataModel(f)
	resp.Diagnostics.Append(diags...)
	state := factorDataSourceModel{ID: types.StringValue(ids.Factor(serviceSID, identity, sid)), factorDataModel: model}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// factorDataAttributes returns the computed factor attributes.
func factorDataAttributes() map[string]schema.Attribute {
	attributes := map[string]schema.Attribute{}
	for name, description := range factorDataAttributeDescriptions {
		switch name {
		case "config_skew", "config_code_length", "config_time_step":
			attributes[name] = schema.Int64Attribute{MarkdownDescription: description, Computed: true}
		case "metadata":
			attributes[name] = schema.MapAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
		case "passkeys":
			nested := map[string]schema.Attribute{
				"relying_party_origins": schema.ListAttribute{MarkdownDescription: "Origins (web origins or app IDs) where the passkey is used.",
					Computed: true, ElementType: types.StringType},
			}
			for setting, text := range passkeysSettingDescriptions {
				nested[setting] = schema.StringAttribute{MarkdownDescription: text, Computed: true}
			}
			attributes[name] = schema.SingleNestedAttribute{MarkdownDescription: description, Computed: true, Attributes: nested}
		case "push":
			attributes[name] = schema.SingleNestedAttribute{MarkdownDescription: description, Computed: true,
				Attributes: map[string]schema.Attribute{
					"app_id":                schema.StringAttribute{MarkdownDescription: "ID of the app that holds the device key.", Computed: true},
					"notification_platform": schema.StringAttribute{MarkdownDescription: "`apn`, `fcm` or `none`.", Computed: true},
					"sdk_version":           schema.StringAttribute{MarkdownDescription: "Version of the Verify Push SDK.", Computed: true},
				}}
		default:
			attributes[name] = schema.StringAttribute{MarkdownDescription: description, Computed: true}
		}
	}
	return attributes
}

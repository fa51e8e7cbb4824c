package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

// webhooksDataSource is `twilio_verify_webhooks`: every webhook of a
// service.
type webhooksDataSource struct {
	data *providerData
}

// NewWebhooksDataSource returns the `twilio_verify_webhooks` data source.
func NewWebhooksDataSource() datasource.DataSource { return &webhooksDataSource{} }

// webhooksDataSourceModel is the data source's configuration and state.
type webhooksDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	ServiceSID types.String `tfsdk:"service_sid"`
	Webhooks   types.List   `tfsdk:"webhooks"`
}

// webhookElementType is the object type of one webhook of the list: the
// resource's model (webhookModel).
var webhookElementType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "service_sid": types.StringType, "sid": types.StringType, "friendly_name": types.StringType,
	"event_types": types.SetType{ElemType: stringType}, "webhook_url": types.StringType, "status": types.StringType,
	"version": types.StringType, "webhook_method": types.StringType, "date_created": types.StringType, "date_updated": types.StringType,
}}

// Metadata names the data source `twilio_verify_webhooks`.
func (d *webhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_webhooks"
}

// Schema describes `twilio_verify_webhooks`.
func (d *webhooksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every webhook of a Verify service, reading every page (following `next_page_url`), " +
			"including webhooks Terraform does not manage.",
		Attributes: map[string]schema.Attribute{
			"id":          computed("The service SID."),
			"service_sid": serviceSIDDataSourceAttribute(),
			"webhooks": schema.ListNestedAttribute{
				MarkdownDescription: "The webhooks, in Twilio's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            computed("`service_sid/sid`, the webhook's import ID."),
					"service_sid":   computed("SID of the service."),
					"sid":           computed("SID of the webhook (`YW...`)."),
					"friendly_name": computed("Name of the webhook."),
					"event_types": schema.SetAttribute{MarkdownDescription: "The events sent to the webhook.",
						Computed: true, ElementType: stringType},
					"webhook_url":    computed("The URL Twilio POSTs the events to."),
					"status":         computed("`enabled` or `disabled`."),
					"version":        computed("Version of the events' parameters: `v2` or `v1`."),
					"webhook_method": computed("The HTTP method Twilio calls the URL with."),
					"date_created":   computed("When the webhook was created (RFC 3339, UTC)."),
					"date_updated":   computed("When the webhook was last updated (RFC 3339, UTC)."),
				}},
			},
		},
	}
}

// Configure receives the API client from the provider.
func (d *webhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read lists every page.
func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config webhooksDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID := config.ServiceSID.ValueString()
	webhooks, err := d.data.client.ListWebhooks(ctx, serviceSID)
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, err, serviceSID, "Error Listing Verify Webhooks",
			fmt.Sprintf("The webhooks of service %s could not be listed.", serviceSID))
		return
	}
	elems := make([]webhookModel, 0, len(webhooks))
	for i := range webhooks {
		m, diags := newWebhookModel(&webhooks[i])
		resp.Diagnostics.Append(diags...)
		elems = append(elems, m)
	}
	list, diags := types.ListValueFrom(ctx, webhookElementType, elems)
	resp.Diagnostics.Append(diags...)
	config.ID = types.StringValue(serviceSID)
	config.Webhooks = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}

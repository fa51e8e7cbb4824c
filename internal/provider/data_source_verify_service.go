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
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// serviceDataAttributes are the computed attributes of a service as the
// data sources show it (all but id, sid and friendly_name).
func serviceDataAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	boolean := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	object := func(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: attrs}
	}
	return map[string]schema.Attribute{
		"code_length":                       num("Length of the verification codes."),
		"lookup_enabled":                    boolean("Whether each verification looks up the phone number."),
		"skip_sms_to_landlines":             boolean("Whether SMS verifications to landlines are skipped."),
		"dtmf_input_required":               boolean("Whether a call asks the user to press a key first."),
		"tts_name":                          str("Alternative text-to-speech name."),
		"psd2_enabled":                      boolean("Whether verifications take PSD2 transaction parameters."),
		"do_not_share_warning_enabled":      boolean("Whether SMS verifications end with a do-not-share warning."),
		"custom_code_enabled":               boolean("Whether verifications may carry a custom code."),
		"default_template_sid":              str("SID of the default message template."),
		"verify_event_subscription_enabled": boolean("Whether verification events reach event streams sinks."),
		"totp": object("TOTP factor settings.", map[string]schema.Attribute{
			"issuer":      str("Issuer of TOTP URIs; null means the friendly name."),
			"time_step":   num("Seconds each code is valid."),
			"code_length": num("Digits of TOTP codes."),
			"skew":        num("Time steps accepted before and after the current one."),
		}),
		"push": object("Push factor settings.", map[string]schema.Attribute{
			"include_date":       boolean("Whether challenges' responses include the date."),
			"apn_credential_sid": str("SID of the APN credential."),
			"fcm_credential_sid": str("SID of the FCM credential."),
		}),
		"whatsapp": object("WhatsApp settings.", map[string]schema.Attribute{
			"msg_service_sid": str("SID of the Messaging Service."),
			"from":            str("WhatsApp sender."),
		}),
		"passkeys": object("Passkeys settings.", map[string]schema.Attribute{
			"relying_party_id":         str("Relying party ID."),
			"relying_party_name":       str("Relying party name."),
			"relying_party_origins":    schema.ListAttribute{MarkdownDescription: "Relying party origins.", ElementType: types.StringType, Computed: true},
			"authenticator_attachment": str("Authenticators allowed."),
			"discoverable_credentials": str("Whether credentials must be discoverable."),
			"user_verification":        str("User verification requirement."),
		}),
		"date_created": str("When the service was created (RFC 3339, UTC)."),
		"date_updated": str("When the service was last updated (RFC 3339, UTC)."),
	}
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
	var config serviceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *verify.Service
	if sid, ok := knownString(config.SID); ok {
		s, err := d.data.client.FetchService(ctx, sid)
		if err != nil {
			summary, advice := "Error Reading Verify Service", fmt.Sprintf("Service %s could not be read.", sid)
			if verify.IsNotFound(err) {
				summary = "Verify Service Not Found"
				advice = fmt.Sprintf("Service %s does not exist in account %s, or these credentials cannot see it.", sid, d.data.accountSID)
			}
			d.data.addAPIError(&resp.Diagnostics, summary, err, advice)
			return
		}
		found = s
	} else {
		name := config.FriendlyName.ValueString()
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
	state, diags := newServiceModel(ctx, found)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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

package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithConfigure   = (*serviceResource)(nil)
	_ resource.ResourceWithImportState = (*serviceResource)(nil)
)

// serviceResource is `twilio_verify_service`.
type serviceResource struct {
	data *providerData
}

// NewServiceResource returns the `twilio_verify_service` resource.
func NewServiceResource() resource.Resource { return &serviceResource{} }

// Metadata names the resource `twilio_verify_service`.
func (r *serviceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_service"
}

// Settings Twilio defaults: optional, computed, and kept from state when not
// configured, so later plans stay empty.
func defaultedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: desc + " Twilio's default applies when not set.",
		Optional:            true, Computed: true,
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
}

func defaultedString(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true, Computed: true,
		Validators:    validators,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func defaultedInt64(desc string, rng int64Range) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: desc,
		Optional:            true, Computed: true,
		CustomType:    rng.Type(),
		Validators:    rng.Validators(),
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

func defaultedObject(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: desc,
		Optional:            true, Computed: true,
		Attributes:    attrs,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
	}
}

func sidValidator(re *regexp.Regexp, what string) validator.String {
	return stringvalidator.RegexMatches(re, "must be "+what+": "+re.String()[1:3]+" followed by 32 hexadecimal digits")
}

// Schema describes `twilio_verify_service`.
func (r *serviceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := stringvalidator.UTF8LengthBetween(1, serviceSettingMaxLength)
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Twilio Verify service: the container of entities and their factors, and the settings of its " +
			"verifications. Every setting Twilio lets a client set is here; settings that are not configured take Twilio's " +
			"defaults and keep them (removing a setting from the configuration leaves its current value). **Deleting a " +
			"service deletes all its entities and factors.**",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The service SID, also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sid": schema.StringAttribute{
				MarkdownDescription: "SID of the service: `VA` followed by 32 hex digits.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: "Name of the service, 1 to 32 characters, free of personal data. It is the issuer of TOTP " +
					"factors' `otpauth://` URIs unless `totp.issuer` is set.",
				Required:   true,
				Validators: nameValidators(serviceFriendlyNameMax),
			},
			"code_length":                  defaultedInt64("Length of the verification codes, 4 to 10. Twilio's default is 6.", int64Range{4, 10}),
			"lookup_enabled":               defaultedBool("Whether to look up the phone number of each verification."),
			"skip_sms_to_landlines":        defaultedBool("Whether to skip SMS verifications to landlines (needs `lookup_enabled`)."),
			"dtmf_input_required":          defaultedBool("Whether a call asks the user to press a key before reading the code."),
			"tts_name":                     defaultedString("Alternative text-to-speech name used in calls.", nonEmpty),
			"psd2_enabled":                 defaultedBool("Whether verifications take PSD2 transaction parameters."),
			"do_not_share_warning_enabled": defaultedBool("Whether SMS verifications end with a do-not-share warning."),
			"custom_code_enabled":          defaultedBool("Whether verifications may carry a custom code."),
			"default_template_sid": defaultedString("SID of the default message template (`HJ` followed by 32 hex digits).",
				sidValidator(templateSIDPattern, "a template SID")),
			"verify_event_subscription_enabled": defaultedBool("Whether verification events reach the account's event streams sinks."),
			"totp": defaultedObject("Settings of the service's TOTP factors.", map[string]schema.Attribute{
				"issuer": defaultedString("Issuer shown in authenticator apps and in factors' `otpauth://` URIs, 1 to 32 "+
					"characters. When not set, the service's `friendly_name` is the issuer (and this stays null).",
					nameValidators(serviceFriendlyNameMax)...),
				"time_step":   defaultedInt64("Seconds each TOTP code is valid, 20 to 60 (default 30).", totpTimeStepRange),
				"code_length": defaultedInt64("Digits of TOTP codes, 3 to 8 (default 6).", totpCodeLengthRange),
				"skew":        defaultedInt64("Time steps before and after the current one that are accepted, 0 to 2 (default 1).", totpSkewRange),
			}),
			"push": defaultedObject("Settings of the service's push factors.", map[string]schema.Attribute{
				"include_date": defaultedBool("Whether challenges' responses include the date."),
				"apn_credential_sid": defaultedString("SID of the APN credential for iOS devices (`CR` followed by 32 hex digits).",
					sidValidator(credentialSIDPattern, "a credential SID")),
				"fcm_credential_sid": defaultedString("SID of the FCM credential for Android devices (`CR` followed by 32 hex digits).",
					sidValidator(credentialSIDPattern, "a credential SID")),
			}),
			"whatsapp": defaultedObject("Settings of WhatsApp verifications.", map[string]schema.Attribute{
				"msg_service_sid": defaultedString("SID of the Messaging Service holding the WhatsApp senders (`MG` followed by 32 hex digits).",
					sidValidator(messagingSIDPattern, "a Messaging Service SID")),
				"from": defaultedString("WhatsApp sender number, such as `whatsapp:+15005550006`; it must belong to the Messaging Service.", nonEmpty),
			}),
			"passkeys": defaultedObject("Settings of passkeys factors.", map[string]schema.Attribute{
				"relying_party_id":   defaultedString("Relying party ID: the domain of the application, such as `example.com`.", nonEmpty),
				"relying_party_name": defaultedString("Relying party name shown to users, such as `Example App`.", nonEmpty),
				"relying_party_origins": schema.ListAttribute{
					MarkdownDescription: fmt.Sprintf("Origins of the application: the exact HTTPS origins (such as `https://login.example.com`) "+
						"or app IDs where passkeys are created and verified; 1 to %d distinct values, none containing a comma or white space "+
						"(Twilio receives them joined by commas and documents no limit; %d is this provider's bound).", passkeysMaxOrigins, passkeysMaxOrigins),
					ElementType: stringType,
					Optional:    true, Computed: true,
					Validators: []validator.List{
						listvalidator.SizeBetween(1, passkeysMaxOrigins),
						listvalidator.UniqueValues(),
						listvalidator.ValueStringsAre(nonEmpty, noControlCharacters(),
							stringvalidator.RegexMatches(originPattern, "must not contain a comma or white space (Twilio takes the origins comma-separated)")),
					},
					PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				},
				"authenticator_attachment": defaultedString("Authenticators allowed: `platform`, `cross-platform` or `any`.",
					stringvalidator.OneOf(authenticatorAttachments...)),
				"discoverable_credentials": defaultedString("Whether credentials must be discoverable: `required`, `preferred` or `discouraged`.",
					stringvalidator.OneOf(passkeysRequirements...)),
				"user_verification": defaultedString("User verification: `required`, `preferred` or `discouraged`.",
					stringvalidator.OneOf(passkeysRequirements...)),
			}),
			"date_created": schema.StringAttribute{
				MarkdownDescription: "When the service was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the service was last updated (RFC 3339, UTC).",
				Computed:            true,
			},
		},
	}
}

// Configure receives the API client from the provider.
func (r *serviceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST with every configured setting.
func (r *serviceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	change, diags := planServiceChange(ctx, plan, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := r.data.client.CreateService(ctx, change.params)
	if cands := verify.CreateCandidates(err); len(cands) > 0 {
		r.data.addAPIError(&resp.Diagnostics, "Verify Service May Have Been Created", err,
			unattributedCreateAdvice(fmt.Sprintf("service %q", plan.FriendlyName.ValueString()), cands))
		return
	}
	if verify.CreateOutcomeOf(err) == verify.OutcomeUnknown {
		r.data.addAPIError(&resp.Diagnostics, "Verify Service May Have Been Created", err, fmt.Sprintf(
			"The create of service %q may have reached Twilio, but its outcome is unknown (the answer was lost, the "+
				"request timed out, or the operation was cancelled). Look for it with the twilio_verify_services data "+
				"source and compare date_created with the time of this apply; if it is yours, import it "+
				"(terraform import <address of this resource> <VA... SID>) before applying again.",
			plan.FriendlyName.ValueString()))
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Creating Verify Service", err,
			fmt.Sprintf("Service %q was not created.", plan.FriendlyName.ValueString()))
		return
	}
	state, diags := newServiceModel(ctx, s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Read refreshes the service; a service that is gone is removed from state
// with a warning.
func (r *serviceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state serviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := r.data.client.FetchService(ctx, state.SID.ValueString())
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Verify Service Not Found",
			fmt.Sprintf("Service %s no longer exists (deleted outside Terraform), and with it its entities and factors. "+
				"It was removed from state; the next apply creates it again.", state.SID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Verify Service", err,
			fmt.Sprintf("Service %s could not be read.", state.SID.ValueString()))
		return
	}
	next, diags := newServiceModel(ctx, s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Update sends one POST with only the settings that changed.
func (r *serviceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	change, diags := planServiceChange(ctx, plan, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !change.changes {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	s, err := r.data.client.UpdateService(ctx, state.SID.ValueString(), change.params)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Updating Verify Service", err,
			fmt.Sprintf("Service %s was not changed.", state.SID.ValueString()))
		return
	}
	next, diags := newServiceModel(ctx, s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Delete sends one DELETE; a service that is already gone counts as deleted.
func (r *serviceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state serviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.client.DeleteService(ctx, state.SID.ValueString()); err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Verify Service", err,
			fmt.Sprintf("Service %s was not deleted; it is kept in state.", state.SID.ValueString()))
	}
}

// serviceImportIDErrorDetail explains a malformed service import ID.
func serviceImportIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected a Verify service SID: VA followed by 32 hex digits, "+
		"for example VA0123456789abcdef0123456789abcdef.", quoteImportID(id))
}

// ImportState imports a service by its SID; Read fills in the rest.
func (r *serviceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !serviceSIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid Import ID", serviceImportIDErrorDetail(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), req.ID)...)
}

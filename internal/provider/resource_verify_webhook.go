package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithConfigure   = (*webhookResource)(nil)
	_ resource.ResourceWithImportState = (*webhookResource)(nil)
)

// webhookResource is `twilio_verify_webhook`.
type webhookResource struct {
	data *providerData
}

// NewWebhookResource returns the `twilio_verify_webhook` resource.
func NewWebhookResource() resource.Resource { return &webhookResource{} }

// Metadata names the resource `twilio_verify_webhook`.
func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_webhook"
}

// webhookURLValidator checks a webhook URL with the client's rule, which
// is the base URL's rule for plain http.
func webhookURLValidator() validator.String {
	return stringCheck{
		summary:     "Invalid Webhook URL",
		description: "must be an https URL (http only for loopback hosts)",
		check: func(s string) string {
			if err := verify.CheckWebhookURL(s); err != nil {
				return "is not usable: " + err.Error()
			}
			return ""
		},
	}
}

// Schema describes `twilio_verify_webhook`.
func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A webhook of a Verify service: Twilio POSTs the service's factor and challenge events " +
			"(`factor.created`, `factor.verified`, `challenge.approved`...) to `webhook_url`, form-encoded and signed with " +
			"`X-Twilio-Signature`. Every setting but `service_sid` changes in place, with one request carrying only what changed.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`service_sid/sid`, the import ID."),
			"service_sid": schema.StringAttribute{
				MarkdownDescription: serviceSIDDescription + " Changing it replaces the webhook.",
				Required:            true,
				Validators:          serviceSIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sid": computed("SID of the webhook: `YW` followed by 32 hex digits."),
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Name of the webhook, 1 to %d characters, free of personal data.", friendlyNameMaxLength),
				Required:            true,
				Validators:          nameValidators(friendlyNameMaxLength),
			},
			"event_types": schema.SetAttribute{
				MarkdownDescription: "The events sent to the webhook, one or more of " + oneOfText(verify.WebhookEventTypes...) +
					" (`*` is every event, including types Twilio adds later).",
				Required:    true,
				ElementType: stringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(verify.WebhookEventTypes...))},
			},
			"webhook_url": schema.StringAttribute{
				MarkdownDescription: "The URL Twilio POSTs the events to: `https://`, or `http://` for a loopback host only " +
					"(`127.0.0.0/8`, `::1`, `localhost`: a local receiver of the mock), the same rule as the provider's `base_url`. " +
					"It may have a path and query; it must not hold credentials, since every request is signed.",
				Required:   true,
				Validators: []validator.String{webhookURLValidator()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("%s; a disabled webhook receives nothing. Default `%s`.",
					oneOfText(verify.WebhookStatusEnabled, verify.WebhookStatusDisabled), verify.WebhookStatusEnabled),
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(verify.WebhookStatusEnabled),
				Validators: []validator.String{stringvalidator.OneOf(verify.WebhookStatusEnabled, verify.WebhookStatusDisabled)},
			},
			"version": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Version of the events' parameters: `%s` (the default, with every current field) or `%s` "+
					"(legacy, which Twilio may remove).", verify.WebhookVersionV2, verify.WebhookVersionV1),
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(verify.WebhookVersionV2),
				Validators: []validator.String{stringvalidator.OneOf(verify.WebhookVersionV2, verify.WebhookVersionV1)},
			},
			"webhook_method": computed("The HTTP method Twilio calls the URL with (`POST`)."),
			"date_created":   computed("When the webhook was created (RFC 3339, UTC)."),
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the webhook was last updated (RFC 3339, UTC).",
				Computed:            true,
			},
		},
	}
}

// Configure receives the API client from the provider.
func (r *webhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST with every setting.
func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID, name := plan.ServiceSID.ValueString(), plan.FriendlyName.ValueString()
	w, err := r.data.client.CreateWebhook(ctx, serviceSID, planWebhookChange(plan, nil).params)
	switch {
	case len(verify.CreateCandidates(err)) > 0:
		r.data.addAPIError(&resp.Diagnostics, "Verify Webhook May Have Been Created", err,
			unattributedCreateAdvice(fmt.Sprintf("webhook %q of service %s", name, serviceSID), verify.CreateCandidates(err)))
		return
	case verify.CreateOutcomeOf(err) == verify.OutcomeUnknown:
		r.data.addAPIError(&resp.Diagnostics, "Verify Webhook May Have Been Created", err, fmt.Sprintf(
			"The create of webhook %q may have reached Twilio, but its outcome is unknown (the answer was lost, the request "+
				"timed out, or the operation was cancelled). Look for it with the twilio_verify_webhooks data source; if it "+
				"exists, import it (terraform import <address of this resource> %s) before applying again.",
			name, webhookImportIDFormat))
		return
	case err != nil:
		r.data.addReadError(&resp.Diagnostics, err, serviceSID, "Error Creating Verify Webhook",
			fmt.Sprintf("Webhook %q was not created.", name))
		return
	}
	m := r.setState(ctx, w, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
}

// Read refreshes the webhook; a webhook that is gone (or whose service is)
// is removed from state with a warning.
func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set before the request, so that a webhook that is gone has one too
	// (the framework refuses a Read that leaves the identity null).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	serviceSID, sid := state.ServiceSID.ValueString(), state.SID.ValueString()
	w, err := r.data.client.FetchWebhook(ctx, serviceSID, sid)
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Verify Webhook Not Found",
			fmt.Sprintf("Webhook %s of service %s no longer exists (deleted outside Terraform, or its service was deleted). "+
				"It was removed from state; the next apply creates it again.", sid, serviceSID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Verify Webhook", err, fmt.Sprintf("Webhook %s could not be read.", sid))
		return
	}
	r.setState(ctx, w, &resp.State, &resp.Diagnostics)
}

// Update sends one POST with only the settings that changed.
func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	change := planWebhookChange(plan, &state)
	if !change.changed {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	sid := state.SID.ValueString()
	w, err := r.data.client.UpdateWebhook(ctx, state.ServiceSID.ValueString(), sid, change.params)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Updating Verify Webhook", err, fmt.Sprintf("Webhook %s was not changed.", sid))
		return
	}
	r.setState(ctx, w, &resp.State, &resp.Diagnostics)
}

// Delete sends one DELETE; a webhook that is already gone counts as deleted.
func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.SID.ValueString()
	if err := r.data.client.DeleteWebhook(ctx, state.ServiceSID.ValueString(), sid); err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Verify Webhook", err,
			fmt.Sprintf("Webhook %s was not deleted; it is kept in state.", sid))
	}
}

// ImportState imports `service_sid/sid`, or the identity `{ service_sid,
// sid }` of an import block (Terraform 1.12+); Read fills in the rest.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	serviceSID, sid, ok := parseWebhookID(req.ID)
	if req.ID == "" {
		var key webhookIdentity
		if !getImportIdentity(ctx, req, &key, webhookIdentityChecks, &resp.Diagnostics) {
			return
		}
		serviceSID, sid = key.ServiceSID.ValueString(), key.SID.ValueString()
	} else if !ok {
		resp.Diagnostics.AddError("Invalid Import ID", webhookImportIDErrorDetail(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), webhookID(serviceSID, sid))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), serviceSID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), sid)...)
}

// setState writes an API webhook into state, and returns it as stored.
func (r *webhookResource) setState(ctx context.Context, w *verify.Webhook, state *tfsdk.State, diags *diag.Diagnostics) webhookModel {
	m, d := newWebhookModel(w)
	diags.Append(d...)
	diags.Append(state.Set(ctx, &m)...)
	return m
}

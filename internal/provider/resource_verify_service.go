package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

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

// Schema describes `twilio_verify_service`: the settings of
// serviceSettings, and the service's names and dates.
func (r *serviceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := serviceResourceSettings()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The service SID, also the import ID.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["sid"] = schema.StringAttribute{
		MarkdownDescription: "SID of the service: `VA` followed by 32 hex digits.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["friendly_name"] = schema.StringAttribute{
		MarkdownDescription: "Name of the service, 1 to 32 characters, free of personal data. It is the issuer of TOTP " +
			"factors' `otpauth://` URIs unless `totp.issuer` is set.",
		Required:   true,
		Validators: nameValidators(serviceFriendlyNameMax),
	}
	attrs["date_created"] = schema.StringAttribute{
		MarkdownDescription: "When the service was created (RFC 3339, UTC).",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["date_updated"] = schema.StringAttribute{
		MarkdownDescription: "When the service was last updated (RFC 3339, UTC).",
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Twilio Verify service: the container of entities and their factors, and the settings of its " +
			"verifications. Every setting Twilio lets a client set is here; settings that are not configured take Twilio's " +
			"defaults and keep them (removing a setting from the configuration leaves its current value). **Deleting a " +
			"service deletes all its entities and factors.**",
		Attributes: attrs,
	}
}

// Configure receives the API client from the provider.
func (r *serviceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST with every configured setting.
func (r *serviceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, diags := getServiceModel(ctx, req.Plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	change := planServiceChange(plan, nil)
	s, err := r.data.client.CreateService(ctx, change.params)
	if cands := verify.CreateCandidates(err); len(cands) > 0 {
		r.data.addAPIError(&resp.Diagnostics, "Verify Service May Have Been Created", err,
			unattributedCreateAdvice(fmt.Sprintf("service %q", plan.string("friendly_name").ValueString()), cands))
		return
	}
	if verify.CreateOutcomeOf(err) == verify.OutcomeUnknown {
		r.data.addAPIError(&resp.Diagnostics, "Verify Service May Have Been Created", err, fmt.Sprintf(
			"The create of service %q may have reached Twilio, but its outcome is unknown (the answer was lost, the "+
				"request timed out, or the operation was cancelled). Look for it with the twilio_verify_services data "+
				"source and compare date_created with the time of this apply; if it is yours, import it "+
				"(terraform import <address of this resource> <VA... SID>) before applying again.",
			plan.string("friendly_name").ValueString()))
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Creating Verify Service", err,
			fmt.Sprintf("Service %q was not created.", plan.string("friendly_name").ValueString()))
		return
	}
	state, diags := newServiceModel(s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setServiceState(ctx, &resp.State, state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
}

// Read refreshes the service; a service that is gone is removed from state
// with a warning.
func (r *serviceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, diags := getServiceModel(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set before the request, so that a service that is gone has one too
	// (the framework refuses a Read that leaves the identity null).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	sid := state.string("sid").ValueString()
	s, err := r.data.client.FetchService(ctx, sid)
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Verify Service Not Found",
			fmt.Sprintf("Service %s no longer exists (deleted outside Terraform), and with it its entities and factors. "+
				"It was removed from state; the next apply creates it again.", sid))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Verify Service", err,
			fmt.Sprintf("Service %s could not be read.", sid))
		return
	}
	next, diags := newServiceModel(s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setServiceState(ctx, &resp.State, next)...)
}

// Update sends one POST with only the settings that changed.
func (r *serviceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, diags := getServiceModel(ctx, req.Plan)
	resp.Diagnostics.Append(diags...)
	state, diags := getServiceModel(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	sid := state.string("sid").ValueString()
	change := planServiceChange(plan, state)
	if !change.changes {
		resp.Diagnostics.Append(setServiceState(ctx, &resp.State, state)...)
		return
	}
	s, err := r.data.client.UpdateService(ctx, sid, change.params)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Updating Verify Service", err,
			fmt.Sprintf("Service %s was not changed.", sid))
		return
	}
	next, diags := newServiceModel(s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setServiceState(ctx, &resp.State, next)...)
}

// Delete sends one DELETE; a service that is already gone counts as deleted.
func (r *serviceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, diags := getServiceModel(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.string("sid").ValueString()
	if err := r.data.client.DeleteService(ctx, sid); err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Verify Service", err,
			fmt.Sprintf("Service %s was not deleted; it is kept in state.", sid))
	}
}

// serviceImportIDErrorDetail explains a malformed service import ID.
func serviceImportIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected a Verify service SID: VA followed by 32 hex digits, "+
		"for example VA0123456789abcdef0123456789abcdef.", quoteImportID(id))
}

// ImportState imports a service by its SID, or by the identity `{ sid }`
// of an import block (Terraform 1.12+); Read fills in the rest.
func (r *serviceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importBySID(ctx, req, resp, serviceSIDPattern, serviceImportIDErrorDetail, serviceIdentityChecks)
}

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithConfigure   = (*entityResource)(nil)
	_ resource.ResourceWithImportState = (*entityResource)(nil)
)

// entityResource is `twilio_verify_entity`.
type entityResource struct {
	data *providerData
}

// NewEntityResource returns the `twilio_verify_entity` resource.
func NewEntityResource() resource.Resource { return &entityResource{} }

// Metadata names the resource `twilio_verify_entity`.
func (r *entityResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_entity"
}

// Schema describes `twilio_verify_entity`.
func (r *entityResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Twilio Verify entity: one user of a service, who owns factors. **Deleting an entity deletes " +
			"all its factors on Twilio**, including factors Terraform does not manage; destroying it is how a user's data " +
			"is erased. A factor create also creates its entity implicitly: give factors `identity = " +
			"twilio_verify_entity.<name>.identity` so the entity is created first and destroyed last.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`service_sid/identity`, the import ID."),
			"service_sid": schema.StringAttribute{
				MarkdownDescription: "SID of the Verify service (`VA` followed by 32 hex digits). Changing it replaces the entity.",
				Required:            true,
				Validators:          serviceSIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"identity": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Identity of the user: %d to %d dash-separated alphanumeric characters, immutable and free "+
					"of personal data, such as a user's UUID. Changing it replaces the entity (and so deletes its factors).",
					identityMinLength, identityMaxLength),
				Required:      true,
				Validators:    identityValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sid":          computed("SID of the entity: `YE` followed by 32 hex digits."),
			"date_created": computed("When the entity was created (RFC 3339, UTC)."),
			"date_updated": computed("When the entity was last updated (RFC 3339, UTC)."),
		},
	}
}

// Configure receives the API client from the provider.
func (r *entityResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST. An entity that already exists (most often created
// implicitly by a factor) is not adopted silently, since destroying it would
// delete factors this configuration may not own: the error says how to
// import it.
func (r *entityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan entityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceSID, identity := plan.ServiceSID.ValueString(), plan.Identity.ValueString()
	e, err := r.data.client.CreateEntity(ctx, serviceSID, identity)
	switch {
	case verify.ErrorCode(err) == verify.CodeEntityExists:
		r.data.addAPIError(&resp.Diagnostics, "Verify Entity Already Exists", err, fmt.Sprintf(
			"Entity %q already exists in service %s: it was created earlier, often implicitly by a factor create. "+
				"To manage it, import it (destroying it later deletes all its factors):\n\n"+
				"  terraform import <address of this resource> %s\n\n"+
				"or add an import block with to = <address of this resource> and id = %q, then apply again. So that "+
				"factors never create it first, set their identity to this resource's identity attribute.",
			identity, serviceSID, ids.Entity(serviceSID, identity), ids.Entity(serviceSID, identity)))
		return
	case verify.IsNotFound(err):
		r.data.addAPIError(&resp.Diagnostics, "Verify Service Not Found", err,
			fmt.Sprintf("Service %s does not exist in this account, so entity %q cannot be created in it. Check service_sid.", serviceSID, identity))
		return
	case len(verify.CreateCandidates(err)) > 0:
		r.data.addAPIError(&resp.Diagnostics, "Verify Entity May Have Been Created", err, unattributedCreateAdvice(
			fmt.Sprintf("entity %q in service %s (a factor create with the same identity also creates it)", identity, serviceSID),
			verify.CreateCandidates(err)))
		return
	case verify.CreateOutcomeOf(err) == verify.OutcomeUnknown:
		r.data.addAPIError(&resp.Diagnostics, "Verify Entity May Have Been Created", err, fmt.Sprintf(
			"The create of entity %q in service %s may have reached Twilio, but its outcome is unknown (the answer was "+
				"lost, the request timed out, or the operation was cancelled). Look for it with the twilio_verify_entities "+
				"data source; if it exists, import it (terraform import <address of this resource> %s) before applying again.",
			identity, serviceSID, ids.Entity(serviceSID, identity)))
		return
	case err != nil:
		r.data.addAPIError(&resp.Diagnostics, "Error Creating Verify Entity", err,
			fmt.Sprintf("Entity %q was not created.", identity))
		return
	}
	state := newEntityModel(e)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
}

// Read refreshes the entity; an entity that is gone is removed from state
// with a warning.
func (r *entityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state entityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set before the request, so that an entity that is gone has one too
	// (the framework refuses a Read that leaves the identity null).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	e, err := r.data.client.FetchEntity(ctx, state.ServiceSID.ValueString(), state.Identity.ValueString())
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Verify Entity Not Found",
			fmt.Sprintf("Entity %q of service %s no longer exists (deleted outside Terraform, with its factors, or its "+
				"service was deleted). It was removed from state; the next apply creates it again.",
				state.Identity.ValueString(), state.ServiceSID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Verify Entity", err,
			fmt.Sprintf("Entity %q could not be read.", state.Identity.ValueString()))
		return
	}
	next := newEntityModel(e)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Update is never called with a change: every argument replaces the
// entity. It keeps the state.
func (r *entityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state entityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
}

// Delete sends one DELETE, which deletes the entity's factors too; an
// entity that is already gone counts as deleted.
func (r *entityResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state entityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.DeleteEntity(ctx, state.ServiceSID.ValueString(), state.Identity.ValueString())
	if err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Verify Entity", err,
			fmt.Sprintf("Entity %q was not deleted; it is kept in state.", state.Identity.ValueString()))
	}
}

// ImportState imports `service_sid/identity`, or the identity
// `{ service_sid, identity }` of an import block (Terraform 1.12+); Read
// fills in the rest.
func (r *entityResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	serviceSID, identity, ok := ids.ParseEntity(req.ID)
	if req.ID == "" {
		var key entityIdentity
		if !getImportIdentity(ctx, req, &key, entityIdentityChecks, &resp.Diagnostics) {
			return
		}
		serviceSID, identity = key.ServiceSID.ValueString(), key.Identity.ValueString()
	} else if !ok {
		resp.Diagnostics.AddError("Invalid Import ID", entityImportIDErrorDetail(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.Entity(serviceSID, identity))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), serviceSID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("identity"), identity)...)
}

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithConfigure   = (*pushCredentialResource)(nil)
	_ resource.ResourceWithImportState = (*pushCredentialResource)(nil)
)

// pushCredentialResource is `twilio_verify_push_credential`.
type pushCredentialResource struct {
	data *providerData
}

// NewPushCredentialResource returns the `twilio_verify_push_credential`
// resource.
func NewPushCredentialResource() resource.Resource { return &pushCredentialResource{} }

// Metadata names the resource `twilio_verify_push_credential`.
func (r *pushCredentialResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_push_credential"
}

// writeOnlyNote explains the write-only attributes, once.
const writeOnlyNote = "Write-only (Terraform >= 1.11, OpenTofu >= 1.11): sent to Twilio and never stored in plan or state; " +
	"not marked sensitive because a write-only value is never shown. Change the matching `_wo_version` to send a new value."

// Schema describes `twilio_verify_push_credential`.
func (r *pushCredentialResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	material := func(desc string, sensitive bool, check validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Sensitive: sensitive,
			Validators: []validator.String{stringvalidator.UTF8LengthAtMost(pushMaterialMaxLength), check}}
	}
	writeOnly := func(desc string, check validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " " + writeOnlyNote, Optional: true, WriteOnly: true,
			Validators: []validator.String{stringvalidator.UTF8LengthAtMost(pushMaterialMaxLength), check}}
	}
	version := func(of string) schema.Int64Attribute {
		return schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("A number to change whenever `%s` changes: the change sends the new value in "+
				"one update (the credential keeps its SID). Required with `%s`.", of, of),
			Optional: true, CustomType: anyInt64.Type(), Validators: anyInt64.Validators(),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A push credential (Notify's Credential, `CR...`): what a Verify service sends push " +
			"notifications through, named in the service's `push.apn_credential_sid` or `push.fcm_credential_sid`. " +
			"Twilio never returns the certificate, key or secret, so an import recovers the SID, type, name and sandbox " +
			"only; the first apply after it uploads the configured material once. A new certificate, key or secret (or a " +
			"bumped `_wo_version`) rotates the credential in place with one request. All material is checked at plan.",
		Attributes: map[string]schema.Attribute{
			"id":  computed("The credential SID, also the import ID."),
			"sid": computed("SID of the credential: `CR` followed by 32 hex digits."),
			"type": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("%s: Apple Push Notification service (iOS) or Firebase Cloud Messaging "+
					"(Android). Changing it replaces the credential.", oneOfText(verify.CredentialTypeAPN, verify.CredentialTypeFCM)),
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(verify.CredentialTypeAPN, verify.CredentialTypeFCM)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Name of the credential, 1 to %d characters, free of personal data.", pushCredentialNameMax),
				Required:            true,
				Validators:          nameValidators(pushCredentialNameMax),
			},
			"certificate": material("APN only, required to create the credential (an imported one may lack it: Twilio never "+
				"returns it): the PEM certificate (`-----BEGIN CERTIFICATE-----`...). Checked at "+
				"plan: it parses, has not expired (a warning within 30 days of its end), and the private key is its own. Not "+
				"secret, so not sensitive.", false, certificateValidator()),
			"private_key": material("APN only: the certificate's unencrypted PEM private key. **Sensitive**, and kept in "+
				"state; `private_key_wo` keeps it out. Conflicts with `private_key_wo`.", true, privateKeyValidator()),
			"private_key_wo":         writeOnly("APN only: the certificate's private key, as `private_key` but write-only.", privateKeyValidator()),
			"private_key_wo_version": version("private_key_wo"),
			"sandbox": schema.BoolAttribute{
				MarkdownDescription: "APN only: `true` sends to Apple's sandbox (development builds), `false` to production. " +
					"Twilio's default is `false`.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"secret": material("FCM only: the Firebase service-account JSON key file (Firebase console, Project settings, "+
				"Service accounts, Generate new private key), which FCM's HTTP v1 API needs; legacy server keys are refused. "+
				"Checked at plan: a JSON object of `type` `service_account` with `project_id`, `client_email` and a `private_key` "+
				"that parses. **Sensitive**, and kept in state; `secret_wo` keeps it out. Conflicts with `secret_wo`.",
				true, serviceAccountValidator()),
			"secret_wo":         writeOnly("FCM only: the service-account JSON, as `secret` but write-only.", serviceAccountValidator()),
			"secret_wo_version": version("secret_wo"),
			"date_created":      computed("When the credential was created (RFC 3339, UTC)."),
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the credential was last updated (RFC 3339, UTC).", Computed: true,
			},
		},
	}
}

// Configure receives the API client from the provider.
func (r *pushCredentialResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST with the type, name and material (write-only
// values read from the configuration).
func (r *pushCredentialResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config pushCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.FriendlyName.ValueString()
	cr, err := r.data.client.CreateCredential(ctx, planPushCredentialChange(plan, config, nil).params)
	switch {
	case len(verify.CreateCandidates(err)) > 0:
		r.data.addAPIError(&resp.Diagnostics, "Push Credential May Have Been Created", err,
			unattributedCreateAdvice(fmt.Sprintf("push credential %q", name), verify.CreateCandidates(err)))
		return
	case verify.CreateOutcomeOf(err) == verify.OutcomeUnknown:
		r.data.addAPIError(&resp.Diagnostics, "Push Credential May Have Been Created", err, fmt.Sprintf(
			"The create of push credential %q may have reached Twilio, but its outcome is unknown (the answer was lost, the "+
				"request timed out, or the operation was cancelled). Look for it in the Twilio Console (or GET "+
				"https://notify.twilio.com/v1/Credentials); if it exists, import it (terraform import <address of this resource> "+
				"<CR... SID>) before applying again.", name))
		return
	case err != nil:
		r.data.addAPIError(&resp.Diagnostics, "Error Creating Push Credential", err, fmt.Sprintf("Push credential %q was not created.", name))
		return
	}
	state := plan.withAnswer(cr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
}

// Read refreshes what Twilio returns; a credential that is gone is removed
// from state with a warning.
func (r *pushCredentialResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pushCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set before the request, so that a credential that is gone has one too
	// (the framework refuses a Read that leaves the identity null).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	sid := state.SID.ValueString()
	cr, err := r.data.client.FetchCredential(ctx, sid)
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Push Credential Not Found",
			fmt.Sprintf("Push credential %s no longer exists (deleted outside Terraform). It was removed from state; the next "+
				"apply creates it again. Services that named it send no push notifications until then.", sid))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Push Credential", err, fmt.Sprintf("Push credential %s could not be read.", sid))
		return
	}
	next := state.withAnswer(cr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Update sends one POST with only what changed: a new name, sandbox,
// certificate, key or secret, or the write-only value whose version
// changed.
func (r *pushCredentialResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, state pushCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	change := planPushCredentialChange(plan, config, &state)
	if !change.changed {
		next := plan
		next.Sandbox, next.DateUpdated = state.Sandbox, state.DateUpdated
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}
	sid := state.SID.ValueString()
	cr, err := r.data.client.UpdateCredential(ctx, sid, change.params)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Updating Push Credential", err, fmt.Sprintf("Push credential %s was not changed.", sid))
		return
	}
	next := plan.withAnswer(cr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Delete sends one DELETE; a credential that is already gone counts as
// deleted.
func (r *pushCredentialResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pushCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.SID.ValueString()
	if err := r.data.client.DeleteCredential(ctx, sid); err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Push Credential", err,
			fmt.Sprintf("Push credential %s was not deleted; it is kept in state.", sid))
	}
}

// credentialImportIDErrorDetail explains a malformed credential import ID.
func credentialImportIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected a push credential SID: CR followed by 32 hex "+
		"digits, for example CR0123456789abcdef0123456789abcdef.", quoteImportID(id))
}

// ImportState imports a credential by its SID, or by the identity `{ sid }`
// of an import block (Terraform 1.12+); Read fills in what Twilio returns
// (never the certificate, key or secret).
func (r *pushCredentialResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importBySID(ctx, req, resp, credentialSIDPattern, credentialImportIDErrorDetail, pushCredentialIdentityChecks)
}

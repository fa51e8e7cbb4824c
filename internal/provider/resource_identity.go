package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12+): the attributes that name an object
// on Twilio, stored beside the state and accepted by `import` blocks as
// `identity = { ... }` instead of a string ID. Each resource sets it in
// Create, Read and Update; older CLIs ignore it.

var (
	_ resource.ResourceWithIdentity = (*serviceResource)(nil)
	_ resource.ResourceWithIdentity = (*entityResource)(nil)
	_ resource.ResourceWithIdentity = (*factorResource)(nil)
	_ resource.ResourceWithIdentity = (*webhookResource)(nil)
	_ resource.ResourceWithIdentity = (*pushCredentialResource)(nil)
)

// serviceIdentity is the identity of `twilio_verify_service`.
type serviceIdentity struct {
	SID types.String `tfsdk:"sid"`
}

// entityIdentity is the identity of `twilio_verify_entity`.
type entityIdentity struct {
	ServiceSID types.String `tfsdk:"service_sid"`
	Identity   types.String `tfsdk:"identity"`
}

// factorIdentity is the identity of `twilio_verify_factor`.
type factorIdentity struct {
	ServiceSID types.String `tfsdk:"service_sid"`
	Identity   types.String `tfsdk:"identity"`
	SID        types.String `tfsdk:"sid"`
}

// webhookIdentity is the identity of `twilio_verify_webhook`.
type webhookIdentity struct {
	ServiceSID types.String `tfsdk:"service_sid"`
	SID        types.String `tfsdk:"sid"`
}

// pushCredentialIdentity is the identity of `twilio_verify_push_credential`.
type pushCredentialIdentity struct {
	SID types.String `tfsdk:"sid"`
}

// Identity attributes shared by the resources' identity schemas.
var (
	serviceSIDIdentityAttribute = identityschema.StringAttribute{RequiredForImport: true, Description: serviceSIDDescription}
	identityIdentityAttribute   = identityschema.StringAttribute{RequiredForImport: true, Description: identityDescription}
)

// IdentitySchema is `{ sid }`.
func (r *serviceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"sid": serviceSIDIdentityAttribute,
	}}
}

// IdentitySchema is `{ service_sid, identity }`.
func (r *entityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_sid": serviceSIDIdentityAttribute,
		"identity":    identityIdentityAttribute,
	}}
}

// IdentitySchema is `{ service_sid, identity, sid }`.
func (r *factorResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_sid": serviceSIDIdentityAttribute,
		"identity":    identityIdentityAttribute,
		"sid":         identityschema.StringAttribute{RequiredForImport: true, Description: factorSIDDescription},
	}}
}

// IdentitySchema is `{ service_sid, sid }`.
func (r *webhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_sid": serviceSIDIdentityAttribute,
		"sid":         identityschema.StringAttribute{RequiredForImport: true, Description: webhookSIDDescription},
	}}
}

// IdentitySchema is `{ sid }`.
func (r *pushCredentialResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"sid": identityschema.StringAttribute{RequiredForImport: true, Description: credentialSIDDescription},
	}}
}

// setIdentity writes identity (one of the *...Identity types above) to a response's identity; nil when the framework gives
// none.
func setIdentity(ctx context.Context, to *tfsdk.ResourceIdentity, identity any) diag.Diagnostics {
	if to == nil {
		return nil
	}
	return to.Set(ctx, identity)
}

// identityCheck names an identity attribute and the validators the
// resource's schema gives the attribute of the same name.
type identityCheck struct {
	name       string
	validators []validator.String
}

// getImportIdentity reads the identity of an `import` block into target and
// checks each attribute with its schema validators, so that a malformed
// identity fails before any request, naming the attribute. It reports
// false when anything is wrong.
func getImportIdentity(ctx context.Context, req resource.ImportStateRequest, target any, checks []identityCheck, diags *diag.Diagnostics) bool {
	if req.Identity == nil {
		diags.AddError("Missing Import ID", "Give the import either an ID or, on Terraform 1.12 and later, an identity.")
		return false
	}
	diags.Append(req.Identity.Get(ctx, target)...)
	if diags.HasError() {
		return false
	}
	for _, check := range checks {
		var value types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(check.name), &value)...)
		for _, v := range check.validators {
			vr := &validator.StringResponse{}
			v.ValidateString(ctx, validator.StringRequest{
				Path: path.Root(check.name), PathExpression: path.MatchRoot(check.name), ConfigValue: value,
			}, vr)
			for _, d := range vr.Diagnostics {
				diags.AddAttributeError(path.Root(check.name), "Invalid Import Identity",
					"identity."+check.name+" of the import block is not valid: "+d.Detail())
			}
		}
	}
	return !diags.HasError()
}

// importBySID imports an object that its SID names by itself (a service,
// a push credential) into `id` and `sid`: the string ID, which must match
// pattern (badID explains one that does not), or the `sid` of the import
// block's identity `{ sid }`, checked with checks; Read fills in the rest.
func importBySID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	pattern *regexp.Regexp, badID func(string) string, checks []identityCheck,
) {
	sid := req.ID
	if sid == "" {
		var key struct {
			SID types.String `tfsdk:"sid"`
		}
		if !getImportIdentity(ctx, req, &key, checks, &resp.Diagnostics) {
			return
		}
		sid = key.SID.ValueString()
	} else if !pattern.MatchString(sid) {
		resp.Diagnostics.AddError("Invalid Import ID", badID(sid))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), sid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), sid)...)
}

// The checks of each resource's identity attributes.
var (
	serviceIdentityChecks = []identityCheck{{"sid", serviceSIDValidators()}}
	entityIdentityChecks  = []identityCheck{{"service_sid", serviceSIDValidators()}, {"identity", identityValidators()}}
	factorIdentityChecks  = append(entityIdentityChecks[:2:2], identityCheck{"sid", factorSIDValidators()})
	webhookIdentityChecks = []identityCheck{{"service_sid", serviceSIDValidators()}, {"sid", webhookSIDValidators()}}
	// pushCredentialIdentityChecks check a credential's identity.
	pushCredentialIdentityChecks = []identityCheck{{"sid", credentialSIDValidators()}}
)

// identity is the identity of the service m.
func (m serviceModel) identity() *serviceIdentity {
	return &serviceIdentity{SID: m.string("sid")}
}

// identity is the identity of the entity m.
func (m entityModel) identity() *entityIdentity {
	return &entityIdentity{ServiceSID: m.ServiceSID, Identity: m.Identity}
}

// identity is the identity of the factor m.
func (m factorResourceModel) identity() *factorIdentity {
	return &factorIdentity{ServiceSID: m.ServiceSID, Identity: m.Identity, SID: m.SID}
}

// identity is the identity of the webhook m.
func (m webhookModel) identity() *webhookIdentity {
	return &webhookIdentity{ServiceSID: m.ServiceSID, SID: m.SID}
}

// identity is the identity of the push credential m.
func (m pushCredentialModel) identity() *pushCredentialIdentity {
	return &pushCredentialIdentity{SID: m.SID}
}

// Command legacytwilio stands in for Twilio's generated provider
// (registry.terraform.io/twilio/twilio) in the migration acceptance test: it
// serves twilio_verify_services_entities_factors_v2, twilio_verify_services_v2,
// twilio_verify_services_entities_v2, twilio_verify_services_webhooks_v2 and
// twilio_notify_credentials_v1 with those resources' flat schemas
// and keeps their state locally, so `moved` blocks can be tested offline. It is test data, not part of the provider.
package main

import (
	"context"
	"log"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return legacyProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/twilio/twilio"})
	if err != nil {
		log.Fatal(err)
	}
}

type legacyProvider struct{}

func (legacyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "twilio"
}

func (legacyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (legacyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (legacyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return legacyFactor{} },
		func() resource.Resource { return legacyService{} },
		func() resource.Resource { return legacyEntity{} },
		func() resource.Resource { return legacyWebhook{} },
		func() resource.Resource { return legacyCredential{} },
	}
}

func (legacyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type legacyFactor struct{}

func (legacyFactor) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_services_entities_factors_v2"
}

// Schema mirrors Twilio's resource: flat attributes, metadata as a string.
func (legacyFactor) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optionalString := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	optionalInt64 := func() schema.Int64Attribute { return schema.Int64Attribute{Optional: true} }
	computed := func() schema.StringAttribute {
		return schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                 computed(),
		"sid":                computed(),
		"service_sid":        schema.StringAttribute{Required: true},
		"identity":           schema.StringAttribute{Required: true},
		"factor_type":        schema.StringAttribute{Required: true},
		"friendly_name":      schema.StringAttribute{Required: true},
		"binding_alg":        optionalString(),
		"binding_public_key": optionalString(),
		// Twilio's provider marks none of the factor's attributes sensitive
		// (twilio/resources/verify/v2/api_default.go), so neither does this.
		"binding_secret":               optionalString(),
		"config_alg":                   optionalString(),
		"config_app_id":                optionalString(),
		"config_code_length":           optionalInt64(),
		"config_notification_platform": optionalString(),
		"config_notification_token":    optionalString(),
		"config_sdk_version":           optionalString(),
		"config_skew":                  optionalInt64(),
		"config_time_step":             optionalInt64(),
		"metadata":                     optionalString(),
		"auth_payload":                 optionalString(),
	}}
}

// Create is not used by the test, which imports an existing factor.
func (legacyFactor) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("Not Supported", "this stand-in only imports factors")
}

func (legacyFactor) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (legacyFactor) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (legacyFactor) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (legacyFactor) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 3 {
		resp.Diagnostics.AddError("Bad ID", "expected service_sid/identity/sid")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[2])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("identity"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), parts[2])...)
}

// legacyService stands in for twilio_verify_services_v2.
type legacyService struct{ importOnly }

func (legacyService) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_services_v2"
}

// Schema mirrors Twilio's resource: the grouped settings are flat.
func (legacyService) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"sid":           schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"friendly_name": schema.StringAttribute{Required: true},
	}
	for _, name := range []string{"tts_name", "push_apn_credential_sid", "push_fcm_credential_sid", "totp_issuer",
		"default_template_sid", "whatsapp_msg_service_sid", "whatsapp_from"} {
		attrs[name] = schema.StringAttribute{Optional: true}
	}
	for _, name := range []string{"code_length", "totp_time_step", "totp_code_length", "totp_skew"} {
		attrs[name] = schema.Int64Attribute{Optional: true}
	}
	for _, name := range []string{"lookup_enabled", "skip_sms_to_landlines", "dtmf_input_required", "psd2_enabled",
		"do_not_share_warning_enabled", "custom_code_enabled", "push_include_date", "verify_event_subscription_enabled"} {
		attrs[name] = schema.BoolAttribute{Optional: true}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}

func (legacyService) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), req.ID)...)
}

// legacyEntity stands in for twilio_verify_services_entities_v2.
type legacyEntity struct{ importOnly }

func (legacyEntity) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_services_entities_v2"
}

func (legacyEntity) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":          schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"service_sid": schema.StringAttribute{Required: true},
		"identity":    schema.StringAttribute{Required: true},
	}}
}

func (legacyEntity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 2 {
		resp.Diagnostics.AddError("Bad ID", "expected service_sid/identity")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("identity"), parts[1])...)
}

// legacyWebhook stands in for twilio_verify_services_webhooks_v2.
type legacyWebhook struct{ importOnly }

func (legacyWebhook) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_services_webhooks_v2"
}

func (legacyWebhook) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": computed, "sid": computed,
		"service_sid":   schema.StringAttribute{Required: true},
		"friendly_name": schema.StringAttribute{Optional: true},
		"webhook_url":   schema.StringAttribute{Optional: true},
		"status":        schema.StringAttribute{Optional: true},
		"event_types":   schema.ListAttribute{Optional: true, ElementType: types.StringType},
	}}
}

func (legacyWebhook) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 2 {
		resp.Diagnostics.AddError("Bad ID", "expected service_sid/sid")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), parts[1])...)
}

// legacyCredential stands in for twilio_notify_credentials_v1: every
// attribute a string, none sensitive, as in Twilio's provider.
type legacyCredential struct{ importOnly }

func (legacyCredential) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_notify_credentials_v1"
}

func (legacyCredential) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	attrs := map[string]schema.Attribute{"id": computed, "sid": computed}
	for _, name := range []string{"type", "friendly_name", "certificate", "private_key", "sandbox", "api_key", "secret"} {
		attrs[name] = schema.StringAttribute{Optional: true}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}

func (legacyCredential) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), req.ID)...)
}

// importOnly is the lifecycle of an import-only stand-in: state is kept as
// imported and configured, and nothing is sent anywhere.
type importOnly struct{}

func (importOnly) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("Not Supported", "this stand-in only imports")
}

func (importOnly) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (importOnly) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (importOnly) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

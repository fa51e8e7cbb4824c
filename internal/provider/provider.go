package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ provider.Provider                  = (*twilioProvider)(nil)
	_ provider.ProviderWithListResources = (*twilioProvider)(nil)
)

// twilioProvider is the `twilio` provider. version is set at build time.
type twilioProvider struct {
	version string
	// getenv reads environment fallbacks; tests replace it.
	getenv func(string) string
}

// twilioProviderModel is the provider block.
type twilioProviderModel struct {
	AccountSID     types.String `tfsdk:"account_sid"`
	AuthToken      types.String `tfsdk:"auth_token"`
	APIKey         types.String `tfsdk:"api_key"`
	APISecret      types.String `tfsdk:"api_secret"`
	Edge           types.String `tfsdk:"edge"`
	Region         types.String `tfsdk:"region"`
	BaseURL        types.String `tfsdk:"base_url"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &twilioProvider{version: version, getenv: os.Getenv}
	}
}

// Metadata names the provider `twilio`.
func (p *twilioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "twilio"
	resp.Version = p.version
}

// Schema describes the provider block; every attribute is optional and has
// an environment fallback where a pipeline would want one.
func (p *twilioProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages [Twilio Verify](https://www.twilio.com/docs/verify/api) services, their entities (users) " +
			"and the entities' TOTP and push factors through the Verify v2 API, and reads them back (passkeys factors included). " +
			"Authenticate with an Account SID and auth token, or with an API key and secret.",
		Attributes: map[string]schema.Attribute{
			"account_sid": schema.StringAttribute{
				MarkdownDescription: "Account SID (`AC` followed by 32 hex digits) whose Verify resources are managed. " +
					"Falls back to `" + envAccountSID + "`.",
				Optional:   true,
				Validators: []validator.String{settingPattern("Invalid Twilio Account SID", accountSIDPattern, "must be an Account SID: AC followed by 32 hexadecimal digits")},
			},
			"auth_token": schema.StringAttribute{
				MarkdownDescription: "Auth token of the account. Falls back to `" + envAuthToken + "`. " +
					"Ignored when `api_key` and `api_secret` are set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.UTF8LengthAtMost(credentialMaxLength)},
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "API key SID (`SK` followed by 32 hex digits) of the account; with `api_secret` it takes " +
					"precedence over `auth_token`. Falls back to `" + envAPIKey + "`.",
				Optional:   true,
				Validators: []validator.String{settingPattern("Invalid Twilio API Key", apiKeySIDPattern, "must be an API key SID: SK followed by 32 hexadecimal digits")},
			},
			"api_secret": schema.StringAttribute{
				MarkdownDescription: "Secret of the API key. Falls back to `" + envAPISecret + "`.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(credentialMaxLength)},
			},
			"edge": schema.StringAttribute{
				MarkdownDescription: "Twilio edge location, e.g. `dublin`; the hosts become `verify.{edge}.{region}.twilio.com` " +
					"and, for push credentials, `notify.{edge}.{region}.twilio.com` (region `us1` when only the edge is set). " +
					"Falls back to `" + envEdge + "`.",
				Optional:   true,
				Validators: []validator.String{settingPattern("Invalid Twilio Edge", hostLabelPattern, "must be a lowercase host label such as dublin")},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Twilio region, e.g. `ie1`. Falls back to `" + envRegion + "`.",
				Optional:            true,
				Validators:          []validator.String{settingPattern("Invalid Twilio Region", hostLabelPattern, "must be a lowercase host label such as ie1")},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Overrides the host of the Verify API and of the Notify API (push credentials), which one " +
					"server then answers, e.g. `http://127.0.0.1:8089` for the bundled mock. " +
					"Plain `http://` is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost) so credentials never " +
					"cross a network in clear; any other host needs `https://`. Only a scheme, host and port: no path, query, " +
					"fragment or user info. Falls back to `" + envBaseURL + "`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthAtMost(baseURLMaxLength),
					stringCheck{summary: "Invalid Twilio Base URL", description: "must be https, or http for a loopback host", check: baseURLProblem},
				},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request answered 429 (and, where resending is safe, 5xx or a lost "+
					"connection) is retried, with exponential backoff and jitter that honours `Retry-After`, %s. Default `%d`. "+
					"Falls back to `%s`.", maxRetriesRange, defaultMaxRetries, envMaxRetries),
				Optional:   true,
				CustomType: maxRetriesRange.Type(),
				Validators: maxRetriesRange.Validators(),
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of one HTTP attempt, from when it is sent until its answer is read "+
					"(not while it waits for its place among the requests in flight), as a Go duration string such as `30s` or `1m`. "+
					"Default `%s`. Falls back to `%s`.", verify.DefaultRequestTimeout, envTimeout),
				Optional:   true,
				Validators: []validator.String{positiveDurationValidator()},
			},
		},
	}
}

// Configure resolves the settings (attribute, else environment variable),
// checks them without sending any request, and builds the API client.
func (p *twilioProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model twilioProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	settings, diags := resolveSettings(model, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg := settings.clientConfig()
	cfg.UserAgent = "terraform-provider-twilio/" + p.version + " (+https://registry.terraform.io/providers/" + providerNamespace + "/twilio)"
	client, err := verify.New(cfg)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Twilio Base URL",
			"The Verify API client could not be built from the base URL: "+err.Error()+". Set base_url (or "+envBaseURL+") to a URL such as https://verify.twilio.com.")
		return
	}

	ctx = tflog.SetField(ctx, "twilio_verify_base_url", client.BaseURL())
	tflog.Debug(ctx, "Configured the Twilio Verify client", map[string]any{"credentials": settings.describeCredentials()})

	data := &providerData{client: client, accountSID: settings.accountSID, credentials: settings.describeCredentials()}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

// Resources lists the provider's resources.
func (p *twilioProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewFactorResource, NewServiceResource, NewEntityResource, NewWebhookResource, NewPushCredentialResource}
}

// ListResources lists the provider's list resources (Terraform 1.14+,
// `terraform query`): one per resource type.
func (p *twilioProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewFactorListResource, NewServiceListResource, NewEntityListResource, NewWebhookListResource, NewPushCredentialListResource,
	}
}

// DataSources lists the provider's data sources.
func (p *twilioProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewFactorDataSource, NewFactorsDataSource, NewServiceDataSource, NewServicesDataSource, NewEntitiesDataSource, NewWebhooksDataSource,
	}
}

package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

var (
	_ resource.ResourceWithConfigure      = (*factorResource)(nil)
	_ resource.ResourceWithImportState    = (*factorResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*factorResource)(nil)
	_ resource.ResourceWithValidateConfig = (*factorResource)(nil)
)

// factorResource is `twilio_verify_factor`.
type factorResource struct {
	data *providerData
}

// NewFactorResource returns the `twilio_verify_factor` resource.
func NewFactorResource() resource.Resource { return &factorResource{} }

// Metadata names the resource `twilio_verify_factor`.
func (r *factorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_verify_factor"
}

// requiresReplaceIfStateSet replaces the factor when a value the API keeps
// secret (or never returns) changes, but adopts a value into state when the
// state had none: after an import, configuring the known secret must not
// destroy the factor.
func requiresReplaceIfStateSet() planmodifier.String {
	const desc = "Changing this value replaces the factor; setting it when the state has none (after an import) only records it."
	return stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !req.StateValue.IsNull()
	}, desc, desc)
}

// requiresReplaceIfPushUnknown replaces a push factor whose whole `push`
// value is not known until apply: the framework does not run the nested
// attributes' plan modifiers on an unknown object, so a device key or app
// ID that changes would otherwise only show at apply time.
func requiresReplaceIfPushUnknown() planmodifier.Object {
	const desc = "A push value not known until apply replaces the factor, since it may change the device key or app ID."
	return objectplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = req.PlanValue.IsUnknown() && !req.StateValue.IsNull()
	}, desc, desc)
}

// Schema describes `twilio_verify_factor`.
func (r *factorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: factorSchemaVersion,
		MarkdownDescription: "A Twilio Verify factor (TOTP or push) of an entity, managed through the Verify v2 Factor API. " +
			"Creating it creates the entity implicitly. The TOTP secret and `otpauth://` URI that Twilio returns only at " +
			"creation are kept in state as sensitive values.",
		Attributes: map[string]schema.Attribute{
			"service_sid": schema.StringAttribute{
				MarkdownDescription: serviceSIDDescription + " Changing it replaces the factor.",
				Required:            true,
				Validators:          serviceSIDValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"identity": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Identity of the entity that owns the factor: %d to %d dash-separated alphanumeric characters, "+
					"immutable and free of personal data, such as a user's UUID. Changing it replaces the factor.", identityMinLength, identityMaxLength),
				Required:      true,
				Validators:    identityValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"factor_type": schema.StringAttribute{
				MarkdownDescription: "Type of the factor: " + oneOfText(managedFactorTypes...) + ". Changing it replaces the factor.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(managedFactorTypes...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Human-readable name, 1 to %d characters; for TOTP it is the account name in the `otpauth://` URI, "+
					"for push usually the device name. Updated in place.", friendlyNameMaxLength),
				Required:   true,
				Validators: nameValidators(friendlyNameMaxLength),
			},
			"binding_secret": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("TOTP only: the shared secret, unpadded base32 (%d to %d characters, no `=`). When not set, Twilio generates one "+
					"at creation and it is kept here. **Sensitive**: whoever has it can compute codes. The API never returns it "+
					"again, so it is not imported; setting it after an import records it without replacing the factor. "+
					"Changing it replaces the factor. Conflicts with `binding_secret_wo`.", secretMinLength, secretMaxLength),
				Optional:      true,
				Computed:      true,
				Sensitive:     true,
				Validators:    []validator.String{base32SecretValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), requiresReplaceIfStateSet()},
			},
			"binding_secret_wo": schema.StringAttribute{
				MarkdownDescription: "TOTP only: the shared secret as a write-only value (Terraform >= 1.11, OpenTofu >= 1.11): it is " +
					"sent at creation and never stored in plan or state, and `binding_uri` stays null. Change " +
					"`binding_secret_wo_version` to replace the factor with a new secret; see it for moving a kept or imported secret here. Conflicts with `binding_secret`. " +
					"Not marked sensitive because a write-only value is never shown or stored: plans show `(write-only attribute)`, " +
					"and older CLIs are refused before any request.",
				Optional:   true,
				WriteOnly:  true,
				Validators: []validator.String{base32SecretValidator()},
			},
			"binding_secret_wo_version": schema.Int64Attribute{
				MarkdownDescription: "TOTP only: a number to change whenever `binding_secret_wo` changes; changing it replaces the " +
					"factor, because the API cannot change a secret in place. Setting it for the first time moves a kept secret to " +
					"`binding_secret_wo` without replacing the factor when the write-only value is the secret the factor already " +
					"has (equal to `binding_secret` in state), or when state holds no secret to compare with (an imported factor: the " +
					"value is recorded unchecked); a different secret replaces the factor. The plan says which with a warning.",
				Optional:   true,
				CustomType: anyInt64.Type(),
				Validators: anyInt64.Validators(),
			},
			"binding_uri": schema.StringAttribute{
				MarkdownDescription: "TOTP only: the `otpauth://` URI Twilio returned at creation, to render as a QR code for an " +
					"authenticator app. **Sensitive** (it contains the secret); kept in state because the API never returns it again. " +
					"An in-place change of `friendly_name`, `config_alg`, `config_code_length` or `config_time_step` rebuilds it " +
					"(same secret and issuer, new label and code settings), and the plan shows it changing: authenticators enrolled " +
					"from the old URI must be enrolled again from the new one. Null after an import and when the write-only secret is used.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"config_time_step": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("TOTP only: seconds a code is valid, %s. Defaults to the service's setting (%d). Updated in place.",
					totpTimeStepRange, verify.DefaultTOTPPeriod),
				Optional:      true,
				Computed:      true,
				CustomType:    totpTimeStepRange.Type(),
				Validators:    totpTimeStepRange.Validators(),
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"config_skew": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("TOTP only: number of time steps before or after the current one whose codes are accepted, %s. "+
					"Defaults to the service's setting (%d). Updated in place.", totpSkewRange, verify.DefaultTOTPSkew),
				Optional:      true,
				Computed:      true,
				CustomType:    totpSkewRange.Type(),
				Validators:    totpSkewRange.Validators(),
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"config_code_length": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("TOTP only: number of digits of a code, %s. Defaults to the service's setting (%d). Updated in place.",
					totpCodeLengthRange, verify.DefaultTOTPDigits),
				Optional:      true,
				Computed:      true,
				CustomType:    totpCodeLengthRange.Type(),
				Validators:    totpCodeLengthRange.Validators(),
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"config_alg": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("TOTP only: HMAC algorithm of the codes, %s. Defaults to `%s`. Updated in place.",
					oneOfText(totpAlgorithms...), verify.DefaultTOTPAlgorithm),
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(totpAlgorithms...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"push": schema.SingleNestedAttribute{
				MarkdownDescription: "Push factors only, and required for them: how Verify reaches the app and, to create the factor, " +
					"the device key that the Verify Push SDK registered. Null for TOTP factors.",
				Optional:      true,
				PlanModifiers: []planmodifier.Object{requiresReplaceIfPushUnknown()},
				Attributes: map[string]schema.Attribute{
					"alg": schema.StringAttribute{
						MarkdownDescription: "Algorithm of the device key; `" + pushBindingAlgorithm + "`, its only value, when not set " +
							"(so imported and generated configurations carry it).",
						Optional:      true,
						Computed:      true,
						Default:       stringdefault.StaticString(pushBindingAlgorithm),
						Validators:    []validator.String{stringvalidator.OneOf(pushBindingAlgorithm)},
						PlanModifiers: []planmodifier.String{requiresReplaceIfStateSet()},
					},
					"public_key": schema.StringAttribute{
						MarkdownDescription: "The device's public key, base64 of a DER-encoded PKIX ECDSA P-256 key. Required to create " +
							"the factor. The API never returns it, so an imported factor has none: setting it later records it in state " +
							"without a request (Twilio keeps the key it registered; the provider cannot compare them), and removing it " +
							"from the configuration keeps the recorded key. Changing a recorded key replaces the factor.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.UTF8LengthAtMost(publicKeyMaxLength), p256PublicKeyValidator()},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), requiresReplaceIfStateSet()},
					},
					"app_id": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("ID of the app that holds the device key, e.g. `com.example.app` "+
							"(at most %d characters). Changing it replaces the factor.", appIDMaxLength),
						Required:      true,
						Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, appIDMaxLength), noControlCharacters()},
						PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
					},
					"notification_platform": schema.StringAttribute{
						MarkdownDescription: "`apn`, `fcm`, or `none` when the app polls for challenges. Updated in place.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(notificationPlatforms...)},
					},
					"notification_token": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The device's APN or FCM token, %d to %d characters; required to create the factor "+
							"unless `notification_platform` is `%s`. Sensitive: it identifies one person's device, so plans, output and "+
							"the provider's logs do not show it; it is no credential (sending to it needs the app's APNs key or FCM "+
							"credentials, which live in the Verify service). Updated in place.",
							notificationTokenMin, notificationTokenMax, notificationPlatformNone),
						Optional:      true,
						Computed:      true,
						Sensitive:     true,
						Validators:    []validator.String{stringvalidator.UTF8LengthBetween(notificationTokenMin, notificationTokenMax), noControlCharacters()},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"sdk_version": schema.StringAttribute{
						MarkdownDescription: "Version of the Verify Push SDK that created the device key. Updated in place.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, sdkVersionMaxLength)},
					},
				},
			},
			"metadata": schema.MapAttribute{
				MarkdownDescription: fmt.Sprintf("String key/value pairs about the factor, e.g. the device's OS; sent as a JSON object of at most "+
					"%d characters. The API cannot change it, so changing it replaces the factor.", metadataMaxLength),
				ElementType:   types.StringType,
				Optional:      true,
				Validators:    []validator.Map{metadataValidator{}},
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"auth_payload": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Verifies the factor when set or changed: for TOTP a current code (digits only, as many as `config_code_length` "+
					"when it is set, else %s), for push the base64 %s "+
					"signature of the factor SID by the device key. A wrong value fails with Twilio error 60311 and the factor "+
					"stays `unverified`. **Sensitive**: a current TOTP code is a valid second factor of the user until it expires, "+
					"and plans are often kept in pipeline logs. Conflicts with `auto_verify`.", totpCodeLengthRange, pushBindingAlgorithm),
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, authPayloadMaxLength),
				},
			},
			"auto_verify": schema.BoolAttribute{
				MarkdownDescription: "TOTP only: when `true`, the provider computes the current code from the factor's secret " +
					"(configured or generated) and verifies an `unverified` factor with it, so it is `verified` at the end of the " +
					"same apply. It acts on create, right after the create request, and on update, in the apply that turns it on " +
					"for a factor already in state (an imported factor, once `binding_secret` is set). Useful to migrate " +
					"authenticator enrolments whose secret is known and to provision service identities. Conflicts with `auth_payload`.",
				Optional: true,
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "`service_sid/identity/sid`, the import ID; Terraform shows it in its progress lines (`[id=...]`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sid": schema.StringAttribute{
				MarkdownDescription: "SID of the factor (`YF` followed by 32 hex digits).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`unverified` until the factor is verified (see `auth_payload`, `auto_verify`), then `verified`. " +
					"Twilio expires unverified factors after some hours; the next plan then proposes to create the factor again.",
				Computed: true,
			},
		},
	}
}

// Configure receives the API client from the provider.
func (r *factorResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create sends one POST, and a second one only to verify the factor.
func (r *factorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan factorResourceModel
	resp.Diagnostics.Append(getObject(req.Plan.Raw, &plan)...)
	woSecret, diags := rawString(req.Config.Raw, "binding_secret_wo")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	params := verify.CreateFactorParams{
		ServiceSID:   plan.ServiceSID.ValueString(),
		Identity:     plan.Identity.ValueString(),
		FriendlyName: plan.FriendlyName.ValueString(),
		FactorType:   plan.FactorType.ValueString(),
	}
	params.BindingSecret, _ = knownString(plan.BindingSecret)
	if s, ok := knownString(woSecret); ok {
		params.BindingSecret = s
	}
	if push, ok := plan.push(); ok {
		params.BindingAlg, _ = knownString(push.Alg)
		params.BindingPublicKey, _ = knownString(push.PublicKey)
		params.ConfigAppID, _ = knownString(push.AppID)
		params.ConfigNotificationPlatform, _ = knownString(push.NotificationPlatform)
		params.ConfigNotificationToken, _ = knownString(push.NotificationToken)
		params.ConfigSdkVersion, _ = knownString(push.SdkVersion)
	}
	params.ConfigAlg, _ = knownString(plan.ConfigAlg)
	params.ConfigTimeStep = knownInt64(plan.ConfigTimeStep)
	params.ConfigSkew = knownInt64(plan.ConfigSkew)
	params.ConfigCodeLength = knownInt64(plan.ConfigCodeLength)
	metadata, diags := metadataMap(ctx, plan.Metadata)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	params.Metadata = metadata

	created, err := r.data.client.CreateFactor(ctx, params)
	if err != nil {
		r.addCreateError(ctx, &resp.Diagnostics, params, err)
		return
	}
	tflog.Info(ctx, "Created Verify factor", map[string]any{"sid": created.SID, "factor_type": created.FactorType})
	if len(created.LeftBehind) > 0 {
		resp.Diagnostics.AddWarning("Verify Factors May Have Been Left Behind", factorsLeftBehindDetail(created))
	}

	state := plan
	resp.Diagnostics.Append(applyFactor(&state, &created.Factor)...)
	usesWriteOnly := !woSecret.IsNull()
	switch {
	case created.FactorType != verify.FactorTypeTOTP || usesWriteOnly:
		state.BindingSecret = types.StringNull()
		state.BindingURI = types.StringNull()
	default:
		if state.BindingSecret.IsUnknown() {
			state.BindingSecret = stringOrNull(created.Binding.Secret)
		}
		state.BindingURI = stringOrNull(created.Binding.URI)
	}
	// Save the factor before verifying it, so that a failed verification
	// leaves it in state (unverified) instead of orphaned.
	resp.Diagnostics.Append(setObject(ctx, &resp.State.Raw, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	if resp.Diagnostics.HasError() {
		return
	}

	secret := params.BindingSecret
	if secret == "" {
		secret = created.Binding.Secret
	}
	switch {
	case !plan.AuthPayload.IsNull():
		r.verifyFactor(ctx, &state, plan.AuthPayload.ValueString(), "", &resp.Diagnostics)
	case plan.AutoVerify.ValueBool():
		r.verifyFactor(ctx, &state, "", secret, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(setObject(ctx, &resp.State.Raw, &state)...)
}

// addCreateError explains a failed create; a missing service and the
// per-entity factor limit get advice of their own.
func (r *factorResource) addCreateError(ctx context.Context, diags *diag.Diagnostics, p verify.CreateFactorParams, err error) {
	find := fmt.Sprintf("Look for it with the twilio_verify_factors data source (service_sid = %q, identity = %q, friendly_name = %q) "+
		"or in the Twilio Console, and compare date_created with the time of this apply. If it is yours, import it "+
		"(terraform import <address> %s/%s/<sid>) before applying again; otherwise the next apply creates the factor again.",
		p.ServiceSID, p.Identity, p.FriendlyName, p.ServiceSID, p.Identity)
	switch {
	case len(verify.CreateCandidates(err)) > 0:
		r.data.addAPIError(diags, "Verify Factor May Have Been Created", err, unattributedCreateAdvice(
			fmt.Sprintf("the %s factor %q of entity %q in service %s", p.FactorType, p.FriendlyName, p.Identity, p.ServiceSID),
			verify.CreateCandidates(err)))
	case verify.CreateOutcomeOf(err) == verify.OutcomeUnknown:
		r.data.addAPIError(diags, "Verify Factor May Have Been Created", err, fmt.Sprintf(
			"The create of the %s factor %q of entity %q in service %s may have reached Twilio, but its outcome is unknown "+
				"(the answer was lost or unusable, the request timed out, or the operation was cancelled), so a factor may "+
				"exist that Terraform does not track. %s", p.FactorType, p.FriendlyName, p.Identity, p.ServiceSID, find))
	case verify.IsNotFound(err):
		r.data.addAPIError(diags, "Verify Service Not Found", err, r.data.serviceNotFound(p.ServiceSID))
	case verify.ErrorCode(err) == verify.CodeTooManyFactors:
		limit := map[string]int{verify.FactorTypePush: 20, verify.FactorTypeTOTP: 100}[p.FactorType]
		count := "its maximum of"
		if factors, listErr := r.data.client.ListFactors(ctx, p.ServiceSID, p.Identity); listErr == nil {
			n := 0
			for _, f := range factors {
				if f.FactorType == p.FactorType {
					n++
				}
			}
			count = fmt.Sprintf("%d %s factors, at", n, p.FactorType)
		}
		r.data.addAPIError(diags, "Too Many Factors on Entity", err, fmt.Sprintf(
			"Entity %q of service %s already has %s the limit of %d %s factors per entity that Twilio allows. "+
				"Delete factors it no longer uses, or use another identity.", p.Identity, p.ServiceSID, count, limit, p.FactorType))
	default:
		r.data.addAPIError(diags, "Error Creating Verify Factor", err, fmt.Sprintf(
			"The request was refused by Twilio or never reached it, so the %s factor %q of entity %q in service %s was not created.", p.FactorType, p.FriendlyName, p.Identity, p.ServiceSID))
	}
}

// verifyFactor verifies the factor in state with payload, or, when payload is
// empty, with the TOTP code computed from secret. On success it updates
// state from the API's answer; on failure it adds an error and leaves state
// as it was (the factor stays unverified).
func (r *factorResource) verifyFactor(ctx context.Context, state *factorResourceModel, payload, secret string, diags *diag.Diagnostics) {
	serviceSID, identity, sid := state.ServiceSID.ValueString(), state.Identity.ValueString(), state.SID.ValueString()
	send := func(code string) (*verify.Factor, error) {
		return r.data.client.UpdateFactor(ctx, serviceSID, identity, sid, verify.UpdateFactorParams{AuthPayload: &code})
	}

	var updated *verify.Factor
	var err error
	if payload != "" {
		updated, err = send(payload)
	} else {
		if secret == "" {
			diags.AddError("Cannot Auto-Verify Factor",
				"auto_verify needs the factor's secret, but it is not known: the factor was imported or created with a "+
					"secret that is not in the configuration. Set binding_secret (or binding_secret_wo), or verify with auth_payload.")
			return
		}
		// Twilio checks the code on its own clock, which may be minutes
		// away from this machine's.
		code, codeErr := newTOTPCodeAt(secret, state.ConfigAlg.ValueString(), state.ConfigCodeLength.ValueInt64(),
			state.ConfigTimeStep.ValueInt64(), r.data.client.TwilioTime)
		if codeErr != nil {
			diags.AddError("Cannot Auto-Verify Factor", "The TOTP code could not be computed from the factor's secret: "+codeErr.Error())
			return
		}
		updated, err = send(code.value)
		// A code computed just before a time-step boundary may reach Twilio
		// after it; with config_skew = 0 that fails once, so try the next code.
		if verify.ErrorCode(err) == verify.CodeVerificationFailed && code.stepChanged() {
			if next, nextErr := code.next(); nextErr == nil {
				updated, err = send(next)
			}
		}
	}
	if err != nil {
		if verify.ErrorCode(err) == verify.CodeVerificationFailed {
			advice := fmt.Sprintf(
				"Twilio rejected the verification of factor %s (error %d): the code or signature does not match. "+
					"The factor stays unverified; for TOTP give a current code of this factor's secret, for push the "+
					"device's ES256 signature of the factor SID.", sid, verify.CodeVerificationFailed)
			if payload == "" {
				advice += " " + codeClockNote(r.data.client.ClockOffset())
			}
			r.data.addAPIError(diags, "Factor Verification Failed", err, advice)
			return
		}
		r.data.addAPIError(diags, "Error Verifying Verify Factor", err, fmt.Sprintf("Factor %s could not be verified.", sid))
		return
	}
	diags.Append(applyFactor(state, updated)...)
}

// Read refreshes the factor. A factor that is gone (deleted elsewhere, or an
// unverified factor Twilio expired) is removed from state with a warning,
// so the next plan proposes to create it again.
func (r *factorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state factorResourceModel
	resp.Diagnostics.Append(getObject(req.State.Raw, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set before the request, so that a factor that is gone has one too
	// (the framework refuses a Read that leaves the identity null).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	f, err := r.data.client.FetchFactor(ctx, state.ServiceSID.ValueString(), state.Identity.ValueString(), state.SID.ValueString())
	if verify.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Verify Factor Not Found",
			fmt.Sprintf("Factor %s of entity %q in service %s no longer exists (deleted outside Terraform, or an unverified "+
				"factor that Twilio expired). It was removed from state; the next apply creates it again.",
				state.SID.ValueString(), state.Identity.ValueString(), state.ServiceSID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Error Reading Verify Factor", err,
			fmt.Sprintf("Factor %s could not be read.", state.SID.ValueString()))
		return
	}
	// Only an import can point this resource at a factor of another type
	// (passkeys, which an app creates). Taking it would plan to replace it
	// with a factor of the configured type, deleting the user's passkey. An
	// import reads a state without factor_type; any other state holding
	// such a factor came from an import of an earlier build.
	if !slices.Contains(managedFactorTypes, f.FactorType) {
		advice := unmanagedFactorInStateAdvice
		if state.FactorType.IsNull() {
			advice = "Leave it out of the import (an import for_each over the twilio_verify_factors data source can keep " +
				"only factor_type " + managedFactorTypesText + ")."
		}
		resp.Diagnostics.AddError(unmanagedFactorTypeSummary, unmanagedFactorTypeDetail(state, f.FactorType, advice))
		return
	}
	resp.Diagnostics.Append(applyFactor(&state, f)...)
	resp.Diagnostics.Append(setObject(ctx, &resp.State.Raw, &state)...)
}

// unmanagedFactorTypeSummary is the error of a factor of a type that
// twilio_verify_factor does not manage (passkeys).
const unmanagedFactorTypeSummary = "Unsupported Verify Factor Type"

// unmanagedFactorInStateAdvice is what to do with a state that holds a
// factor of a type twilio_verify_factor does not manage.
const unmanagedFactorInStateAdvice = "It got into state by an import that development builds before 0.1.0 accepted. " +
	"Take its resource (or instance) out of the configuration and run `terraform state rm` on its address, which " +
	"deletes nothing in Twilio."

// unmanagedFactorTypeDetail names the factor of m, of factorType (as the
// API reported it), and says what to do.
func unmanagedFactorTypeDetail(m factorResourceModel, factorType, whatToDo string) string {
	return fmt.Sprintf("Factor %s of entity %q in service %s is a %s factor; twilio_verify_factor manages only %s factors, "+
		"so it cannot import or manage it. %s Read the factor with the twilio_verify_factor or twilio_verify_factors "+
		"data source instead.", m.SID.ValueString(), m.Identity.ValueString(), m.ServiceSID.ValueString(),
		serverText(factorType), managedFactorTypesText, whatToDo)
}

// Update sends one POST with only what changed, or nothing at all when only
// values the API does not hold changed (such as a secret adopted after an
// import).
func (r *factorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state factorResourceModel
	resp.Diagnostics.Append(getObject(req.Plan.Raw, &plan)...)
	resp.Diagnostics.Append(getObject(req.State.Raw, &state)...)
	woSecret, diags := rawString(req.Config.Raw, "binding_secret_wo")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	update := planUpdate(state, plan)

	next := plan
	// Values the API computes keep their prior value unless the answer says otherwise.
	next.Status = state.Status

	if update.changesSettings || (update.verifies && !update.autoVerify) {
		f, err := r.data.client.UpdateFactor(ctx, state.ServiceSID.ValueString(), state.Identity.ValueString(), state.SID.ValueString(), update.params)
		if err != nil {
			summary, advice := "Error Updating Verify Factor", fmt.Sprintf("Factor %s was not changed.", state.SID.ValueString())
			if verify.ErrorCode(err) == verify.CodeVerificationFailed {
				summary = "Factor Verification Failed"
				advice = fmt.Sprintf("Twilio rejected auth_payload for factor %s (error %d): the code or signature does not match, "+
					"so nothing was changed and the factor keeps its status. Give a current code (TOTP) or the device's signature "+
					"of the factor SID (push).", state.SID.ValueString(), verify.CodeVerificationFailed)
			}
			r.data.addAPIError(&resp.Diagnostics, summary, err, advice)
			resp.Diagnostics.Append(setObject(ctx, &resp.State.Raw, &state)...)
			return
		}
		resp.Diagnostics.Append(applyFactor(&next, f)...)
	}
	if bindingURIChanges(state, plan) {
		next.BindingURI = rebuildBindingURI(state.BindingURI, next)
		if next.BindingURI.IsUnknown() {
			next.BindingURI = types.StringNull()
		}
	}
	if update.autoVerify {
		// The plan's secret first: it may have been configured in this
		// very change (after an import, state has none yet).
		secret, ok := knownString(plan.BindingSecret)
		if !ok {
			secret, _ = knownString(state.BindingSecret)
		}
		if s, ok := knownString(woSecret); ok {
			secret = s
		}
		r.verifyFactor(ctx, &next, "", secret, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			next.AutoVerify = state.AutoVerify // try again on the next apply
		}
	}
	resp.Diagnostics.Append(setObject(ctx, &resp.State.Raw, &next)...)
}

// Delete sends one DELETE; a factor that is already gone counts as deleted.
func (r *factorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state factorResourceModel
	resp.Diagnostics.Append(getObject(req.State.Raw, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.DeleteFactor(ctx, state.ServiceSID.ValueString(), state.Identity.ValueString(), state.SID.ValueString())
	if err != nil && !verify.IsNotFound(err) {
		r.data.addAPIError(&resp.Diagnostics, "Error Deleting Verify Factor", err,
			fmt.Sprintf("Factor %s was not deleted; it is kept in state.", state.SID.ValueString()))
	}
}

// ImportState imports `service_sid/identity/sid`, or the identity
// `{ service_sid, identity, sid }` of an import block (Terraform 1.12+);
// Read fills in the rest. The secret, URI and auth payload cannot be
// imported: the API never returns them.
func (r *factorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	serviceSID, identity, sid, ok := ids.ParseFactor(req.ID)
	if req.ID == "" {
		var key factorIdentity
		if !getImportIdentity(ctx, req, &key, factorIdentityChecks, &resp.Diagnostics) {
			return
		}
		serviceSID, identity, sid = key.ServiceSID.ValueString(), key.Identity.ValueString(), key.SID.ValueString()
	} else if !ok {
		resp.Diagnostics.AddError("Invalid Import ID", importIDErrorDetail(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_sid"), serviceSID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("identity"), identity)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), sid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.Factor(serviceSID, identity, sid))...)
}

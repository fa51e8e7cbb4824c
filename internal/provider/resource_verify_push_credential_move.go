package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*pushCredentialResource)(nil)

const moveCredentialSummary = "Unable to Move Twilio Credential State"

// MoveState carries a push credential over from Twilio's provider (`moved {
// from = twilio_notify_credentials_v1.x  to = twilio_verify_push_credential.x
// }`, Terraform >= 1.8) without recreating it. Twilio's provider keeps the
// certificate, private key and secret in plain state; they are carried over
// into the sensitive attributes, so a configuration that sets the same
// values plans no change (one with the write-only forms sends them once).
func (r *pushCredentialResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		l, ok := decodeLegacyState(req, resp, legacyCredentialTypeName, moveCredentialSummary)
		if !ok {
			return
		}
		m := legacyPushCredentialModel(l)
		resp.Diagnostics.Append(l.diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// legacyPushCredentialModel maps twilio_notify_credentials_v1 onto the
// credential. Its api_key (GCM, retired) has no counterpart.
func legacyPushCredentialModel(l *legacyState) pushCredentialModel {
	sid := l.str("sid")
	if sid.IsNull() {
		sid = l.str("id")
	}
	m := pushCredentialModel{
		ID: sid, SID: sid, Type: l.str("type"), FriendlyName: l.str("friendly_name"),
		Certificate: l.str("certificate"), PrivateKey: l.str("private_key"), Sandbox: l.bool("sandbox"),
		Secret: l.str("secret"), DateCreated: l.str("date_created"), DateUpdated: l.str("date_updated"),
		PrivateKeyWO: types.StringNull(), SecretWO: types.StringNull(),
		PrivateKeyWOVersion: types.Int64Null(), SecretWOVersion: types.Int64Null(),
	}
	if !credentialSIDPattern.MatchString(sid.ValueString()) {
		l.diags.AddError(moveCredentialSummary, fmt.Sprintf("The source state lacks a valid sid (got %q), so the credential "+
			"cannot be found. Import it instead: terraform import twilio_verify_push_credential.<name> <CR... SID>.", sid.ValueString()))
	}
	return m
}

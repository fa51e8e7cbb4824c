package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*webhookResource)(nil)

const moveWebhookSummary = "Unable to Move Twilio Webhook State"

// MoveState carries a webhook over from Twilio's provider (`moved { from =
// twilio_verify_services_webhooks_v2.x  to = twilio_verify_webhook.x }`,
// Terraform >= 1.8) without recreating it. The refresh that follows the
// move reads every setting from the API.
func (r *webhookResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		l, ok := decodeLegacyState(req, resp, legacyWebhookTypeName, moveWebhookSummary)
		if !ok {
			return
		}
		m := legacyWebhookModel(l)
		resp.Diagnostics.Append(l.diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// legacyWebhookModel maps twilio_verify_services_webhooks_v2 (the same
// names, event_types kept as a list or a string) onto the webhook.
func legacyWebhookModel(l *legacyState) webhookModel {
	serviceSID, sid := l.str("service_sid"), l.str("sid")
	if sid.IsNull() {
		sid = l.str("id")
	}
	eventTypes, diags := stringSet(l.strings("event_types"))
	l.diags.Append(diags...)
	m := webhookModel{
		ID: types.StringValue(webhookID(serviceSID.ValueString(), sid.ValueString())), ServiceSID: serviceSID, SID: sid,
		FriendlyName: l.str("friendly_name"), EventTypes: eventTypes, WebhookURL: l.str("webhook_url"),
		Status: l.str("status"), Version: l.str("version"), WebhookMethod: l.str("webhook_method"),
		DateCreated: l.str("date_created"), DateUpdated: l.str("date_updated"),
	}
	if _, _, ok := parseWebhookID(m.ID.ValueString()); !ok {
		l.diags.AddError(moveWebhookSummary, fmt.Sprintf("The source state lacks a valid service_sid or sid (got %q, %q), so "+
			"the webhook cannot be found. Import it instead: terraform import twilio_verify_webhook.<name> %s.",
			serviceSID.ValueString(), sid.ValueString(), webhookImportIDFormat))
	}
	return m
}

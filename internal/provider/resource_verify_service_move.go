package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithMoveState = (*serviceResource)(nil)

const moveServiceSummary = "Unable to Move Twilio Service State"

// MoveState carries a service over from Twilio's provider (`moved { from =
// twilio_verify_services_v2.x  to = twilio_verify_service.x }`, Terraform
// >= 1.8) without recreating it. The refresh that follows the move reads
// every setting from the API.
func (r *serviceResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		l, ok := decodeLegacyState(req, resp, legacyServiceTypeName, moveServiceSummary)
		if !ok {
			return
		}
		m, diags := legacyServiceModel(l)
		resp.Diagnostics.Append(diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(setServiceState(ctx, &resp.TargetState, m)...)
		}
	}}}
}

// legacyServiceModel maps the flat attributes of twilio_verify_services_v2
// (totp_issuer, push_include_date, ...) onto the nested ones.
func legacyServiceModel(l *legacyState) (serviceModel, diag.Diagnostics) {
	sid := l.str("sid")
	if sid.IsNull() {
		sid = l.str("id")
	}
	m := serviceModel{
		"id": sid, "sid": sid,
		"friendly_name": l.str("friendly_name"),
		"date_created":  l.str("date_created"),
		"date_updated":  l.str("date_updated"),
	}
	for _, setting := range serviceSettings {
		m[setting.name] = setting.moved(l, setting.name)
	}
	diags := l.diags
	if !serviceSIDPattern.MatchString(sid.ValueString()) {
		diags.AddError(moveServiceSummary, fmt.Sprintf("The source state lacks a valid sid (got %q), so the service cannot "+
			"be found. Import it instead: terraform import twilio_verify_service.<name> <VA... SID>.", sid.ValueString()))
	}
	return m, diags
}

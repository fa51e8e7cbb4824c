package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
)

var _ resource.ResourceWithMoveState = (*entityResource)(nil)

const moveEntitySummary = "Unable to Move Twilio Entity State"

// MoveState carries an entity over from Twilio's provider (`moved { from =
// twilio_verify_services_entities_v2.x  to = twilio_verify_entity.x }`,
// Terraform >= 1.8) without recreating it (which would delete its factors).
func (r *entityResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		l, ok := decodeLegacyState(req, resp, legacyEntityTypeName, moveEntitySummary)
		if !ok {
			return
		}
		m := legacyEntityModel(l)
		resp.Diagnostics.Append(l.diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// legacyEntityModel maps twilio_verify_services_entities_v2 (service_sid,
// identity, and the sid its read stores) onto the entity.
func legacyEntityModel(l *legacyState) entityModel {
	serviceSID, identity := l.str("service_sid"), l.str("identity")
	m := entityModel{
		ServiceSID: serviceSID, Identity: identity,
		SID: l.str("sid"), DateCreated: l.str("date_created"), DateUpdated: l.str("date_updated"),
	}
	id := ids.Entity(serviceSID.ValueString(), identity.ValueString())
	if _, _, ok := ids.ParseEntity(id); !ok {
		l.diags.AddError(moveEntitySummary, fmt.Sprintf("The source state lacks a valid service_sid or identity (got %q, %q), "+
			"so the entity cannot be found. Import it instead: terraform import twilio_verify_entity.<name> %s.",
			serviceSID.ValueString(), identity.ValueString(), entityImportIDFormat))
	}
	m.ID = types.StringValue(id)
	return m
}

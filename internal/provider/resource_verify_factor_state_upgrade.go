package provider

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
)

var _ resource.ResourceWithUpgradeState = (*factorResource)(nil)

// factorSchemaVersion is the version of the factor's state: 1 added `id`.
const factorSchemaVersion = 1

// UpgradeState upgrades states written before `id` existed.
func (r *factorResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeFactorStateAddID}}
}

// upgradeFactorStateAddID gives a version 0 state its `id`, built from the
// attributes it already holds, so that the first plan after the upgrade is
// empty even without a refresh.
func upgradeFactorStateAddID(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	const summary = "Unable to Upgrade Factor State"
	if req.RawState == nil || req.RawState.JSON == nil {
		resp.Diagnostics.AddError(summary, "The factor's state has no JSON form. Remove it from state "+
			"(terraform state rm) and import the factor again: terraform import <address> "+importIDFormat+".")
		return
	}
	var attrs map[string]any
	dec := json.NewDecoder(strings.NewReader(string(req.RawState.JSON)))
	dec.UseNumber()
	if err := dec.Decode(&attrs); err != nil {
		resp.Diagnostics.AddError(summary, "The factor's state is not a JSON object: "+err.Error()+
			". Remove it from state (terraform state rm) and import the factor again.")
		return
	}
	serviceSID, _ := attrs["service_sid"].(string)
	identity, _ := attrs["identity"].(string)
	sid, _ := attrs["sid"].(string)
	attrs["id"] = ids.Factor(serviceSID, identity, sid)
	upgraded, err := json.Marshal(attrs)
	if err != nil {
		resp.Diagnostics.AddError(summary, "The upgraded state could not be encoded: "+err.Error())
		return
	}
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: upgraded}
}

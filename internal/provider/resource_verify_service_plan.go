package provider

import (
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// serviceChange is what one create or update of a service sends.
type serviceChange struct {
	params  verify.ServiceParams
	changes bool // at least one parameter is sent
}

// planServiceChange returns the parameters that take the service from state
// to plan: on create (state nil) every known value of the plan, on update
// only the values that differ from state, so one POST carries only what
// changed. A value not known (a setting not configured, kept from state
// when it has one) is not sent and is no change.
func planServiceChange(plan, state serviceModel) serviceChange {
	c := changeSet{unknownIsChange: false}
	var p verify.ServiceParams
	c.string(plan["friendly_name"], state["friendly_name"], &p.FriendlyName)
	for _, setting := range serviceSettings {
		setting.send(&c, &p, plan[setting.name], state[setting.name])
	}
	return serviceChange{params: p, changes: c.changed}
}

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
)

// changeSet is "send only what changed", for every resource: it compares
// each planned value with the prior one (the state on update, null on
// create) and puts into the request only the values that differ, so that
// one request carries only what changed. A null planned value is never
// sent (the setting is not configured, or its value is kept).
//
// An unknown planned value has no value to send. Whether it still makes
// the request necessary is the resource's rule, unknownIsChange: a factor
// says yes (its plan shows the update, and the value becomes known at
// apply), a service says no (its settings keep their state value when not
// configured, so an unknown one is never sent).
type changeSet struct {
	unknownIsChange bool
	// changed is true when the request is needed: a value was put into it,
	// or an unknown value differs and unknownIsChange holds.
	changed bool
}

// sends reports whether planned goes into the request, and records the
// change. prior may be nil, which no value equals.
func (c *changeSet) sends(planned, prior attr.Value) bool {
	if planned == nil || planned.IsNull() || (prior != nil && planned.Equal(prior)) {
		return false
	}
	if planned.IsUnknown() {
		c.changed = c.changed || c.unknownIsChange
		return false
	}
	c.changed = true
	return true
}

// string sets *dst to planned when c.sends it.
func (c *changeSet) string(planned, prior attr.Value, dst **string) {
	if v, ok := planned.(interface{ ValueString() string }); ok && c.sends(planned, prior) {
		s := v.ValueString()
		*dst = &s
	}
}

// int64 sets *dst to planned when c.sends it.
func (c *changeSet) int64(planned, prior attr.Value, dst **int64) {
	if v, ok := planned.(interface{ ValueInt64() int64 }); ok && c.sends(planned, prior) {
		n := v.ValueInt64()
		*dst = &n
	}
}

// bool sets *dst to planned when c.sends it.
func (c *changeSet) bool(planned, prior attr.Value, dst **bool) {
	if v, ok := planned.(interface{ ValueBool() bool }); ok && c.sends(planned, prior) {
		b := v.ValueBool()
		*dst = &b
	}
}

// strings sets *dst to the elements of the planned list of strings when
// c.sends it.
func (c *changeSet) strings(planned, prior attr.Value, dst **[]string) {
	v, ok := planned.(interface{ Elements() []attr.Value })
	if !ok || !c.sends(planned, prior) {
		return
	}
	elems := make([]string, 0, len(v.Elements()))
	for _, e := range v.Elements() {
		if s, ok := e.(interface{ ValueString() string }); ok {
			elems = append(elems, s.ValueString())
		}
	}
	*dst = &elems
}

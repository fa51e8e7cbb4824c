package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// webhookModel is the state of `twilio_verify_webhook`.
type webhookModel struct {
	ID            types.String `tfsdk:"id"`
	ServiceSID    types.String `tfsdk:"service_sid"`
	SID           types.String `tfsdk:"sid"`
	FriendlyName  types.String `tfsdk:"friendly_name"`
	EventTypes    types.Set    `tfsdk:"event_types"`
	WebhookURL    types.String `tfsdk:"webhook_url"`
	Status        types.String `tfsdk:"status"`
	Version       types.String `tfsdk:"version"`
	WebhookMethod types.String `tfsdk:"webhook_method"`
	DateCreated   types.String `tfsdk:"date_created"`
	DateUpdated   types.String `tfsdk:"date_updated"`
}

// newWebhookModel converts an API webhook.
func newWebhookModel(w *verify.Webhook) (webhookModel, diag.Diagnostics) {
	eventTypes, diags := stringSet(w.EventTypes)
	return webhookModel{
		ID:            types.StringValue(webhookID(w.ServiceSID, w.SID)),
		ServiceSID:    types.StringValue(w.ServiceSID),
		SID:           types.StringValue(w.SID),
		FriendlyName:  types.StringValue(w.FriendlyName),
		EventTypes:    eventTypes,
		WebhookURL:    types.StringValue(w.WebhookURL),
		Status:        stringOrNull(w.Status),
		Version:       stringOrNull(w.Version),
		WebhookMethod: stringOrNull(w.WebhookMethod),
		DateCreated:   timeOrNull(w.DateCreated),
		DateUpdated:   timeOrNull(w.DateUpdated),
	}, diags
}

// stringSet is a set of the distinct values.
func stringSet(values []string) (types.Set, diag.Diagnostics) {
	seen := make(map[string]bool, len(values))
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			elems = append(elems, types.StringValue(v))
		}
	}
	return types.SetValue(stringType, elems)
}

// webhookChange is the request an apply sends: every configured setting on
// create, only those that changed on update (see changeSet).
type webhookChange struct {
	params  verify.WebhookParams
	changed bool
}

// planWebhookChange compares plan with prior (nil on create).
func planWebhookChange(plan webhookModel, prior *webhookModel) webhookChange {
	var c changeSet
	var p verify.WebhookParams
	was := func(pick func(*webhookModel) attr.Value) attr.Value {
		if prior == nil {
			return nil
		}
		return pick(prior)
	}
	c.string(plan.FriendlyName, was(func(m *webhookModel) attr.Value { return m.FriendlyName }), &p.FriendlyName)
	c.strings(plan.EventTypes, was(func(m *webhookModel) attr.Value { return m.EventTypes }), &p.EventTypes)
	c.string(plan.WebhookURL, was(func(m *webhookModel) attr.Value { return m.WebhookURL }), &p.WebhookURL)
	c.string(plan.Status, was(func(m *webhookModel) attr.Value { return m.Status }), &p.Status)
	c.string(plan.Version, was(func(m *webhookModel) attr.Value { return m.Version }), &p.Version)
	return webhookChange{params: p, changed: c.changed}
}

// webhookID is the resource ID and import ID of a webhook.
func webhookID(serviceSID, sid string) string { return serviceSID + "/" + sid }

// parseWebhookID splits a webhook import ID and checks both SIDs, so that
// a malformed ID fails before any request.
func parseWebhookID(id string) (serviceSID, sid string, ok bool) {
	serviceSID, sid, found := strings.Cut(id, "/")
	if !found || !serviceSIDPattern.MatchString(serviceSID) || !webhookSIDPattern.MatchString(sid) {
		return "", "", false
	}
	return serviceSID, sid, true
}

// webhookImportIDErrorDetail explains a malformed webhook import ID.
func webhookImportIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected %s: a service SID (VA followed by 32 hex digits) "+
		"and a webhook SID (YW followed by 32 hex digits), for example "+
		"VA0123456789abcdef0123456789abcdef/YW0123456789abcdef0123456789abcdef.", quoteImportID(id), webhookImportIDFormat)
}

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// pushCredentialModel is the configuration, plan and state of
// `twilio_verify_push_credential`. The write-only attributes are null in
// plan and state; their values are read from the configuration.
type pushCredentialModel struct {
	ID                  types.String `tfsdk:"id"`
	SID                 types.String `tfsdk:"sid"`
	Type                types.String `tfsdk:"type"`
	FriendlyName        types.String `tfsdk:"friendly_name"`
	Certificate         types.String `tfsdk:"certificate"`
	PrivateKey          types.String `tfsdk:"private_key"`
	PrivateKeyWO        types.String `tfsdk:"private_key_wo"`
	PrivateKeyWOVersion types.Int64  `tfsdk:"private_key_wo_version"`
	Sandbox             types.Bool   `tfsdk:"sandbox"`
	Secret              types.String `tfsdk:"secret"`
	SecretWO            types.String `tfsdk:"secret_wo"`
	SecretWOVersion     types.Int64  `tfsdk:"secret_wo_version"`
	DateCreated         types.String `tfsdk:"date_created"`
	DateUpdated         types.String `tfsdk:"date_updated"`
}

// withAnswer returns m with what Twilio returned. The certificate, key and
// secret are never returned, so m's stay as they are (the configuration's
// after an apply, null after an import); so does sandbox when Twilio
// returns none.
func (m pushCredentialModel) withAnswer(cr *verify.Credential) pushCredentialModel {
	m.ID = types.StringValue(cr.SID)
	m.SID = types.StringValue(cr.SID)
	m.Type = types.StringValue(cr.Type)
	m.FriendlyName = stringOrNull(cr.FriendlyName)
	if cr.Sandbox.Set {
		m.Sandbox = types.BoolValue(cr.Sandbox.Value)
	} else if m.Sandbox.IsUnknown() {
		m.Sandbox = types.BoolNull()
	}
	m.PrivateKeyWO = types.StringNull()
	m.SecretWO = types.StringNull()
	m.DateCreated = timeOrNull(cr.DateCreated)
	m.DateUpdated = timeOrNull(cr.DateUpdated)
	return m
}

// pushCredentialChange is the request an apply sends: everything
// configured on create; on update only what changed, where a changed
// *_wo_version stands for a changed write-only value.
type pushCredentialChange struct {
	params  verify.CredentialParams
	changed bool
}

// planPushCredentialChange compares plan with prior (nil on create);
// config holds the write-only values.
func planPushCredentialChange(plan, config pushCredentialModel, prior *pushCredentialModel) pushCredentialChange {
	var c changeSet
	var p verify.CredentialParams
	var before pushCredentialModel
	if prior != nil {
		before = *prior
	}
	// was is the prior value, or nil (which no value equals) on create.
	was := func(v attr.Value) attr.Value {
		if prior == nil {
			return nil
		}
		return v
	}
	if prior == nil {
		c.string(plan.Type, nil, &p.Type) // the type is set once: changing it replaces the credential
	}
	c.string(plan.FriendlyName, was(before.FriendlyName), &p.FriendlyName)
	c.string(plan.Certificate, was(before.Certificate), &p.Certificate)
	c.string(plan.PrivateKey, was(before.PrivateKey), &p.PrivateKey)
	c.bool(plan.Sandbox, was(before.Sandbox), &p.Sandbox)
	c.string(plan.Secret, was(before.Secret), &p.Secret)
	if c.sends(plan.PrivateKeyWOVersion, was(before.PrivateKeyWOVersion)) {
		c.string(config.PrivateKeyWO, nil, &p.PrivateKey)
	}
	if c.sends(plan.SecretWOVersion, was(before.SecretWOVersion)) {
		c.string(config.SecretWO, nil, &p.Secret)
	}
	return pushCredentialChange{params: p, changed: c.changed}
}

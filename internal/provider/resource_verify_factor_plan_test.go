package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPlanUpdateSendsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	state := factorResourceModel{
		FriendlyName: types.StringValue("Phone"), ConfigTimeStep: types.Int64Value(30), ConfigSkew: types.Int64Value(1),
		ConfigCodeLength: types.Int64Value(6), ConfigAlg: types.StringValue("sha1"), Status: types.StringValue("unverified"),
		AuthPayload: types.StringNull(), AutoVerify: types.BoolNull(), BindingSecret: types.StringNull(),
	}

	same := state
	same.BindingSecret = types.StringValue(knownSecret) // adopted after import: no request
	if u := planUpdate(state, same); u.sendsRequest() {
		t.Errorf("recording a secret sends a request: %+v", u)
	}

	changed := state
	changed.FriendlyName = types.StringValue("New phone")
	changed.ConfigTimeStep = types.Int64Value(60)
	u := planUpdate(state, changed)
	if !u.changesSettings || u.verifies || u.params.FriendlyName == nil || *u.params.FriendlyName != "New phone" ||
		u.params.ConfigTimeStep == nil || *u.params.ConfigTimeStep != 60 || u.params.ConfigSkew != nil || u.params.ConfigAlg != nil {
		t.Errorf("unexpected update %+v", u)
	}

	verifying := state
	verifying.AuthPayload = types.StringValue("123456")
	if u := planUpdate(state, verifying); u.changesSettings || !u.verifies || u.params.AuthPayload == nil || u.autoVerify {
		t.Errorf("auth_payload update %+v", u)
	}

	auto := state
	auto.AutoVerify = types.BoolValue(true)
	if u := planUpdate(state, auto); !u.verifies || !u.autoVerify {
		t.Errorf("auto_verify turned on while unverified: %+v", u)
	}
	verified := state
	verified.Status = types.StringValue("verified")
	autoVerified := verified
	autoVerified.AutoVerify = types.BoolValue(true)
	if u := planUpdate(verified, autoVerified); u.sendsRequest() {
		t.Errorf("auto_verify on a verified factor sends a request: %+v", u)
	}

	unknown := state
	unknown.FriendlyName = types.StringUnknown()
	if u := planUpdate(state, unknown); !u.changesSettings || u.params.FriendlyName != nil {
		t.Errorf("unknown planned value: %+v", u)
	}
}

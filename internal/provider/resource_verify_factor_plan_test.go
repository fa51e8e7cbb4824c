package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
	if u := planUpdate(state, same); u.changesSettings || u.verifies {
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
	if u := planUpdate(verified, autoVerified); u.changesSettings || u.verifies {
		t.Errorf("auto_verify on a verified factor sends a request: %+v", u)
	}

	unknown := state
	unknown.FriendlyName = types.StringUnknown()
	if u := planUpdate(state, unknown); !u.changesSettings || u.params.FriendlyName != nil {
		t.Errorf("unknown planned value: %+v", u)
	}
}

// pushState is a push factor's push attribute as state holds it.
func pushState() factorPushModel {
	return factorPushModel{
		Alg: types.StringValue("ES256"), PublicKey: types.StringValue("MFkw"), AppID: types.StringValue("com.example.app"),
		NotificationPlatform: types.StringValue("fcm"), NotificationToken: types.StringValue("fcm-token-0"),
		SdkVersion: types.StringValue("4.1.0"),
	}
}

func TestPlanUpdateSendsOnlyTheChangedPushSetting(t *testing.T) {
	t.Parallel()
	state := factorResourceModel{FriendlyName: types.StringValue("Pixel"), Push: pushState().object()}

	if u := planUpdate(state, state); u.changesSettings || u.verifies {
		t.Errorf("an unchanged push factor sends a request: %+v", u)
	}

	newSDK := pushState()
	newSDK.SdkVersion = types.StringValue("4.2.0")
	plan := state
	plan.Push = newSDK.object()
	u := planUpdate(state, plan)
	if !u.changesSettings || u.params.ConfigSdkVersion == nil || *u.params.ConfigSdkVersion != "4.2.0" ||
		u.params.ConfigNotificationPlatform != nil || u.params.ConfigNotificationToken != nil {
		t.Errorf("an SDK version change sends %+v", u.params)
	}

	polling := pushState()
	polling.NotificationPlatform = types.StringValue("none")
	polling.NotificationToken = types.StringUnknown()
	plan.Push = polling.object()
	u = planUpdate(state, plan)
	if !u.changesSettings || u.params.ConfigNotificationPlatform == nil || *u.params.ConfigNotificationPlatform != "none" ||
		u.params.ConfigNotificationToken != nil {
		t.Errorf("a platform change with an unknown token sends %+v", u.params)
	}
}

func TestConfiguresNotificationToken(t *testing.T) {
	t.Parallel()
	typ, _ := factorSchemaType(t)
	pushType, ok := typ.AttributeTypes["push"].(tftypes.Object)
	if !ok {
		t.Fatal("push is not an object")
	}
	config := func(push tftypes.Value) tftypes.Value {
		attrs := map[string]tftypes.Value{}
		for name, attrType := range typ.AttributeTypes {
			attrs[name] = tftypes.NewValue(attrType, nil)
		}
		attrs["push"] = push
		return tftypes.NewValue(typ, attrs)
	}
	withToken := func(token tftypes.Value) tftypes.Value {
		attrs := map[string]tftypes.Value{}
		for name := range pushType.AttributeTypes {
			attrs[name] = tftypes.NewValue(tftypes.String, "x")
		}
		attrs["notification_token"] = token
		return tftypes.NewValue(pushType, attrs)
	}
	for name, c := range map[string]struct {
		push tftypes.Value
		want bool
	}{
		"token set":            {withToken(tftypes.NewValue(tftypes.String, "fcm-token-0")), true},
		"token unknown":        {withToken(tftypes.NewValue(tftypes.String, tftypes.UnknownValue)), true},
		"token unset":          {withToken(tftypes.NewValue(tftypes.String, nil)), false},
		"push null (totp)":     {tftypes.NewValue(pushType, nil), false},
		"push unknown (a var)": {tftypes.NewValue(pushType, tftypes.UnknownValue), false},
	} {
		if got := configuresPushAttribute(config(c.push), "notification_token"); got != c.want {
			t.Errorf("%s: configuresPushAttribute = %v, want %v", name, got, c.want)
		}
	}
}

func TestUnknownPushReplacesAPushFactor(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	modifier := requiresReplaceIfPushUnknown()
	for name, c := range map[string]struct {
		plan, state types.Object
		want        bool
	}{
		"unknown push on a push factor": {types.ObjectUnknown(factorPushAttrTypes), pushState().object(), true},
		"unknown push, none in state":   {types.ObjectUnknown(factorPushAttrTypes), types.ObjectNull(factorPushAttrTypes), false},
		"known push":                    {pushState().object(), pushState().object(), false},
	} {
		// Neither a create nor a destroy: both the state and the plan exist.
		exists := tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})
		req := planmodifier.ObjectRequest{PlanValue: c.plan, StateValue: c.state, ConfigValue: c.plan,
			State: tfsdk.State{Raw: exists}, Plan: tfsdk.Plan{Raw: exists}}
		resp := &planmodifier.ObjectResponse{PlanValue: c.plan}
		modifier.PlanModifyObject(ctx, req, resp)
		if resp.RequiresReplace != c.want {
			t.Errorf("%s: RequiresReplace = %v, want %v", name, resp.RequiresReplace, c.want)
		}
	}
}

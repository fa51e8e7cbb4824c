package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A state written before `id` existed (schema version 0) upgrades with the
// id built from its own attributes, and every other value unchanged.
func TestFactorStateUpgradeAddsID(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	factorSchema := schemas.ResourceSchemas["twilio_verify_factor"]
	if factorSchema.Version != factorSchemaVersion {
		t.Fatalf("schema version %d, want %d", factorSchema.Version, factorSchemaVersion)
	}
	const serviceSID, identity, sid = "VA0123456789abcdef0123456789abcdef", "user-0001", "YF0123456789abcdef0123456789abcdef"
	v0 := map[string]any{}
	for _, a := range factorSchema.Block.Attributes {
		if a.Name != "id" {
			v0[a.Name] = nil
		}
	}
	for name, value := range map[string]any{"service_sid": serviceSID, "identity": identity, "sid": sid, "factor_type": "totp",
		"friendly_name": "Phone", "binding_secret": knownSecret, "config_time_step": 30, "status": "verified"} {
		v0[name] = value
	}
	raw, err := json.Marshal(v0)
	if err != nil {
		t.Fatal(err)
	}

	resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "twilio_verify_factor", Version: 0, RawState: &tfprotov6.RawState{JSON: raw},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("upgrade diagnostic: %s: %s", d.Summary, d.Detail)
	}
	upgraded, err := resp.UpgradedState.Unmarshal(factorSchema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := upgraded.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"id": serviceSID + "/" + identity + "/" + sid, "sid": sid, "binding_secret": knownSecret, "status": "verified"} {
		var got string
		if err := attrs[name].As(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
	if !attrs["binding_uri"].IsNull() {
		t.Errorf("binding_uri = %v, want null", attrs["binding_uri"])
	}
}

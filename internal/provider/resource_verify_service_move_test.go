package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// runMover runs a resource's state mover on a raw source state and decodes
// the target into out.
func runMover(t *testing.T, r resource.ResourceWithMoveState, typeName, rawJSON string, out any) resource.MoveStateResponse {
	t.Helper()
	ctx := context.Background()
	schemaResp := &resource.SchemaResponse{}
	r.Schema(ctx, resource.SchemaRequest{}, schemaResp)
	resp := resource.MoveStateResponse{TargetState: tfsdk.State{
		Schema: schemaResp.Schema,
		Raw:    tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil),
	}}
	r.MoveState(ctx)[0].StateMover(ctx, resource.MoveStateRequest{
		SourceTypeName:        typeName,
		SourceProviderAddress: "registry.terraform.io/twilio/twilio",
		SourceRawState:        &tfprotov6.RawState{JSON: []byte(rawJSON)},
	}, &resp)
	if !resp.Diagnostics.HasError() && !resp.TargetState.Raw.IsNull() {
		resp.Diagnostics.Append(resp.TargetState.Get(ctx, out)...)
	}
	return resp
}

const legacyServiceState = `{
  "id": "VA0123456789abcdef0123456789abcdef",
  "sid": "VA0123456789abcdef0123456789abcdef",
  "friendly_name": "Acme",
  "code_length": "6",
  "lookup_enabled": "true",
  "psd2_enabled": false,
  "totp_issuer": "Acme Corp",
  "totp_time_step": 30,
  "push_include_date": null,
  "whatsapp_from": ""
}`

func TestMoveServiceState(t *testing.T) {
	t.Parallel()
	var moved types.Object
	resp := runMover(t, &serviceResource{}, legacyServiceTypeName, legacyServiceState, &moved)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	m, totp := moved.Attributes(), knownAttributes(moved.Attributes()["totp"])
	want := map[string]attr.Value{
		"id": types.StringValue("VA0123456789abcdef0123456789abcdef"), "friendly_name": types.StringValue("Acme"),
		"code_length": types.Int64Value(6), "lookup_enabled": types.BoolValue(true), "psd2_enabled": types.BoolValue(false),
	}
	for name, v := range want {
		if !m[name].Equal(v) {
			t.Errorf("moved %s = %v, want %v", name, m[name], v)
		}
	}
	if !totp["issuer"].Equal(types.StringValue("Acme Corp")) || !totp["time_step"].Equal(types.Int64Value(30)) || !totp["skew"].IsNull() {
		t.Errorf("moved totp %v", totp)
	}

	for name, c := range map[string]struct{ from, to, want string }{
		"no sid":        {`"sid": "VA0123456789abcdef0123456789abcdef"`, `"sid": null`, "lacks a valid sid"},
		"bad bool":      {`"lookup_enabled": "true"`, `"lookup_enabled": "yes"`, "not true or false"},
		"bad number":    {`"totp_time_step": 30`, `"totp_time_step": "thirty"`, "not a whole number"},
		"not a string":  {`"friendly_name": "Acme"`, `"friendly_name": ["Acme"]`, "expected a string"},
		"not an object": {legacyServiceState, `[1]`, "not a JSON object"},
	} {
		raw := strings.Replace(legacyServiceState, c.from, c.to, 1)
		if name == "no sid" {
			raw = strings.Replace(raw, `"id": "VA0123456789abcdef0123456789abcdef",`, "", 1)
		}
		resp := runMover(t, &serviceResource{}, legacyServiceTypeName, raw, &types.Object{})
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), c.want) ||
			resp.Diagnostics.Errors()[0].Summary() != moveServiceSummary {
			t.Errorf("%s: %v, want an error containing %q", name, resp.Diagnostics, c.want)
		}
	}
	// Not ours: left to other movers.
	if resp := runMover(t, &serviceResource{}, legacyEntityTypeName, legacyServiceState, &types.Object{}); resp.Diagnostics.HasError() || !resp.TargetState.Raw.IsNull() {
		t.Errorf("the service mover handled an entity: %v", resp.Diagnostics)
	}
}

func TestMoveEntityState(t *testing.T) {
	t.Parallel()
	const raw = `{"id": "VA0123456789abcdef0123456789abcdef/user-0001", "service_sid": "VA0123456789abcdef0123456789abcdef", "identity": "user-0001"}`
	var m entityModel
	resp := runMover(t, &entityResource{}, legacyEntityTypeName, raw, &m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if m.ID.ValueString() != "VA0123456789abcdef0123456789abcdef/user-0001" || m.Identity.ValueString() != "user-0001" || !m.SID.IsNull() {
		t.Errorf("moved %+v", m)
	}
	resp = runMover(t, &entityResource{}, legacyEntityTypeName, strings.Replace(raw, `"identity": "user-0001"`, `"identity": "x"`, 1), &m)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "lacks a valid service_sid or identity") {
		t.Errorf("bad identity: %v", resp.Diagnostics)
	}
}

// TestAccMigrateWholeVerifyConfig imports a service, an entity and a factor
// into Twilio's resources (served by the offline stand-in), then moves all
// three to this provider with `moved` blocks: nothing is created, deleted or
// changed, and the next plan is empty.
func TestAccMigrateWholeVerifyConfig(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	identity := "migrated-user-0002"
	ctx := t.Context()
	if _, err := e.client.CreateEntity(ctx, e.serviceSID, identity); err != nil {
		t.Fatal(err)
	}
	created, err := e.client.CreateFactor(ctx, verify.CreateFactorParams{
		ServiceSID: e.serviceSID, Identity: identity, FactorType: "totp", FriendlyName: "Phone", BindingSecret: knownSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	header := bothProvidersHeader()
	legacy := fmt.Sprintf(`
import {
  to = twilio_verify_services_v2.acme
  id = %[1]q
}

import {
  to = twilio_verify_services_entities_v2.user
  id = "%[1]s/%[2]s"
}

import {
  to = twilio_verify_services_entities_factors_v2.phone
  id = "%[1]s/%[2]s/%[3]s"
}

resource "twilio_verify_services_v2" "acme" {
  provider      = legacy
  friendly_name = "Acme Login"
  totp_issuer   = "Acme Corp"
}

resource "twilio_verify_services_entities_v2" "user" {
  provider    = legacy
  service_sid = twilio_verify_services_v2.acme.sid
  identity    = %[2]q
}

resource "twilio_verify_services_entities_factors_v2" "phone" {
  provider       = legacy
  service_sid    = twilio_verify_services_v2.acme.sid
  identity       = twilio_verify_services_entities_v2.user.identity
  factor_type    = "totp"
  friendly_name  = "Phone"
  binding_secret = %[4]q
}
`, e.serviceSID, identity, created.SID, knownSecret)
	moved := fmt.Sprintf(`
moved {
  from = twilio_verify_services_v2.acme
  to   = twilio_verify_service.acme
}

moved {
  from = twilio_verify_services_entities_v2.user
  to   = twilio_verify_entity.user
}

moved {
  from = twilio_verify_services_entities_factors_v2.phone
  to   = twilio_verify_factor.phone
}

resource "twilio_verify_service" "acme" {
  friendly_name = "Acme Login"
  totp          = { issuer = "Acme Corp" }
}

resource "twilio_verify_entity" "user" {
  service_sid = twilio_verify_service.acme.sid
  identity    = %[1]q
}

resource "twilio_verify_factor" "phone" {
  service_sid    = twilio_verify_service.acme.sid
  identity       = twilio_verify_entity.user.identity
  factor_type    = "totp"
  friendly_name  = "Phone"
  binding_secret = %[2]q
}
`, identity, knownSecret)

	r := newCLIRunWithPlugins(t, map[string]string{"main.tf": header + legacy},
		map[string]string{"twilio/twilio": buildPlugin(t, "./internal/provider/testdata/legacytwilio")}, e.cliEnv()...)
	r.run("apply", "-input=false", "-no-color", "-auto-approve")

	r.writeFile("main.tf", header+moved)
	plan := r.run("plan", "-input=false", "-no-color")
	for _, want := range []string{"has moved to twilio_verify_service.acme", "has moved to twilio_verify_entity.user",
		"has moved to twilio_verify_factor.phone", "0 to add, 0 to change, 0 to destroy"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("the plan lacks %q:\n%s", want, plan)
		}
	}
	before := e.mock.Stats().Requests
	r.run("apply", "-input=false", "-no-color", "-auto-approve")
	after := e.mock.Stats().Requests
	for _, route := range []string{"POST " + mockverify.TemplateServices, "POST " + mockverify.TemplateService, "POST " + mockverify.TemplateEntities, "POST " + mockverify.TemplateFactors, "POST " + mockverify.TemplateFactor} {
		if after[route] != before[route] {
			t.Errorf("the move sent %s: %v", route, after)
		}
	}
	for _, route := range []string{"DELETE " + mockverify.TemplateService, "DELETE " + mockverify.TemplateEntity, "DELETE " + mockverify.TemplateFactor} {
		if after[route] != 0 {
			t.Errorf("the move sent %s: %v", route, after)
		}
	}
	if out, err := r.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after the move is not empty (%v):\n%s", err, out)
	}
	r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if _, err := e.client.FetchService(ctx, e.serviceSID); !verify.IsNotFound(err) {
		t.Errorf("service after destroy: %v", err)
	}
}

package provider

import (
	"context"
	"maps"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func testService() *verify.Service {
	issuer, origin := "Acme", "https://example.com"
	s := &verify.Service{SID: "VA0123456789abcdef0123456789abcdef", FriendlyName: "Acme", CodeLength: 6}
	s.Totp = verify.ServiceTotp{Issuer: issuer, TimeStep: 30, CodeLength: 6, Skew: 1}
	s.Passkeys.RelyingParty = &verify.RelyingParty{ID: &origin, Origins: []string{origin}}
	return s
}

// TestPlanServiceChangeSendsOnlyWhatChanged: an update's form holds the
// changed settings and nothing else; a create's holds every known value.
func TestPlanServiceChangeSendsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	state, diags := newServiceModel(testService())
	if diags.HasError() {
		t.Fatal(diags)
	}

	same := planServiceChange(state, state)
	if same.changes || len(same.params.Form()) != 0 {
		t.Errorf("no change sends %v (changes=%t)", same.params.Form(), same.changes)
	}

	plan := maps.Clone(state)
	plan["code_length"] = types.Int64Value(8)
	plan["psd2_enabled"] = types.BoolUnknown() // not configured: not sent
	totp := maps.Clone(knownAttributes(state["totp"]))
	totp["skew"] = types.Int64Value(2)
	stateTotp, _ := state["totp"].(types.Object)
	plan["totp"], diags = types.ObjectValue(stateTotp.AttributeTypes(context.Background()), totp)
	if diags.HasError() {
		t.Fatal(diags)
	}
	change := planServiceChange(plan, state)
	if want := (url.Values{"CodeLength": {"8"}, "Totp.Skew": {"2"}}); !reflect.DeepEqual(change.params.Form(), want) {
		t.Errorf("update sends %v, want %v", change.params.Form(), want)
	}

	create := planServiceChange(plan, nil)
	form := create.params.Form()
	for _, k := range []string{"FriendlyName", "CodeLength", "Totp.Issuer", "Totp.Skew", "Passkeys.RelyingParty.Origins", "LookupEnabled"} {
		if _, ok := form[k]; !ok {
			t.Errorf("create does not send %s: %v", k, form)
		}
	}
	if _, ok := form["Psd2Enabled"]; ok {
		t.Errorf("create sends the unknown Psd2Enabled: %v", form)
	}
	if _, ok := form["TtsName"]; ok {
		t.Errorf("create sends the null TtsName: %v", form)
	}
}

// TestServiceIncludeDateIsDeprecated checks that push.include_date, which
// Twilio deprecated, says so in its description, and that no setting of the
// service carries a schema deprecation (see deprecated: it would break
// Terraform 1.8's generated configuration).
func TestServiceIncludeDateIsDeprecated(t *testing.T) {
	var resp resource.SchemaResponse
	NewServiceResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	push, ok := resp.Schema.Attributes["push"].(schema.SingleNestedAttribute)
	if !ok {
		t.Fatalf("push is a %T", resp.Schema.Attributes["push"])
	}
	includeDate, ok := push.Attributes["include_date"]
	if !ok {
		t.Fatal("push has no include_date")
	}
	if d := includeDate.GetMarkdownDescription(); !strings.Contains(d, "**Deprecated**") || !strings.Contains(d, "Push.IncludeDate") {
		t.Errorf("push.include_date's description does not say it is deprecated: %q", d)
	}
	for name, attribute := range push.Attributes {
		if message := attribute.GetDeprecationMessage(); message != "" {
			t.Errorf("push.%s has a schema deprecation %q, which Terraform 1.8's generated configuration cannot plan", name, message)
		}
	}
}

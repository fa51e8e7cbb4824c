package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// importableWithIdentity is a resource that imports by ID or by identity.
type importableWithIdentity interface {
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
}

// importByIdentity runs r's ImportState as an import block with the given
// identity does, and returns the imported state's string attributes.
func importByIdentity(t *testing.T, r importableWithIdentity, identity map[string]string) (map[string]string, *resource.ImportStateResponse) {
	t.Helper()
	ctx := context.Background()
	var idSchema resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &idSchema)
	var schema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schema)

	values := map[string]tftypes.Value{}
	for name := range idSchema.IdentitySchema.Attributes {
		values[name] = tftypes.NewValue(tftypes.String, identity[name])
	}
	idType := idSchema.IdentitySchema.Type().TerraformType(ctx)
	req := resource.ImportStateRequest{Identity: &tfsdk.ResourceIdentity{
		Schema: idSchema.IdentitySchema, Raw: tftypes.NewValue(idType, values),
	}}
	resp := &resource.ImportStateResponse{
		State:    tfsdk.State{Schema: schema.Schema, Raw: tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil)},
		Identity: req.Identity,
	}
	r.ImportState(ctx, req, resp)

	got := map[string]string{}
	if resp.Diagnostics.HasError() {
		return got, resp
	}
	var attrs map[string]tftypes.Value
	if err := resp.State.Raw.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, v := range attrs {
		var s string
		if v.Type().Is(tftypes.String) && v.IsKnown() && !v.IsNull() && v.As(&s) == nil {
			got[name] = s
		}
	}
	return got, resp
}

func TestImportStateByIdentity(t *testing.T) {
	t.Parallel()
	const (
		va = "VA0123456789abcdef0123456789abcdef"
		yf = "YF0123456789abcdef0123456789abcdef"
	)
	cases := []struct {
		name     string
		r        importableWithIdentity
		identity map[string]string
		want     map[string]string // the state's key attributes; nil: refused
		problem  string            // what the error says when refused
	}{
		{"service", &serviceResource{}, map[string]string{"sid": va}, map[string]string{"id": va, "sid": va}, ""},
		{"entity", &entityResource{}, map[string]string{"service_sid": va, "identity": "user-0001"},
			map[string]string{"id": va + "/user-0001", "service_sid": va, "identity": "user-0001"}, ""},
		{"factor", &factorResource{}, map[string]string{"service_sid": va, "identity": "user-0001", "sid": yf},
			map[string]string{"service_sid": va, "identity": "user-0001", "sid": yf}, ""},
		{"service SID", &serviceResource{}, map[string]string{"sid": "VA123"}, nil,
			"identity.sid of the import block is not valid: Attribute sid must be a Verify service SID"},
		{"entity identity", &entityResource{}, map[string]string{"service_sid": va, "identity": "user_0001"}, nil,
			"identity.identity of the import block is not valid: Attribute identity must be dash-separated alphanumeric"},
		{"factor SID", &factorResource{}, map[string]string{"service_sid": va, "identity": "user-0001", "sid": "YE0123"}, nil,
			"identity.sid of the import block is not valid: Attribute sid must be a factor SID"},
		{"factor service", &factorResource{}, map[string]string{"service_sid": "", "identity": "user-0001", "sid": yf}, nil,
			"identity.service_sid of the import block is not valid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, resp := importByIdentity(t, c.r, c.identity)
			if c.want == nil {
				if !resp.Diagnostics.HasError() {
					t.Fatalf("identity %v was accepted", c.identity)
				}
				d := resp.Diagnostics.Errors()[0]
				if d.Summary() != "Invalid Import Identity" || !strings.HasPrefix(d.Detail(), c.problem) {
					t.Errorf("error %q: %q, want Invalid Import Identity: %q...", d.Summary(), d.Detail(), c.problem)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("identity %v refused: %v", c.identity, resp.Diagnostics)
			}
			for name, want := range c.want {
				if got[name] != want {
					t.Errorf("state %s = %q, want %q", name, got[name], want)
				}
			}
		})
	}
}

package provider

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func factorSchemaType(t testing.TB) (tftypes.Object, resource.SchemaResponse) {
	t.Helper()
	var resp resource.SchemaResponse
	NewFactorResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("the factor schema is not an object")
	}
	return typ, resp
}

func sampleFactorModel() factorResourceModel {
	// Fields left unset are the zero value, which the framework reads as null.
	var m factorResourceModel
	m.ServiceSID = types.StringValue("VA1")
	m.Identity = types.StringValue("user-0001")
	m.FactorType = types.StringValue("totp")
	m.FriendlyName = types.StringValue("Phone")
	m.BindingSecret = types.StringUnknown()
	m.BindingSecretWO = types.StringNull()
	m.ConfigTimeStep = types.Int64Value(30)
	m.ConfigSkew = types.Int64Unknown()
	m.AutoVerify = types.BoolValue(true)
	m.Push = factorPushModel{AppID: types.StringValue("com.example.app"), NotificationToken: types.StringUnknown()}.object()
	m.Metadata = types.MapValueMust(types.StringType, map[string]attr.Value{"os": types.StringValue("Android")})
	return m
}

// TestObjectCodecMatchesTheFramework checks that setObject writes what the
// framework's reflection-based Set writes, and getObject reads it back.
func TestObjectCodecMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	typ, sr := factorSchemaType(t)
	want := sampleFactorModel()

	fast := tftypes.NewValue(typ, nil)
	if diags := setObject(ctx, &fast, &want); diags.HasError() {
		t.Fatal(diags)
	}
	slow := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	if diags := slow.Set(ctx, &want); diags.HasError() {
		t.Fatal(diags)
	}
	if !fast.Equal(slow.Raw) {
		t.Fatalf("setObject wrote\n%s\nthe framework\n%s", fast, slow.Raw)
	}
	var got factorResourceModel
	if diags := getObject(fast, &got); diags.HasError() {
		t.Fatal(diags)
	}
	if !modelsEqual(got, want) {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
	secret, diags := rawString(fast, "friendly_name")
	if diags.HasError() || secret.ValueString() != "Phone" {
		t.Fatalf("rawString = %v, %v", secret, diags)
	}
}

func modelsEqual(a, b factorResourceModel) bool {
	va, vb := reflectValueOf(a), reflectValueOf(b)
	for _, f := range modelFields(va.Type()) {
		x, _ := va.Field(f.index).Interface().(attr.Value)
		y, _ := vb.Field(f.index).Interface().(attr.Value)
		if !x.Equal(y) {
			return false
		}
	}
	return true
}

func TestObjectCodecRejects(t *testing.T) {
	typ, _ := factorSchemaType(t)
	var m factorResourceModel
	if diags := getObject(tftypes.NewValue(typ, nil), &m); !diags.HasError() {
		t.Error("getObject accepted a null object")
	}
	var n types.Int64
	if err := decodeValue(tftypes.NewValue(tftypes.Number, big.NewFloat(1.5)), &n); err == nil {
		t.Error("decodeValue accepted 1.5 as an int64")
	}
	var unsupported types.List
	if err := decodeValue(tftypes.NewValue(tftypes.String, "x"), &unsupported); err == nil {
		t.Error("decodeValue accepted an unsupported model type")
	}
	str := tftypes.NewValue(tftypes.String, "x")
	if diags := setObject(context.Background(), &str, &m); !diags.HasError() {
		t.Error("setObject wrote an object into a string")
	}
}

// BenchmarkFactorStateRoundTrip compares the framework's Get and Set with
// getObject and setObject on a factor's state (benchstat-readable).
func BenchmarkFactorStateRoundTrip(b *testing.B) {
	ctx := context.Background()
	typ, sr := factorSchemaType(b)
	m := sampleFactorModel()
	raw := tftypes.NewValue(typ, nil)
	if diags := setObject(ctx, &raw, &m); diags.HasError() {
		b.Fatal(diags)
	}
	b.Run("codec=framework", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st := tfsdk.State{Schema: sr.Schema, Raw: raw}
			var got factorResourceModel
			_ = st.Get(ctx, &got)
			_ = st.Set(ctx, &got)
		}
	})
	b.Run("codec=direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out := raw
			var got factorResourceModel
			_ = getObject(raw, &got)
			_ = setObject(ctx, &out, &got)
		}
	})
}

func reflectValueOf(m factorResourceModel) reflect.Value { return reflect.ValueOf(m) }

// TestObjectCodecNullAndUnknownObjects round-trips a nested object that is
// null (also as the zero value, which does not know its attribute types) or
// unknown; the framework's own Set refuses the zero value, so it cannot be
// the reference here.
func TestObjectCodecNullAndUnknownObjects(t *testing.T) {
	ctx := context.Background()
	typ, _ := factorSchemaType(t)
	for name, c := range map[string]struct {
		push, want types.Object
	}{
		"zero value": {types.Object{}, types.ObjectNull(factorPushAttrTypes)},
		"null":       {types.ObjectNull(factorPushAttrTypes), types.ObjectNull(factorPushAttrTypes)},
		"unknown":    {types.ObjectUnknown(factorPushAttrTypes), types.ObjectUnknown(factorPushAttrTypes)},
	} {
		m := sampleFactorModel()
		m.Push = c.push
		raw := tftypes.NewValue(typ, nil)
		if diags := setObject(ctx, &raw, &m); diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		var got factorResourceModel
		if diags := getObject(raw, &got); diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		if !got.Push.Equal(c.want) {
			t.Errorf("%s: read back %v", name, got.Push)
		}
		if _, ok := got.push(); ok {
			t.Errorf("%s: push() reports a known push", name)
		}
	}
}

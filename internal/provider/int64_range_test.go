package provider

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A number int64 cannot hold, or a fraction, reads as a value that
// validation refuses naming the attribute and its range; whole numbers read
// as the framework's own Int64Value.
func TestInt64RangeType(t *testing.T) {
	t.Parallel()
	typ := totpTimeStepRange.Type()
	huge, _, _ := big.ParseFloat("99999999999999999999999", 10, 512, big.ToNearestEven)
	for name, c := range map[string]struct {
		in      tftypes.Value
		want    attr.Value
		refused bool
	}{
		"whole":    {in: tftypes.NewValue(tftypes.Number, big.NewFloat(30)), want: types.Int64Value(30)},
		"null":     {in: tftypes.NewValue(tftypes.Number, nil), want: types.Int64Null()},
		"unknown":  {in: tftypes.NewValue(tftypes.Number, tftypes.UnknownValue), want: types.Int64Unknown()},
		"huge":     {in: tftypes.NewValue(tftypes.Number, huge), refused: true},
		"negative": {in: tftypes.NewValue(tftypes.Number, new(big.Float).Neg(huge)), refused: true},
		"fraction": {in: tftypes.NewValue(tftypes.Number, big.NewFloat(30.5)), refused: true},
	} {
		v, err := typ.ValueFromTerraform(t.Context(), c.in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		validateable, isValidateable := v.(xattr.ValidateableAttribute)
		if !c.refused {
			if isValidateable || !v.Equal(c.want) {
				t.Errorf("%s: read %#v, want %v", name, v, c.want)
			}
			continue
		}
		if !isValidateable {
			t.Errorf("%s: read %#v, want a value that validation refuses", name, v)
			continue
		}
		var resp xattr.ValidateAttributeResponse
		validateable.ValidateAttribute(t.Context(), xattr.ValidateAttributeRequest{Path: path.Root("config_time_step")}, &resp)
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "config_time_step must be a whole number from 20 to 60") {
			t.Errorf("%s: diagnostics %v", name, resp.Diagnostics)
		}
		if o, ok := v.(outOfRangeInt64); !ok || !o.IsUnknown() {
			t.Errorf("%s: the range validators would report it again", name)
		}
	}
	if _, err := typ.ValueFromTerraform(t.Context(), tftypes.NewValue(tftypes.String, "x")); err == nil {
		t.Error("a string read as a number")
	}
	// An object attribute built from the framework's Int64 values (a service's totp) accepts them.
	if _, diags := types.ObjectValue(map[string]attr.Type{"time_step": typ}, map[string]attr.Value{"time_step": types.Int64Value(30)}); diags.HasError() {
		t.Errorf("object of the range type refuses an Int64Value: %v", diags)
	}
}

// Reading a configuration, a number outside int64 is unknown (its type
// reports it); reading a plan or state it stays an error.
func TestGetConfigObjectReadsOutOfRangeNumbersAsUnknown(t *testing.T) {
	t.Parallel()
	huge, _, _ := big.ParseFloat("1e23", 10, 512, big.ToNearestEven)
	raw := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"n": tftypes.Number}},
		map[string]tftypes.Value{"n": tftypes.NewValue(tftypes.Number, huge)})
	var got struct {
		N types.Int64 `tfsdk:"n"`
	}
	if diags := getConfigObject(raw, &got); diags.HasError() || !got.N.IsUnknown() {
		t.Errorf("getConfigObject: %v, %v", got.N, diags)
	}
	if diags := getObject(raw, &got); !diags.HasError() {
		t.Error("getObject read 1e23 as an int64")
	}
}

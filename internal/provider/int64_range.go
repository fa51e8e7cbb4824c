package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A whole-number setting configured as a number that int64 cannot hold
// (99999999999999999999999) or as a fraction (30.5) made the framework's
// Int64 type fail to read the configuration, and the user got
// "Configuration Read Error ... This is always an error in the provider".
// int64Range gives such an attribute a type that reads those numbers as an
// invalid value, refused at validation by a diagnostic that names the
// attribute and its range, and the validator of the range itself: one
// range, written once, for both.

// int64Range is the range of values of a whole-number attribute.
type int64Range struct{ lo, hi int64 }

// String describes the range for a description: "20 to 60".
func (r int64Range) String() string { return fmt.Sprintf("%d to %d", r.lo, r.hi) }

// Type is the attribute's CustomType.
func (r int64Range) Type() basetypes.Int64Typable { return int64Type{rng: r} }

// Validators are the attribute's validators.
func (r int64Range) Validators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(r.lo, r.hi)}
}

// int64Type is the framework's Int64 type, except that a number it cannot
// represent becomes an outOfRangeInt64 instead of an error.
type int64Type struct {
	basetypes.Int64Type
	rng int64Range
}

var _ basetypes.Int64Typable = int64Type{}

// Equal reports whether o is the same type with the same range, or the
// framework's Int64Type: the values this type reads in range are the
// framework's own Int64Value, whose type is Int64Type, and an object
// attribute (such as a service's totp) checks with Equal that the values
// it holds are of its attributes' types.
func (t int64Type) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case int64Type:
		return other.rng == t.rng
	case basetypes.Int64Type:
		return true
	}
	return false
}

// String names the type.
func (t int64Type) String() string { return fmt.Sprintf("int64Type[%d..%d]", t.rng.lo, t.rng.hi) }

// ValueFromTerraform reads a whole number of the int64 range as the
// framework does, and any other number as an outOfRangeInt64.
func (t int64Type) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.Int64Type.ValueFromTerraform(ctx, in)
	if err == nil {
		return v, nil
	}
	var f big.Float
	if in.As(&f) != nil {
		return nil, err // not a number at all: a real bug, reported as such
	}
	return outOfRangeInt64{Int64Value: basetypes.NewInt64Unknown(), rng: t.rng}, nil
}

// outOfRangeInt64 is a configured number that is not a whole number of the
// int64 range. Its validation refuses it; to the attribute's validators it
// is unknown, so that they do not report it a second time.
type outOfRangeInt64 struct {
	basetypes.Int64Value
	rng int64Range
}

var _ xattr.ValidateableAttribute = outOfRangeInt64{}

// Type returns the attribute's type.
func (v outOfRangeInt64) Type(context.Context) attr.Type { return int64Type{rng: v.rng} }

// Equal reports whether o is an out-of-range value of the same attribute type.
func (v outOfRangeInt64) Equal(o attr.Value) bool {
	other, ok := o.(outOfRangeInt64)
	return ok && other.rng == v.rng
}

// ValidateAttribute refuses the value, naming the attribute and its range.
func (v outOfRangeInt64) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Whole Number",
		fmt.Sprintf("%s must be a whole number from %d to %d; the configured number is not one (too large, too small or "+
			"a fraction). Set a value in that range.", req.Path, v.rng.lo, v.rng.hi))
}

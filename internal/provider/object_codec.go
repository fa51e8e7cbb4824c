package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework's Get and Set (tfsdk.Plan, State, Config) convert between
// values and model structs by reflection and, per call, compile a regular
// expression for every struct tag and walk the schema per attribute, a
// large share of the provider's CPU in the profiles BENCHMARKS.md shows.
// getObject and setObject do the same
// conversion directly on the protocol's values, with the tfsdk tags of the
// model read once per type.

// modelField is one tagged field of a model struct.
type modelField struct {
	name  string
	index int
}

var modelFieldsCache sync.Map // reflect.Type -> []modelField

// modelFields returns the tfsdk-tagged fields of struct type t.
func modelFields(t reflect.Type) []modelField {
	if cached, ok := modelFieldsCache.Load(t); ok {
		if fields, ok := cached.([]modelField); ok {
			return fields
		}
	}
	var fields []modelField
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("tfsdk"); name != "" && name != "-" {
			fields = append(fields, modelField{name: name, index: i})
		}
	}
	modelFieldsCache.Store(t, fields)
	return fields
}

// errNotInt64 is the error of a number that is not a whole number in the
// int64 range.
var errNotInt64 = errors.New("is not a whole number in the int64 range")

// getObject copies the object value raw into the struct target points to,
// matching attributes to tfsdk tags. It handles the attribute types the
// models use: strings, numbers (int64), booleans, maps of strings and
// objects of the first three.
func getObject(raw tftypes.Value, target any) diag.Diagnostics {
	return readObject(raw, target, false)
}

// getConfigObject is getObject for a configuration being validated: a
// number that is not a whole number in the int64 range reads as unknown,
// because the attribute's type (int64Range) refuses it in the same
// validation with a diagnostic for the user, not as a provider bug.
func getConfigObject(raw tftypes.Value, target any) diag.Diagnostics {
	return readObject(raw, target, true)
}

// readObject is getObject; with configNumbers, numbers outside int64 read
// as unknown.
func readObject(raw tftypes.Value, target any, configNumbers bool) diag.Diagnostics {
	var diags diag.Diagnostics
	rv := reflect.ValueOf(target).Elem()
	if raw.IsNull() || !raw.IsKnown() {
		diags.AddError("Provider Bug: Cannot Read Object", "The object is null or unknown.")
		return diags
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Provider Bug: Cannot Read Object", err.Error())
		return diags
	}
	for _, f := range modelFields(rv.Type()) {
		v, ok := attrs[f.name]
		if !ok {
			diags.AddError("Provider Bug: Missing Attribute", fmt.Sprintf("The value has no attribute %q.", f.name))
			continue
		}
		dst := rv.Field(f.index).Addr().Interface()
		err := decodeValue(v, dst)
		if n, ok := dst.(*types.Int64); ok && configNumbers && errors.Is(err, errNotInt64) {
			*n, err = types.Int64Unknown(), nil
		}
		if err != nil {
			diags.AddError("Provider Bug: Cannot Read Attribute", fmt.Sprintf("%s: %v", f.name, err))
		}
	}
	return diags
}

// decodeValue sets the framework value dst points to from v.
func decodeValue(v tftypes.Value, dst any) error {
	switch d := dst.(type) {
	case *types.String:
		switch {
		case !v.IsKnown():
			*d = types.StringUnknown()
		case v.IsNull():
			*d = types.StringNull()
		default:
			var s string
			if err := v.As(&s); err != nil {
				return err
			}
			*d = types.StringValue(s)
		}
	case *types.Int64:
		switch {
		case !v.IsKnown():
			*d = types.Int64Unknown()
		case v.IsNull():
			*d = types.Int64Null()
		default:
			var f big.Float
			if err := v.As(&f); err != nil {
				return err
			}
			n, acc := f.Int64()
			if acc != big.Exact {
				return fmt.Errorf("%s %w", f.String(), errNotInt64)
			}
			*d = types.Int64Value(n)
		}
	case *types.Bool:
		switch {
		case !v.IsKnown():
			*d = types.BoolUnknown()
		case v.IsNull():
			*d = types.BoolNull()
		default:
			var b bool
			if err := v.As(&b); err != nil {
				return err
			}
			*d = types.BoolValue(b)
		}
	case *types.Map:
		switch {
		case !v.IsKnown():
			*d = types.MapUnknown(types.StringType)
		case v.IsNull():
			*d = types.MapNull(types.StringType)
		default:
			var m map[string]tftypes.Value
			if err := v.As(&m); err != nil {
				return err
			}
			elems := make(map[string]attr.Value, len(m))
			for k, e := range m {
				var s types.String
				if err := decodeValue(e, &s); err != nil {
					return fmt.Errorf("key %q: %w", k, err)
				}
				elems[k] = s
			}
			mv, diags := types.MapValue(types.StringType, elems)
			if diags.HasError() {
				return fmt.Errorf("%v", diags)
			}
			*d = mv
		}
	case *types.Object:
		return decodeObject(v, d)
	default:
		return fmt.Errorf("unsupported model type %T", dst)
	}
	return nil
}

// decodeObject sets *dst from v, a nested object of the primitive types
// decodeValue handles.
func decodeObject(v tftypes.Value, dst *types.Object) error {
	typ, ok := v.Type().(tftypes.Object)
	if !ok {
		return fmt.Errorf("%s is not an object", v.Type())
	}
	attrTypes := make(map[string]attr.Type, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		switch {
		case t.Is(tftypes.String):
			attrTypes[name] = types.StringType
		case t.Is(tftypes.Number):
			attrTypes[name] = types.Int64Type
		case t.Is(tftypes.Bool):
			attrTypes[name] = types.BoolType
		default:
			return fmt.Errorf("attribute %q: unsupported nested type %s", name, t)
		}
	}
	switch {
	case !v.IsKnown():
		*dst = types.ObjectUnknown(attrTypes)
		return nil
	case v.IsNull():
		*dst = types.ObjectNull(attrTypes)
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return err
	}
	values := make(map[string]attr.Value, len(attrs))
	for name, av := range attrs {
		var err error
		switch attrTypes[name] {
		case types.StringType:
			var s types.String
			err = decodeValue(av, &s)
			values[name] = s
		case types.Int64Type:
			var n types.Int64
			err = decodeValue(av, &n)
			values[name] = n
		default:
			var b types.Bool
			err = decodeValue(av, &b)
			values[name] = b
		}
		if err != nil {
			return fmt.Errorf("attribute %q: %w", name, err)
		}
	}
	obj, diags := types.ObjectValue(attrTypes, values)
	if diags.HasError() {
		return fmt.Errorf("%v", diags)
	}
	*dst = obj
	return nil
}

// setObject replaces *raw, keeping its object type, with the values of the
// struct source points to.
func setObject(ctx context.Context, raw *tftypes.Value, source any) diag.Diagnostics {
	var diags diag.Diagnostics
	typ, ok := raw.Type().(tftypes.Object)
	if !ok {
		diags.AddError("Provider Bug: Cannot Write Object", fmt.Sprintf("The target is a %s, not an object.", raw.Type()))
		return diags
	}
	rv := reflect.ValueOf(source).Elem()
	fields := modelFields(rv.Type())
	attrs := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		av, ok := rv.Field(f.index).Interface().(attr.Value)
		if !ok {
			diags.AddError("Provider Bug: Cannot Write Attribute", fmt.Sprintf("%s is not a framework value.", f.name))
			continue
		}
		// Null and unknown take the schema's type: a zero types.Object
		// (null) does not know its attribute types.
		if attrType, ok := typ.AttributeTypes[f.name]; ok && (av.IsNull() || av.IsUnknown()) {
			if av.IsNull() {
				attrs[f.name] = tftypes.NewValue(attrType, nil)
			} else {
				attrs[f.name] = tftypes.NewValue(attrType, tftypes.UnknownValue)
			}
			continue
		}
		tv, err := av.ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Provider Bug: Cannot Write Attribute", fmt.Sprintf("%s: %v", f.name, err))
			continue
		}
		attrs[f.name] = tv
	}
	if len(attrs) != len(typ.AttributeTypes) {
		diags.AddError("Provider Bug: Cannot Write Object",
			fmt.Sprintf("The model has %d attributes and the schema %d.", len(attrs), len(typ.AttributeTypes)))
	}
	if diags.HasError() {
		return diags
	}
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		diags.AddError("Provider Bug: Cannot Write Object", err.Error())
		return diags
	}
	*raw = tftypes.NewValue(typ, attrs)
	return diags
}

// rawString reads the string attribute name of the object value raw, such
// as a write-only value from the configuration, without walking the schema.
func rawString(raw tftypes.Value, name string) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	var s types.String
	if raw.IsNull() || !raw.IsKnown() {
		return types.StringNull(), diags
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Provider Bug: Cannot Read Object", err.Error())
		return s, diags
	}
	v, ok := attrs[name]
	if !ok {
		diags.AddError("Provider Bug: Missing Attribute", fmt.Sprintf("The value has no attribute %q.", name))
		return s, diags
	}
	if err := decodeValue(v, &s); err != nil {
		diags.AddError("Provider Bug: Cannot Read Attribute", fmt.Sprintf("%s: %v", name, err))
	}
	return s, diags
}

package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// BenchmarkSchemaPathStep is a reproduction, for an upstream report, of the
// largest cost left in this provider's process: terraform-plugin-framework
// v1.19.0 finds an attribute by path through
// fwschema.SchemaApplyTerraform5AttributePathStep, which looks the name up in
// s.GetAttributes(), and resource/schema.Schema.GetAttributes copies the whole
// attribute map into a new one on every call. The framework takes such a step
// several times per attribute in every validation, plan, apply and read
// (Data.ValueAtPath, SetAtPath, MarkComputedNilsAsUnknown,
// NullifyCollectionBlocks), so a request costs about the square of the
// schema's attribute count in map copies. The sub-benchmarks look up one
// attribute in a schema of 1 attribute and in the factor's schema:
// allocations per lookup grow with the schema, which a map lookup should not.
func BenchmarkSchemaPathStep(b *testing.B) {
	ctx := context.Background()
	_, factor := factorSchemaType(b)
	one := schema.Schema{Attributes: map[string]schema.Attribute{
		"status": factor.Schema.Attributes["status"],
	}}
	status := tftypes.NewAttributePath().WithAttributeName("status")
	for _, s := range []struct {
		name   string
		schema schema.Schema
	}{{"attributes=1", one}, {"attributes=factor", factor.Schema}} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.schema.TypeAtTerraformPath(ctx, status); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions between the API client's values and the framework's, shared
// by the models of every resource and data source.

// stringOrNull maps the API's empty string to null.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// int64OrNull maps an absent number to null.
func int64OrNull(p *int64) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*p)
}

// timeOrNull renders an API timestamp as RFC 3339 UTC; the zero time is null.
func timeOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// knownString returns the value of v and whether it is known and not null.
func knownString(v types.String) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}

// knownInt64 returns a pointer to the value of v when known and not null.
func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := v.ValueInt64()
	return &n
}

// ptrStringOrNull maps the API's null or empty string to null.
func ptrStringOrNull(p *string) types.String {
	if p == nil {
		return types.StringNull()
	}
	return stringOrNull(*p)
}

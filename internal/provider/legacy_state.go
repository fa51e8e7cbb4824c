package provider

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Twilio's own provider and its service, entity, factor, webhook and
// Notify credential resources,
// sources of `moved` blocks.
const (
	legacyProviderNamespaceType = "twilio/twilio"
	legacyServiceTypeName       = "twilio_verify_services_v2"
	legacyEntityTypeName        = "twilio_verify_services_entities_v2"
	legacyFactorTypeName        = "twilio_verify_services_entities_factors_v2"
	legacyWebhookTypeName       = "twilio_verify_services_webhooks_v2"
	legacyCredentialTypeName    = "twilio_notify_credentials_v1"
)

// isLegacyProvider reports whether address is Twilio's provider on any
// registry host.
func isLegacyProvider(address string) bool {
	return strings.HasSuffix(address, "/"+legacyProviderNamespaceType) || address == legacyProviderNamespaceType
}

// legacyState reads the flat JSON state of a resource of Twilio's
// generated (SDKv2) provider, where numbers and booleans may be kept as
// strings. Values that cannot be read become errors naming the attribute.
type legacyState struct {
	typeName string
	summary  string
	raw      map[string]any
	diags    diag.Diagnostics
}

// decodeLegacyState decodes the source state of a move; ok is false when
// the request is not for typeName of Twilio's provider (another mover may
// handle it) or when it failed (resp carries the error).
func decodeLegacyState(req resource.MoveStateRequest, resp *resource.MoveStateResponse, typeName, summary string) (*legacyState, bool) {
	if req.SourceTypeName != typeName || !isLegacyProvider(req.SourceProviderAddress) {
		return nil, false
	}
	if req.SourceRawState == nil || req.SourceRawState.JSON == nil {
		resp.Diagnostics.AddError(summary, "The state of "+typeName+" has no JSON form (it predates Terraform 0.12). Run "+
			"`terraform apply` with the twilio/twilio provider once to upgrade it, then move it again, or import the object instead.")
		return nil, false
	}
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(string(req.SourceRawState.JSON)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		resp.Diagnostics.AddError(summary, "The source state is not a JSON object: "+err.Error())
		return nil, false
	}
	return &legacyState{typeName: typeName, summary: summary, raw: raw}, true
}

func (l *legacyState) fail(name, format string, args ...any) {
	l.diags.AddError(l.summary, fmt.Sprintf("Attribute %s of %s %s", name, l.typeName, fmt.Sprintf(format, args...)))
}

// str reads a string; absent, null and "" are null.
func (l *legacyState) str(name string) types.String {
	switch v := l.raw[name].(type) {
	case nil:
		return types.StringNull()
	case string:
		return stringOrNull(v)
	case json.Number:
		return types.StringValue(v.String())
	default:
		l.fail(name, "holds %T, expected a string. Import the object instead.", v)
		return types.StringNull()
	}
}

// int reads a whole number, kept as a number or a string.
func (l *legacyState) int(name string) types.Int64 {
	var text string
	switch v := l.raw[name].(type) {
	case nil:
		return types.Int64Null()
	case json.Number:
		text = v.String()
	case string:
		if v == "" {
			return types.Int64Null()
		}
		text = v
	default:
		text = fmt.Sprint(v)
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		l.fail(name, "holds %q, which is not a whole number.", text)
		return types.Int64Null()
	}
	return types.Int64Value(n)
}

// bool reads a boolean, kept as a boolean or a string.
func (l *legacyState) bool(name string) types.Bool {
	switch v := l.raw[name].(type) {
	case nil:
		return types.BoolNull()
	case bool:
		return types.BoolValue(v)
	case string:
		if v == "" {
			return types.BoolNull()
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			l.fail(name, "holds %q, which is not true or false.", v)
			return types.BoolNull()
		}
		return types.BoolValue(b)
	default:
		l.fail(name, "holds %T, expected a boolean.", v)
		return types.BoolNull()
	}
}

// strings reads a list of strings; absent and null are nil. Twilio's
// generated provider keeps some lists as one string: a JSON array or
// comma-separated values.
func (l *legacyState) strings(name string) []string {
	switch v := l.raw[name].(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				l.fail(name, "holds a %T in its list, expected strings. Import the object instead.", e)
				return nil
			}
			out = append(out, s)
		}
		return out
	case string:
		var list []string
		if json.Unmarshal([]byte(v), &list) == nil {
			return list
		}
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	default:
		l.fail(name, "holds %T, expected a list of strings. Import the object instead.", v)
		return nil
	}
}

package provider

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func TestDecodeMetadataJSON(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]map[string]string{
		``:                              nil,
		`null`:                          nil,
		`{}`:                            {},
		` {"os": "Android" , "v":"1"} `: {"os": "Android", "v": "1"},
		`{"k":"é\"\u00e9"}`:             {"k": "é\"é"},
	} {
		got, err := decodeMetadataJSON(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("decodeMetadataJSON(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{`[]`, `"s"`, `{"n":1}`, `{"b":true}`, `{"o":{}}`, `{"n":null}`, `{} {}`, `{`, `{"a":"b"}x`, `{}}`, `{}]`} {
		if got, err := decodeMetadataJSON(bad); err == nil {
			t.Errorf("decodeMetadataJSON(%q) = %v, want an error", bad, got)
		}
	}
}

// The validator measures the JSON the request sends: one encoder, with
// "<", ">" and "&" as they are (not \u003c...), and characters counted,
// not bytes.
func TestMetadataValidatorMeasuresWhatIsSent(t *testing.T) {
	t.Parallel()
	validate := func(value string) diag.Diagnostics {
		m := types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue(value)})
		var resp validator.MapResponse
		metadataValidator{}.ValidateMap(t.Context(), validator.MapRequest{Path: path.Root("metadata"), ConfigValue: m}, &resp)
		return resp.Diagnostics
	}
	// {"k":"..."} is 8 characters around the value.
	for name, value := range map[string]string{
		"300 '<' (1808 bytes if HTML-escaped)": strings.Repeat("<", 300),
		"1016 '&'":                             strings.Repeat("&", metadataMaxLength-8),
		"1016 Japanese characters":             strings.Repeat("日", metadataMaxLength-8),
	} {
		if d := validate(value); d.HasError() {
			t.Errorf("%s: refused: %v", name, d)
		}
		if got := len([]rune(verify.MetadataJSON(map[string]string{"k": value}))); got > metadataMaxLength {
			t.Errorf("%s: the request would send %d characters", name, got)
		}
	}
	if d := validate(strings.Repeat(">", metadataMaxLength-7)); !d.HasError() {
		t.Error("1025 characters of JSON accepted")
	}
}

// FuzzMetadataConversion checks that decoding never panics, accepts only
// JSON objects of strings, and that what it accepts encodes back to the
// same map.
func FuzzMetadataConversion(f *testing.F) {
	for _, seed := range []string{`{"os":"Android"}`, `{}`, `null`, `{"a":1}`, `[1]`, `{"\u0000":"x"}`, ``} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := decodeMetadataJSON(in)
		if err != nil {
			return
		}
		if m == nil {
			return
		}
		var generic map[string]any
		if json.Unmarshal([]byte(in), &generic) != nil {
			t.Fatalf("accepted %q, which is not a JSON object", in)
		}
		for k, v := range generic {
			if _, ok := v.(string); !ok {
				t.Fatalf("accepted %q whose key %q is not a string", in, k)
			}
		}
		encoded := verify.MetadataJSON(m)
		back, err := decodeMetadataJSON(encoded)
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("%q -> %v -> %q -> %v (%v)", in, m, encoded, back, err)
		}
	})
}

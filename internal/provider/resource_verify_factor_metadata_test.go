package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

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

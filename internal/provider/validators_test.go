package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCheckBase32Secret(t *testing.T) {
	t.Parallel()
	for secret, want := range map[string]string{
		"JBSWY3DPEHPK3PXP":                 "",
		"jbswy3dpehpk3pxp":                 "",
		"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP": "",
		"JBSWY3DPEHPK3PXPJB":               "",
		"JBSWY3DPEHPK3PXPJB======":         "remove the = padding",
		"JBSWY3DPEHPK3PXP=":                "remove the = padding",
		"JBSWY3DP=EHPK3PXP":                "must be base32",
		"JBSWY3DP":                         "must be 16 to 128",
		strings.Repeat("A", 129):           "must be 16 to 128",
		"JBSWY3DPEHPK3PX1":                 "must be base32",
		"JBSWY3DP EHPK3PXP":                "must be base32",
		"JBSWY3DPEHPK3PXPJ":                "not valid base32",
	} {
		got := checkBase32Secret(secret)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("checkBase32Secret(%q) = %q, want %q", secret, got, want)
		}
	}
}

func TestCheckP256PublicKey(t *testing.T) {
	t.Parallel()
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	der := func(k any) string {
		b, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(b)
	}
	for name, c := range map[string]struct{ key, want string }{
		"P-256":      {der(&p256.PublicKey), ""},
		"P-384":      {der(&p384.PublicKey), "must be an ECDSA P-256"},
		"RSA":        {der(&rsaKey.PublicKey), "must be an ECDSA P-256"},
		"not base64": {"not base64!", "must be standard base64"},
		"not DER":    {base64.StdEncoding.EncodeToString([]byte("hello")), "must be a DER-encoded PKIX"},
	} {
		got := checkP256PublicKey(c.key)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: checkP256PublicKey = %q, want %q", name, got, c.want)
		}
	}
}

func TestStringCheckValidatorSkipsUnknownAndNull(t *testing.T) {
	t.Parallel()
	v := base32SecretValidator()
	for _, value := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("binding_secret"), ConfigValue: value}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: unexpected %v", value, resp.Diagnostics)
		}
	}
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("binding_secret"), ConfigValue: types.StringValue("SECRETSECRET1111")}, resp)
	if !resp.Diagnostics.HasError() || strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "SECRETSECRET1111") {
		t.Errorf("want an error that does not echo the secret, got %v", resp.Diagnostics)
	}
}

func TestMetadataValidator(t *testing.T) {
	t.Parallel()
	mapOf := func(m map[string]string) types.Map {
		v, _ := types.MapValueFrom(context.Background(), types.StringType, m)
		return v
	}
	withUnknown, _ := types.MapValue(types.StringType, map[string]attr.Value{"a": types.StringUnknown()})
	withNull, _ := types.MapValue(types.StringType, map[string]attr.Value{"a": types.StringValue("x"), "k": types.StringNull()})
	for name, c := range map[string]struct {
		value   types.Map
		wantErr bool
	}{
		"null":               {types.MapNull(types.StringType), false},
		"unknown":            {types.MapUnknown(types.StringType), false},
		"unknown element":    {withUnknown, false},
		"small":              {mapOf(map[string]string{"os": "Android"}), false},
		"exactly 1024 chars": {mapOf(map[string]string{"k": strings.Repeat("x", 1024-len(`{"k":""}`))}), false},
		"1025 chars":         {mapOf(map[string]string{"k": strings.Repeat("x", 1025-len(`{"k":""}`))}), true},
		"null value":         {withNull, true},
		"key with a newline": {mapOf(map[string]string{"os\nname": "Android"}), true},
		"key with ESC":       {mapOf(map[string]string{"\x1b[2J": "Android"}), true},
		"value with a tab":   {mapOf(map[string]string{"note": "a\tb"}), false},
	} {
		resp := &validator.MapResponse{}
		metadataValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("metadata"), ConfigValue: c.value}, resp)
		if resp.Diagnostics.HasError() != c.wantErr {
			t.Errorf("%s: diagnostics %v, want error %t", name, resp.Diagnostics, c.wantErr)
		}
	}
}

// The null value's diagnostic names its key, at the key's path.
func TestMetadataValidatorNamesTheNullKey(t *testing.T) {
	t.Parallel()
	value, _ := types.MapValue(types.StringType, map[string]attr.Value{"os": types.StringNull()})
	resp := &validator.MapResponse{}
	metadataValidator{}.ValidateMap(t.Context(), validator.MapRequest{Path: path.Root("metadata"), ConfigValue: value}, resp)
	if len(resp.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v, want one", resp.Diagnostics)
	}
	d, ok := resp.Diagnostics[0].(diag.DiagnosticWithPath)
	if !ok || !d.Path().Equal(path.Root("metadata").AtMapKey("os")) || !strings.Contains(d.Detail(), `metadata key "os" is null`) {
		t.Errorf("diagnostic %v", resp.Diagnostics[0])
	}
}

func TestCheckNoControlCharacters(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"Frank's phone":          "",
		"認証 🔐 «téléphone»":       "",
		"tab\there":              "a control character (U+0009) at character 4",
		"nul\x00":                "a control character (U+0000) at character 4",
		"\x1b[2J":                "a control character (U+001B) at character 1",
		"line\r\nbreak":          "a control character (U+000D) at character 5",
		"c1 \u0085":              "a control character (U+0085) at character 4",
		"del\x7f":                "a control character (U+007F) at character 4",
		"電話\u202egnp":            "a bidirectional text control (U+202E) at character 3",
		"\u2066isolate\u2069":    "a bidirectional text control (U+2066) at character 1",
		"line\u2028separator":    "a line or paragraph separator (U+2028) at character 5",
		"secret-value\x1bsecret": "at character 13",
	} {
		got := checkNoControlCharacters(s)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("checkNoControlCharacters(%q) = %q, want %q", s, got, want)
		}
		if got != "" && strings.Contains(got, "secret") {
			t.Errorf("the message echoes the value: %q", got)
		}
	}
}

func TestNameValidators(t *testing.T) {
	t.Parallel()
	for value, wantErr := range map[string]bool{
		"Phone": false, "Frank's phone": false, " padded ": false,
		"": true, " ": true, "\u3000\u00a0": true, "   \t": true, "Pho\nne": true, "\u202ePhone": true, strings.Repeat("x", 33): true,
	} {
		resp := &validator.StringResponse{}
		for _, v := range nameValidators(32) {
			v.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("friendly_name"), ConfigValue: types.StringValue(value)}, resp)
		}
		if resp.Diagnostics.HasError() != wantErr {
			t.Errorf("%q: diagnostics %v, want error %t", value, resp.Diagnostics, wantErr)
		}
	}
}

func TestCheckTOTPCode(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		payload    string
		codeLength types.Int64
		want       string
	}{
		{"123456", types.Int64Null(), ""},
		{"123", types.Int64Null(), ""},
		{"12345678", types.Int64Unknown(), ""},
		{"12", types.Int64Null(), "of 3 to 8 digits"},
		{"123456789", types.Int64Null(), "of 3 to 8 digits"},
		{"12345a", types.Int64Null(), "digits only"},
		{"123 456", types.Int64Null(), "digits only"},
		{"１２３４５６", types.Int64Null(), "digits only"},
		{"12345678", types.Int64Value(8), ""},
		{"123456", types.Int64Value(8), "of 8 digits as config_code_length says"},
	} {
		got := checkTOTPCode(c.payload, c.codeLength)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("checkTOTPCode(%q, %v) = %q, want %q", c.payload, c.codeLength, got, c.want)
		}
		if got != "" && strings.Contains(got, c.payload) {
			t.Errorf("the message echoes the payload: %q", got)
		}
	}
}

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
		"JBSWY3DPEHPK3PXPJB======":         "",
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
	} {
		resp := &validator.MapResponse{}
		metadataValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("metadata"), ConfigValue: c.value}, resp)
		if resp.Diagnostics.HasError() != c.wantErr {
			t.Errorf("%s: diagnostics %v, want error %t", name, resp.Diagnostics, c.wantErr)
		}
	}
}

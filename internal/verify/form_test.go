package verify

import (
	"net/url"
	"reflect"
	"testing"
)

func TestCreateFactorParamsForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    CreateFactorParams
		want url.Values
	}{
		{
			name: "empty: nothing sent (path parameters are not form fields)",
			p:    CreateFactorParams{ServiceSID: "VA1", Identity: "id-1", Metadata: map[string]string{}},
			want: url.Values{},
		},
		{
			name: "every field",
			p: CreateFactorParams{
				ServiceSID: "VA1", Identity: "id-1",
				FriendlyName: "Alice's phone", FactorType: "push",
				BindingAlg: "ES256", BindingPublicKey: "MFkw+/=", BindingSecret: "JBSWY3DP",
				ConfigAppID: "com.example.app", ConfigNotificationPlatform: "fcm",
				ConfigNotificationToken: "tok:en", ConfigSdkVersion: "1.2.3",
				ConfigTimeStep: ptr[int64](30), ConfigSkew: ptr[int64](0), ConfigCodeLength: ptr[int64](8),
				ConfigAlg: "sha256",
				Metadata:  map[string]string{"os": "Android", "a<b": "c&d", "empty": ""},
			},
			want: url.Values{
				"FriendlyName":                {"Alice's phone"},
				"FactorType":                  {"push"},
				"Binding.Alg":                 {"ES256"},
				"Binding.PublicKey":           {"MFkw+/="},
				"Binding.Secret":              {"JBSWY3DP"},
				"Config.AppId":                {"com.example.app"},
				"Config.NotificationPlatform": {"fcm"},
				"Config.NotificationToken":    {"tok:en"},
				"Config.SdkVersion":           {"1.2.3"},
				"Config.TimeStep":             {"30"},
				"Config.Skew":                 {"0"},
				"Config.CodeLength":           {"8"},
				"Config.Alg":                  {"sha256"},
				"Metadata":                    {`{"a<b":"c&d","empty":"","os":"Android"}`},
			},
		},
		{
			name: "totp with only a secret",
			p:    CreateFactorParams{FriendlyName: "x", FactorType: "totp", BindingSecret: "S"},
			want: url.Values{"FriendlyName": {"x"}, "FactorType": {"totp"}, "Binding.Secret": {"S"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Form(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Form() =\n %v\nwant\n %v", got, tt.want)
			}
		})
	}
}

func TestCreateFactorFormEncoding(t *testing.T) {
	t.Parallel()
	p := CreateFactorParams{FriendlyName: "a b&c", FactorType: "totp", Metadata: map[string]string{"k": "v"}}
	want := "FactorType=totp&FriendlyName=a+b%26c&Metadata=%7B%22k%22%3A%22v%22%7D"
	if got := p.Form().Encode(); got != want {
		t.Errorf("Encode() = %s, want %s", got, want)
	}
}

func TestUpdateFactorParamsForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    UpdateFactorParams
		want url.Values
	}{
		{name: "nil omitted", want: url.Values{}},
		{
			name: "every field, empty string kept",
			p: UpdateFactorParams{
				AuthPayload: ptr("123456"), FriendlyName: ptr(""),
				ConfigNotificationToken: ptr("tok"), ConfigSdkVersion: ptr("2.0.0"),
				ConfigTimeStep: ptr[int64](60), ConfigSkew: ptr[int64](2), ConfigCodeLength: ptr[int64](3),
				ConfigAlg: ptr("sha512"), ConfigNotificationPlatform: ptr("none"),
			},
			want: url.Values{
				"AuthPayload":                 {"123456"},
				"FriendlyName":                {""},
				"Config.NotificationToken":    {"tok"},
				"Config.SdkVersion":           {"2.0.0"},
				"Config.TimeStep":             {"60"},
				"Config.Skew":                 {"2"},
				"Config.CodeLength":           {"3"},
				"Config.Alg":                  {"sha512"},
				"Config.NotificationPlatform": {"none"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Form(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Form() =\n %v\nwant\n %v", got, tt.want)
			}
		})
	}
}

func TestServiceParamsForm(t *testing.T) {
	t.Parallel()
	if got := (ServiceParams{}).Form(); len(got) != 0 {
		t.Errorf("empty Form() = %v", got)
	}
	got := ServiceParams{
		FriendlyName: ptr("S"), TotpIssuer: ptr("Acme"), TotpTimeStep: ptr[int64](30), TotpCodeLength: ptr[int64](6),
		TotpSkew: ptr[int64](1), LookupEnabled: ptr(false), Psd2Enabled: ptr(true), TtsName: ptr(""),
		PasskeysRelyingPartyOrigins: &[]string{"https://a.example", "https://b.example"},
		PasskeysUserVerification:    ptr("required"), PushApnCredentialSID: ptr("CR1"),
	}.Form()
	want := url.Values{
		"FriendlyName": {"S"}, "Totp.Issuer": {"Acme"}, "Totp.TimeStep": {"30"}, "Totp.CodeLength": {"6"}, "Totp.Skew": {"1"},
		"LookupEnabled": {"false"}, "Psd2Enabled": {"true"}, "TtsName": {""},
		"Passkeys.RelyingParty.Origins": {"https://a.example,https://b.example"},
		"Passkeys.UserVerification":     {"required"}, "Push.ApnCredentialSid": {"CR1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Form() = %v, want %v", got, want)
	}
}

func TestMetadataJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   map[string]string
		want string
	}{
		{nil, "null"},
		{map[string]string{}, "{}"},
		{map[string]string{"z": "1", "a": "2"}, `{"a":"2","z":"1"}`},
		{map[string]string{"q": `"quoted" \ <tag> & é`}, `{"q":"\"quoted\" \\ <tag> & é"}`},
	}
	for _, tt := range tests {
		if got := MetadataJSON(tt.in); got != tt.want {
			t.Errorf("MetadataJSON(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func BenchmarkCreateFactorForm(b *testing.B) {
	p := pushParams()
	p.Metadata = map[string]string{"os": "Android", "model": "Pixel 8", "app": "1.2.3"}
	b.ReportAllocs()
	for b.Loop() {
		if s := p.Form().Encode(); len(s) == 0 {
			b.Fatal("empty form")
		}
	}
}

func TestDecodeMetadataJSON(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]map[string]string{
		``:                              nil,
		`null`:                          nil,
		`{}`:                            {},
		` {"os": "Android" , "v":"1"} `: {"os": "Android", "v": "1"},
		`{"k":"é\"\u00e9"}`:             {"k": "é\"é"},
	} {
		got, err := DecodeMetadataJSON(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeMetadataJSON(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{`[]`, `"s"`, `{"n":1}`, `{"b":true}`, `{"o":{}}`, `{"n":null}`, `{} {}`, `{`, `{"a":"b"}x`, `{}}`, `{}]`} {
		if got, err := DecodeMetadataJSON(bad); err == nil {
			t.Errorf("DecodeMetadataJSON(%q) = %v, want an error", bad, got)
		}
	}
}

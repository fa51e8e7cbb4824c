package provider

import (
	"encoding/json"
	"reflect"
	"testing"
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

func TestEncodeMetadataIsCanonical(t *testing.T) {
	t.Parallel()
	got, err := encodeMetadata(map[string]string{"b": "2", "a": "1"})
	if err != nil || got != `{"a":"1","b":"2"}` {
		t.Errorf("encodeMetadata = %q, %v", got, err)
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
		encoded, err := encodeMetadata(m)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeMetadataJSON(encoded)
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("%q -> %v -> %q -> %v (%v)", in, m, encoded, back, err)
		}
	})
}

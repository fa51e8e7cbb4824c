package verify

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeError: any status and body decode without panicking, keep the
// status and give a valid UTF-8 message of bounded size.
func FuzzDecodeError(f *testing.F) {
	f.Add(404, []byte(`{"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}`))
	f.Add(502, []byte("<html><body>502 Bad Gateway</body></html>"))
	f.Add(500, []byte(""))
	f.Add(0, []byte("\xff\xfe\x00"))
	f.Add(-1, []byte(`{"code": 1e400}`))
	f.Add(429, []byte(`{"code": null, "message": null}`))
	f.Add(400, []byte(`{"code": 60200, "message": "\ud800"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := DecodeError(status, body)
		if e == nil {
			t.Fatal("nil error")
		}
		if e.Status != status {
			t.Fatalf("Status = %d, want %d", e.Status, status)
		}
		s := e.Error()
		if !utf8.ValidString(s) {
			t.Fatalf("Error() is not valid UTF-8: %q", s)
		}
		if e.Code == 0 && e.Message == "" {
			t.Fatalf("empty message for %q", body)
		}
		// A non-Twilio body is cut short.
		if e.Code == 0 && !strings.HasPrefix(string(bytes.TrimSpace(body)), "{") && utf8.RuneCountInString(e.Message) > maxErrorMessageRunes+40 {
			t.Fatalf("message too long: %d runes", utf8.RuneCountInString(e.Message))
		}
	})
}

// FuzzFactorPageDecode: any body decodes or fails cleanly; a page that
// decodes survives a re-encoding.
func FuzzFactorPageDecode(f *testing.F) {
	// Small seeds: minimizing a large input under coverage guidance is slow.
	f.Add([]byte(`{"factors": [{"sid": "YF1", "date_created": "2015-07-30T20:00:00Z", "config": {"skew": 1}, "metadata": {"os": "x"}}], "meta": {"page_size": 1, "next_page_url": null}}`))
	f.Add([]byte(`{"factors": [{"metadata": {"a": 1, "b": [true]}, "config": null}], "meta": null}`))
	f.Add([]byte(`{"factors": [{"metadata": "{\"a\": \"b\"}"}]}`))
	f.Add([]byte(`{"factors": null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := decodeFactorPage(bytes.NewReader(body))
		if err != nil {
			return
		}
		b, err := json.Marshal(page)
		if err != nil {
			t.Fatalf("re-encoding a decoded page: %v", err)
		}
		if _, err := decodeFactorPage(bytes.NewReader(b)); err != nil {
			t.Fatalf("decoding a re-encoded page: %v\n%s", err, b)
		}
	})
}

// FuzzMetadataForm: metadata sent in the form decodes back to the same
// map, both with encoding/json and with the tolerant decoder.
func FuzzMetadataForm(f *testing.F) {
	f.Add("os", "Android", "model", "Pixel <8> & co")
	f.Add("", "", "\"", "\\")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		if !utf8.ValidString(k1) || !utf8.ValidString(v1) || !utf8.ValidString(k2) || !utf8.ValidString(v2) {
			t.Skip("invalid UTF-8 is replaced by U+FFFD")
		}
		m := map[string]string{k1: v1, k2: v2}
		form, err := url.ParseQuery(CreateFactorParams{Metadata: m}.Form().Encode())
		if err != nil {
			t.Fatal(err)
		}
		raw := form.Get("Metadata")
		var back map[string]string
		if err := json.Unmarshal([]byte(raw), &back); err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("Metadata %s decodes to %v, %v; want %v", raw, back, err, m)
		}
		var tolerant metadataField
		if err := tolerant.UnmarshalJSON([]byte(raw)); err != nil || !reflect.DeepEqual(map[string]string(tolerant), m) {
			t.Fatalf("tolerant decode of %s = %v, %v", raw, tolerant, err)
		}
	})
}

// FuzzDecodeMetadataJSON checks that DecodeMetadataJSON never panics, accepts only
// JSON objects of strings, and that what it accepts encodes back to the
// same map.
func FuzzDecodeMetadataJSON(f *testing.F) {
	for _, seed := range []string{`{"os":"Android"}`, `{}`, `null`, `{"a":1}`, `[1]`, `{"\u0000":"x"}`, ``} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := DecodeMetadataJSON(in)
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
		encoded := MetadataJSON(m)
		back, err := DecodeMetadataJSON(encoded)
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("%q -> %v -> %q -> %v (%v)", in, m, encoded, back, err)
		}
	})
}

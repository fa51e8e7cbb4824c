package verify

import "testing"

// The one rule for a base URL, which the provider checks at plan and the
// client again when it is built.
func TestCheckBaseURL(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://verify.twilio.com":             true,
		"https://verify.dublin.ie1.twilio.com/": true,
		"http://127.0.0.1:8089":                 true,
		"http://127.8.9.10":                     true,
		"http://[::1]:8089":                     true,
		"http://localhost:8089":                 true,
		"http://LOCALHOST":                      true,
		"http://verify.twilio.com":              false,
		"http://192.168.1.10:8089":              false,
		"http://127.0.0.1.nip.io":               false,
		"ftp://127.0.0.1":                       false,
		"https://user:pw@host":                  false,
		"https://host?x=1":                      false,
		"http://127.0.0.1:8089?":                false,
		"http://127.0.0.1:8089#":                false,
		"http://127.0.0.1:8089/#frag":           false,
		"http://127.0.0.1:8089/v2":              false,
		"127.0.0.1:8089":                        false,
		"":                                      false,
		"http://127.0.0.1:65535":                true,
		"https://verify.twilio.com:443":         true,
		"http://127.0.0.1:99999":                false,
		"http://127.0.0.1:0":                    false,
		"https://verify.twilio.com:65536":       false,
	} {
		if err := CheckBaseURL(raw); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok=%t", raw, err, ok)
		}
	}
}

// Webhook URLs follow the same plain-http rule as base URLs, and may have a
// path and query.
func TestCheckWebhookURL(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://example.com/twilio/events?team=a": true,
		"http://127.0.0.1:9000/hook":               true,
		"http://localhost/hook":                    true,
		"http://[::1]:9000/":                       true,
		"http://example.com/hook":                  false,
		"http://10.0.0.1/hook":                     false,
		"ftp://example.com/hook":                   false,
		"https://user:pw@example.com/hook":         false,
		"https:///hook":                            false,
		"/hook":                                    false,
		"https://example.com/hook#part":            false,
		"":                                         false,
	} {
		if err := CheckWebhookURL(raw); (err == nil) != ok {
			t.Errorf("CheckWebhookURL(%q) = %v, want ok=%t", raw, err, ok)
		}
	}
}

package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// factorPageJSON returns a list page of n push and TOTP factors.
func factorPageJSON(tb testing.TB, n int) []byte {
	tb.Helper()
	type wire struct {
		Factors []Factor       `json:"factors"`
		Meta    map[string]any `json:"meta"`
	}
	w := wire{Meta: map[string]any{"page": 0, "page_size": n, "key": "factors", "next_page_url": nil}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		f := Factor{
			SID: fmt.Sprintf("YF%032x", i), AccountSID: testAccountSID, ServiceSID: testServiceSID,
			EntitySID: fmt.Sprintf("YE%032x", 1), Identity: testIdentity,
			DateCreated: now, DateUpdated: now, FriendlyName: fmt.Sprintf("factor %d", i),
			Status: StatusVerified, URL: fmt.Sprintf("https://verify.twilio.com/v2/Services/%s/Entities/%s/Factors/YF%032x", testServiceSID, testIdentity, i),
			Metadata: map[string]string{"os": "Android", "model": "Pixel"},
		}
		if i%2 == 0 {
			f.FactorType = FactorTypeTOTP
			f.Config = FactorConfig{Alg: "sha1", Skew: ptr[int64](1), CodeLength: ptr[int64](6), TimeStep: ptr[int64](30)}
		} else {
			f.FactorType = FactorTypePush
			f.Config = FactorConfig{SdkVersion: "1.0.0", AppID: "com.example.app", NotificationPlatform: "fcm", NotificationToken: testToken}
		}
		w.Factors = append(w.Factors, f)
	}
	b, err := json.Marshal(w)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkDecodeFactorPage(b *testing.B) {
	body := factorPageJSON(b, 1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := decodeFactorPage(bytes.NewReader(body))
		if err != nil || len(p.Factors) != 1000 {
			b.Fatal(err)
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

func TestFactorPageJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := decodeFactorPage(bytes.NewReader(factorPageJSON(t, 10)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Factors) != 10 || p.Factors[1].Config.NotificationToken != testToken || *p.Factors[0].Config.TimeStep != 30 {
		t.Errorf("page = %+v", p)
	}
}

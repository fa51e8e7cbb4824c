package provider

import (
	"strings"
	"testing"
)

func TestParseFactorID(t *testing.T) {
	t.Parallel()
	const (
		va = "VA0123456789abcdef0123456789abcdef"
		yf = "YF0123456789ABCDEF0123456789abcdef"
	)
	good := va + "/user-0001/" + yf
	s, i, f, ok := parseFactorID(good)
	if !ok || s != va || i != "user-0001" || f != yf || factorID(s, i, f) != good {
		t.Fatalf("parseFactorID(%q) = %q %q %q %t", good, s, i, f, ok)
	}
	for _, bad := range []string{
		"", "/", "//", va, va + "/user-0001", va + "/user-0001/" + yf + "/x", "/user-0001/" + yf,
		"VA123/user-0001/" + yf, va + "/user/" + yf, va + "/user_0001/" + yf, va + "/-user-0001/" + yf,
		va + "/user--0001/" + yf, va + "/" + strings.Repeat("a", 65) + "/" + yf, va + "/user-0001/YE0123456789abcdef0123456789abcdef",
		va + " /user-0001/" + yf,
	} {
		if _, _, _, ok := parseFactorID(bad); ok {
			t.Errorf("parseFactorID(%q) accepted a malformed ID", bad)
		}
	}
	if d := importIDErrorDetail("x/y"); !strings.HasPrefix(d, `Unexpected format of import ID ("x/y"), expected <service_sid>/<identity>/<factor_sid>`) {
		t.Errorf("detail %q", d)
	}
}

// FuzzParseFactorID checks that any accepted ID round-trips and that every
// part it returns matches the API's formats.
func FuzzParseFactorID(f *testing.F) {
	f.Add("VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef")
	f.Add("VA0123456789abcdef0123456789abcdef/a-b-c-d-e/YF0123456789abcdef0123456789abcdef")
	f.Add("//")
	f.Add("VA/x/YF")
	f.Fuzz(func(t *testing.T, id string) {
		if d := importIDErrorDetail(id); len(d) > 1000 {
			t.Fatalf("the error of a %d-byte ID is %d bytes", len(id), len(d))
		}
		s, i, sid, ok := parseFactorID(id)
		if !ok {
			return
		}
		if factorID(s, i, sid) != id {
			t.Fatalf("%q does not round-trip", id)
		}
		if !serviceSIDPattern.MatchString(s) || !validIdentity(i) || !factorSIDPattern.MatchString(sid) || strings.Contains(i, "/") {
			t.Fatalf("%q accepted with invalid parts %q %q %q", id, s, i, sid)
		}
	})
}

package ids

import (
	"strings"
	"testing"
)

const (
	va = "VA0123456789abcdef0123456789abcdef"
	yf = "YF0123456789ABCDEF0123456789abcdef"
)

func TestParseFactor(t *testing.T) {
	t.Parallel()
	good := va + "/user-0001/" + yf
	s, i, f, ok := ParseFactor(good)
	if !ok || s != va || i != "user-0001" || f != yf || Factor(s, i, f) != good {
		t.Fatalf("ParseFactor(%q) = %q %q %q %t", good, s, i, f, ok)
	}
	for _, bad := range []string{
		"", "/", "//", va, va + "/user-0001", va + "/user-0001/" + yf + "/x", "/user-0001/" + yf,
		"VA123/user-0001/" + yf, va + "/user/" + yf, va + "/user_0001/" + yf, va + "/-user-0001/" + yf,
		va + "/user--0001/" + yf, va + "/" + strings.Repeat("a", 65) + "/" + yf, va + "/user-0001/YE0123456789abcdef0123456789abcdef",
		va + " /user-0001/" + yf,
	} {
		if _, _, _, ok := ParseFactor(bad); ok {
			t.Errorf("ParseFactor(%q) accepted a malformed ID", bad)
		}
	}
}

func TestParseEntity(t *testing.T) {
	t.Parallel()
	if s, id, ok := ParseEntity(va + "/user-0001"); !ok || s != va || id != "user-0001" || Entity(s, id) != va+"/user-0001" {
		t.Errorf("valid ID refused: %q %q %t", s, id, ok)
	}
	for _, bad := range []string{"", va, va + "/", va + "/short", "VA1/user-0001", va + "/user-0001/extra", "/user-0001"} {
		if _, _, ok := ParseEntity(bad); ok {
			t.Errorf("ParseEntity(%q) accepted", bad)
		}
	}
}

func TestValidIdentity(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"user-0001": true, "a-b-c-d-e": true, "12345678": true, strings.Repeat("a", 64): true,
		"short": false, strings.Repeat("a", 65): false, "-user-0001": false, "user-0001-": false,
		"user--0001": false, "user_0001": false, "user 0001": false, "usér-0001": false,
	} {
		if got := ValidIdentity(s); got != want {
			t.Errorf("ValidIdentity(%q) = %t, want %t", s, got, want)
		}
	}
}

// FuzzParseFactor checks that any accepted ID round-trips and that every
// part it returns matches the API's forms.
func FuzzParseFactor(f *testing.F) {
	f.Add(va + "/user-0001/" + yf)
	f.Add(va + "/a-b-c-d-e/" + yf)
	f.Add("//")
	f.Add("VA/x/YF")
	f.Fuzz(func(t *testing.T, id string) {
		s, i, sid, ok := ParseFactor(id)
		if !ok {
			return
		}
		if Factor(s, i, sid) != id {
			t.Fatalf("%q does not round-trip", id)
		}
		if !ServiceSIDPattern.MatchString(s) || !ValidIdentity(i) || !FactorSIDPattern.MatchString(sid) || strings.Contains(i, "/") {
			t.Fatalf("%q accepted with invalid parts %q %q %q", id, s, i, sid)
		}
	})
}

// FuzzParseEntity checks that any accepted ID round-trips and that both
// parts match the API's forms.
func FuzzParseEntity(f *testing.F) {
	f.Add(va + "/user-0001")
	f.Add(va + "/user-0001/extra")
	f.Add("/")
	f.Fuzz(func(t *testing.T, id string) {
		s, identity, ok := ParseEntity(id)
		if !ok {
			return
		}
		if Entity(s, identity) != id {
			t.Fatalf("%q does not round-trip", id)
		}
		if !ServiceSIDPattern.MatchString(s) || !ValidIdentity(identity) || strings.Contains(identity, "/") {
			t.Fatalf("%q accepted with invalid parts %q %q", id, s, identity)
		}
	})
}

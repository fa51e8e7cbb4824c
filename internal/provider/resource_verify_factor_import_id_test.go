package provider

import (
	"strings"
	"testing"
)

// TestImportIDErrorDetail checks that the detail of a malformed factor import
// ID quotes it and names the expected form (internal/ids parses the IDs).
func TestImportIDErrorDetail(t *testing.T) {
	t.Parallel()
	if d := importIDErrorDetail("x/y"); !strings.HasPrefix(d, `Unexpected format of import ID ("x/y"), expected <service_sid>/<identity>/<factor_sid>`) {
		t.Errorf("detail %q", d)
	}
}

package provider

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

func TestParseWebhookID(t *testing.T) {
	t.Parallel()
	const svc, sid = "VA0123456789abcdef0123456789abcdef", "YW0123456789abcdef0123456789abcdef"
	if s, w, ok := parseWebhookID(svc + "/" + sid); !ok || s != svc || w != sid {
		t.Errorf("parseWebhookID refused a good ID: %q %q", s, w)
	}
	for _, bad := range []string{"", sid, svc, svc + "/", svc + "/" + sid + "/x", sid + "/" + svc, svc + "/YF0123456789abcdef0123456789abcdef"} {
		if _, _, ok := parseWebhookID(bad); ok {
			t.Errorf("parseWebhookID(%q) accepted", bad)
		}
	}
	if detail := webhookImportIDErrorDetail(strings.Repeat("x", 500)); len(detail) > 400 || !strings.Contains(detail, webhookImportIDFormat) {
		t.Errorf("detail %q", detail)
	}
}

// An update sends only the settings that changed; a create sends all.
func TestPlanWebhookChange(t *testing.T) {
	t.Parallel()
	types1, _ := stringSet([]string{verify.EventTypeFactorVerified})
	types2, _ := stringSet([]string{verify.EventTypeFactorVerified, verify.EventTypeChallengeApproved})
	state := webhookModel{FriendlyName: types.StringValue("hook"), EventTypes: types1, WebhookURL: types.StringValue("https://a"),
		Status: types.StringValue("enabled"), Version: types.StringValue("v2")}
	if f := planWebhookChange(state, nil).params.Form(); len(f) != 5 {
		t.Errorf("create sends %v", f)
	}
	for _, tt := range []struct {
		name string
		set  func(*webhookModel)
		want []string // the parameters sent
	}{
		{"nothing", func(*webhookModel) {}, nil},
		{"status", func(m *webhookModel) { m.Status = types.StringValue("disabled") }, []string{"Status"}},
		{"event types", func(m *webhookModel) { m.EventTypes = types2 }, []string{"EventTypes"}},
		{"url and version", func(m *webhookModel) {
			m.WebhookURL, m.Version = types.StringValue("https://b"), types.StringValue("v1")
		},
			[]string{"Version", "WebhookUrl"}},
	} {
		plan := state
		tt.set(&plan)
		got := planWebhookChange(plan, &state)
		sent := slices.Sorted(maps.Keys(got.params.Form()))
		if strings.Join(sent, ",") != strings.Join(tt.want, ",") || got.changed != (len(tt.want) > 0) {
			t.Errorf("%s: sends %v (changed %t), want %v", tt.name, sent, got.changed, tt.want)
		}
	}
}

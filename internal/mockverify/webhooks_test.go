package mockverify

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func webhooksURL(svc string) string { return "/v2/Services/" + svc + "/Webhooks" }

// createWebhook creates a webhook and fails unless it gets 201.
func (e *env) createWebhook(svc string, form url.Values) result {
	e.t.Helper()
	r := e.do(http.MethodPost, webhooksURL(svc), form)
	e.expect(r, http.StatusCreated, 0)
	return r
}

func TestWebhookCreateDefaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	r := e.createWebhook(svc, url.Values{
		"FriendlyName": {"backend"}, "EventTypes": {"factor.verified", "challenge.approved", "factor.verified"},
		"WebhookUrl": {"https://backend.example.com/hook"},
	})
	sid := r.str("sid")
	if !webhookSIDPattern.MatchString(sid) {
		t.Fatalf("sid %q", sid)
	}
	want := map[string]any{
		"service_sid": svc, "account_sid": DefaultAccountSID, "friendly_name": "backend",
		"status": "enabled", "version": "v2", "webhook_method": "POST",
		"webhook_url": "https://backend.example.com/hook", "date_created": "2024-05-06T07:08:09Z",
		"date_updated": "2024-05-06T07:08:09Z", "url": e.srv.URL + webhooksURL(svc) + "/" + sid,
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	// Duplicates are dropped, the order kept.
	if got := r.body["event_types"]; !reflect.DeepEqual(got, []any{"factor.verified", "challenge.approved"}) {
		t.Errorf("event_types %v", got)
	}
	got := e.mock.Webhooks("", svc)
	if len(got) != 1 || got[0].SID != sid || got[0].Status != "enabled" || got[0].Version != "v2" {
		t.Errorf("Webhooks() = %+v", got)
	}
}

func TestWebhookUpdateOnlyWhatIsSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	sid := e.createWebhook(svc, url.Values{
		"FriendlyName": {"backend"}, "EventTypes": {"*"}, "WebhookUrl": {"https://a.example.com"},
	}).str("sid")
	path := webhooksURL(svc) + "/" + sid

	r := e.do(http.MethodPost, path, url.Values{"Status": {"disabled"}})
	e.expect(r, http.StatusOK, 0)
	if r.str("status") != "disabled" || r.str("friendly_name") != "backend" || r.str("webhook_url") != "https://a.example.com" {
		t.Errorf("after status update: %s", r.raw)
	}
	r = e.do(http.MethodPost, path, url.Values{"EventTypes": {"factor.deleted"}, "Version": {"v1"}, "WebhookUrl": {"http://127.0.0.1:8080/h"}})
	e.expect(r, http.StatusOK, 0)
	if !reflect.DeepEqual(r.body["event_types"], []any{"factor.deleted"}) || r.str("version") != "v1" || r.str("status") != "disabled" {
		t.Errorf("after update: %s", r.raw)
	}
	r = e.do(http.MethodGet, path, nil)
	e.expect(r, http.StatusOK, 0)
	if r.str("webhook_url") != "http://127.0.0.1:8080/h" {
		t.Errorf("fetch: %s", r.raw)
	}
}

func TestWebhookValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	valid := func(change func(url.Values)) url.Values {
		v := url.Values{"FriendlyName": {"n"}, "EventTypes": {"*"}, "WebhookUrl": {"https://a.example.com"}}
		change(v)
		return v
	}
	tests := []struct {
		name        string
		form        url.Values
		code        int
		messagePart string
	}{
		{"no name", valid(func(v url.Values) { v.Del("FriendlyName") }), 20001, "FriendlyName"},
		{"no events", valid(func(v url.Values) { v.Del("EventTypes") }), 20001, "EventTypes"},
		{"no url", valid(func(v url.Values) { v.Del("WebhookUrl") }), 20001, "WebhookUrl"},
		{"bad event", valid(func(v url.Values) { v.Add("EventTypes", "factor.updated") }), 60200, "EventTypes"},
		{"relative url", valid(func(v url.Values) { v.Set("WebhookUrl", "/hook") }), 60200, "WebhookUrl"},
		{"ftp url", valid(func(v url.Values) { v.Set("WebhookUrl", "ftp://a.example.com") }), 60200, "WebhookUrl"},
		{"bad status", valid(func(v url.Values) { v.Set("Status", "on") }), 60200, "Status"},
		{"bad version", valid(func(v url.Values) { v.Set("Version", "v3") }), 60200, "Version"},
		{"long name", valid(func(v url.Values) { v.Set("FriendlyName", strings.Repeat("n", 65)) }), 60200, "FriendlyName"},
		{"unknown", valid(func(v url.Values) { v.Set("WebhookMethod", "GET") }), 60200, "WebhookMethod"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := e.with(t)
			r := e.do(http.MethodPost, webhooksURL(svc), tc.form)
			e.expect(r, http.StatusBadRequest, tc.code)
			if !strings.Contains(r.str("message"), tc.messagePart) {
				t.Errorf("message %q does not name %s", r.str("message"), tc.messagePart)
			}
		})
	}
	if n := len(e.mock.Webhooks("", svc)); n != 0 {
		t.Errorf("%d webhooks after refused creates", n)
	}
	e.expect(e.do(http.MethodGet, webhooksURL(svc)+"/YWnothex", nil), http.StatusBadRequest, 60200)
	e.expect(e.do(http.MethodGet, webhooksURL("VA"+strings.Repeat("0", 32)), nil), http.StatusNotFound, 20404)
}

func TestWebhookDeleteAndDrift(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	form := url.Values{"FriendlyName": {"n"}, "EventTypes": {"*"}, "WebhookUrl": {"https://a.example.com"}}
	first := e.createWebhook(svc, form).str("sid")
	second := e.createWebhook(svc, form).str("sid")

	e.expect(e.do(http.MethodDelete, webhooksURL(svc)+"/"+first, nil), http.StatusNoContent, 0)
	r := e.do(http.MethodGet, webhooksURL(svc)+"/"+first, nil)
	e.expect(r, http.StatusNotFound, 20404)
	if want := "The requested resource /Services/" + svc + "/Webhooks/" + first + " was not found"; r.str("message") != want {
		t.Errorf("message %q", r.str("message"))
	}
	if !e.mock.DeleteWebhook("", svc, second) || e.mock.DeleteWebhook("", svc, second) {
		t.Error("DeleteWebhook reports wrongly")
	}
	r = e.do(http.MethodGet, webhooksURL(svc), nil)
	e.expect(r, http.StatusOK, 0)
	if len(r.list("webhooks")) != 0 || r.obj("meta")["key"] != "webhooks" {
		t.Errorf("list after deletes: %s", r.raw)
	}

	// Deleting the service deletes its webhooks.
	e.createWebhook(svc, form)
	e.expect(e.do(http.MethodDelete, "/v2/Services/"+svc, nil), http.StatusNoContent, 0)
	if got := e.mock.Webhooks("", svc); got != nil {
		t.Errorf("webhooks of a deleted service: %+v", got)
	}
}

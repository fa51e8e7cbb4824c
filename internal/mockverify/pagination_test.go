package mockverify

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// listAll follows next_page_url from first and returns the SIDs per page.
func listAll(e *env, first string, key string) (pages [][]string, metas []map[string]any) {
	e.t.Helper()
	next := first
	for next != "" {
		r := e.do(http.MethodGet, next, nil)
		e.expect(r, http.StatusOK, 0)
		pages = append(pages, r.sids(key))
		meta := r.obj("meta")
		metas = append(metas, meta)
		next, _ = meta["next_page_url"].(string)
		if len(pages) > 100 {
			e.t.Fatal("pagination does not end")
		}
	}
	return pages, metas
}

func TestFactorPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{MaxPageSize: 3})
	svc := e.service(ServiceParams{})
	var want []string
	for range 8 {
		want = append(want, e.createTOTP(svc, "user-0001", nil).str("sid"))
	}
	e.createTOTP(svc, "user-0002", nil) // another entity: never listed

	base := e.srv.URL + factorsURL(svc, "user-0001")
	pages, metas := listAll(e, factorsURL(svc, "user-0001")+"?PageSize=50", "factors")
	if len(pages) != 3 || len(pages[0]) != 3 || len(pages[1]) != 3 || len(pages[2]) != 2 {
		t.Fatalf("pages %v", pages)
	}
	if got := strings.Join(append(append(pages[0], pages[1]...), pages[2]...), ","); got != strings.Join(want, ",") {
		t.Fatalf("order\n got %s\nwant %s", got, strings.Join(want, ","))
	}
	for i, m := range metas {
		if m["page"] != float64(i) || m["page_size"] != float64(3) || m["key"] != "factors" {
			t.Errorf("meta %d: %v", i, m)
		}
		if m["first_page_url"] != base+"?PageSize=3&Page=0" {
			t.Errorf("first_page_url %v", m["first_page_url"])
		}
		for _, k := range []string{"url", "next_page_url", "previous_page_url"} {
			if u, ok := m[k].(string); ok && !strings.HasPrefix(u, base+"?") {
				t.Errorf("%s %q is not absolute", k, u)
			}
		}
	}
	if metas[0]["url"] != base+"?PageSize=3&Page=0" || metas[0]["previous_page_url"] != nil {
		t.Errorf("first page meta %v", metas[0])
	}
	if metas[2]["next_page_url"] != nil {
		t.Errorf("last page next_page_url %v", metas[2]["next_page_url"])
	}
	if metas[1]["previous_page_url"] == nil || metas[2]["previous_page_url"] == nil {
		t.Fatalf("previous_page_url missing: %v", metas)
	}
	// previous_page_url leads back.
	prev := e.do(http.MethodGet, asString(metas[2]["previous_page_url"]), nil)
	if got := prev.sids("factors"); len(got) != 3 || got[0] != pages[1][0] {
		t.Errorf("previous page %s", prev.raw)
	}
	if prev.obj("meta")["page"] != float64(1) {
		t.Errorf("previous page index %v", prev.obj("meta")["page"])
	}

	// Page index without token.
	r := e.do(http.MethodGet, factorsURL(svc, "user-0001"), url.Values{"PageSize": {"2"}, "Page": {"3"}})
	if got := r.sids("factors"); len(got) != 2 || got[0] != want[6] {
		t.Errorf("Page=3 %s", r.raw)
	}
	if r.obj("meta")["next_page_url"] != nil {
		t.Errorf("next_page_url on the last page: %v", r.obj("meta")["next_page_url"])
	}
	r = e.do(http.MethodGet, factorsURL(svc, "user-0001"), url.Values{"Page": {"99"}})
	if got := r.sids("factors"); len(got) != 0 {
		t.Errorf("page beyond the end: %s", r.raw)
	}

	// A page exactly full has no next page.
	e.mock.SetMaxPageSize(4)
	pages, _ = listAll(e, factorsURL(svc, "user-0001"), "factors")
	if len(pages) != 2 || len(pages[1]) != 4 {
		t.Errorf("pages of 4: %v", pages)
	}
	e.mock.SetMaxPageSize(0) // back to 1000
	pages, metas = listAll(e, factorsURL(svc, "user-0001"), "factors")
	if len(pages) != 1 || len(pages[0]) != 8 || metas[0]["page_size"] != float64(50) {
		t.Errorf("default page: %v %v", pages, metas)
	}
}

func TestPaginationSurvivesDeletes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	var sids []string
	for range 6 {
		sids = append(sids, e.createTOTP(svc, "user-0001", nil).str("sid"))
	}
	r := e.do(http.MethodGet, factorsURL(svc, "user-0001"), url.Values{"PageSize": {"2"}})
	next := asString(r.obj("meta")["next_page_url"])
	// Deleting an item of the first page neither skips nor repeats.
	e.do(http.MethodDelete, factorsURL(svc, "user-0001")+"/"+sids[0], nil)
	r = e.do(http.MethodGet, next, nil)
	got := r.sids("factors")
	if len(got) != 2 || got[0] != sids[2] || got[1] != sids[3] {
		t.Fatalf("second page after a delete: %s", r.raw)
	}
}

func TestPaginationErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	svc := e.service(ServiceParams{})
	for _, q := range []url.Values{
		{"PageSize": {"0"}},
		{"PageSize": {"1001"}},
		{"PageSize": {"-5"}},
		{"PageSize": {"ten"}},
		{"Page": {"-1"}},
		{"PageToken": {"bogus"}},
		{"PageToken": {"PAzz"}},
	} {
		for _, path := range []string{factorsURL(svc, "user-0001"), "/v2/Services"} {
			r := e.do(http.MethodGet, path, q)
			e.expect(r, http.StatusBadRequest, 20007)
		}
	}
	for _, ok := range []string{"1", "1000"} {
		e.expect(e.do(http.MethodGet, "/v2/Services", url.Values{"PageSize": {ok}}), http.StatusOK, 0)
	}
}

func TestServicePagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{MaxPageSize: 2})
	var want []string
	for range 5 {
		want = append(want, e.do(http.MethodPost, "/v2/Services", url.Values{"FriendlyName": {"s"}}).str("sid"))
	}
	pages, metas := listAll(e, "/v2/Services", "services")
	if len(pages) != 3 || metas[0]["key"] != "services" || metas[0]["page_size"] != float64(2) {
		t.Fatalf("pages %v metas %v", pages, metas)
	}
	var got []string
	for _, p := range pages {
		got = append(got, p...)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("services %v, want %v", got, want)
	}
	if metas[0]["first_page_url"] != e.srv.URL+"/v2/Services?PageSize=2&Page=0" {
		t.Errorf("first_page_url %v", metas[0]["first_page_url"])
	}
}

func TestPageTokens(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		after bool
		seq   int64
	}{{true, 0}, {true, 1}, {false, 255}, {true, 1 << 40}} {
		tok := pageToken(tc.after, tc.seq)
		after, seq, ok := parsePageToken(tok)
		if !ok || after != tc.after || seq != tc.seq {
			t.Errorf("%s parsed as %v %d %v", tok, after, seq, ok)
		}
	}
	for _, bad := range []string{"", "PA", "XX12", "PA-1", "PAg", "PB12 "} {
		if _, _, ok := parsePageToken(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// pagedServer serves the test entity's factors in pages of pageSize,
// linking them with absolute next_page_url values built by nextURL (the
// server's own by default), and records the query strings it was asked for.
type pagedServer struct {
	srv     *httptest.Server
	mu      sync.Mutex
	queries []string
	nextURL func(base string, page int) string
}

func newPagedServer(t *testing.T, total, pageSize int) *pagedServer {
	t.Helper()
	p := &pagedServer{}
	p.nextURL = func(base string, page int) string {
		return fmt.Sprintf("%s/v2/Services/%s/Entities/%s/Factors?PageSize=%d&Page=%d&PageToken=PT%d", base, testServiceSID, testIdentity, pageSize, page, page)
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.queries = append(p.queries, r.URL.RawQuery)
		p.mu.Unlock()
		var page int
		if tok := r.URL.Query().Get("PageToken"); tok != "" {
			_, _ = fmt.Sscanf(tok, "PT%d", &page)
		}
		var factors []Factor
		for i := page * pageSize; i < min((page+1)*pageSize, total); i++ {
			factors = append(factors, Factor{
				SID: fmt.Sprintf("YF%032d", i), ServiceSID: testServiceSID, Identity: testIdentity, DateCreated: time.Unix(1767323045, 0).UTC(),
				FactorType: FactorTypeTOTP, Status: StatusUnverified, Metadata: map[string]string{"i": fmt.Sprint(i)},
			})
		}
		meta := map[string]any{"page": page, "page_size": pageSize, "key": "factors", "url": p.nextURL(p.srv.URL, page), "next_page_url": nil}
		if (page+1)*pageSize < total {
			meta["next_page_url"] = p.nextURL(p.srv.URL, page+1)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"factors": factors, "meta": meta})
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func TestListFactorsFollowsNextPageURL(t *testing.T) {
	t.Parallel()
	p := newPagedServer(t, 7, 3) // pages of 3, 3 and 1
	c, err := New(Config{BaseURL: p.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ListFactors(t.Context(), testServiceSID, testIdentity)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 {
		t.Fatalf("%d factors, want 7", len(got))
	}
	for i, f := range got {
		if f.SID != fmt.Sprintf("YF%032d", i) || f.Metadata["i"] != fmt.Sprint(i) {
			t.Errorf("factor %d = %+v", i, f)
		}
	}
	want := []string{"PageSize=1000", "PageSize=3&Page=1&PageToken=PT1", "PageSize=3&Page=2&PageToken=PT2"}
	if strings.Join(p.queries, "|") != strings.Join(want, "|") {
		t.Errorf("queries = %q, want %q (next_page_url followed as given)", p.queries, want)
	}
}

// A next_page_url pointing elsewhere is refused before any request is sent
// there with the credentials.
func TestForeignNextPageURLRefused(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var foreignHits int
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		foreignHits++
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(foreign.Close)

	for _, tc := range []struct {
		name string
		next func(p *pagedServer) func(string, int) string
	}{
		{"other host", func(*pagedServer) func(string, int) string {
			return func(_ string, page int) string { return fmt.Sprintf("%s/v2/x?Page=%d", foreign.URL, page) }
		}},
		{"other scheme", func(*pagedServer) func(string, int) string {
			return func(base string, page int) string {
				return strings.Replace(base, "http://", "https://", 1) + fmt.Sprintf("/v2/x?Page=%d", page)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPagedServer(t, 5, 2)
			p.nextURL = tc.next(p)
			c, err := New(Config{BaseURL: p.srv.URL, AccountSID: testAccountSID, AuthToken: testAuthToken})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListFactors(t.Context(), testServiceSID, testIdentity)
			if err == nil || !strings.Contains(err.Error(), "refusing to follow next_page_url") {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if strings.Contains(err.Error(), testAuthToken) {
				t.Errorf("error contains the token: %v", err)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if foreignHits != 0 {
		t.Errorf("the foreign host got %d requests", foreignHits)
	}
}

// listingCase is one of the client's full listings: its item key, the
// path of its first page, a call and an item it accepts.
type listingCase struct {
	key, path, item string
	list            func(context.Context, *Client) error
}

func listingCases() []listingCase {
	return []listingCase{
		{
			key: "factors", path: "/v2/Services/" + testServiceSID + "/Entities/" + testIdentity + "/Factors",
			item: `{"sid":"YF1","service_sid":"` + testServiceSID + `","identity":"` + testIdentity + `","factor_type":"totp","status":"verified","date_created":"2026-01-02T03:04:05Z"}`,
			list: func(ctx context.Context, c *Client) error {
				_, err := c.ListFactors(ctx, testServiceSID, testIdentity)
				return err
			},
		},
		{
			key: "services", path: "/v2/Services", item: `{"sid":"VA1","friendly_name":"S","date_created":"2026-01-02T03:04:05Z"}`,
			list: func(ctx context.Context, c *Client) error { _, err := c.ListServices(ctx); return err },
		},
		{
			key: "entities", path: "/v2/Services/" + testServiceSID + "/Entities",
			item: `{"sid":"YE1","service_sid":"` + testServiceSID + `","identity":"` + testIdentity + `","date_created":"2026-01-02T03:04:05Z"}`,
			list: func(ctx context.Context, c *Client) error { _, err := c.ListEntities(ctx, testServiceSID); return err },
		},
	}
}

// pageServer answers every request with page(r, base URL) and counts them.
func pageServer(t *testing.T, page func(r *http.Request, base string) string) (*Client, func() int) {
	t.Helper()
	var mu sync.Mutex
	var hits int
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, page(r, srv.URL))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() int { mu.Lock(); defer mu.Unlock(); return hits }
}

// A next_page_url pointing to a page the listing already fetched ends it
// with an error after a handful of requests, for every listing.
func TestNextPageURLLoopRefused(t *testing.T) {
	t.Parallel()
	for _, lc := range listingCases() {
		for name, next := range map[string]func(r *http.Request, base string) string{
			"own URL": func(r *http.Request, base string) string { return base + r.URL.String() },
			"two pages pointing at each other": func(r *http.Request, base string) string {
				if r.URL.Query().Get("Page") == "1" {
					return base + lc.path + "?PageSize=1000"
				}
				return base + lc.path + "?PageSize=1000&Page=1&PageToken=PT1"
			},
			"back to page 1, query reordered": func(r *http.Request, base string) string {
				switch r.URL.Query().Get("Page") {
				case "1":
					return base + lc.path + "?PageSize=1000&Page=2&PageToken=PT2"
				case "2":
					return lc.path + "?PageToken=PT1&Page=1&PageSize=1000" // relative, too
				}
				return base + lc.path + "?PageSize=1000&Page=1&PageToken=PT1"
			},
		} {
			t.Run(lc.key+"/"+name, func(t *testing.T) {
				t.Parallel()
				c, hits := pageServer(t, func(r *http.Request, base string) string {
					return fmt.Sprintf(`{%q:[%s],"meta":{"url":%q,"next_page_url":%q}}`, lc.key, lc.item, base+r.URL.String(), next(r, base))
				})
				err := lc.list(t.Context(), c)
				if err == nil || !strings.Contains(err.Error(), "already fetched") {
					t.Errorf("err = %v, want a refusal of a page already fetched", err)
				}
				if n := hits(); n > 3 {
					t.Errorf("%d requests, want at most 3", n)
				}
			})
		}
	}
}

// A page without its item array (or whose array is not one) is an error,
// not an empty page, for every listing.
func TestListPageWithoutItsArray(t *testing.T) {
	t.Parallel()
	for _, lc := range listingCases() {
		for name, body := range map[string]string{
			"no key":       `{"meta":{"next_page_url":null}}`,
			"null":         `{%q:null,"meta":{}}`,
			"object":       `{%q:{},"meta":{}}`,
			"string":       `{%q:"[]","meta":{}}`,
			"another list": `{"items":[],"meta":{"key":%[1]q}}`,
			"not a page":   `[]`,
		} {
			t.Run(lc.key+"/"+name, func(t *testing.T) {
				t.Parallel()
				if strings.Contains(body, "%") {
					body = fmt.Sprintf(body, lc.key)
				}
				c, _ := pageServer(t, func(*http.Request, string) string { return body })
				err := lc.list(t.Context(), c)
				if err == nil || (name != "not a page" && !strings.Contains(err.Error(), lc.key)) {
					t.Errorf("err = %v, want an error naming %q", err, lc.key)
				}
			})
		}
	}
	c, _ := pageServer(t, func(*http.Request, string) string { return `{"meta":{}}` })
	if _, err := c.ListFactors(t.Context(), testServiceSID, testIdentity); err == nil {
		t.Error("ListFactors: want an error for a page without factors")
	}
}

// A page holding more items than the PageSize asked for is an error; a
// page of 200,000 items is refused without decoding them all.
func TestPageWithMoreItemsThanAsked(t *testing.T) {
	t.Parallel()
	for _, lc := range listingCases() {
		t.Run(lc.key, func(t *testing.T) {
			t.Parallel()
			// Small items, so that the body stays under maxResponseBodyBytes.
			huge := `{"` + lc.key + `":[` + strings.Repeat(`{},`, 200_000-1) + `{}],"meta":{}}`
			c, _ := pageServer(t, func(*http.Request, string) string { return huge })
			if err := lc.list(t.Context(), c); err == nil || !strings.Contains(err.Error(), "more than 1000 "+lc.key) {
				t.Errorf("200,000 items: err = %v", err)
			}
			// The second page was asked for with PageSize=2 (by its
			// next_page_url) and holds 3.
			c, _ = pageServer(t, func(r *http.Request, base string) string {
				if r.URL.Query().Get("Page") == "" {
					return fmt.Sprintf(`{%q:[%s],"meta":{"next_page_url":%q}}`, lc.key, lc.item, base+lc.path+"?PageSize=2&Page=1")
				}
				return fmt.Sprintf(`{%q:[%s,%[2]s,%[2]s],"meta":{}}`, lc.key, lc.item)
			})
			if err := lc.list(t.Context(), c); err == nil || !strings.Contains(err.Error(), "more than 2 "+lc.key) {
				t.Errorf("3 items for PageSize=2: err = %v", err)
			}
		})
	}
}

// Every item of a list must be a complete object of the list asked for.
func TestListItemsMustBeWhatWasAskedFor(t *testing.T) {
	t.Parallel()
	other := map[string][]string{
		"factors": {
			`{}`,
			`{"sid":"YF1","service_sid":"` + testServiceSID + `","identity":"` + testIdentity + `"}`,
			`{"sid":"YF1","service_sid":"VAffffffffffffffffffffffffffffffff","identity":"` + testIdentity + `","factor_type":"totp","status":"verified"}`,
			`{"sid":"YF1","service_sid":"` + testServiceSID + `","identity":"someone-else","factor_type":"totp","status":"verified"}`,
		},
		"services": {`{}`, `{"sid":"VA1"}`, `{"friendly_name":"S"}`},
		"entities": {
			`{}`,
			`{"sid":"YE1","identity":"` + testIdentity + `"}`,
			`{"sid":"YE1","service_sid":"VAffffffffffffffffffffffffffffffff","identity":"` + testIdentity + `"}`,
		},
	}
	for _, lc := range listingCases() {
		for i, item := range other[lc.key] {
			c, _ := pageServer(t, func(*http.Request, string) string {
				return fmt.Sprintf(`{%q:[%s,%s],"meta":{}}`, lc.key, lc.item, item)
			})
			if err := lc.list(t.Context(), c); !errors.As(err, new(*UnexpectedResponseError)) {
				t.Errorf("%s, item %d (%s): err = %v, want *UnexpectedResponseError", lc.key, i, item, err)
			}
		}
		c, _ := pageServer(t, func(*http.Request, string) string { return fmt.Sprintf(`{%q:[%s],"meta":{}}`, lc.key, lc.item) })
		if err := lc.list(t.Context(), c); err != nil {
			t.Errorf("%s: a valid page: %v", lc.key, err)
		}
	}
}

func TestListServicesPages(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	var mu sync.Mutex
	var foreignAsked bool
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("Page")
		meta := map[string]any{"key": "services", "next_page_url": nil}
		var svcs []map[string]any
		switch page {
		case "":
			svcs = []map[string]any{{"sid": "VA1", "friendly_name": "One", "date_created": "2026-01-02T03:04:05Z", "totp": nil}}
			meta["next_page_url"] = srv.URL + "/v2/Services?PageSize=1&Page=1&PageToken=PT1"
		case "1":
			svcs = []map[string]any{{"sid": "VA2", "friendly_name": "Two", "date_created": "2026-01-02T03:04:05Z", "totp": map[string]any{"issuer": "I"}}}
			meta["next_page_url"] = "https://evil.example.com/v2/Services?Page=2"
		default:
			mu.Lock()
			foreignAsked = true
			mu.Unlock()
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"services": svcs, "meta": meta})
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListServices(t.Context())
	if err == nil || !strings.Contains(err.Error(), "refusing") || foreignAsked {
		t.Fatalf("err = %v, want a refusal of the foreign next_page_url", err)
	}
}

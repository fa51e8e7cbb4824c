package verify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
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
				SID: fmt.Sprintf("YF%032d", i), ServiceSID: testServiceSID, Identity: testIdentity,
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

func TestFactorPageByPage(t *testing.T) {
	t.Parallel()
	p := newPagedServer(t, 5, 2)
	c, err := New(Config{BaseURL: p.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	page, err := c.ListFactorsPage(ctx, testServiceSID, testIdentity, 2)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for page != nil {
		sizes = append(sizes, len(page.Factors))
		if page, err = c.NextFactorPage(ctx, page); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(sizes) != "[2 2 1]" {
		t.Errorf("page sizes = %v", sizes)
	}
	if next, err := c.NextFactorPage(ctx, nil); next != nil || err != nil {
		t.Errorf("NextFactorPage(nil) = %v, %v", next, err)
	}
	empty := ""
	if next, err := c.NextFactorPage(ctx, &FactorPage{Meta: PageMeta{NextPageURL: &empty}}); next != nil || err != nil {
		t.Errorf("NextFactorPage(empty URL) = %v, %v", next, err)
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

func TestNextPageURLLoopRefused(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		self := srv.URL + r.URL.String()
		_ = json.NewEncoder(w).Encode(map[string]any{"factors": []any{}, "services": []any{}, "meta": map[string]any{"url": self, "next_page_url": self}})
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListFactors(t.Context(), testServiceSID, testIdentity); err == nil {
		t.Error("ListFactors: want an error for a page that links to itself")
	}
	if _, err := c.ListServices(t.Context()); err == nil {
		t.Error("ListServices: want an error for a page that links to itself")
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
			svcs = []map[string]any{{"sid": "VA1", "friendly_name": "One", "totp": nil}}
			meta["next_page_url"] = srv.URL + "/v2/Services?PageSize=1&Page=1&PageToken=PT1"
		case "1":
			svcs = []map[string]any{{"sid": "VA2", "friendly_name": "Two", "totp": map[string]any{"issuer": "I"}}}
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

package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListPageSize is the page size every listing asks for (the API's maximum).
const ListPageSize = 1000

// maxPages bounds how many pages a listing follows, against a server that
// keeps returning a next page it has not returned before.
const maxPages = 10000

// pageItems is the item array of a list page ("factors", "services" or
// "entities"). It decodes at most max items, so a page holding more than
// the PageSize asked for is refused before they are all allocated, and it
// records whether the array was there at all: a page without it is not an
// empty page.
type pageItems[W any] struct {
	key     string // the page's key for the array, for messages
	max     int    // the PageSize asked for; ListPageSize when 0
	present bool
	items   []W
}

// UnmarshalJSON decodes the array one item at a time.
func (p *pageItems[W]) UnmarshalJSON(b []byte) error {
	limit := p.max
	if limit <= 0 {
		limit = ListPageSize
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("%q is not a JSON array", p.key)
	}
	for dec.More() {
		if len(p.items) >= limit {
			return fmt.Errorf("the page holds more than %d %s, the PageSize asked for", limit, p.key)
		}
		var w W
		if err := dec.Decode(&w); err != nil {
			return fmt.Errorf("%s[%d]: %w", p.key, len(p.items), err)
		}
		p.items = append(p.items, w)
	}
	p.present = true
	return nil
}

// factorPageWire, servicePage, entityPage, webhookPage and credentialPage
// are the wire forms of list pages; each has its items under its own key.
type (
	factorPageWire struct {
		Factors pageItems[factorWire] `json:"factors"`
		Meta    PageMeta              `json:"meta"`
	}
	servicePage struct {
		Services pageItems[Service] `json:"services"`
		Meta     PageMeta           `json:"meta"`
	}
	entityPage struct {
		Entities pageItems[Entity] `json:"entities"`
		Meta     PageMeta          `json:"meta"`
	}
	webhookPage struct {
		Webhooks pageItems[Webhook] `json:"webhooks"`
		Meta     PageMeta           `json:"meta"`
	}
	credentialPage struct {
		Credentials pageItems[Credential] `json:"credentials"`
		Meta        PageMeta              `json:"meta"`
	}
)

func factorPageItems(p *factorPageWire) (*pageItems[factorWire], *PageMeta) {
	return &p.Factors, &p.Meta
}

func servicePageItems(p *servicePage) (*pageItems[Service], *PageMeta) {
	return &p.Services, &p.Meta
}

func entityPageItems(p *entityPage) (*pageItems[Entity], *PageMeta) {
	return &p.Entities, &p.Meta
}

func webhookPageItems(p *webhookPage) (*pageItems[Webhook], *PageMeta) {
	return &p.Webhooks, &p.Meta
}

func credentialPageItems(p *credentialPage) (*pageItems[Credential], *PageMeta) {
	return &p.Credentials, &p.Meta
}

// listAll is the one loop every listing goes through. It fetches the
// first page at PageSize=ListPageSize and follows next_page_url (same host
// as the first page only, see followURL) until a page has none. It stops with an error when
// a next_page_url points to a page this listing already fetched, after
// maxPages pages, and at the first page that is not a page of key (see
// fetchPage) or whose item does not pass item, which converts and checks
// it.
func listAll[P, W, T any](ctx context.Context, c *Client, key, first string,
	itemsOf func(*P) (*pageItems[W], *PageMeta), item func(*W) (T, error),
) ([]T, error) {
	origin, err := url.Parse(first)
	if err != nil {
		return nil, fmt.Errorf("verify: listing %s: %w", key, err)
	}
	u := first + "?PageSize=" + strconv.Itoa(ListPageSize)
	visited := make(map[string]struct{})
	var all []T
	for {
		if len(visited) >= maxPages {
			return nil, fmt.Errorf("verify: listing %s: more than %d pages", key, maxPages)
		}
		visited[pageKey(u)] = struct{}{}
		page, err := fetchPage(ctx, c, key, u, itemsOf)
		if err != nil {
			return nil, err
		}
		items, meta := itemsOf(page)
		for i := range items.items {
			t, err := item(&items.items[i])
			if err != nil {
				return nil, listItemError(key, u, i, err)
			}
			all = append(all, t)
		}
		if meta.NextPageURL == nil || *meta.NextPageURL == "" {
			return all, nil
		}
		if u, err = nextPageURL(origin, key, *meta.NextPageURL, visited); err != nil {
			return nil, err
		}
	}
}

// fetchPage fetches one page of key from u. A page must hold its items as
// a JSON array under key, and no more of them than the PageSize u asks for.
func fetchPage[P, W any](ctx context.Context, c *Client, key, u string, itemsOf func(*P) (*pageItems[W], *PageMeta)) (*P, error) {
	var page P
	items, _ := itemsOf(&page)
	items.key, items.max = key, pageSizeOf(u)
	if err := c.do(ctx, &request{method: http.MethodGet, url: u, idempotent: true}, &page); err != nil {
		return nil, err
	}
	if !items.present {
		return nil, fmt.Errorf("verify: GET %s: the answer has no %q array, so it is not a page of %s", stripQuery(u), key, key)
	}
	return &page, nil
}

// nextPageURL checks a page's next_page_url (see followURL) and refuses
// one that points to a page in visited, which would make the listing loop.
func nextPageURL(origin *url.URL, key, raw string, visited map[string]struct{}) (string, error) {
	next, err := followURL(origin, raw)
	if err != nil {
		return "", err
	}
	if _, seen := visited[pageKey(next)]; seen {
		return "", fmt.Errorf("verify: listing %s: next_page_url %q points to a page already fetched, so the listing would never end", key, stripQuery(next))
	}
	return next, nil
}

// pageKey identifies a page URL whatever the case of its host and the order
// of its query parameters.
func pageKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath() + "?" + u.Query().Encode()
}

// pageSizeOf returns the PageSize that u asks for, within 1 to
// ListPageSize; ListPageSize when u asks for none or another value.
func pageSizeOf(u string) int {
	parsed, err := url.Parse(u)
	if err != nil {
		return ListPageSize
	}
	n, err := strconv.Atoi(parsed.Query().Get("PageSize"))
	if err != nil || n < 1 || n > ListPageSize {
		return ListPageSize
	}
	return n
}

// listItemError says which item of which page was refused.
func listItemError(key, u string, i int, err error) error {
	return fmt.Errorf("verify: GET %s: %s[%d]: %w", stripQuery(u), key, i, err)
}

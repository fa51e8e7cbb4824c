package verify

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

func (c *Client) servicesURL() string { return c.apiPath("v2", "Services") }

func (c *Client) serviceURL(sid string) string { return c.apiPath("v2", "Services", sid) }

// CreateService creates a Verify service. The POST is not idempotent: only
// 429s and dial errors are retried, and a create whose response is lost is
// not recovered (services are created by tests and demos, not by the
// provider's resources).
func (c *Client) CreateService(ctx context.Context, p CreateServiceParams) (*Service, error) {
	var s Service
	r := &request{method: http.MethodPost, url: c.servicesURL(), form: p.Form(), idempotent: false}
	if err := c.do(ctx, r, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// FetchService fetches a service (its totp settings give the issuer of
// TOTP key URIs).
func (c *Client) FetchService(ctx context.Context, sid string) (*Service, error) {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return nil, err
	}
	var s Service
	if err := c.do(ctx, &request{method: http.MethodGet, url: c.serviceURL(sid), idempotent: true}, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ListServices returns all services of the account, following
// next_page_url (same-host only) from page to page.
func (c *Client) ListServices(ctx context.Context) ([]Service, error) {
	u := c.servicesURL() + "?PageSize=" + strconv.Itoa(ListPageSize)
	var all []Service
	for n := 0; ; n++ {
		if n >= maxPages {
			return nil, fmt.Errorf("verify: listing services: more than %d pages", maxPages)
		}
		var page servicePage
		if err := c.do(ctx, &request{method: http.MethodGet, url: u, idempotent: true}, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Services...)
		if page.Meta.NextPageURL == nil || *page.Meta.NextPageURL == "" {
			return all, nil
		}
		next, err := c.followURL(*page.Meta.NextPageURL)
		if err != nil {
			return nil, err
		}
		if next == u {
			return nil, fmt.Errorf("verify: next_page_url %q is the page's own URL", stripQuery(next))
		}
		u = next
	}
}

// DeleteService deletes a service and everything in it. A 404 is returned
// as an *Error (IsNotFound is true).
func (c *Client) DeleteService(ctx context.Context, sid string) error {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.serviceURL(sid), idempotent: true}, nil)
}

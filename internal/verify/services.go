package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

func (c *Client) servicesURL() string { return c.apiPath("v2", "Services") }

func (c *Client) serviceURL(sid string) string { return c.apiPath("v2", "Services", sid) }

// CreateService creates a Verify service and never creates it twice: a
// create whose outcome is unknown is resolved by the create-recovery engine
// (see create_recovery.go), with the account's services of the same
// friendly name created since the attempt as look-alikes. A service does
// not expire, so when one appeared the create stops with a *CreateError
// naming it rather than leave a duplicate behind.
func (c *Client) CreateService(ctx context.Context, p ServiceParams) (*Service, error) {
	if p.FriendlyName == nil || *p.FriendlyName == "" {
		return nil, &CreateError{Kind: "service", Outcome: OutcomeNotCreated, Err: errors.New("verify: service friendly name must not be empty")}
	}
	form := p.Form()
	ctx = maskContext(ctx, c.requestSecrets(form))
	name := *p.FriendlyName
	s, _, err := create(ctx, c, createRecipe[*Service]{
		kind:     "service",
		claimKey: name,
		send: func(ctx context.Context, maxAttempts int) (*Service, int, error) {
			r := &request{method: http.MethodPost, url: c.servicesURL(), form: form, maxAttempts: maxAttempts}
			var s Service
			err := c.do(ctx, r, &s)
			return &s, r.attempts, err
		},
		sid: func(s *Service) string { return s.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			services, listing, err := c.listServicesDated(ctx)
			if err != nil {
				return nil, err
			}
			since := createWindowStart(start, listing) // on Twilio's clock
			var out []Candidate
			for _, s := range services {
				if s.FriendlyName == name && !s.DateCreated.Before(since) {
					out = append(out, Candidate{Kind: "service", SID: s.SID, DateCreated: s.DateCreated, URL: c.serviceURL(s.SID)})
				}
			}
			sortCandidates(out)
			return out, nil
		},
	})
	return s, err
}

// FetchService fetches a service. A missing service is an *Error for which
// IsNotFound is true.
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

// UpdateService sends one POST with the non-nil fields of p. An update sets
// values, so it is retried like a GET.
func (c *Client) UpdateService(ctx context.Context, sid string, p ServiceParams) (*Service, error) {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return nil, err
	}
	var s Service
	r := &request{method: http.MethodPost, url: c.serviceURL(sid), form: p.Form(), idempotent: true}
	if err := c.do(ctx, r, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ListServices returns all services of the account, following
// next_page_url (same-host only) from page to page.
func (c *Client) ListServices(ctx context.Context) ([]Service, error) {
	services, _, err := c.listServicesDated(ctx)
	return services, err
}

// listServicesDated is ListServices that also returns the first page's
// request, whose serverDate and receivedAt date the listing.
func (c *Client) listServicesDated(ctx context.Context) ([]Service, *request, error) {
	return listAll(ctx, c, "services", c.servicesURL(), func(p *servicePage) ([]Service, PageMeta) { return p.Services, p.Meta })
}

// DeleteService deletes a service and everything in it. A 404 is returned
// as an *Error (IsNotFound is true).
func (c *Client) DeleteService(ctx context.Context, sid string) error {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.serviceURL(sid), idempotent: true}, nil)
}

// listAll fetches every page of a list at PageSize=ListPageSize, following
// next_page_url (same host only). It also returns the first page's request,
// whose Date header dates the listing on Twilio's clock.
func listAll[P any, T any](ctx context.Context, c *Client, what, first string, items func(*P) ([]T, PageMeta)) ([]T, *request, error) {
	u := first + "?PageSize=" + strconv.Itoa(ListPageSize)
	var all []T
	var firstRequest *request
	for n := 0; ; n++ {
		if n >= maxPages {
			return nil, firstRequest, fmt.Errorf("verify: listing %s: more than %d pages", what, maxPages)
		}
		var page P
		r := &request{method: http.MethodGet, url: u, idempotent: true}
		if firstRequest == nil {
			firstRequest = r
		}
		if err := c.do(ctx, r, &page); err != nil {
			return nil, firstRequest, err
		}
		list, meta := items(&page)
		all = append(all, list...)
		if meta.NextPageURL == nil || *meta.NextPageURL == "" {
			return all, firstRequest, nil
		}
		next, err := c.followURL(*meta.NextPageURL)
		if err != nil {
			return nil, firstRequest, err
		}
		if next == u {
			return nil, firstRequest, fmt.Errorf("verify: next_page_url %q is the page's own URL", stripQuery(next))
		}
		u = next
	}
}

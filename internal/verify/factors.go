package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListPageSize is the page size ListFactors and ListServices ask for (the
// API's maximum).
const ListPageSize = 1000

// maxPages bounds how many pages a full listing follows, against a server
// that never stops returning a next page.
const maxPages = 10000

func (c *Client) factorsURL(serviceSID, identity string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities", identity, "Factors")
}

func (c *Client) factorURL(serviceSID, identity, sid string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities", identity, "Factors", sid)
}

// createFactorOnce sends one factor create (a non-idempotent POST: only 429s
// and dial errors are retried, within maxAttempts) and returns the attempts
// it made.
func (c *Client) createFactorOnce(ctx context.Context, p CreateFactorParams, form url.Values, maxAttempts int) (*NewFactor, int, error) {
	r := &request{
		method:      http.MethodPost,
		url:         c.factorsURL(p.ServiceSID, p.Identity),
		form:        form,
		idempotent:  false,
		maxAttempts: maxAttempts,
	}
	var w newFactorWire
	if err := c.do(ctx, r, &w); err != nil {
		return nil, r.attempts, err
	}
	nf := w.newFactor()
	if err := checkFactorResponse(&nf.Factor, p.ServiceSID, p.Identity, ""); err != nil {
		// A 2xx was returned, so a factor was probably created; the answer
		// cannot say which. Recovery lists the entity's factors to find it.
		return nil, r.attempts, &outcomeUnknownError{err: fmt.Errorf("verify: POST %s: %w", stripQuery(r.url), err)}
	}
	return nf, r.attempts, nil
}

// checkFactorResponse refuses an answer that does not describe the factor
// asked for: an empty sid, or a service_sid, identity or (when sid is not
// empty) sid other than the request's. Such an answer must never reach
// Terraform's state.
func checkFactorResponse(f *Factor, serviceSID, identity, sid string) error {
	switch {
	case f.SID == "":
		return &UnexpectedResponseError{Field: "sid", Want: sid}
	case sid != "" && !strings.EqualFold(f.SID, sid):
		return &UnexpectedResponseError{Field: "sid", Got: f.SID, Want: sid}
	case !strings.EqualFold(f.ServiceSID, serviceSID):
		return &UnexpectedResponseError{Field: "service_sid", Got: f.ServiceSID, Want: serviceSID}
	case f.Identity != identity:
		return &UnexpectedResponseError{Field: "identity", Got: f.Identity, Want: identity}
	}
	return nil
}

// FetchFactor fetches one factor. A missing factor is an *Error for which
// IsNotFound is true.
func (c *Client) FetchFactor(ctx context.Context, serviceSID, identity, sid string) (*Factor, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity, "factor SID", sid); err != nil {
		return nil, err
	}
	var w factorWire
	r := &request{method: http.MethodGet, url: c.factorURL(serviceSID, identity, sid), idempotent: true}
	if err := c.do(ctx, r, &w); err != nil {
		return nil, err
	}
	f := w.factor()
	if err := checkFactorResponse(&f, serviceSID, identity, sid); err != nil {
		return nil, fmt.Errorf("verify: GET %s: %w", stripQuery(r.url), err)
	}
	return &f, nil
}

// UpdateFactor updates a factor with the non-nil fields of p (and verifies
// it when p.AuthPayload is set). An update sets values, so it is retried
// like a GET.
func (c *Client) UpdateFactor(ctx context.Context, serviceSID, identity, sid string, p UpdateFactorParams) (*Factor, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity, "factor SID", sid); err != nil {
		return nil, err
	}
	var w factorWire
	r := &request{method: http.MethodPost, url: c.factorURL(serviceSID, identity, sid), form: p.Form(), idempotent: true}
	if err := c.do(ctx, r, &w); err != nil {
		return nil, err
	}
	f := w.factor()
	if err := checkFactorResponse(&f, serviceSID, identity, sid); err != nil {
		return nil, fmt.Errorf("verify: POST %s: %w", stripQuery(r.url), err)
	}
	return &f, nil
}

// DeleteFactor deletes a factor. A 404 is returned as an *Error (IsNotFound
// is true); whether that counts as success is the caller's decision.
func (c *Client) DeleteFactor(ctx context.Context, serviceSID, identity, sid string) error {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity, "factor SID", sid); err != nil {
		return err
	}
	r := &request{method: http.MethodDelete, url: c.factorURL(serviceSID, identity, sid), idempotent: true}
	return c.do(ctx, r, nil)
}

// ListFactors returns all factors of an entity, following next_page_url
// from page to page (PageSize=1000). An entity that does not exist gives an
// *Error for which IsNotFound is true.
func (c *Client) ListFactors(ctx context.Context, serviceSID, identity string) ([]Factor, error) {
	page, err := c.ListFactorsPage(ctx, serviceSID, identity, ListPageSize)
	if err != nil {
		return nil, err
	}
	all := page.Factors
	for n := 1; ; n++ {
		if n >= maxPages {
			return nil, fmt.Errorf("verify: listing factors: more than %d pages", maxPages)
		}
		page, err = c.NextFactorPage(ctx, page)
		if err != nil {
			return nil, err
		}
		if page == nil {
			return all, nil
		}
		all = append(all, page.Factors...)
	}
}

// ListFactorsPage returns the first page of an entity's factors. pageSize
// is sent as PageSize when positive (the API accepts 1 to 1000).
func (c *Client) ListFactorsPage(ctx context.Context, serviceSID, identity string, pageSize int) (*FactorPage, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, err
	}
	u := c.factorsURL(serviceSID, identity)
	if pageSize > 0 {
		u += "?PageSize=" + strconv.Itoa(pageSize)
	}
	return c.factorPage(ctx, u)
}

// NextFactorPage returns the page after page, fetched from its
// next_page_url exactly as given, or nil, nil when there is none. It refuses
// a next_page_url whose scheme or host differ from the client's base URL.
func (c *Client) NextFactorPage(ctx context.Context, page *FactorPage) (*FactorPage, error) {
	if page == nil || page.Meta.NextPageURL == nil || *page.Meta.NextPageURL == "" {
		return nil, nil
	}
	next, err := c.followURL(*page.Meta.NextPageURL)
	if err != nil {
		return nil, err
	}
	if page.Meta.URL != "" && next == page.Meta.URL {
		return nil, fmt.Errorf("verify: next_page_url %q is the page's own URL", stripQuery(next))
	}
	return c.factorPage(ctx, next)
}

func (c *Client) factorPage(ctx context.Context, u string) (*FactorPage, error) {
	page, _, err := c.factorPageRequest(ctx, u)
	return page, err
}

// factorPageRequest is factorPage that also returns the request, whose
// serverDate and receivedAt date the listing.
func (c *Client) factorPageRequest(ctx context.Context, u string) (*FactorPage, *request, error) {
	var w factorPageWire
	r := &request{method: http.MethodGet, url: u, idempotent: true}
	if err := c.do(ctx, r, &w); err != nil {
		return nil, r, err
	}
	return w.page(), r, nil
}

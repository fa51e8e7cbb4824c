package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

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

// checkFactorResponse refuses an answer that is not the factor asked for,
// complete: an empty sid, or a service_sid, identity or (when sid is not
// empty) sid other than the request's, or no factor_type, status or
// date_created. Such an answer must never reach Terraform's state.
func checkFactorResponse(f *Factor, serviceSID, identity, sid string) error {
	return checkAnswer("factor",
		answerField{name: "sid", got: f.SID, want: sid, sid: true},
		answerField{name: "service_sid", got: f.ServiceSID, want: serviceSID, sid: true},
		answerField{name: "identity", got: f.Identity, want: identity},
		answerField{name: "factor_type", got: f.FactorType},
		answerField{name: "status", got: f.Status},
		dateField("date_created", f.DateCreated),
	)
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
// from page to page (see listAll). An entity that does not exist gives an
// *Error for which IsNotFound is true.
func (c *Client) ListFactors(ctx context.Context, serviceSID, identity string) ([]Factor, error) {
	factors, _, err := c.listFactorsDated(ctx, serviceSID, identity)
	return factors, err
}

// listFactorsDated is ListFactors that also returns the first page's
// request, whose serverDate and receivedAt date the listing. Every factor
// listed is checked to be one of the entity's (checkFactorResponse).
func (c *Client) listFactorsDated(ctx context.Context, serviceSID, identity string) ([]Factor, *request, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, nil, err
	}
	return listAll(ctx, c, "factors", c.factorsURL(serviceSID, identity), factorPageItems, func(w *factorWire) (Factor, error) {
		f := w.factor()
		return f, checkFactorResponse(&f, serviceSID, identity, "")
	})
}

// NextFactorPage returns the page after page, fetched from its
// next_page_url exactly as given, or nil, nil when there is none. It refuses
// a next_page_url whose scheme or host differ from the client's base URL,
// or that is the page's own URL.
//
// It and factorPageRequest serve listFactorsSince only, and go with it;
// listings go through listAll, which also refuses a next_page_url to any
// page already fetched.
func (c *Client) NextFactorPage(ctx context.Context, page *FactorPage) (*FactorPage, error) {
	if page == nil || page.Meta.NextPageURL == nil || *page.Meta.NextPageURL == "" {
		return nil, nil
	}
	visited := map[string]struct{}{}
	if page.Meta.URL != "" {
		visited[pageKey(page.Meta.URL)] = struct{}{}
	}
	next, err := c.nextPageURL("factors", *page.Meta.NextPageURL, visited)
	if err != nil {
		return nil, err
	}
	nextPage, _, err := c.factorPageRequest(ctx, next)
	return nextPage, err
}

// factorPageRequest fetches one page of factors from u and also returns
// the request, whose serverDate and receivedAt date the listing. Its
// factors are checked to be complete factors of the entity in u's path.
func (c *Client) factorPageRequest(ctx context.Context, u string) (*FactorPage, *request, error) {
	serviceSID, identity := factorsPathOwner(u)
	page, r, err := fetchPage(ctx, c, "factors", u, factorPageItems)
	if err != nil {
		return nil, r, err
	}
	p := &FactorPage{Meta: page.Meta, Factors: make([]Factor, 0, len(page.Factors.items))}
	for i := range page.Factors.items {
		f := page.Factors.items[i].factor()
		if err := checkFactorResponse(&f, serviceSID, identity, ""); err != nil {
			return nil, r, listItemError("factors", u, i, err)
		}
		p.Factors = append(p.Factors, f)
	}
	return p, r, nil
}

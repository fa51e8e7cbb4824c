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
	if err := createdAnswer(r, checkFactorResponse(&nf.Factor, p.ServiceSID, p.Identity, "")); err != nil {
		// Recovery lists the entity's factors to find what was created.
		return nil, r.attempts, err
	}
	return nf, r.attempts, nil
}

// checkFactorResponse refuses an answer that is not the factor asked for,
// complete: an empty sid, or a service_sid, identity or (when sid is not
// empty) sid other than the request's, or no factor_type, status or
// date_created. Such an answer must never reach Terraform's state.
func checkFactorResponse(f *Factor, serviceSID, identity, sid string) error {
	return checkAnswer(KindFactor,
		answerField{name: "sid", got: f.SID, want: sid, sid: true},
		answerField{name: "service_sid", got: f.ServiceSID, want: serviceSID, sid: true},
		answerField{name: "identity", got: f.Identity, want: identity},
		answerField{name: "factor_type", got: f.FactorType},
		answerField{name: "status", got: f.Status},
		dateCreatedField(f.DateCreated),
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
// Every factor listed is checked to be one of the entity's
// (checkFactorResponse).
func (c *Client) ListFactors(ctx context.Context, serviceSID, identity string) ([]Factor, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, err
	}
	return listAll(ctx, c, "factors", c.factorsURL(serviceSID, identity), factorPageItems, func(w *factorWire) (Factor, error) {
		f := w.factor()
		return f, checkFactorResponse(&f, serviceSID, identity, "")
	})
}

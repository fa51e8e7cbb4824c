package verify

import (
	"context"
	"errors"
	"net/http"
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
		return nil, &CreateError{Kind: KindService, Outcome: OutcomeNotCreated, Err: errors.New("verify: service friendly name must not be empty")}
	}
	form := p.Form()
	ctx = maskContext(ctx, c.requestSecrets(form))
	name := *p.FriendlyName
	s, _, err := create(ctx, c, createRecipe[*Service]{
		kind:     KindService,
		claimKey: name,
		send: func(ctx context.Context, maxAttempts int) (*Service, int, error) {
			r := &request{method: http.MethodPost, url: c.servicesURL(), form: form, maxAttempts: maxAttempts}
			var s Service
			if err := c.do(ctx, r, &s); err != nil {
				return nil, r.attempts, err
			}
			return &s, r.attempts, createdAnswer(r, checkService(&s, ""))
		},
		sid: func(s *Service) string { return s.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			services, err := c.ListServices(ctx)
			if err != nil {
				return nil, err
			}
			since := c.createWindowStart(start)
			var out []Candidate
			for _, s := range services {
				if s.FriendlyName == name && !s.DateCreated.Before(since) {
					out = append(out, Candidate{Kind: KindService, SID: s.SID, DateCreated: s.DateCreated, URL: c.serviceURL(s.SID)})
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
	return checkedAnswer(ctx, c, &request{method: http.MethodGet, url: c.serviceURL(sid), idempotent: true}, func(s *Service) error { return checkService(s, sid) })
}

// checkService refuses an answer that is not the service asked for,
// complete: an empty sid or (when sid is not empty) another one, or no
// friendly_name or date_created (which every service has).
func checkService(s *Service, sid string) error {
	return checkAnswer(KindService,
		answerField{name: "sid", got: s.SID, want: sid, sid: true},
		answerField{name: "friendly_name", got: s.FriendlyName},
		dateCreatedField(s.DateCreated),
	)
}

// UpdateService sends one POST with the non-nil fields of p. An update sets
// values, so it is retried like a GET.
func (c *Client) UpdateService(ctx context.Context, sid string, p ServiceParams) (*Service, error) {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodPost, url: c.serviceURL(sid), form: p.Form(), idempotent: true}, func(s *Service) error { return checkService(s, sid) })
}

// ListServices returns all services of the account, following
// next_page_url from page to page (see listAll).
func (c *Client) ListServices(ctx context.Context) ([]Service, error) {
	return listAll(ctx, c, "services", c.servicesURL(), servicePageItems, func(s *Service) (Service, error) {
		return *s, checkService(s, "")
	})
}

// DeleteService deletes a service and everything in it. A 404 is returned
// as an *Error (IsNotFound is true).
func (c *Client) DeleteService(ctx context.Context, sid string) error {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.serviceURL(sid), idempotent: true}, nil)
}

package verify

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func (c *Client) servicesURL() string { return c.apiPath("v2", "Services") }

func (c *Client) serviceURL(sid string) string { return c.apiPath("v2", "Services", sid) }

// CreateService creates a Verify service and never creates it twice. The
// POST is not idempotent: only 429s and dial errors are retried blindly. A
// create whose outcome is unknown (a lost response, a 5xx other than 501)
// is recovered by listing the account's services: those with the same
// friendly name, not listed before in this call and created at or after the
// attempt's start (truncated to the second, minus one second) are
// candidates. One candidate is ours and is returned (a service holds no
// secret, so nothing is lost with the response); none means nothing was
// created and the create is sent again; several give an
// *AmbiguousServiceCreateError. At most MaxRetries+1 create POSTs are sent.
func (c *Client) CreateService(ctx context.Context, p ServiceParams) (*Service, error) {
	if p.FriendlyName == nil || *p.FriendlyName == "" {
		return nil, fmt.Errorf("verify: service friendly name must not be empty")
	}
	form := p.Form()
	ctx = maskContext(ctx, c.requestSecrets(form))
	budget := c.maxRetries + 1
	seen := make(map[string]struct{})
	var lastErr error
	unknown := func(err error) error { return &CreateError{Err: err, Outcome: OutcomeUnknown} }
	for budget > 0 {
		start := time.Now() // read only for its monotonic clock
		r := &request{method: http.MethodPost, url: c.servicesURL(), form: form, idempotent: false, maxAttempts: budget}
		var s Service
		err := c.do(ctx, r, &s)
		budget -= max(r.attempts, 1)
		if err == nil {
			return &s, nil
		}
		if !outcomeUnknown(ctx, err) {
			if lastErr != nil {
				// An earlier attempt was resolved as "nothing created",
				// but only as far as a listing could tell.
				return nil, unknown(err)
			}
			return nil, err
		}
		lastErr = err
		tflog.Warn(ctx, "Outcome of a Twilio Verify service create is unknown; listing the account's services to find out whether it was applied", map[string]any{
			"friendly_name": *p.FriendlyName, "error": err.Error(),
		})
		services, listing, err := c.listServicesDated(ctx)
		if err != nil {
			return nil, unknown(fmt.Errorf("verify: creating service: the outcome of the create is unknown (%w), and listing the services to find out failed: %w", lastErr, err))
		}
		// The window is on Twilio's clock, as for factors (createWindowStart).
		since := createWindowStart(start, listing)
		var candidates []Service
		for _, s := range services {
			_, dup := seen[s.SID]
			seen[s.SID] = struct{}{}
			if !dup && s.FriendlyName == *p.FriendlyName && !s.DateCreated.Before(since) {
				candidates = append(candidates, s)
			}
		}
		switch len(candidates) {
		case 0:
			tflog.Info(ctx, "No service was created by the attempt whose outcome is unknown; sending the create again", map[string]any{
				"friendly_name": *p.FriendlyName, "attempts_left": budget,
			})
			continue
		case 1:
			tflog.Info(ctx, "Adopted the service created by an attempt whose response was lost", map[string]any{"service_sid": candidates[0].SID})
			return &candidates[0], nil
		}
		candidateSIDs := make([]string, len(candidates))
		for i, s := range candidates {
			candidateSIDs[i] = s.SID
		}
		return nil, unknown(&AmbiguousServiceCreateError{FriendlyName: *p.FriendlyName, SIDs: candidateSIDs})
	}
	return nil, unknown(lastErr)
}

// AmbiguousServiceCreateError is returned by CreateService when the
// response to a create was lost and more than one service with the same
// friendly name appeared since.
type AmbiguousServiceCreateError struct {
	FriendlyName string
	SIDs         []string
}

// Error names the candidates and says what to do.
func (e *AmbiguousServiceCreateError) Error() string {
	return fmt.Sprintf("verify: the response to a service create was lost and %d services named %q were created since it was sent (%s); "+
		"cannot tell which one is ours: compare their date_created with the time of this run, and import the one that is",
		len(e.SIDs), e.FriendlyName, strings.Join(e.SIDs, ", "))
}

// FetchService fetches a service. A missing service is an *Error for which
// IsNotFound is true.
func (c *Client) FetchService(ctx context.Context, sid string) (*Service, error) {
	if err := requireNonEmpty("service SID", sid); err != nil {
		return nil, err
	}
	var s Service
	r := &request{method: http.MethodGet, url: c.serviceURL(sid), idempotent: true}
	if err := c.do(ctx, r, &s); err != nil {
		return nil, err
	}
	if err := checkService(&s, sid); err != nil {
		return nil, fmt.Errorf("verify: GET %s: %w", stripQuery(r.url), err)
	}
	return &s, nil
}

// checkService refuses an answer that is not the service asked for,
// complete: an empty sid or (when sid is not empty) another one, or no
// friendly_name or date_created (which every service has).
func checkService(s *Service, sid string) error {
	return checkAnswer("service",
		answerField{name: "sid", got: s.SID, want: sid, sid: true},
		answerField{name: "friendly_name", got: s.FriendlyName},
		dateField("date_created", s.DateCreated),
	)
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
	if err := checkService(&s, sid); err != nil {
		return nil, fmt.Errorf("verify: POST %s: %w", stripQuery(r.url), err)
	}
	return &s, nil
}

// ListServices returns all services of the account, following
// next_page_url from page to page (see listAll).
func (c *Client) ListServices(ctx context.Context) ([]Service, error) {
	services, _, err := c.listServicesDated(ctx)
	return services, err
}

// listServicesDated is ListServices that also returns the first page's
// request, whose serverDate and receivedAt date the listing.
func (c *Client) listServicesDated(ctx context.Context) ([]Service, *request, error) {
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

package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func (c *Client) entitiesURL(serviceSID string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities")
}

func (c *Client) entityURL(serviceSID, identity string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities", identity)
}

// CreateEntity creates an entity. An entity that already exists gives an
// *Error with Code CodeEntityExists (HTTP 409). A create whose outcome is
// unknown is recovered without creating twice: the entity is fetched; if
// it exists and was created at or after the attempt's start (on Twilio's
// clock, see createWindowStart) it is ours; if it does not exist the
// create is sent again; if it is older it was there before, which is
// reported like Twilio's 409.
func (c *Client) CreateEntity(ctx context.Context, serviceSID, identity string) (*Entity, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, err
	}
	form := url.Values{"Identity": {identity}}
	ctx = maskContext(ctx, c.requestSecrets(form))
	budget := c.maxRetries + 1
	var lastErr error
	unknown := func(err error) error { return &CreateError{Err: err, Outcome: OutcomeUnknown} }
	for budget > 0 {
		start := time.Now() // read only for its monotonic clock
		r := &request{method: http.MethodPost, url: c.entitiesURL(serviceSID), form: form, maxAttempts: budget}
		var e Entity
		err := c.do(ctx, r, &e)
		budget -= max(r.attempts, 1)
		if err == nil {
			return &e, nil
		}
		if !outcomeUnknown(ctx, err) {
			if lastErr != nil {
				return nil, unknown(err)
			}
			return nil, err
		}
		lastErr = err
		tflog.Warn(ctx, "Outcome of a Twilio Verify entity create is unknown; fetching the entity to find out whether it was applied", map[string]any{
			"service_sid": serviceSID, "error": err.Error(),
		})
		got, fetch, ferr := c.fetchEntity(ctx, serviceSID, identity)
		switch {
		case IsNotFound(ferr):
			continue
		case ferr != nil:
			return nil, unknown(fmt.Errorf("verify: creating entity: the outcome of the create is unknown (%w), and fetching the entity to find out failed: %w", lastErr, ferr))
		case !got.DateCreated.Before(createWindowStart(start, fetch)): // on Twilio's clock
			return got, nil
		}
		return nil, &Error{
			Status: http.StatusConflict, Code: CodeEntityExists, Method: http.MethodPost, URL: c.entitiesURL(serviceSID),
			Message:  fmt.Sprintf("Entity already exists (created %s, before this create was sent)", got.DateCreated.Format(time.RFC3339)),
			MoreInfo: fmt.Sprintf("https://www.twilio.com/docs/errors/%d", CodeEntityExists),
		}
	}
	return nil, unknown(lastErr)
}

// FetchEntity fetches an entity. A missing entity is an *Error for which
// IsNotFound is true.
func (c *Client) FetchEntity(ctx context.Context, serviceSID, identity string) (*Entity, error) {
	e, _, err := c.fetchEntity(ctx, serviceSID, identity)
	return e, err
}

// fetchEntity is FetchEntity that also returns the request, whose
// serverDate and receivedAt date the answer.
func (c *Client) fetchEntity(ctx context.Context, serviceSID, identity string) (*Entity, *request, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, nil, err
	}
	var e Entity
	r := &request{method: http.MethodGet, url: c.entityURL(serviceSID, identity), idempotent: true}
	if err := c.do(ctx, r, &e); err != nil {
		return nil, r, err
	}
	if err := checkEntity(&e, serviceSID, identity); err != nil {
		return nil, r, fmt.Errorf("verify: GET %s: %w", stripQuery(r.url), err)
	}
	return &e, r, nil
}

// checkEntity refuses an answer that is not the entity asked for,
// complete: no sid or date_created, or a service_sid or identity other
// than the request's.
func checkEntity(e *Entity, serviceSID, identity string) error {
	return checkAnswer("entity",
		answerField{name: "sid", got: e.SID, sid: true},
		answerField{name: "service_sid", got: e.ServiceSID, want: serviceSID, sid: true},
		answerField{name: "identity", got: e.Identity, want: identity},
		dateField("date_created", e.DateCreated),
	)
}

// DeleteEntity deletes an entity and, on Twilio, all its factors. A 404 is
// returned as an *Error (IsNotFound is true).
func (c *Client) DeleteEntity(ctx context.Context, serviceSID, identity string) error {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.entityURL(serviceSID, identity), idempotent: true}, nil)
}

// ListEntities returns all entities of a service, following next_page_url
// from page to page (see listAll).
func (c *Client) ListEntities(ctx context.Context, serviceSID string) ([]Entity, error) {
	if err := requireNonEmpty("service SID", serviceSID); err != nil {
		return nil, err
	}
	entities, _, err := listAll(ctx, c, "entities", c.entitiesURL(serviceSID), entityPageItems, func(e *Entity) (Entity, error) {
		return *e, checkEntity(e, serviceSID, "")
	})
	return entities, err
}

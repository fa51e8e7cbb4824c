package verify

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func (c *Client) entitiesURL(serviceSID string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities")
}

func (c *Client) entityURL(serviceSID, identity string) string {
	return c.apiPath("v2", "Services", serviceSID, "Entities", identity)
}

// CreateEntity creates an entity. An entity that already exists gives an
// *Error with Code CodeEntityExists (HTTP 409). A create whose outcome is
// unknown is resolved by the create-recovery engine (see
// create_recovery.go): the entity is fetched; if it does not exist the
// create is sent again; if it was created since the attempt was sent, it
// may be this create's or one a concurrent factor create made implicitly,
// so the create stops with a *CreateError naming it (an entity is never
// claimed silently); an older one makes the create answer 409 again.
func (c *Client) CreateEntity(ctx context.Context, serviceSID, identity string) (*Entity, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, &CreateError{Kind: KindEntity, Outcome: OutcomeNotCreated, Err: err}
	}
	form := url.Values{"Identity": {identity}}
	ctx = maskContext(ctx, c.requestSecrets(form))
	e, _, err := create(ctx, c, createRecipe[*Entity]{
		kind:     KindEntity,
		claimKey: strings.ToLower(serviceSID) + "\x00" + identity,
		send: func(ctx context.Context, maxAttempts int) (*Entity, int, error) {
			r := &request{method: http.MethodPost, url: c.entitiesURL(serviceSID), form: form, maxAttempts: maxAttempts}
			var e Entity
			if err := c.do(ctx, r, &e); err != nil {
				return nil, r.attempts, err
			}
			return &e, r.attempts, createdAnswer(r, checkEntity(&e, serviceSID, identity))
		},
		sid: func(e *Entity) string { return e.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			got, err := c.FetchEntity(ctx, serviceSID, identity)
			if err != nil || got.DateCreated.Before(c.createWindowStart(start)) {
				return nil, err
			}
			return []Candidate{{Kind: KindEntity, SID: got.SID, ServiceSID: serviceSID, Identity: identity,
				DateCreated: got.DateCreated, URL: c.entityURL(serviceSID, identity)}}, nil
		},
	})
	return e, err
}

// FetchEntity fetches an entity. A missing entity is an *Error for which
// IsNotFound is true.
func (c *Client) FetchEntity(ctx context.Context, serviceSID, identity string) (*Entity, error) {
	if err := requireNonEmpty("service SID", serviceSID, "identity", identity); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodGet, url: c.entityURL(serviceSID, identity), idempotent: true}, func(e *Entity) error { return checkEntity(e, serviceSID, identity) })
}

// checkEntity refuses an answer that is not the entity asked for,
// complete: no sid or date_created, or a service_sid or identity other
// than the request's.
func checkEntity(e *Entity, serviceSID, identity string) error {
	return checkAnswer(KindEntity,
		answerField{name: "sid", got: e.SID, sid: true},
		answerField{name: "service_sid", got: e.ServiceSID, want: serviceSID, sid: true},
		answerField{name: "identity", got: e.Identity, want: identity},
		dateCreatedField(e.DateCreated),
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
	entities, err := listAll(ctx, c, "entities", c.entitiesURL(serviceSID), entityPageItems, func(e *Entity) (Entity, error) {
		return *e, checkEntity(e, serviceSID, "")
	})
	return entities, err
}

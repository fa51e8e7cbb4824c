package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Webhook event types a Verify webhook subscribes to; EventTypeAll is every
// one of them, present and future.
const (
	EventTypeAll               = "*"
	EventTypeFactorCreated     = "factor.created"
	EventTypeFactorVerified    = "factor.verified"
	EventTypeFactorDeleted     = "factor.deleted"
	EventTypeChallengeApproved = "challenge.approved"
	EventTypeChallengeDenied   = "challenge.denied"
)

// WebhookEventTypes are the event types Twilio accepts, in its docs' order.
var WebhookEventTypes = []string{
	EventTypeAll, EventTypeFactorCreated, EventTypeFactorVerified, EventTypeFactorDeleted,
	EventTypeChallengeApproved, EventTypeChallengeDenied,
}

// Webhook statuses and versions; the first of each is Twilio's default.
const (
	WebhookStatusEnabled  = "enabled"
	WebhookStatusDisabled = "disabled"
	WebhookVersionV2      = "v2"
	WebhookVersionV1      = "v1"
)

// Webhook is a Verify v2 webhook of a service: where Twilio POSTs the
// service's factor and challenge events.
type Webhook struct {
	SID           string    `json:"sid"`
	ServiceSID    string    `json:"service_sid"`
	AccountSID    string    `json:"account_sid"`
	FriendlyName  string    `json:"friendly_name"`
	EventTypes    []string  `json:"event_types"`
	Status        string    `json:"status"`
	Version       string    `json:"version"`
	WebhookURL    string    `json:"webhook_url"`
	WebhookMethod string    `json:"webhook_method"`
	DateCreated   time.Time `json:"date_created"`
	DateUpdated   time.Time `json:"date_updated"`
	URL           string    `json:"url"`
}

// WebhookParams holds the form parameters of a webhook create or update.
// Only non-nil fields are sent, so an update carries only what changed.
// EventTypes is sent as one EventTypes parameter per type.
type WebhookParams struct {
	FriendlyName *string
	EventTypes   *[]string
	WebhookURL   *string
	Status       *string
	Version      *string
}

// Form returns the form body with Twilio's parameter names.
func (p WebhookParams) Form() url.Values {
	f := make(url.Values, 5)
	setStringPtr(f, "FriendlyName", p.FriendlyName)
	if p.EventTypes != nil {
		f["EventTypes"] = append([]string(nil), *p.EventTypes...)
	}
	setStringPtr(f, "WebhookUrl", p.WebhookURL)
	setStringPtr(f, "Status", p.Status)
	setStringPtr(f, "Version", p.Version)
	return f
}

func (c *Client) webhooksURL(serviceSID string) string {
	return c.apiPath("v2", "Services", serviceSID, "Webhooks")
}

func (c *Client) webhookURL(serviceSID, sid string) string {
	return c.apiPath("v2", "Services", serviceSID, "Webhooks", sid)
}

// CreateWebhook creates a webhook and never creates it twice: a create
// whose outcome is unknown is resolved by the create-recovery engine (see
// create_recovery.go), with the service's webhooks of the same friendly
// name and URL created since the attempt as look-alikes. A webhook does
// not expire and a second one would deliver every event twice, so when one
// appeared the create stops with a *CreateError naming it.
func (c *Client) CreateWebhook(ctx context.Context, serviceSID string, p WebhookParams) (*Webhook, error) {
	if p.FriendlyName == nil || p.WebhookURL == nil || p.EventTypes == nil {
		return nil, &CreateError{Kind: KindWebhook, Outcome: OutcomeNotCreated,
			Err: fmt.Errorf("verify: a webhook needs a friendly name, event types and a URL")}
	}
	if err := requireNonEmpty("service SID", serviceSID, "webhook friendly name", *p.FriendlyName, "webhook URL", *p.WebhookURL); err != nil {
		return nil, &CreateError{Kind: KindWebhook, Outcome: OutcomeNotCreated, Err: err}
	}
	form := p.Form()
	ctx = maskContext(ctx, c.requestSecrets(form))
	name, target := *p.FriendlyName, *p.WebhookURL
	w, _, err := create(ctx, c, createRecipe[*Webhook]{
		kind:     KindWebhook,
		claimKey: strings.ToLower(serviceSID) + "\x00" + name + "\x00" + target,
		send: func(ctx context.Context, maxAttempts int) (*Webhook, int, error) {
			r := &request{method: http.MethodPost, url: c.webhooksURL(serviceSID), form: form, maxAttempts: maxAttempts}
			var w Webhook
			if err := c.do(ctx, r, &w); err != nil {
				return nil, r.attempts, err
			}
			return &w, r.attempts, createdAnswer(r, checkWebhook(&w, serviceSID, ""))
		},
		sid: func(w *Webhook) string { return w.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			webhooks, err := c.ListWebhooks(ctx, serviceSID)
			if err != nil {
				return nil, err
			}
			since := c.createWindowStart(start)
			var out []Candidate
			for _, w := range webhooks {
				if w.FriendlyName == name && w.WebhookURL == target && !w.DateCreated.Before(since) {
					out = append(out, Candidate{Kind: KindWebhook, SID: w.SID, ServiceSID: serviceSID,
						DateCreated: w.DateCreated, URL: c.webhookURL(serviceSID, w.SID)})
				}
			}
			sortCandidates(out)
			return out, nil
		},
	})
	return w, err
}

// FetchWebhook fetches a webhook. A missing webhook (or service) is an
// *Error for which IsNotFound is true.
func (c *Client) FetchWebhook(ctx context.Context, serviceSID, sid string) (*Webhook, error) {
	if err := requireNonEmpty("service SID", serviceSID, "webhook SID", sid); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodGet, url: c.webhookURL(serviceSID, sid), idempotent: true}, func(w *Webhook) error { return checkWebhook(w, serviceSID, sid) })
}

// UpdateWebhook sends one POST with the non-nil fields of p. An update sets
// values, so it is retried like a GET.
func (c *Client) UpdateWebhook(ctx context.Context, serviceSID, sid string, p WebhookParams) (*Webhook, error) {
	if err := requireNonEmpty("service SID", serviceSID, "webhook SID", sid); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodPost, url: c.webhookURL(serviceSID, sid), form: p.Form(), idempotent: true}, func(w *Webhook) error { return checkWebhook(w, serviceSID, sid) })
}

// DeleteWebhook deletes a webhook. A 404 is returned as an *Error
// (IsNotFound is true).
func (c *Client) DeleteWebhook(ctx context.Context, serviceSID, sid string) error {
	if err := requireNonEmpty("service SID", serviceSID, "webhook SID", sid); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.webhookURL(serviceSID, sid), idempotent: true}, nil)
}

// ListWebhooks returns all webhooks of a service, following next_page_url
// from page to page (see listAll).
func (c *Client) ListWebhooks(ctx context.Context, serviceSID string) ([]Webhook, error) {
	if err := requireNonEmpty("service SID", serviceSID); err != nil {
		return nil, err
	}
	return listAll(ctx, c, "webhooks", c.webhooksURL(serviceSID), webhookPageItems, func(w *Webhook) (Webhook, error) {
		return *w, checkWebhook(w, serviceSID, "")
	})
}

// checkWebhook refuses an answer that is not the webhook asked for,
// complete: no sid (or, when sid is not empty, another one), a service_sid
// other than the request's, or no webhook_url or date_created (which every
// webhook has).
func checkWebhook(w *Webhook, serviceSID, sid string) error {
	return checkAnswer(KindWebhook,
		answerField{name: "sid", got: w.SID, want: sid, sid: true},
		answerField{name: "service_sid", got: w.ServiceSID, want: serviceSID, sid: true},
		answerField{name: "webhook_url", got: w.WebhookURL},
		dateCreatedField(w.DateCreated),
	)
}

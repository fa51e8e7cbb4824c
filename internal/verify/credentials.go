package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Push credential types: Apple Push Notification service and Firebase Cloud
// Messaging (GCM, the third type Notify still lists, is retired).
const (
	CredentialTypeAPN = "apn"
	CredentialTypeFCM = "fcm"
)

// Credential is a Notify v1 credential (`CR...`): what a Verify service
// sends push notifications through. Twilio never returns its certificate,
// private key or secret.
type Credential struct {
	SID          string    `json:"sid"`
	AccountSID   string    `json:"account_sid"`
	FriendlyName string    `json:"friendly_name"`
	Type         string    `json:"type"`
	Sandbox      FlexBool  `json:"sandbox"`
	DateCreated  time.Time `json:"date_created"`
	DateUpdated  time.Time `json:"date_updated"`
	URL          string    `json:"url"`
}

// FlexBool is a boolean that Twilio may send as a JSON boolean or as the
// string "true" or "false" (Notify's sandbox is a string in its spec), or
// null; Set is false for null and absent.
type FlexBool struct {
	Value, Set bool
}

// UnmarshalJSON accepts true, false, "true", "false", "" and null.
func (b *FlexBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch t := v.(type) {
	case nil:
		*b = FlexBool{}
	case bool:
		*b = FlexBool{Value: t, Set: true}
	case string:
		if t == "" {
			*b = FlexBool{}
			return nil
		}
		parsed, err := strconv.ParseBool(t)
		if err != nil {
			return fmt.Errorf("%q is not a boolean", t)
		}
		*b = FlexBool{Value: parsed, Set: true}
	default:
		return fmt.Errorf("a boolean was expected, got %T", v)
	}
	return nil
}

// CredentialParams holds the form parameters of a credential create or
// update. Only non-nil fields are sent, so an update carries only what
// changed. PrivateKey and Secret are secrets: they are masked in logs and
// errors (see secretFormKeys).
type CredentialParams struct {
	Type         *string // create only
	FriendlyName *string
	Certificate  *string // APN: PEM certificate
	PrivateKey   *string // APN: PEM private key
	Sandbox      *bool   // APN
	Secret       *string // FCM: the Firebase service-account JSON
}

// Form returns the form body with Twilio's parameter names.
func (p CredentialParams) Form() url.Values {
	f := make(url.Values, 6)
	setStringPtr(f, "Type", p.Type)
	setStringPtr(f, "FriendlyName", p.FriendlyName)
	setStringPtr(f, "Certificate", p.Certificate)
	setStringPtr(f, "PrivateKey", p.PrivateKey)
	setBool(f, "Sandbox", p.Sandbox)
	setStringPtr(f, "Secret", p.Secret)
	return f
}

func (c *Client) credentialsURL() string { return c.notifyPath("v1", "Credentials") }

func (c *Client) credentialURL(sid string) string { return c.notifyPath("v1", "Credentials", sid) }

// CreateCredential creates a push credential and never creates it twice: a
// create whose outcome is unknown is resolved by the create-recovery engine
// (see create_recovery.go), with the account's credentials of the same
// friendly name and type created since the attempt as look-alikes. A
// credential does not expire, so when one appeared the create stops with a
// *CreateError naming it.
func (c *Client) CreateCredential(ctx context.Context, p CredentialParams) (*Credential, error) {
	if p.Type == nil || p.FriendlyName == nil {
		return nil, &CreateError{Kind: KindCredential, Outcome: OutcomeNotCreated,
			Err: fmt.Errorf("verify: a push credential needs a type and a friendly name")}
	}
	if err := requireNonEmpty("credential type", *p.Type, "credential friendly name", *p.FriendlyName); err != nil {
		return nil, &CreateError{Kind: KindCredential, Outcome: OutcomeNotCreated, Err: err}
	}
	form := p.Form()
	// The recovery's listing requests mask the create's secrets too, should
	// an error page echo them.
	secrets := c.requestSecrets(form)
	ctx = maskContext(withSecrets(ctx, secrets), secrets)
	name, kind := *p.FriendlyName, *p.Type
	cr, _, err := create(ctx, c, createRecipe[*Credential]{
		kind:     KindCredential,
		claimKey: kind + "\x00" + name,
		send: func(ctx context.Context, maxAttempts int) (*Credential, int, error) {
			r := &request{method: http.MethodPost, url: c.credentialsURL(), form: form, maxAttempts: maxAttempts}
			var cr Credential
			if err := c.do(ctx, r, &cr); err != nil {
				return nil, r.attempts, err
			}
			return &cr, r.attempts, createdAnswer(r, checkCredential(&cr, ""))
		},
		sid: func(cr *Credential) string { return cr.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			creds, err := c.ListCredentials(ctx)
			if err != nil {
				return nil, err
			}
			since := c.createWindowStart(start)
			var out []Candidate
			for _, cr := range creds {
				if cr.FriendlyName == name && cr.Type == kind && !cr.DateCreated.Before(since) {
					out = append(out, Candidate{Kind: KindCredential, SID: cr.SID, DateCreated: cr.DateCreated, URL: c.credentialURL(cr.SID)})
				}
			}
			sortCandidates(out)
			return out, nil
		},
	})
	return cr, err
}

// FetchCredential fetches a push credential. A missing one is an *Error
// for which IsNotFound is true.
func (c *Client) FetchCredential(ctx context.Context, sid string) (*Credential, error) {
	if err := requireNonEmpty("credential SID", sid); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodGet, url: c.credentialURL(sid), idempotent: true}, func(cr *Credential) error { return checkCredential(cr, sid) })
}

// UpdateCredential sends one POST with the non-nil fields of p (a new
// certificate and key, or a new secret, rotate the credential in place).
// An update sets values, so it is retried like a GET.
func (c *Client) UpdateCredential(ctx context.Context, sid string, p CredentialParams) (*Credential, error) {
	if err := requireNonEmpty("credential SID", sid); err != nil {
		return nil, err
	}
	return checkedAnswer(ctx, c, &request{method: http.MethodPost, url: c.credentialURL(sid), form: p.Form(), idempotent: true}, func(cr *Credential) error { return checkCredential(cr, sid) })
}

// DeleteCredential deletes a push credential. A 404 is returned as an
// *Error (IsNotFound is true).
func (c *Client) DeleteCredential(ctx context.Context, sid string) error {
	if err := requireNonEmpty("credential SID", sid); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, url: c.credentialURL(sid), idempotent: true}, nil)
}

// ListCredentials returns all push credentials of the account, following
// next_page_url from page to page (see listAll).
func (c *Client) ListCredentials(ctx context.Context) ([]Credential, error) {
	return listAll(ctx, c, "credentials", c.credentialsURL(), credentialPageItems, func(cr *Credential) (Credential, error) {
		return *cr, checkCredential(cr, "")
	})
}

// checkCredential refuses an answer that is not the credential asked for,
// complete: no sid (or, when sid is not empty, another one), or no type or
// date_created (which every credential has).
func checkCredential(cr *Credential, sid string) error {
	return checkAnswer(KindCredential,
		answerField{name: "sid", got: cr.SID, want: sid, sid: true},
		answerField{name: "type", got: cr.Type},
		dateCreatedField(cr.DateCreated),
	)
}

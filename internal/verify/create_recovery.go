package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// CreateFactor creates a factor and never creates it twice: a create whose
// outcome is unknown is not resent blindly; the entity's factors are listed
// first to find out whether the lost attempt created one (see the rule
// below). At most MaxRetries+1 create POSTs are sent in total. Every error
// is a *CreateError saying whether a factor may exist.
//
// Within one Client, creates that share service, identity, factor type and
// friendly name run one at a time, and factors this Client created or
// adopted are never candidates, so parallel creates (Terraform's count or
// for_each) cannot claim each other's factors. Another process is not
// seen: its factor with the same service, identity, type, name, metadata
// and config, created while a response is lost, makes the outcome
// ambiguous when both exist (an *AmbiguousCreateError, nothing adopted or
// deleted), and is taken for ours when our attempt created nothing.
func (c *Client) CreateFactor(ctx context.Context, p CreateFactorParams) (*NewFactor, error) {
	if err := requireNonEmpty("service SID", p.ServiceSID, "identity", p.Identity); err != nil {
		return nil, &CreateError{Err: err, Outcome: OutcomeNotCreated}
	}
	unlock, err := c.claims.lock(ctx, claimKey(p))
	if err != nil {
		// Nothing was sent: another create of the same name was still running.
		return nil, &CreateError{Err: fmt.Errorf("verify: creating factor: %w", err), Outcome: OutcomeNotCreated}
	}
	defer unlock()
	nf, err := c.createFactor(ctx, p)
	if err != nil {
		if _, ok := errors.AsType[*CreateError](err); !ok {
			err = &CreateError{Err: err, Outcome: OutcomeNotCreated}
		}
		return nil, err
	}
	c.claims.own(nf.SID)
	return nf, nil
}

func (c *Client) createFactor(ctx context.Context, p CreateFactorParams) (*NewFactor, error) {
	form := p.Form()
	ctx = withSecrets(ctx, c.requestSecrets(form))
	logCtx := maskContext(ctx, c.requestSecrets(form))
	budget := c.maxRetries + 1
	seen := make(map[string]struct{})
	var lastErr error
	unknown := func(err error) error { return &CreateError{Err: err, Outcome: OutcomeUnknown} }

	for budget > 0 {
		start := time.Now() // read only for its monotonic clock
		nf, attempts, err := c.createFactorOnce(ctx, p, form, budget)
		budget -= max(attempts, 1)
		if err == nil {
			return nf, nil
		}

		// The rule that keeps a create from being applied twice:
		//
		// Outcome known -> return. A 2xx was returned above. A 4xx
		// (including a 429 whose retries are exhausted), a 501 and a
		// failure before anything was sent (dial/DNS, bad certificate)
		// are returned as they are: nothing was created. When the
		// caller's context ends, nothing more can be done; if a request
		// was sent, a factor may exist.
		//
		// Outcome unknown (a transport error after the request may
		// have been sent, such as a dropped connection, EOF, reset or
		// timeout; a 5xx other than 501; a 2xx whose body could not be
		// read or does not describe a factor of this entity) -> list the
		// entity's factors (a 404 counts as an empty list). Candidates
		// are the factors with the same factor_type and friendly_name
		// and no metadata or config other than the create's (couldBe),
		// not created or adopted by this Client, not seen in an earlier
		// listing of this call, and created at or after this attempt's
		// start on Twilio's clock (see createWindowStart: the machine's
		// clock is never compared with Twilio's). Every listed SID is
		// added to the seen set.
		//   - one candidate: it is ours. Push, or TOTP with a secret the
		//     caller gave: adopt it, rebuilding the binding from the
		//     parameters. TOTP with a secret Twilio generated (or any
		//     other type): the secret went with the lost response, so
		//     delete the factor and create again.
		//   - no candidate: nothing was created; send the create again.
		//   - more than one: cannot tell which is ours; return an
		//     *AmbiguousCreateError naming them.
		// When the attempts are spent, the last error is returned.
		if ctx.Err() != nil || isContextError(ctx, err) {
			if attempts > 0 || lastErr != nil {
				return nil, unknown(err)
			}
			return nil, err
		}
		if !outcomeUnknown(ctx, err) {
			if lastErr != nil {
				// An earlier attempt's outcome was resolved as "nothing
				// created", but only as far as a listing could tell.
				return nil, unknown(err)
			}
			return nil, err
		}
		lastErr = err
		tflog.Warn(logCtx, "Outcome of a Twilio Verify factor create is unknown; listing the entity's factors to find out whether it was applied", map[string]any{
			"service_sid":   p.ServiceSID,
			"identity":      p.Identity,
			"factor_type":   p.FactorType,
			"friendly_name": p.FriendlyName,
			"error":         err.Error(),
		})

		candidates, err := c.createCandidates(ctx, p, start, seen)
		if err != nil {
			return nil, unknown(fmt.Errorf("verify: creating factor: the outcome of the create is unknown (%w), and listing the entity's factors to find out failed: %w", lastErr, err))
		}

		switch len(candidates) {
		case 0:
			tflog.Info(logCtx, "No factor was created by the attempt whose outcome is unknown; sending the create again", map[string]any{
				"service_sid": p.ServiceSID, "identity": p.Identity, "attempts_left": budget,
			})
			continue
		case 1:
		default:
			return nil, unknown(&AmbiguousCreateError{
				ServiceSID: p.ServiceSID, Identity: p.Identity,
				FactorType: p.FactorType, FriendlyName: p.FriendlyName,
				Candidates: candidates,
			})
		}

		ours := candidates[0]
		if adoptable(p) {
			nf, err := c.adopt(ctx, p, ours)
			if err != nil {
				c.claims.own(ours.SID)
				return nil, &CreateError{Err: err, Outcome: OutcomeCreated, SID: ours.SID}
			}
			tflog.Info(logCtx, "adopted factor created by an attempt whose response was lost", map[string]any{
				"service_sid": p.ServiceSID, "identity": p.Identity, "factor_sid": ours.SID, "factor_type": ours.FactorType,
			})
			return nf, nil
		}

		tflog.Info(logCtx, "Deleting factor created by an attempt whose response was lost (its binding, such as a generated TOTP secret, was lost with it); creating it again", map[string]any{
			"service_sid": p.ServiceSID, "identity": p.Identity, "factor_sid": ours.SID, "factor_type": ours.FactorType,
		})
		if err := c.DeleteFactor(ctx, p.ServiceSID, p.Identity, ours.SID); err != nil && !IsNotFound(err) {
			return nil, &CreateError{Outcome: OutcomeCreated, SID: ours.SID,
				Err: fmt.Errorf("verify: creating factor: factor %s was created by an attempt whose response was lost and could not be deleted (delete it, then apply again): %w", ours.SID, err)}
		}
	}
	return nil, unknown(lastErr)
}

// outcomeUnknown reports whether a create that failed with err may have been
// applied by the server.
func outcomeUnknown(ctx context.Context, err error) bool {
	if ctx.Err() != nil || isContextError(ctx, err) {
		return false
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Status >= 500 && e.Status <= 599 && e.Status != http.StatusNotImplemented
	}
	_, ok := errors.AsType[*outcomeUnknownError](err)
	return ok
}

// createCandidates lists the entity's factors and returns those the create
// attempt started at `start` (this machine's monotonic clock) may have
// made, oldest first, skipping (and then recording) the SIDs in seen and
// skipping those this Client created or adopted.
func (c *Client) createCandidates(ctx context.Context, p CreateFactorParams, start time.Time, seen map[string]struct{}) ([]Factor, error) {
	factors, since, err := c.listFactorsSince(ctx, p.ServiceSID, p.Identity, start)
	if err != nil && !IsNotFound(err) {
		return nil, err
	}
	var out []Factor
	for _, f := range factors {
		if f.SID == "" {
			continue
		}
		_, dup := seen[f.SID]
		seen[f.SID] = struct{}{}
		if dup || c.claims.owns(f.SID) || f.DateCreated.Before(since) || !couldBe(f, p) {
			continue
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DateCreated.Before(out[j].DateCreated) })
	return out, nil
}

// couldBe reports whether f could be the factor that a create with p made:
// same type and friendly name, and none of the settings p gave (metadata,
// config) differs. Settings p left to Twilio's defaults are not compared.
func couldBe(f Factor, p CreateFactorParams) bool {
	if f.FactorType != p.FactorType || f.FriendlyName != p.FriendlyName || len(f.Metadata) != len(p.Metadata) {
		return false
	}
	for k, v := range p.Metadata {
		if got, ok := f.Metadata[k]; !ok || got != v {
			return false
		}
	}
	c := f.Config
	differs := func(given, got string) bool { return given != "" && got != "" && !strings.EqualFold(given, got) }
	differsInt := func(given, got *int64) bool { return given != nil && got != nil && *given != *got }
	return !differs(p.ConfigAlg, c.Alg) && !differsInt(p.ConfigCodeLength, c.CodeLength) &&
		!differsInt(p.ConfigTimeStep, c.TimeStep) && !differsInt(p.ConfigSkew, c.Skew) &&
		!differs(p.ConfigAppID, c.AppID) && !differs(p.ConfigSdkVersion, c.SdkVersion) &&
		!differs(p.ConfigNotificationPlatform, c.NotificationPlatform)
}

// listFactorsSince lists the entity's factors and returns, with them, the
// earliest date_created a factor made by a request sent at `start` can
// have (see createWindowStart).
func (c *Client) listFactorsSince(ctx context.Context, serviceSID, identity string, start time.Time) ([]Factor, time.Time, error) {
	page, r, err := c.factorPageRequest(ctx, c.factorsURL(serviceSID, identity)+"?PageSize="+strconv.Itoa(ListPageSize))
	since := createWindowStart(start, r)
	if err != nil {
		return nil, since, err
	}
	all := page.Factors
	for n := 1; ; n++ {
		if n >= maxPages {
			return nil, since, fmt.Errorf("verify: listing factors: more than %d pages", maxPages)
		}
		page, err = c.NextFactorPage(ctx, page)
		if err != nil {
			return nil, since, err
		}
		if page == nil {
			return all, since, nil
		}
		all = append(all, page.Factors...)
	}
}

// createWindowStart returns the earliest date_created (Twilio's clock) of a
// factor made by a request sent at start (this machine's clock), from the
// listing r that followed, without comparing the two clocks: Twilio's Date
// header D was written before the listing's response arrived, so when the
// request was sent Twilio's clock read at least D minus the time that
// passed here between sending and receiving (measured on the monotonic
// clock). Twilio's dates have one-second precision, hence the truncation
// and one more second of margin. Without a Date header, the machine's
// clock is the only reference.
func createWindowStart(start time.Time, r *request) time.Time {
	if r == nil || r.serverDate.IsZero() || r.receivedAt.IsZero() {
		return start.Round(0).Truncate(time.Second).Add(-time.Second)
	}
	elapsed := r.receivedAt.Sub(start)
	return r.serverDate.Add(-elapsed).Truncate(time.Second).Add(-time.Second)
}

// adoptable reports whether the binding of a factor created with p can be
// rebuilt from p alone.
func adoptable(p CreateFactorParams) bool {
	switch p.FactorType {
	case FactorTypePush:
		return true
	case FactorTypeTOTP:
		return p.BindingSecret != ""
	}
	return false
}

// adopt returns f as the result of the create described by p, with the
// binding rebuilt from p (and, for TOTP, the service's issuer).
func (c *Client) adopt(ctx context.Context, p CreateFactorParams, f Factor) (*NewFactor, error) {
	nf := &NewFactor{Factor: f}
	switch p.FactorType {
	case FactorTypePush:
		nf.Binding = Binding{Alg: p.BindingAlg, PublicKey: p.BindingPublicKey}
	case FactorTypeTOTP:
		svc, err := c.FetchService(ctx, p.ServiceSID)
		if err != nil {
			return nil, fmt.Errorf("verify: creating factor: factor %s was created by an attempt whose response was lost, "+
				"but service %s could not be fetched to rebuild its binding URI (import the factor, or delete it and apply again): %w",
				f.SID, p.ServiceSID, err)
		}
		nf.Binding = Binding{Secret: p.BindingSecret, URI: TOTPURI(svc, f, p.BindingSecret)}
	}
	return nf, nil
}

// TOTPURI builds a TOTP factor's binding.uri the way Twilio does:
//
//	otpauth://totp/{issuer}:{friendly_name}?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30
//
// The issuer is the service's totp.issuer, else its friendly_name. The label
// parts are path-escaped, with ":" (the issuer/name separator) escaped too;
// the query values are query-escaped with spaces as %20 rather than "+" (as
// the Key URI Format and Twilio's own URIs do; "+" is not a space to every
// authenticator). This matches internal/mockverify. Algorithm, digits and
// period come from the factor's config, falling back to the service's TOTP
// settings and then to Twilio's defaults (sha1, 6, 30).
func TOTPURI(svc *Service, f Factor, secret string) string {
	var issuer string
	alg, digits, period := "sha1", int64(6), int64(30)
	if svc != nil {
		issuer = svc.Totp.Issuer
		if issuer == "" {
			issuer = svc.FriendlyName
		}
		if svc.Totp.CodeLength > 0 {
			digits = svc.Totp.CodeLength
		}
		if svc.Totp.TimeStep > 0 {
			period = svc.Totp.TimeStep
		}
	}
	if f.Config.Alg != "" {
		alg = f.Config.Alg
	}
	if f.Config.CodeLength != nil {
		digits = *f.Config.CodeLength
	}
	if f.Config.TimeStep != nil {
		period = *f.Config.TimeStep
	}

	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(uriLabelEscape(issuer))
	b.WriteByte(':')
	b.WriteString(uriLabelEscape(f.FriendlyName))
	b.WriteString("?secret=")
	b.WriteString(uriQueryEscape(secret))
	b.WriteString("&issuer=")
	b.WriteString(uriQueryEscape(issuer))
	b.WriteString("&algorithm=")
	b.WriteString(uriQueryEscape(strings.ToUpper(alg)))
	b.WriteString("&digits=")
	b.WriteString(strconv.FormatInt(digits, 10))
	b.WriteString("&period=")
	b.WriteString(strconv.FormatInt(period, 10))
	return b.String()
}

// uriLabelEscape path-escapes one part of a key URI label, ":" included.
func uriLabelEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// uriQueryEscape query-escapes a key URI parameter with spaces as %20 (a
// literal "+" is already escaped as %2B by url.QueryEscape).
func uriQueryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

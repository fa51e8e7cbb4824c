package verify

import (
	"context"
	"strings"
	"time"
)

// CreateFactor creates a factor and never creates it twice, adopts nothing
// it cannot attribute and deletes nothing on a guess: a create whose
// outcome is unknown is resolved by the create-recovery engine (see
// create_recovery.go). When factors like the one asked for (same type,
// friendly name, metadata and the config given) appeared on the entity
// while a create's answer was lost, they are left as they are (an
// unverified factor expires on Twilio), the create is sent again, and they
// are returned in NewFactor.LeftBehind for the caller to name. Every error
// is a *CreateError saying whether a factor may exist.
func (c *Client) CreateFactor(ctx context.Context, p CreateFactorParams) (*NewFactor, error) {
	if err := requireNonEmpty("service SID", p.ServiceSID, "identity", p.Identity); err != nil {
		return nil, &CreateError{Kind: KindFactor, Err: err, Outcome: OutcomeNotCreated}
	}
	form := p.Form()
	secrets := c.requestSecrets(form)
	ctx = maskContext(withSecrets(ctx, secrets), secrets)
	nf, leftBehind, err := create(ctx, c, createRecipe[*NewFactor]{
		kind:     KindFactor,
		claimKey: factorClaimKey(p),
		send: func(ctx context.Context, maxAttempts int) (*NewFactor, int, error) {
			return c.createFactorOnce(ctx, p, form, maxAttempts)
		},
		sid: func(nf *NewFactor) string { return nf.SID },
		lookAlikes: func(ctx context.Context, start time.Time) ([]Candidate, error) {
			return c.factorLookAlikes(ctx, p, start)
		},
		anewIsSafe: true,
	})
	if err != nil {
		return nil, err
	}
	nf.LeftBehind = leftBehind
	return nf, nil
}

// factorClaimKey is what two factor creates must share to be able to
// mistake each other's factor for their own.
func factorClaimKey(p CreateFactorParams) string {
	return strings.Join([]string{strings.ToLower(p.ServiceSID), p.Identity, p.FactorType, p.FriendlyName}, "\x00")
}

// factorLookAlikes lists the entity's factors and returns, oldest first,
// those a create with p sent at start may have made.
func (c *Client) factorLookAlikes(ctx context.Context, p CreateFactorParams, start time.Time) ([]Candidate, error) {
	factors, err := c.ListFactors(ctx, p.ServiceSID, p.Identity)
	if err != nil {
		return nil, err
	}
	since := c.createWindowStart(start)
	var out []Candidate
	for _, f := range factors {
		if f.DateCreated.Before(since) || !couldBe(f, p) {
			continue
		}
		out = append(out, Candidate{
			Kind: KindFactor, SID: f.SID, ServiceSID: p.ServiceSID, Identity: p.Identity,
			DateCreated: f.DateCreated, Status: f.Status, URL: c.factorURL(p.ServiceSID, p.Identity, f.SID),
		})
	}
	sortCandidates(out)
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

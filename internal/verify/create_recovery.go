package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A create POST is not idempotent, and Twilio's answers carry nothing that
// ties an object to the request that made it. So when the answer to a
// create is lost (a dropped connection, a timeout, a 5xx other than 501, a
// 2xx that does not describe the object), the object may or may not exist,
// and if one like it appears, it may as well be another process's: a
// second provider alias, another pipeline, a person in the Console. The
// engine below is the one rule every kind of object follows:
//
//   - Outcome known: a 2xx that describes the object is returned (and
//     recorded as this Client's own); a 4xx (a 429 whose retries are spent
//     included), a 501 and a failure before anything was sent are returned
//     as they are: nothing was created.
//   - Outcome unknown: the look-alikes made while the attempt was in flight
//     are listed (createRecipe.lookAlikes: same kind, same identifying
//     settings, created at or after the attempt's start on Twilio's clock,
//     see Client.createWindowStart). Those this Client created, and those seen by
//     an earlier listing of this create, are left out.
//   - No look-alike: nothing was created; the create is sent again.
//   - Look-alikes: none can be attributed to this attempt, so none is
//     adopted and none is deleted (a guess could take or destroy another
//     process's object). Where an orphan costs nothing lasting (a factor:
//     Twilio deletes an unverified factor 1 to 24 hours after its creation,
//     see https://www.twilio.com/docs/api/errors/60318), the create is sent
//     again and the look-alikes are returned beside the new object, for the
//     caller to name. Otherwise (services, entities) the create stops with
//     a *CreateError naming them, for a person to import or delete.
//
// Within one Client, look-alike creates (the same createRecipe.claimKey)
// run one at a time, and the objects it created are never look-alikes, so
// Terraform's parallel creates of one configuration (count, for_each)
// never mistake each other's objects for their own. At most MaxRetries+1
// create POSTs are sent in all.

// createRecipe is what the engine needs to know of one kind of object.
type createRecipe[T any] struct {
	// kind names the object in logs and errors.
	kind Kind
	// claimKey is shared by the creates of this kind that could take each
	// other's object for their own; they run one at a time in a Client.
	claimKey string
	// send sends the create once (a non-idempotent POST whose 429s and dial
	// errors are retried within maxAttempts) and returns the attempts made.
	send func(ctx context.Context, maxAttempts int) (T, int, error)
	// sid returns the SID of a created object.
	sid func(T) string
	// lookAlikes returns the objects a create sent at start (this machine's
	// monotonic clock) may have made. A 404 counts as none.
	lookAlikes func(ctx context.Context, start time.Time) ([]Candidate, error)
	// anewIsSafe says that a look-alike left behind costs nothing lasting,
	// so the create may be sent again after one appeared.
	anewIsSafe bool
}

// create runs recipe r under the rule above. It returns the object, the
// look-alikes it left behind (only when r.anewIsSafe), or a *CreateError.
func create[T any](ctx context.Context, c *Client, r createRecipe[T]) (T, []Candidate, error) {
	var zero T
	unlock, err := c.claims.lock(ctx, string(r.kind)+"\x00"+r.claimKey)
	if err != nil {
		// Nothing was sent: a look-alike create was still running.
		return zero, nil, &CreateError{Kind: r.kind, Outcome: OutcomeNotCreated, Err: fmt.Errorf("verify: creating %s: %w", r.kind, err)}
	}
	defer unlock()

	budget := c.maxRetries + 1
	seen := make(map[string]struct{})
	var leftBehind []Candidate
	var lastErr error
	fail := func(outcome CreateOutcome, err error) (T, []Candidate, error) {
		return zero, leftBehind, &CreateError{Kind: r.kind, Outcome: outcome, Err: err, Candidates: leftBehind}
	}
	for budget > 0 {
		start := time.Now() // read only for its monotonic clock
		v, attempts, err := r.send(ctx, budget)
		budget -= max(attempts, 1)
		if err == nil {
			c.claims.own(r.sid(v))
			return v, leftBehind, nil
		}
		if ctx.Err() != nil || isContextError(ctx, err) {
			if attempts > 0 || lastErr != nil {
				return fail(OutcomeUnknown, err)
			}
			return fail(OutcomeNotCreated, err)
		}
		if !outcomeUnknown(ctx, err) {
			if lastErr != nil {
				// An earlier attempt was resolved as "nothing created", but
				// only as far as a listing could tell.
				return fail(OutcomeUnknown, err)
			}
			return fail(OutcomeNotCreated, err)
		}
		lastErr = err
		tflog.Warn(ctx, "Outcome of a Twilio Verify create is unknown; looking for what it may have made", map[string]any{
			"kind": r.kind, "error": err.Error(),
		})
		found, err := r.lookAlikes(ctx, start)
		if err != nil && !IsNotFound(err) {
			return fail(OutcomeUnknown, fmt.Errorf("verify: creating %s: the outcome of the create is unknown (%w), and looking for what it may have made failed: %w", r.kind, lastErr, err))
		}
		fresh := c.unclaimed(found, seen)
		if len(fresh) == 0 {
			tflog.Info(ctx, "The create whose outcome is unknown made nothing; sending it again", map[string]any{"kind": r.kind, "attempts_left": budget})
			continue
		}
		leftBehind = append(leftBehind, fresh...)
		if !r.anewIsSafe {
			return fail(OutcomeUnknown, lastErr)
		}
		tflog.Warn(ctx, "Look-alikes appeared while a create's answer was lost; none can be attributed to it, so none is adopted or deleted, and the create is sent again", map[string]any{
			"kind": r.kind, "candidates": candidateSIDs(fresh), "attempts_left": budget,
		})
	}
	return fail(OutcomeUnknown, lastErr)
}

// unclaimed returns the candidates this Client did not create and no
// earlier listing of the same create returned, and adds them all to seen.
func (c *Client) unclaimed(found []Candidate, seen map[string]struct{}) []Candidate {
	var out []Candidate
	for _, cand := range found {
		key := strings.ToLower(cand.SID)
		if key == "" {
			continue
		}
		_, dup := seen[key]
		seen[key] = struct{}{}
		if !dup && !c.claims.owns(cand.SID) {
			out = append(out, cand)
		}
	}
	return out
}

func candidateSIDs(cands []Candidate) []string {
	sids := make([]string, len(cands))
	for i, cand := range cands {
		sids[i] = cand.SID
	}
	return sids
}

// createdAnswer turns a 2xx answer to the create r that does not describe
// the object asked for (check's error) into an unknown outcome: something
// was probably created, and the answer cannot say what.
func createdAnswer(r *request, check error) error {
	if check == nil {
		return nil
	}
	return &outcomeUnknownError{err: fmt.Errorf("verify: POST %s: %w", stripQuery(r.url), check)}
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

// createWindowStart returns the earliest date_created (Twilio's clock) of
// an object made by a create sent at start (this machine's clock), from
// the estimate of Twilio's clock that every answer's Date header refines
// (clock.go), so the two clocks are never compared directly.
func (c *Client) createWindowStart(start time.Time) time.Time {
	return c.clock.earliestAt(start)
}

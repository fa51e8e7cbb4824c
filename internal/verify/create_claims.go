package verify

import (
	"context"
	"strings"
	"sync"
)

// createClaims keeps the creates of one Client from claiming each other's
// objects: creates that could take each other's object for their own (the
// same createRecipe.claimKey) run one at a time, and the SIDs this Client
// created are never candidates of a recovery. It cannot see other
// processes; see create_recovery.go.
type createClaims struct {
	mu    sync.Mutex
	owned map[string]struct{} // lower-cased SIDs created
	locks map[string]*claimLock
}

type claimLock struct {
	held  chan struct{} // a one-slot semaphore, so that waiting honours ctx
	users int           // holders and waiters; the entry is dropped at zero
}

func newCreateClaims() *createClaims {
	return &createClaims{owned: map[string]struct{}{}, locks: map[string]*claimLock{}}
}

// lock waits until no other create with the same key runs, and returns the
// function that lets the next one go, or ctx's error when ctx ends first.
func (c *createClaims) lock(ctx context.Context, key string) (unlock func(), err error) {
	c.mu.Lock()
	l := c.locks[key]
	if l == nil {
		l = &claimLock{held: make(chan struct{}, 1)}
		c.locks[key] = l
	}
	l.users++
	c.mu.Unlock()

	release := func() {
		c.mu.Lock()
		l.users--
		if l.users == 0 {
			delete(c.locks, key)
		}
		c.mu.Unlock()
	}
	select {
	case l.held <- struct{}{}:
		return func() { <-l.held; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}

// own records a SID this client created.
func (c *createClaims) own(sid string) {
	if sid == "" {
		return
	}
	c.mu.Lock()
	c.owned[strings.ToLower(sid)] = struct{}{}
	c.mu.Unlock()
}

// owns reports whether this client created sid.
func (c *createClaims) owns(sid string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.owned[strings.ToLower(sid)]
	return ok
}

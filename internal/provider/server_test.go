package provider

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type requestValueKey struct{}

func TestRequestContextAnswersAsTheRequestUntilReleased(t *testing.T) {
	t.Parallel()
	deadline := time.Now().Add(time.Hour)
	parent, cancelParent := context.WithDeadline(context.WithValue(context.Background(), requestValueKey{}, "request"), deadline)
	defer cancelParent()

	scoped := newRequestContext(parent)
	if got := scoped.Value(requestValueKey{}); got != "request" {
		t.Errorf("Value = %v, want the request's value", got)
	}
	if got, ok := scoped.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline = %v, %v; want %v, true", got, ok, deadline)
	}
	child, cancelChild := context.WithCancel(scoped)
	defer cancelChild()
	cancelParent()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("canceling the request did not cancel a context derived from its requestContext")
	}
	if !errors.Is(child.Err(), context.Canceled) {
		t.Errorf("child.Err() = %v, want context.Canceled", child.Err())
	}

	scoped.release()
	if got := scoped.Value(requestValueKey{}); got != nil {
		t.Errorf("Value after release = %v, want nil", got)
	}
	if !errors.Is(scoped.Err(), context.Canceled) {
		t.Errorf("Err after release = %v, want context.Canceled", scoped.Err())
	}
	if _, ok := scoped.Deadline(); ok {
		t.Error("a released requestContext still has the request's deadline")
	}
}

// requestCollected serves one ValidateResourceConfig on server with a
// context that holds a value of its own, and reports whether the garbage
// collector frees that value once the call has returned.
func requestCollected(t *testing.T, server tfprotov6.ProviderServer) bool {
	t.Helper()
	var freed atomic.Bool
	serveOnce := func() {
		value := new([1 << 10]byte)
		runtime.AddCleanup(value, func(*atomic.Bool) { freed.Store(true) }, &freed)
		ctx := context.WithValue(context.Background(), requestValueKey{}, value)
		// An unknown type: the framework answers with a diagnostic, after
		// it has registered the request's context.
		resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "twilio_no_such_resource"})
		if err != nil || resp == nil || len(resp.Diagnostics) == 0 {
			t.Fatalf("ValidateResourceConfig of an unknown type: %v, %v; want a diagnostic", resp, err)
		}
	}
	serveOnce()
	for range 20 {
		runtime.GC()
		if freed.Load() {
			return true
		}
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
	runtime.KeepAlive(server)
	return false
}

func TestServerReleasesRequestContexts(t *testing.T) {
	t.Parallel()
	if !requestCollected(t, NewServer("test")()) {
		t.Error("the provider's server kept a request's context reachable after answering it")
	}
}

// TestFrameworkKeepsRequestContexts watches the upstream behaviour that
// requestScopedServer works around: when it fails, the framework no longer
// keeps every request's context and requestScopedServer can go.
func TestFrameworkKeepsRequestContexts(t *testing.T) {
	t.Parallel()
	if requestCollected(t, providerserver.NewProtocol6(New("test")())()) {
		t.Error("terraform-plugin-framework no longer keeps request contexts: remove requestScopedServer (server.go)")
	}
}

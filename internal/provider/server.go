package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// frameworkServer is what the framework's protocol 6 server implements:
// the provider server and the optional servers that terraform-plugin-go
// looks for by type assertion. Embedding it keeps every RPC available.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// NewServer returns the constructor of the provider's protocol 6 server,
// for tf6server.Serve and the acceptance tests: the framework's server
// behind requestScopedServer.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return scopeRequestContexts(providerserver.NewProtocol6(New(version)())())
	}
}

// scopeRequestContexts wraps the framework's server in requestScopedServer;
// a server that is not the framework's is returned as it is.
func scopeRequestContexts(inner tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	fs, ok := inner.(frameworkServer)
	if !ok {
		return inner
	}
	return &requestScopedServer{frameworkServer: fs}
}

// requestScopedServer gives the framework, for each per-resource RPC, a
// context that stops referring to the request once the RPC is answered.
//
// terraform-plugin-framework v1.19.0 (proto6server.Server.registerContext)
// derives a context.WithCancel from every RPC's context and appends its
// cancel function to a slice that only StopProvider empties, which
// Terraform calls on interrupt only. Each cancel function keeps its
// context and so the request's whole context chain reachable: the logging
// contexts of terraform-plugin-go and terraform-plugin-log (hclog loggers,
// copied logger options, fields), the gRPC stream. The live heap grew by
// about 50 MB over a plan of 1,000 factors and the garbage collector's work
// with it (BENCHMARKS.md has the profiles and the reproduction with
// HashiCorp's random provider). Through requestScopedServer the framework
// keeps only a released requestContext per RPC, about 100 bytes with its
// cancel function.
//
// The RPCs Terraform sends once per resource instance are scoped; the
// others (schema, provider configuration, ListResource, whose stream
// outlives the call) pass through as they are.
type requestScopedServer struct {
	frameworkServer
}

// ValidateResourceConfig implements tfprotov6.ResourceServer.
func (s *requestScopedServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

// UpgradeResourceState implements tfprotov6.ResourceServer.
func (s *requestScopedServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.UpgradeResourceState)
}

// ReadResource implements tfprotov6.ResourceServer.
func (s *requestScopedServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ReadResource)
}

// PlanResourceChange implements tfprotov6.ResourceServer.
func (s *requestScopedServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.PlanResourceChange)
}

// ApplyResourceChange implements tfprotov6.ResourceServer.
func (s *requestScopedServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ApplyResourceChange)
}

// ImportResourceState implements tfprotov6.ResourceServer.
func (s *requestScopedServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ImportResourceState)
}

// MoveResourceState implements tfprotov6.ResourceServer.
func (s *requestScopedServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.MoveResourceState)
}

// UpgradeResourceIdentity implements tfprotov6.ResourceServer.
func (s *requestScopedServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

// ValidateDataResourceConfig implements tfprotov6.DataSourceServer.
func (s *requestScopedServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

// ReadDataSource implements tfprotov6.DataSourceServer.
func (s *requestScopedServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveScoped(ctx, req, s.frameworkServer.ReadDataSource)
}

// serveScoped calls serve with a requestContext of ctx and releases it
// when serve returns.
func serveScoped[Req, Resp any](ctx context.Context, req Req, serve func(context.Context, Req) (Resp, error)) (Resp, error) {
	scoped := newRequestContext(ctx)
	defer scoped.release()
	return serve(scoped, req)
}

// requestContext answers as the request's context (values, deadline,
// cancellation: logging is unchanged) until released, and from then on as
// releasedContext, which holds nothing.
type requestContext struct {
	current atomic.Pointer[contextBox]
}

// contextBox lets an atomic.Pointer hold contexts of any concrete type.
type contextBox struct{ context.Context }

// releasedContext is what a requestContext answers as once released: a
// canceled context without values.
var releasedContext = func() *contextBox {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return &contextBox{ctx}
}()

func newRequestContext(ctx context.Context) *requestContext {
	c := &requestContext{}
	c.current.Store(&contextBox{ctx})
	return c
}

// release drops the reference to the request's context.
func (c *requestContext) release() { c.current.Store(releasedContext) }

// Deadline implements context.Context.
func (c *requestContext) Deadline() (time.Time, bool) { return c.current.Load().Deadline() }

// Done implements context.Context.
func (c *requestContext) Done() <-chan struct{} { return c.current.Load().Done() }

// Err implements context.Context.
func (c *requestContext) Err() error { return c.current.Load().Err() }

// Value implements context.Context.
func (c *requestContext) Value(key any) any { return c.current.Load().Value(key) }

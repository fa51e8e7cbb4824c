package verify

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// mockClient starts the project's mock of Twilio behind wrap (nil: none)
// and returns a client with retries for it.
func mockClient(t *testing.T, wrap func(http.Handler) http.Handler) (*Client, *mockverify.Server) {
	t.Helper()
	m := mockverify.New(mockverify.Options{})
	var h http.Handler = m
	if wrap != nil {
		h = wrap(m)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{
		AccountSID: mockverify.DefaultAccountSID, AuthToken: mockverify.DefaultAuthToken, BaseURL: srv.URL,
		MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, m
}

// failFirst answers the first request matching method and path with 503
// without passing it on (nothing is applied).
func failFirst(method, path string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		var once sync.Once
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			failed := false
			if r.Method == method && r.URL.Path == path {
				once.Do(func() { failed = true })
			}
			if failed {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte(`{"code":20503,"message":"Service unavailable","status":503}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func TestServiceLifecycle(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	ctx := t.Context()
	s, err := c.CreateService(ctx, ServiceParams{
		FriendlyName: ptr("Acme"), TotpIssuer: ptr("Acme Corp"), Psd2Enabled: ptr(true),
		PasskeysRelyingPartyOrigins: &[]string{"https://a.example", "https://b.example"}, PasskeysRelyingPartyID: ptr("a.example"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.SID, "VA") || s.Totp.Issuer != "Acme Corp" || !s.Psd2Enabled || s.Totp.TimeStep != 30 ||
		s.Passkeys.RelyingParty == nil || len(s.Passkeys.RelyingParty.Origins) != 2 || *s.Passkeys.RelyingParty.ID != "a.example" {
		t.Errorf("created %+v", s)
	}
	u, err := c.UpdateService(ctx, s.SID, ServiceParams{CodeLength: ptr[int64](8)})
	if err != nil {
		t.Fatal(err)
	}
	if u.CodeLength != 8 || u.FriendlyName != "Acme" || !u.Psd2Enabled {
		t.Errorf("updated %+v", u)
	}
	if got := m.Stats().Requests["POST /v2/Services/{Sid}"]; got != 1 {
		t.Errorf("%d update POSTs, want 1", got)
	}
	list, err := c.ListServices(ctx)
	if err != nil || len(list) != 1 || list[0].SID != s.SID {
		t.Fatalf("list %v %v", list, err)
	}
	if err := c.DeleteService(ctx, s.SID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchService(ctx, s.SID); !IsNotFound(err) {
		t.Errorf("fetch after delete: %v", err)
	}
	if _, err := c.CreateService(ctx, ServiceParams{}); err == nil {
		t.Error("a create without a friendly name was sent")
	}
}

func TestCreateServiceLostResponseIsAdopted(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	m.SetFaults(mockverify.Faults{DropRate: 1})
	s, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Dropped")})
	if err != nil {
		t.Fatal(err)
	}
	services := m.Services("")
	if len(services) != 1 || services[0].SID != s.SID {
		t.Errorf("services %v, adopted %s", services, s.SID)
	}
	if got := m.Stats().Requests["POST /v2/Services"]; got != 1 {
		t.Errorf("%d create POSTs, want 1", got)
	}
}

func TestCreateServiceUnappliedFailureIsResent(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, failFirst(http.MethodPost, "/v2/Services"))
	s, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Again")})
	if err != nil {
		t.Fatal(err)
	}
	if services := m.Services(""); len(services) != 1 || services[0].SID != s.SID {
		t.Errorf("services %v", services)
	}
}

func TestCreateServiceAmbiguous(t *testing.T) {
	t.Parallel()
	var c *Client
	var m *mockverify.Server
	// Two services with the same name appear while the create's response
	// is lost: the client must not pick one.
	c, m = mockClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v2/Services" {
				_, _ = m.CreateService("", mockverify.ServiceParams{FriendlyName: "Twin"})
				_, _ = m.CreateService("", mockverify.ServiceParams{FriendlyName: "Twin"})
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	_, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Twin")})
	var amb *AmbiguousServiceCreateError
	if !errors.As(err, &amb) || len(amb.SIDs) != 2 || !strings.Contains(err.Error(), "import the one that is") || strings.Contains(err.Error(), "delete") || CreateOutcomeOf(err) != OutcomeUnknown {
		t.Fatalf("err = %v", err)
	}
}

func TestEntityLifecycle(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	ctx := t.Context()
	svc, err := m.CreateService("", mockverify.ServiceParams{FriendlyName: "S"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := c.CreateEntity(ctx, svc.SID, "user-0001")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.SID, "YE") || e.Identity != "user-0001" || e.ServiceSID != svc.SID || e.DateCreated.IsZero() {
		t.Errorf("entity %+v", e)
	}
	_, err = c.CreateEntity(ctx, svc.SID, "user-0001")
	if ErrorCode(err) != CodeEntityExists {
		t.Errorf("duplicate create: %v", err)
	}
	if _, err := c.CreateEntity(ctx, svc.SID, "user-0002"); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListEntities(ctx, svc.SID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list %v %v", list, err)
	}
	if err := c.DeleteEntity(ctx, svc.SID, "user-0001"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchEntity(ctx, svc.SID, "user-0001"); !IsNotFound(err) {
		t.Errorf("fetch after delete: %v", err)
	}
	if err := c.DeleteEntity(ctx, svc.SID, "user-0001"); !IsNotFound(err) {
		t.Errorf("second delete: %v", err)
	}
}

func TestCreateEntityRecovery(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	svc, err := m.CreateService("", mockverify.ServiceParams{FriendlyName: "S"})
	if err != nil {
		t.Fatal(err)
	}
	m.SetFaults(mockverify.Faults{DropRate: 1})
	e, err := c.CreateEntity(t.Context(), svc.SID, "user-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Entities("", svc.SID); len(got) != 1 || got[0].SID != e.SID {
		t.Errorf("entities %v, adopted %+v", got, e)
	}

	path := "/v2/Services/" + svc.SID + "/Entities"
	c2, m2 := mockClient(t, failFirst(http.MethodPost, path))
	svc2, err := m2.CreateService("", mockverify.ServiceParams{SID: svc.SID, FriendlyName: "S"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.CreateEntity(t.Context(), svc2.SID, "user-0002"); err != nil {
		t.Fatal(err)
	}
	if got := m2.Entities("", svc2.SID); len(got) != 1 {
		t.Errorf("entities %v", got)
	}
}

// The recovery window of service and entity creates is on Twilio's clock:
// with this machine minutes ahead of or behind Twilio, a lost create is
// adopted, never sent twice.
func TestCreateServiceAndEntityRecoveryIgnoreClockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute} {
		c, m := mockClient(t, nil)
		m.SetClockSkew(skew)
		m.SetFaults(mockverify.Faults{DropRate: 1})
		s, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Skewed")})
		if err != nil {
			t.Fatalf("skew %v: service: %v", skew, err)
		}
		if services := m.Services(""); len(services) != 1 || services[0].SID != s.SID {
			t.Errorf("skew %v: services %v, adopted %s", skew, services, s.SID)
		}
		e, err := c.CreateEntity(t.Context(), s.SID, "user-0001")
		if err != nil {
			t.Fatalf("skew %v: entity: %v", skew, err)
		}
		if got := m.Entities("", s.SID); len(got) != 1 || got[0].SID != e.SID {
			t.Errorf("skew %v: entities %v, adopted %+v", skew, got, e)
		}
	}
}

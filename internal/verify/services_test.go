package verify

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
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

// A service create whose answer was lost stops with an error naming the
// service that appeared meanwhile: it may be this create's or another
// process's, and a service never expires, so it is neither adopted, nor
// deleted, nor duplicated.
func TestCreateServiceLostResponseIsNamedNotAdopted(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	m.SetFaults(mockverify.Faults{DropRate: 1})
	s, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Dropped")})
	if err == nil {
		t.Fatalf("created %s, want an error", s.SID)
	}
	services := m.Services("")
	cands := CreateCandidates(err)
	if len(services) != 1 || len(cands) != 1 || cands[0].SID != services[0].SID || CreateOutcomeOf(err) != OutcomeUnknown {
		t.Fatalf("services %v, err %v (candidates %v)", services, err, cands)
	}
	if !strings.HasSuffix(cands[0].URL, "/v2/Services/"+services[0].SID) || !strings.Contains(err.Error(), services[0].SID) {
		t.Errorf("candidate %+v / error %v does not locate the service", cands[0], err)
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

// Another process's service with the same name, made while this create
// failed without being applied, is never taken for this create's.
func TestCreateServiceNeverAdoptsAnotherProcesssService(t *testing.T) {
	t.Parallel()
	var c *Client
	var m *mockverify.Server
	c, m = mockClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v2/Services" {
				_, _ = m.CreateService("", mockverify.ServiceParams{FriendlyName: "Twin"})
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	_, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Twin")})
	services := m.Services("")
	if cands := CreateCandidates(err); len(services) != 1 || len(cands) != 1 || cands[0].SID != services[0].SID || CreateOutcomeOf(err) != OutcomeUnknown {
		t.Fatalf("err = %v, services %v", err, services)
	}
}

// Creates of services with one name in one client run one at a time, and
// what the client created is never a candidate: with every other create
// failing unapplied, parallel creates end with distinct services.
func TestCreateServiceParallelSameNameUnderFaults(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	c, m := mockClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v2/Services" && n.Add(1)%2 == 1 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	sids := make(chan string, 4)
	for range 4 {
		go func() {
			s, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Same Service")})
			if err != nil {
				t.Error(err)
				sids <- ""
				return
			}
			sids <- s.SID
		}()
	}
	got := map[string]bool{}
	for range 4 {
		sid := <-sids
		if got[sid] {
			t.Errorf("two creates returned %q", sid)
		}
		got[sid] = true
	}
	if services := m.Services(""); len(services) != 4 {
		t.Errorf("%d services, want 4", len(services))
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

// An entity create whose answer was lost: an entity that then exists may
// be this create's or one a concurrent factor create made implicitly, so
// it is named, not claimed; one that does not exist is created again.
func TestCreateEntityRecovery(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, nil)
	svc, err := m.CreateService("", mockverify.ServiceParams{FriendlyName: "S"})
	if err != nil {
		t.Fatal(err)
	}
	m.SetFaults(mockverify.Faults{DropRate: 1})
	_, err = c.CreateEntity(t.Context(), svc.SID, "user-0001")
	got := m.Entities("", svc.SID)
	if cands := CreateCandidates(err); len(got) != 1 || len(cands) != 1 || cands[0].SID != got[0].SID ||
		cands[0].Identity != "user-0001" || CreateOutcomeOf(err) != OutcomeUnknown {
		t.Fatalf("entities %v, err %v", got, err)
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

// An entity that existed before the create was sent is not a candidate:
// the create is sent again and Twilio's 409 says it exists.
func TestCreateEntityRecoveryOlderEntityIsConflict(t *testing.T) {
	t.Parallel()
	var failing atomic.Bool
	c, m := mockClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Entities") && failing.CompareAndSwap(true, false) {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	svc, err := m.CreateService("", mockverify.ServiceParams{FriendlyName: "S"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateEntity(t.Context(), svc.SID, "user-0003"); err != nil {
		t.Fatal(err)
	}
	m.SetClockSkew(3 * time.Second) // the entity is older than the window of the create below
	failing.Store(true)
	_, err = c.CreateEntity(t.Context(), svc.SID, "user-0003")
	if ErrorCode(err) != CodeEntityExists || len(CreateCandidates(err)) != 0 {
		t.Fatalf("err = %v, want Twilio's 409 (60301) and no candidate", err)
	}
}

// The recovery window of service and entity creates is on Twilio's clock:
// with this machine minutes ahead of or behind Twilio, the object a lost
// create made is found and named, never sent twice.
func TestCreateServiceAndEntityRecoveryIgnoreClockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute} {
		c, m := mockClient(t, nil)
		m.SetClockSkew(skew)
		m.SetFaults(mockverify.Faults{DropRate: 1})
		_, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Skewed")})
		services := m.Services("")
		if cands := CreateCandidates(err); len(services) != 1 || len(cands) != 1 || cands[0].SID != services[0].SID {
			t.Errorf("skew %v: services %v, err %v", skew, services, err)
			continue
		}
		_, err = c.CreateEntity(t.Context(), services[0].SID, "user-0001")
		got := m.Entities("", services[0].SID)
		if cands := CreateCandidates(err); len(got) != 1 || len(cands) != 1 || cands[0].SID != got[0].SID {
			t.Errorf("skew %v: entities %v, err %v", skew, got, err)
		}
	}
}

// A 2xx answer to a create that does not describe the object (here {}) is
// an unknown outcome, never an object with empty ids: the service the
// create made is found and named, the entity likewise.
func TestCreateAnswerThatIsNotTheObject(t *testing.T) {
	t.Parallel()
	c, m := mockClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(httptest.NewRecorder(), r) // applied; its answer is replaced
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{}`))
		})
	})
	_, err := c.CreateService(t.Context(), ServiceParams{FriendlyName: ptr("Empty Answer")})
	services := m.Services("")
	if cands := CreateCandidates(err); len(services) != 1 || len(cands) != 1 || cands[0].SID != services[0].SID ||
		!strings.Contains(err.Error(), "no sid") {
		t.Fatalf("services %v, err %v", services, err)
	}
	_, err = c.CreateEntity(t.Context(), services[0].SID, "user-0004")
	entities := m.Entities("", services[0].SID)
	if cands := CreateCandidates(err); len(entities) != 1 || len(cands) != 1 || cands[0].SID != entities[0].SID {
		t.Fatalf("entities %v, err %v", entities, err)
	}
}

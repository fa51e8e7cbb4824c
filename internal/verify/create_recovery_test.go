package verify

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

const (
	testPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqvQ3B2Nss8gQWdGk2VJ8tnWJ6GzmfV1MgKZpnhPn7A0c6r6ThxxA4PnlLtBQdcDwJwUUsM7UJ7t5a6r+6rrG0A=="
	testToken     = "fcm-registration-token:APA91bH_0123456789abcdefghijklmnopqrstuvwxyz"
	testSecret    = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

func pushParams() CreateFactorParams {
	return CreateFactorParams{
		ServiceSID: testServiceSID, Identity: testIdentity,
		FriendlyName: "Alice's phone", FactorType: FactorTypePush,
		BindingAlg: "ES256", BindingPublicKey: testPublicKey,
		ConfigAppID: "com.example.app", ConfigNotificationPlatform: "fcm",
		ConfigNotificationToken: testToken, ConfigSdkVersion: "1.2.3",
		Metadata: map[string]string{"os": "Android"},
	}
}

func totpParams(secret string) CreateFactorParams {
	return CreateFactorParams{
		ServiceSID: testServiceSID, Identity: testIdentity,
		FriendlyName: "alice@example.com laptop", FactorType: FactorTypeTOTP,
		BindingSecret: secret,
	}
}

func TestCreateFactorRecovery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		params     CreateFactorParams
		faults     []createFault
		maxRetries int
		// what must follow
		wantCreates, wantLists int
		wantLeftBehind         int
		wantErr                func(*testing.T, error)
		wantLive               int
		check                  func(t *testing.T, f *fakeVerify, nf *NewFactor)
	}{
		{
			name: "success needs no recovery", params: pushParams(),
			wantCreates: 1, wantLive: 1,
		},
		{
			name: "push: dropped connection after the create was applied -> left behind, created again", params: pushParams(),
			faults: []createFault{faultDropAfter}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 1, wantLive: 2,
		},
		{
			name: "push: 500 after the create was applied -> left behind, created again", params: pushParams(),
			faults: []createFault{fault500After}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 1, wantLive: 2,
		},
		{
			name: "totp with given secret: dropped connection -> left behind, created again", params: totpParams(testSecret),
			faults: []createFault{faultDropAfter}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 1, wantLive: 2,
			check: func(t *testing.T, f *fakeVerify, nf *NewFactor) {
				if nf.Binding.Secret != testSecret {
					t.Errorf("binding = %+v, want the given secret", nf.Binding)
				}
			},
		},
		{
			name: "totp with generated secret: dropped connection -> left behind, created again", params: totpParams(""),
			faults: []createFault{faultDropAfter}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 1, wantLive: 2,
			check: func(t *testing.T, f *fakeVerify, nf *NewFactor) {
				if nf.Binding.Secret == "" || !strings.Contains(nf.Binding.URI, nf.Binding.Secret) {
					t.Errorf("binding = %+v, want the secret of the second create", nf.Binding)
				}
			},
		},
		{
			name: "seen set: a factor left behind is not a candidate again", params: totpParams(""),
			faults: []createFault{faultDropAfter, faultDropAfter}, maxRetries: 3,
			wantCreates: 3, wantLists: 2, wantLeftBehind: 2, wantLive: 3,
		},
		{
			name: "another process's factor made while ours failed unapplied is neither adopted nor deleted", params: totpParams(testSecret),
			faults: []createFault{faultOtherThen500}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 1, wantLive: 2,
		},
		{
			name: "500 without change -> the create is sent again", params: pushParams(),
			faults: []createFault{fault500Before}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLive: 1,
		},
		{
			name: "dropped before applying on a new entity: list 404 counts as empty", params: pushParams(),
			faults: []createFault{faultDropBefore}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLive: 1,
		},
		{
			name: "two look-alikes -> both left behind, none adopted or deleted", params: pushParams(),
			faults: []createFault{faultDupDropAfter}, maxRetries: 2,
			wantCreates: 2, wantLists: 1, wantLeftBehind: 2, wantLive: 3,
		},
		{
			name: "look-alikes and no attempt left -> error naming them", params: pushParams(),
			faults: []createFault{faultDropAfter}, maxRetries: 0,
			wantCreates: 1, wantLists: 1, wantLive: 1,
			wantErr: func(t *testing.T, err error) {
				cands := CreateCandidates(err)
				if CreateOutcomeOf(err) != OutcomeUnknown || len(cands) != 1 || !strings.Contains(err.Error(), cands[0].SID) {
					t.Fatalf("err = %v (outcome %v, candidates %v), want unknown naming the one candidate", err, CreateOutcomeOf(err), cands)
				}
			},
		},
		{
			name: "attempts bounded by MaxRetries+1, last error returned", params: pushParams(),
			faults: []createFault{fault500Before, fault500Before, fault500Before, fault500Before}, maxRetries: 2,
			wantCreates: 3, wantLists: 3, wantLive: 0,
			wantErr: func(t *testing.T, err error) {
				var e *Error
				if !errors.As(err, &e) || e.Status != 500 || e.Code != 20500 {
					t.Fatalf("err = %v, want the last *Error (500)", err)
				}
				if CreateOutcomeOf(err) != OutcomeUnknown {
					t.Errorf("outcome %v, want unknown", CreateOutcomeOf(err))
				}
			},
		},
		{
			name: "4xx: nothing created, no recovery", params: pushParams(),
			faults: []createFault{fault400}, maxRetries: 2,
			wantCreates: 1, wantLive: 0,
			wantErr: func(t *testing.T, err error) {
				if ErrorCode(err) != 60200 || CreateOutcomeOf(err) != OutcomeNotCreated {
					t.Fatalf("err = %v (outcome %v), want code 60200, not created", err, CreateOutcomeOf(err))
				}
			},
		},
		{
			name: "429 after retries: nothing created, no recovery", params: pushParams(),
			faults: []createFault{fault429, fault429, fault429, fault429}, maxRetries: 2,
			wantCreates: 3, wantLive: 0,
			wantErr: func(t *testing.T, err error) {
				var e *Error
				if !errors.As(err, &e) || e.Status != 429 || e.Code != 20429 {
					t.Fatalf("err = %v, want *Error 429/20429", err)
				}
			},
		},
		{
			name: "429 then success within one budget", params: pushParams(),
			faults: []createFault{fault429, faultNone}, maxRetries: 2,
			wantCreates: 2, wantLive: 1,
		},
		{
			name: "no retries allowed: an unknown outcome is still checked, but not resent", params: pushParams(),
			faults: []createFault{fault500Before}, maxRetries: 0,
			wantCreates: 1, wantLists: 1, wantLive: 0,
			wantErr: func(t *testing.T, err error) {
				if e, ok := errors.AsType[*Error](err); !ok || e.Status != 500 {
					t.Fatalf("err = %v, want *Error 500", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeVerify(t)
			f.faults = tt.faults
			c := f.client(t, tt.maxRetries)

			nf, err := c.CreateFactor(t.Context(), tt.params)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("CreateFactor succeeded, want an error")
				}
				tt.wantErr(t, err)
			} else if err != nil {
				t.Fatalf("CreateFactor: %v", err)
			}

			creates, lists, deletes := f.counts()
			if creates != tt.wantCreates || lists != tt.wantLists || deletes != 0 {
				t.Errorf("creates/lists/deletes = %d/%d/%d, want %d/%d/0 (recovery never deletes)",
					creates, lists, deletes, tt.wantCreates, tt.wantLists)
			}
			live := f.Live()
			if len(live) != tt.wantLive {
				t.Fatalf("%d live factors on the server, want %d", len(live), tt.wantLive)
			}
			if tt.wantErr != nil {
				return
			}
			checkCreated(t, nf, live, tt.params)
			if len(nf.LeftBehind) != tt.wantLeftBehind {
				t.Errorf("left behind %v, want %d", nf.LeftBehind, tt.wantLeftBehind)
			}
			if tt.check != nil {
				tt.check(t, f, nf)
			}
		})
	}
}

// checkCreated checks that nf is a live factor made with p, with the binding
// the server created, and that every factor it left behind is live, not
// nf, and described well enough to be imported or deleted by hand.
func checkCreated(t *testing.T, nf *NewFactor, live []NewFactor, p CreateFactorParams) {
	t.Helper()
	byID := map[string]NewFactor{}
	for _, l := range live {
		byID[l.SID] = l
	}
	got, ok := byID[nf.SID]
	if !ok {
		t.Fatalf("returned factor %s is not live (%d live)", nf.SID, len(live))
	}
	if nf.FactorType != p.FactorType || nf.FriendlyName != p.FriendlyName {
		t.Errorf("returned factor %+v does not match the params", nf.Factor)
	}
	if got.Binding != nf.Binding {
		t.Errorf("binding = %+v, server created %+v", nf.Binding, got.Binding)
	}
	for _, lb := range nf.LeftBehind {
		if _, ok := byID[lb.SID]; !ok || lb.SID == nf.SID {
			t.Errorf("left behind %s: not live, or the returned factor", lb.SID)
		}
		if lb.Kind != "factor" || lb.ServiceSID != p.ServiceSID || lb.Identity != p.Identity || lb.DateCreated.IsZero() ||
			!strings.HasSuffix(lb.URL, "/v2/Services/"+p.ServiceSID+"/Entities/"+p.Identity+"/Factors/"+lb.SID) {
			t.Errorf("left behind %+v: incomplete", lb)
		}
	}
}

// An older factor with the same name and type is not taken for ours.
func TestCreateFactorRecoveryIgnoresOlderFactor(t *testing.T) {
	t.Parallel()
	f := newFakeVerify(t)
	c := f.client(t, 2)
	p := pushParams()

	f.mu.Lock()
	old := f.apply(testServiceSID, testIdentity, p.Form())
	f.factors[testServiceSID+"/"+testIdentity][0].DateCreated = time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	f.faults = []createFault{faultDropBefore}
	f.mu.Unlock()

	nf, err := c.CreateFactor(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if nf.SID == old.SID {
		t.Fatalf("adopted the older factor %s", old.SID)
	}
	if live := f.Live(); len(live) != 2 {
		t.Fatalf("%d live factors, want 2 (the old one and ours)", len(live))
	}
}

// A factor this client created is never taken for the one a later create
// (same service, identity, type and name: Terraform's count) lost.
func TestCreateFactorRecoveryNeverClaimsOwnFactors(t *testing.T) {
	t.Parallel()
	for _, p := range []CreateFactorParams{pushParams(), totpParams(""), totpParams(testSecret)} {
		f := newFakeVerify(t)
		c := f.client(t, 2)
		first, err := c.CreateFactor(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		f.mu.Lock()
		f.faults = []createFault{fault500Before}
		f.mu.Unlock()
		second, err := c.CreateFactor(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		if second.SID == first.SID {
			t.Fatalf("%s: the second create claimed the first one's factor %s", p.FactorType, first.SID)
		}
		live := f.Live()
		if len(live) != 2 || (live[0].SID != first.SID && live[1].SID != first.SID) {
			t.Fatalf("%s: live factors %v, want the first one's and the second one's", p.FactorType, live)
		}
	}
}

// Parallel creates with the same name on one client run one at a time, so
// that neither can find the other's factor in its recovery window: every
// live factor is returned by exactly one create or named as left behind.
func TestCreateFactorParallelSameNameUnderFaults(t *testing.T) {
	t.Parallel()
	f := newFakeVerify(t)
	f.faults = []createFault{fault500Before, faultDropAfter, fault500Before, faultDropAfter, fault500Before}
	c := f.client(t, 5)
	p := totpParams("")
	const n = 4
	created := make(chan *NewFactor, n)
	errs := make(chan error, n)
	for range n {
		go func() {
			nf, err := c.CreateFactor(t.Context(), p)
			if err != nil {
				errs <- err
				return
			}
			created <- nf
		}()
	}
	got, named := map[string]bool{}, map[string]bool{}
	for range n {
		select {
		case err := <-errs:
			t.Fatal(err)
		case nf := <-created:
			if got[nf.SID] {
				t.Fatalf("two creates returned %s", nf.SID)
			}
			got[nf.SID] = true
			for _, lb := range nf.LeftBehind {
				named[lb.SID] = true
			}
		}
	}
	for _, l := range f.Live() {
		if !got[l.SID] && !named[l.SID] {
			t.Errorf("factor %s is live but no create returned it or named it as left behind (unnamed orphan)", l.SID)
		}
	}
	for sid := range named {
		if got[sid] {
			t.Errorf("factor %s was returned by one create and named as left behind by another", sid)
		}
	}
}

// The recovery window is on Twilio's clock: with this machine minutes
// ahead of or behind Twilio, a lost create's factor is still found (and
// named as left behind) and an older factor is still not a candidate.
func TestCreateFactorRecoveryIgnoresClockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute, -2 * time.Hour} {
		f := newFakeVerify(t)
		f.skew = skew
		c := f.client(t, 2)
		p := pushParams()
		f.mu.Lock()
		old := f.apply(testServiceSID, testIdentity, p.Form())
		f.factors[testServiceSID+"/"+testIdentity][0].DateCreated = time.Now().Add(skew).Add(-10 * time.Second).UTC().Truncate(time.Second)
		f.faults = []createFault{faultDropAfter}
		f.mu.Unlock()

		nf, err := c.CreateFactor(t.Context(), p)
		if err != nil {
			t.Fatalf("skew %v: %v", skew, err)
		}
		live := f.Live()
		if nf.SID == old.SID || len(live) != 3 || len(nf.LeftBehind) != 1 || nf.LeftBehind[0].SID == old.SID {
			t.Errorf("skew %v: got %s leaving %v behind, %d live; want the lost create's factor (not the older one) named as left behind, 3 live",
				skew, nf.SID, nf.LeftBehind, len(live))
		}
	}
}

// A factor made meanwhile by someone else with the same name but other
// metadata or config is not taken for ours.
func TestCreateFactorRecoveryIgnoresOtherSettings(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]func(url.Values){
		"metadata": func(f url.Values) { f.Set("Metadata", `{"os":"iOS"}`) },
		"app id":   func(f url.Values) { f.Set("Config.AppId", "com.example.other") },
	} {
		f := newFakeVerify(t)
		c := f.client(t, 2)
		p := pushParams()
		other := p.Form()
		change(other)
		f.mu.Lock()
		theirs := f.apply(testServiceSID, testIdentity, other)
		f.faults = []createFault{fault500Before}
		f.mu.Unlock()
		nf, err := c.CreateFactor(t.Context(), p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if nf.SID == theirs.SID || len(f.Live()) != 2 {
			t.Errorf("%s: claimed a factor with other settings (%s), %d live", name, theirs.SID, len(f.Live()))
		}
	}
}

func TestTOTPURI(t *testing.T) {
	t.Parallel()
	svc := &Service{FriendlyName: "My Service"}
	f := Factor{FriendlyName: "bob smith/ü?&"}
	tests := []struct {
		name   string
		issuer string
		cfg    FactorConfig
		want   string
	}{
		{
			name: "issuer falls back to the service friendly name; defaults",
			want: "otpauth://totp/My%20Service:bob%20smith%2F%C3%BC%3F&?secret=S3CR3T&issuer=My%20Service&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "issuer and config", issuer: "Acme & Co",
			cfg:  FactorConfig{Alg: "sha256", CodeLength: ptr[int64](8), TimeStep: ptr[int64](45)},
			want: "otpauth://totp/Acme%20&%20Co:bob%20smith%2F%C3%BC%3F&?secret=S3CR3T&issuer=Acme%20%26%20Co&algorithm=SHA256&digits=8&period=45",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := *svc
			s.Totp.Issuer = tt.issuer
			ff := f
			ff.Config = tt.cfg
			if got := TOTPURI(&s, ff, "S3CR3T"); got != tt.want {
				t.Errorf("TOTPURI =\n %s\nwant\n %s", got, tt.want)
			}
		})
	}
}

// The vectors the mock's TestTOTPURI checks too (the first from Twilio's
// documentation): a rebuilt URI equals the one the mock returns.
func TestTOTPURIMatchesMock(t *testing.T) {
	t.Parallel()
	for _, tt := range verifytest.TOTPURIVectors {
		svc := &Service{}
		svc.Totp.Issuer = tt.Issuer
		f := Factor{FriendlyName: tt.Account, Config: FactorConfig{Alg: "sha1", CodeLength: ptr[int64](6), TimeStep: ptr[int64](30)}}
		if got := TOTPURI(svc, f, tt.Secret); got != tt.URI {
			t.Errorf("TOTPURI(%q, %q) =\n %s\nwant\n %s", tt.Issuer, tt.Account, got, tt.URI)
		}
	}
}

// A create waiting for another of the same name gives up when its context
// ends, sending nothing.
func TestCreateFactorWaitHonoursContext(t *testing.T) {
	t.Parallel()
	f := newFakeVerify(t)
	c := f.client(t, 0)
	unlock, err := c.claims.lock(t.Context(), "factor\x00"+factorClaimKey(pushParams()))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err = c.CreateFactor(ctx, pushParams())
	if !errors.Is(err, context.DeadlineExceeded) || CreateOutcomeOf(err) != OutcomeNotCreated {
		t.Fatalf("err = %v (outcome %v), want a deadline error, not created", err, CreateOutcomeOf(err))
	}
	if creates, _, _ := f.counts(); creates != 0 {
		t.Errorf("%d creates sent", creates)
	}
}

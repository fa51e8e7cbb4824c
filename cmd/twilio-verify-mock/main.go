// Command twilio-verify-mock serves the in-memory mock of the Twilio Verify
// v2 API (services, entities, factors, challenges, webhooks) and of Notify
// v1's push credentials from package mockverify, for acceptance tests, demos
// and manual exploration. It delivers signed webhook events (see -h).
//
//	twilio-verify-mock -service "My Service"
//
// It prints the URL it listens on and the services it seeds, and stops
// cleanly on SIGINT or SIGTERM.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

const (
	defaultAddr     = "127.0.0.1:8089"
	shutdownTimeout = 5 * time.Second
)

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	apiKeyPattern     = regexp.MustCompile(`^SK[0-9a-fA-F]{32}$`)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "twilio-verify-mock:", err)
		os.Exit(1)
	}
}

// run parses args, serves the mock until ctx is done and then shuts it
// down. It reports to stdout; usage and flag errors go to stderr.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	return runWith(ctx, args, stdout, os.Stderr, os.LookupEnv)
}

// serviceNamesFlag collects the friendly names given by the repeated -service flag.
type serviceNamesFlag []string

func (n *serviceNamesFlag) String() string { return strings.Join(*n, ", ") }

func (n *serviceNamesFlag) Set(v string) error {
	if v == "" {
		return errors.New("a service name must not be empty")
	}
	*n = append(*n, v)
	return nil
}

type config struct {
	addr             string
	allowNonLoopback bool
	accountSID       string
	authToken        string
	apiKey           string
	apiSecret        string
	faults           mockverify.Faults
	clockSkew        time.Duration
	concurrencyLimit int
	seed             int64
	maxPageSize      int
	services         serviceNamesFlag
	serviceSID       string
	serviceIssuer    string
}

func parseFlags(args []string, stderr io.Writer, lookupEnv func(string) (string, bool)) (config, error) {
	var c config
	fs := flag.NewFlagSet("twilio-verify-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: twilio-verify-mock [flags]

Serves a stateful, in-memory mock of the Twilio Verify v2 API (Services,
Entities, their Factors and Challenges, and Webhooks; passkeys factors are
created with a JSON POST to /v2/Services/{ServiceSid}/Passkeys/Factors and
stay unverified) and of Notify v1's push credentials (/v1/Credentials) over
plain HTTP, with HTTP Basic authentication like Twilio's. Point a client at
the printed URL instead of https://verify.twilio.com and
https://notify.twilio.com. State lives in memory and is lost on exit.

Webhooks: on factor.created, factor.verified, factor.deleted,
challenge.approved and challenge.denied the mock POSTs to every enabled webhook
of the service subscribed to the event (or to *), like Twilio:
application/x-www-form-urlencoded parameters uuid, type, account_sid,
service_sid, entity_identity, factor_sid, factor_type, factor_friendly_name
(challenge events add challenge_sid, challenge_details and
challenge_hidden_details; version v2 webhooks add factor_metadata and
challenge_metadata), signed in the X-Twilio-Signature header. Verify it as
Twilio's: base64 of HMAC-SHA1, keyed with the account's auth token, over the
webhook URL followed by every POST parameter name and value, sorted by name.
Delivery is asynchronous (5s timeout, bounded queue, never retried, never
slowing the API); failures are logged to stderr and counted under "webhooks"
in /__mock/stats. Events go to loopback addresses only, unless
-allow-non-loopback.

Control API (no authentication):
  GET  /__mock/stats                 request counts by route, and how many were answered 429
  POST /__mock/reset                 forget every service and factor (seeded ones too), zero the counts;
                                     faults, clock skew and page-size cap are kept
  GET  /__mock/faults                current faults
  POST /__mock/faults                set faults: {"latency":"250ms","throttle_rate":0.1,
                                     "error_rate":0,"drop_rate":0,"retry_after":"2s"}
  POST /__mock/max-page-size?n=25    cap the page size of lists
  GET  /__mock/clock-skew            current clock skew
  POST /__mock/clock-skew?d=-3m      shift the mock's clock (date_created, date_updated, Date header, TOTP)
  GET  /__mock/concurrency-limit     current concurrency limit (0: none)
  POST /__mock/concurrency-limit?n=4 set it: API requests of the account in flight at once
The control API refuses (403) requests with an Origin header or a Host that
is not loopback (localhost, 127.0.0.1, [::1]), so web pages cannot drive it.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), `
Example:
  twilio-verify-mock -addr 127.0.0.1:0 -service "Acceptance tests" -latency 20ms
`)
	}
	fs.StringVar(&c.addr, "addr", defaultAddr, "`host:port` to listen on; port 0 picks a free port")
	fs.BoolVar(&c.allowNonLoopback, "allow-non-loopback", false, "allow listening on a non-loopback address (credentials travel in clear over HTTP), and delivering webhook events to non-loopback addresses")
	fs.StringVar(&c.accountSID, "account-sid", "", "account `SID` accepted (default $TWILIO_ACCOUNT_SID, else "+mockverify.DefaultAccountSID+")")
	fs.StringVar(&c.authToken, "auth-token", "", "auth `token` of the account (default $TWILIO_AUTH_TOKEN, else "+mockverify.DefaultAuthToken+")")
	fs.StringVar(&c.apiKey, "api-key", "", "API key `SID` (SK...) also accepted for the account (default $TWILIO_API_KEY; none if unset)")
	fs.StringVar(&c.apiSecret, "api-secret", "", "`secret` of the API key (default $TWILIO_API_SECRET)")
	fs.DurationVar(&c.faults.Latency, "latency", 0, "`duration` added before every API request")
	fs.Float64Var(&c.faults.ThrottleRate, "throttle-rate", 0, "`fraction` of API requests answered 429 (code 20429) with Retry-After")
	fs.Float64Var(&c.faults.ErrorRate, "error-rate", 0, "`fraction` of API requests answered 500/503 before any change")
	fs.Float64Var(&c.faults.DropRate, "drop-rate", 0, "`fraction` of POST/DELETE requests applied but whose connection is closed without a response")
	fs.DurationVar(&c.faults.RetryAfter, "retry-after", time.Second, "Retry-After of throttled requests, in whole seconds (`duration`, min 1s)")
	fs.DurationVar(&c.clockSkew, "clock-skew", 0, "shift the mock's clock by this `duration` (e.g. -3m: behind this machine); dates, the Date header and TOTP checks use it")
	fs.IntVar(&c.concurrencyLimit, "concurrency-limit", 0, "most API `requests` of the account in flight at once, as Twilio's concurrency limit; one more is answered 429 (code 20429) at once with Retry-After (0: no limit)")
	fs.Int64Var(&c.seed, "seed", 0, "`seed` of SIDs, generated TOTP secrets and fault decisions")
	fs.IntVar(&c.maxPageSize, "max-page-size", 1000, "largest page `size` granted on lists (1-1000)")
	fs.Var(&c.services, "service", "seed a service with this friendly `name` (repeatable)")
	fs.StringVar(&c.serviceSID, "service-sid", "", "fixed `SID` (VA...) of the first seeded service (default: derived from -seed)")
	fs.StringVar(&c.serviceIssuer, "service-issuer", "", "TOTP `issuer` of the seeded services (default: their friendly name)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	fromEnv := func(v *string, flagName, env, def string) {
		if set[flagName] {
			return
		}
		if e, ok := lookupEnv(env); ok && e != "" {
			*v = e
			return
		}
		*v = def
	}
	fromEnv(&c.accountSID, "account-sid", "TWILIO_ACCOUNT_SID", mockverify.DefaultAccountSID)
	fromEnv(&c.authToken, "auth-token", "TWILIO_AUTH_TOKEN", mockverify.DefaultAuthToken)
	fromEnv(&c.apiKey, "api-key", "TWILIO_API_KEY", "")
	fromEnv(&c.apiSecret, "api-secret", "TWILIO_API_SECRET", "")
	return c, c.validate()
}

func (c config) validate() error {
	if !accountSIDPattern.MatchString(c.accountSID) {
		return fmt.Errorf("-account-sid must be AC followed by 32 hex digits")
	}
	if c.authToken == "" {
		return errors.New("-auth-token must not be empty")
	}
	if (c.apiKey == "") != (c.apiSecret == "") {
		return errors.New("-api-key and -api-secret go together")
	}
	if c.apiKey != "" && !apiKeyPattern.MatchString(c.apiKey) {
		return errors.New("-api-key must be SK followed by 32 hex digits")
	}
	for name, r := range map[string]float64{"-throttle-rate": c.faults.ThrottleRate, "-error-rate": c.faults.ErrorRate, "-drop-rate": c.faults.DropRate} {
		if !(r >= 0 && r <= 1) {
			return fmt.Errorf("%s must be between 0 and 1", name)
		}
	}
	if c.faults.Latency < 0 || c.faults.RetryAfter < 0 {
		return errors.New("-latency and -retry-after must not be negative")
	}
	if c.concurrencyLimit < 0 {
		return errors.New("-concurrency-limit must not be negative (0: no limit)")
	}
	if c.maxPageSize < 1 || c.maxPageSize > 1000 {
		return errors.New("-max-page-size must be between 1 and 1000")
	}
	if (c.serviceSID != "" || c.serviceIssuer != "") && len(c.services) == 0 {
		return errors.New("-service-sid and -service-issuer need -service")
	}
	return checkLoopback(c.addr, c.allowNonLoopback)
}

// checkLoopback refuses addresses reachable from other machines unless
// allowed: the mock speaks plain HTTP, so credentials travel in clear.
func checkLoopback(addr string, allow bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if allow {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address; credentials would travel in clear over HTTP (use -allow-non-loopback to insist)", addr)
}

func runWith(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) error {
	c, err := parseFlags(args, stderr, lookupEnv)
	if err != nil {
		return err
	}
	acct := mockverify.Account{SID: c.accountSID, AuthToken: c.authToken}
	if c.apiKey != "" {
		acct.APIKeys = map[string]string{c.apiKey: c.apiSecret}
	}
	mock := mockverify.New(mockverify.Options{
		Accounts:         []mockverify.Account{acct},
		Faults:           c.faults,
		ClockSkew:        c.clockSkew,
		ConcurrencyLimit: c.concurrencyLimit,
		Seed:             c.seed,
		MaxPageSize:      c.maxPageSize,

		AllowNonLoopbackWebhooks: c.allowNonLoopback,
	})
	defer mock.Close()
	var seeded []mockverify.ServiceInfo
	for i, name := range c.services {
		p := mockverify.ServiceParams{FriendlyName: name, TotpIssuer: c.serviceIssuer}
		if i == 0 {
			p.SID = c.serviceSID
		}
		info, err := mock.CreateService(c.accountSID, p)
		if err != nil {
			return fmt.Errorf("seeding service %q: %w", name, err)
		}
		seeded = append(seeded, info)
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}

	out := bufio.NewWriter(stdout)
	fmt.Fprintf(out, "twilio-verify-mock listening on http://%s\n", ln.Addr())
	for _, s := range seeded {
		fmt.Fprintf(out, "seeded service %s %q\n", s.SID, s.FriendlyName)
	}
	if err := out.Flush(); err != nil {
		_ = ln.Close()
		return err
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Requests still waiting (long -latency): cut them.
		_ = srv.Close()
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Command bench measures this provider side by side with Twilio's own
// provider (twilio/twilio) and with Terraform's built-in terraform_data,
// with the pinned Terraform CLI against the bundled mock of the Verify API:
// N factors are created, planned with no change, updated in place and
// destroyed, with the state in a local file and in PostgreSQL (the pg
// backend). It records wall time, CPU of terraform and of the provider
// processes, API requests, the provider's peak RSS and the bytes of state
// per factor, and writes BENCHMARKS.md with a chart. It is a Go module of
// its own, so that the provider's module does not compile it; it builds
// the mock (and, with -profile-dir, a profiled build of the provider) from
// the provider's module, found from the current folder up. `make bench`
// builds it into bin/ and runs it from the repository's root as
//
//	TERRAFORM=bin/terraform PROVIDER_DIR=bin OFFICIAL_PROVIDER=<binary> bin/bench -out BENCHMARKS.md
//
// and `cd scripts/bench && go run . -sizes 10 -backend local` runs a small
// bench against bin/ of the repository.
//
// Twilio's provider hard-codes https://verify.twilio.com; the bench routes
// it to the mock through an HTTPS proxy of its own with a throwaway CA
// (proxy.go). It starts the mock, the proxy and PostgreSQL itself, stops
// them on exit (errors and SIGINT included) and removes its temporary
// folders.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Fixed values of the run: the mock's credentials and the seeded service.
const (
	accountSID = "AC0123456789abcdef0123456789abcdef"
	authToken  = "mockauthtoken0123456789" // alphanumeric, as twilio-go requires
	serviceSID = "VA00000000000000000000000000000bec"

	providerSource  = "verifyfactors/twilio"
	providerAddress = "registry.terraform.io/" + providerSource
	providerBinary  = "terraform-provider-twilio"

	// Twilio's provider: its address and factor resource.
	officialSource   = "twilio/twilio"
	officialAddress  = "registry.terraform.io/" + officialSource
	officialResource = "twilio_verify_services_entities_factors_v2"

	// The resources of the benchmark config are spread over identities
	// of this many factors (Twilio allows 100 TOTP factors per entity).
	perIdentity = 50

	// The build tag of the provider's profiled build (main_benchprofile.go),
	// and the variable that names the folder its processes write their CPU,
	// heap and goroutine profiles into.
	profileBuildTag    = "benchprofile"
	profileDirVariable = "TWILIO_VERIFY_PROFILE_DIR"

	// Bounds on one CLI command and on the whole run.
	commandTimeout = 15 * time.Minute
)

type options struct {
	out         string
	latency     time.Duration
	sizes       []int
	localMax    int // largest N measured with a local state file
	parallelism int
	terraform   string
	providerDir string
	goCmd       string
	micro       string   // output of `go test -bench` to include, if any
	official    string   // Twilio's provider binary; "" to measure ours alone
	backends    []string // "local" and/or "pg"
	repeat      int      // lifecycles per subject and size; the report shows medians
	profileDir  string   // where our provider writes its profiles, if set
	results     string   // where the measurements are saved (JSON)
	from        string   // a results file to render instead of measuring
}

// Backends.
const (
	backendLocal = "local"
	backendPG    = "pg"
)

// howToGetOfficial says how to build Twilio's provider for the comparison.
const howToGetOfficial = `Twilio's provider is not measured: set OFFICIAL_PROVIDER to a built terraform-provider-twilio of
twilio/terraform-provider-twilio, e.g.
    git clone https://github.com/twilio/terraform-provider-twilio /tmp/official-src
    (cd /tmp/official-src && go build -o /tmp/official/terraform-provider-twilio .)
    make bench OFFICIAL_PROVIDER=/tmp/official/terraform-provider-twilio
Measuring this provider and terraform_data alone.`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	interrupted := ctx.Err() != nil
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		if interrupted {
			os.Exit(130)
		}
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parseOptions reads the flags; root, the provider's module, holds the
// default paths.
func parseOptions(args []string, root, goCmd string) (options, error) {
	o := options{goCmd: goCmd}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var sizes, backends string
	fs.StringVar(&o.out, "out", filepath.Join(root, "BENCHMARKS.md"), "Markdown `file` to write")
	fs.DurationVar(&o.latency, "latency", 25*time.Millisecond, "latency the mock adds to every API request")
	fs.StringVar(&sizes, "sizes", "10,100,500,1000,2000", "comma-separated numbers of factors to measure")
	fs.IntVar(&o.localMax, "local-max-size", 500, "largest of -sizes measured with a local state file (Terraform rewrites the whole file after every resource change, so larger sizes take minutes); the pg backend measures every size")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.terraform, "terraform", envOr("TERRAFORM", filepath.Join(root, "bin", "terraform")), "Terraform CLI `binary` (default $TERRAFORM, else bin/terraform of the repository)")
	fs.StringVar(&o.providerDir, "provider-dir", envOr("PROVIDER_DIR", filepath.Join(root, "bin")), "`folder` holding terraform-provider-twilio (default $PROVIDER_DIR, else bin/ of the repository); unused with -profile-dir")
	fs.StringVar(&o.micro, "micro", "", "`file` holding `go test -bench` output to include in the report")
	fs.StringVar(&o.official, "official", os.Getenv("OFFICIAL_PROVIDER"), "Twilio's provider `binary` to compare with (default $OFFICIAL_PROVIDER)")
	fs.StringVar(&backends, "backend", backendLocal+","+backendPG, "comma-separated state backends: local (a state file) and pg (PostgreSQL)")
	fs.IntVar(&o.repeat, "repeat", 1, "lifecycles per subject and size; the report shows the median of each figure")
	fs.StringVar(&o.profileDir, "profile-dir", "", "`folder` where this provider, built by the bench with -tags "+profileBuildTag+", writes per process a CPU profile and heap and goroutine profiles at their peaks (go tool pprof)")
	fs.StringVar(&o.results, "results", "", "JSON `file` where the measurements are saved, every repeat of every lifecycle (default: -out with .json for .md)")
	fs.StringVar(&o.from, "from", "", "render -out again from the results `file` of an earlier run and the current analysis.md, without measuring (the measuring flags are ignored)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.results == "" {
		o.results = resultsFileOf(o.out)
	}
	if o.from != "" {
		return o, nil
	}
	for f := range strings.SplitSeq(sizes, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive integer", f)
		}
		o.sizes = append(o.sizes, n)
	}
	if len(o.sizes) == 0 {
		return o, errors.New("-sizes is empty")
	}
	for b := range strings.SplitSeq(backends, ",") {
		switch b = strings.TrimSpace(b); b {
		case backendLocal, backendPG:
			o.backends = append(o.backends, b)
		case "":
		default:
			return o, fmt.Errorf("-backend: %q is neither local nor pg", b)
		}
	}
	if len(o.backends) == 0 {
		return o, errors.New("-backend is empty")
	}
	if o.repeat < 1 {
		return o, errors.New("-repeat must be at least 1")
	}
	if o.latency < 0 {
		return o, errors.New("-latency must not be negative")
	}
	if o.parallelism < 1 {
		return o, errors.New("-parallelism must be at least 1")
	}
	var err error
	if o.terraform, err = filepath.Abs(o.terraform); err != nil {
		return o, err
	}
	if o.providerDir, err = filepath.Abs(o.providerDir); err != nil {
		return o, err
	}
	if fi, err := os.Stat(o.terraform); err != nil || fi.IsDir() {
		return o, fmt.Errorf("no Terraform CLI at %s (run `make terraform`)", o.terraform)
	}
	if fi, err := os.Stat(filepath.Join(o.providerDir, providerBinary)); o.profileDir == "" && (err != nil || fi.IsDir()) {
		return o, fmt.Errorf("no %s in %s (run `make build`)", providerBinary, o.providerDir)
	}
	if o.official != "" {
		if o.official, err = filepath.Abs(o.official); err != nil {
			return o, err
		}
		if fi, err := os.Stat(o.official); err != nil || fi.IsDir() {
			return o, fmt.Errorf("OFFICIAL_PROVIDER: no provider binary at %s", o.official)
		}
	}
	if o.profileDir != "" {
		if o.profileDir, err = filepath.Abs(o.profileDir); err != nil {
			return o, err
		}
	}
	return o, nil
}

// providerModule is the provider's Go module: its folder holds the sources
// of the mock and of the provider that the bench builds. The bench is a
// module of its own in scripts/bench, so that the provider's module does
// not compile it.
const providerModule = "github.com/verifyfactors/terraform-provider-twilio"

// providerRoot is the folder of the provider's go.mod: the nearest folder,
// from the current Go module's up (the provider's own when the bench runs
// from the repository's root, scripts/bench's when it runs from there),
// whose go.mod declares providerModule.
func providerRoot(ctx context.Context, goCmd string) (string, error) {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the repository: run from it")
	}
	for dir := filepath.Dir(gomod); ; dir = filepath.Dir(dir) {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(data) == providerModule {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod of %s in %s or above", providerModule, filepath.Dir(gomod))
		}
	}
}

// modulePath is the path a go.mod's module directive declares.
func modulePath(gomod []byte) string {
	for line := range strings.Lines(string(gomod)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

func run(ctx context.Context, args []string) error {
	goCmd := envOr("GO", "go")
	root, err := providerRoot(ctx, goCmd)
	if err != nil {
		return err
	}
	o, err := parseOptions(args, root, goCmd)
	if err != nil {
		return err
	}
	if o.from != "" {
		rep, err := loadReport(o.from, o.out)
		if err != nil {
			return err
		}
		return rep.write()
	}
	tmp, err := os.MkdirTemp("", "tf-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	mockBin, providerDir, err := buildBinaries(ctx, o, root, tmp)
	if err != nil {
		return err
	}
	env := cleanEnv()
	m, err := startMock(ctx, mockBin, env, o.latency)
	if err != nil {
		return err
	}
	defer m.stop()
	fmt.Printf("==> Mock on %s, latency %s, service %s\n", m.url, o.latency, serviceSID)

	wrapped := filepath.Join(tmp, "ours")
	if err := writeProviderWrapper(wrapped, filepath.Join(providerDir, providerBinary)); err != nil {
		return err
	}
	overrides := map[string]string{providerAddress: wrapped}
	baseline, _ := knownSubject(subjectBaseline)
	ours, _ := knownSubject(subjectOurs)
	ours.env = []string{"TWILIO_BASE_URL=" + m.url}
	subjects := []subject{baseline, ours}
	if o.official == "" {
		fmt.Println(howToGetOfficial)
	} else {
		official, closeProxy, err := officialSubject(o.official, tmp, m.url, overrides)
		if err != nil {
			return err
		}
		defer closeProxy()
		subjects = append(subjects, official)
	}

	tf, err := newTerraform(o.terraform, tmp, env, overrides)
	if err != nil {
		return err
	}
	rep := &report{opts: o, date: time.Now().UTC(), machine: describeMachine(ctx), subjects: subjects,
		micro: microBenchmarks(o.micro)}
	if rep.tfVersion, err = tf.version(ctx); err != nil {
		return err
	}
	fmt.Printf("==> Terraform %s, -parallelism=%d, sizes %v, backends %v, %d run(s) each\n", rep.tfVersion, o.parallelism, o.sizes, o.backends, o.repeat)

	b := &bench{opts: o, tf: tf, mock: m, tmp: tmp, subjects: subjects}
	if err := b.measureBackends(ctx, rep); err != nil {
		return err
	}
	rep.machine.loadEnd = loadAverage()
	if err := rep.saveResults(o.results); err != nil {
		return err
	}
	fmt.Printf("==> Saved the measurements to %s\n", o.results)
	return rep.write()
}

// buildBinaries builds the mock into tmp and returns it with the folder of
// the provider to measure: o.providerDir, or, with o.profileDir set, that
// folder, where it builds the provider with the benchprofile tag
// (main_benchprofile.go): its processes write the CPU profiles, and
// `go tool pprof` finds the binary beside them.
func buildBinaries(ctx context.Context, o options, root, tmp string) (mockBin, providerDir string, err error) {
	fmt.Printf("==> Building the mock\n")
	mockBin = filepath.Join(tmp, "twilio-verify-mock")
	if err := goBuild(ctx, o.goCmd, root, mockBin, "./cmd/twilio-verify-mock"); err != nil {
		return "", "", err
	}
	if o.profileDir == "" {
		return mockBin, o.providerDir, nil
	}
	fmt.Printf("==> Building the provider with -tags %s (its processes write CPU profiles into %s)\n", profileBuildTag, o.profileDir)
	providerDir = o.profileDir
	if err := os.MkdirAll(providerDir, 0o755); err != nil {
		return "", "", err
	}
	if err := goBuild(ctx, o.goCmd, root, filepath.Join(providerDir, providerBinary), "-tags", profileBuildTag, "."); err != nil {
		return "", "", err
	}
	return mockBin, providerDir, nil
}

// goBuild runs `go build -o out args...` in the provider's module at root.
func goBuild(ctx context.Context, goCmd, root, out string, args ...string) error {
	cmd := exec.CommandContext(ctx, goCmd, append([]string{"build", "-o", out}, args...)...)
	cmd.Dir = root
	if output, err := cmd.CombinedOutput(); err != nil {
		os.Stderr.Write(output)
		return fmt.Errorf("go build %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// officialSubject is Twilio's provider, copied under tmp behind a wrapper
// where dev_overrides finds it (added to overrides), and routed to the
// mock at mockURL through the bench's HTTPS proxy, which closeProxy stops.
func officialSubject(binary, tmp, mockURL string, overrides map[string]string) (sub subject, closeProxy func(), err error) {
	// The copy keeps the provider's name, by which the RSS monitor finds it.
	dir := filepath.Join(tmp, "official")
	copied := filepath.Join(dir, "bin", providerBinary)
	if err := copyExecutable(binary, copied); err != nil {
		return sub, nil, err
	}
	if err := writeProviderWrapper(dir, copied); err != nil {
		return sub, nil, err
	}
	overrides[officialAddress] = dir
	proxy, err := startTLSProxy(strings.TrimPrefix(mockURL, "http://"))
	if err != nil {
		return sub, nil, err
	}
	caFile := filepath.Join(tmp, "bench-ca.pem")
	if err := os.WriteFile(caFile, proxy.caPEM, 0o600); err != nil {
		proxy.close()
		return sub, nil, err
	}
	fmt.Printf("==> Twilio's provider %s through the bench's HTTPS proxy %s\n", binary, proxy.addr())
	sub, _ = knownSubject(subjectTwilio)
	sub.env = []string{"HTTPS_PROXY=" + proxy.addr(), "SSL_CERT_FILE=" + caFile}
	return sub, proxy.close, nil
}

// newTerraform is the CLI at bin with env plus a CLI configuration, written
// into tmp, whose dev_overrides are overrides.
func newTerraform(bin, tmp string, env []string, overrides map[string]string) (*terraform, error) {
	rc := filepath.Join(tmp, "terraform.rc")
	if err := os.WriteFile(rc, []byte(cliConfig(overrides)), 0o600); err != nil {
		return nil, err
	}
	env = append(env[:len(env):len(env)],
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"NO_PROXY=127.0.0.1,localhost",
		"TWILIO_ACCOUNT_SID="+accountSID,
		"TWILIO_AUTH_TOKEN="+authToken,
	)
	return &terraform{bin: bin, env: env, providerPrefix: providerBinary}, nil
}

// measureBackends measures every backend of the options into rep, starting
// PostgreSQL for the pg backend (and recording it as skipped when it
// cannot start here).
func (b *bench) measureBackends(ctx context.Context, rep *report) error {
	for _, backend := range b.opts.backends {
		var pg *postgres
		if backend == backendPG {
			var err error
			pg, err = startPostgres(ctx, b.tmp)
			if err != nil {
				msg := fmt.Sprintf("skipped: PostgreSQL could not start here (%v)", err)
				fmt.Println("==> pg backend " + msg)
				rep.skipped = append(rep.skipped, backendResult{backend: backend, note: msg})
				continue
			}
			fmt.Printf("==> PostgreSQL %s for the pg backend\n", pg.connStr)
		}
		res, err := b.measureBackend(ctx, backend, pg)
		if pg != nil {
			pg.stop()
		}
		if err != nil {
			return err
		}
		rep.backends = append(rep.backends, res)
	}
	return nil
}

// measureBackend runs every subject's lifecycle at every size, the
// subjects of a size one after the other (in turns when repeated), so
// that they share the machine's conditions.
func (b *bench) measureBackend(ctx context.Context, backend string, pg *postgres) (backendResult, error) {
	res := backendResult{backend: backend}
	for _, n := range b.opts.sizes {
		if backend == backendLocal && n > b.opts.localMax {
			res.note = fmt.Sprintf("N > %d measured with the pg backend only (-local-max-size)", b.opts.localMax)
			continue
		}
		runs := map[string][]lifecycle{}
		for rep := range b.opts.repeat {
			for _, sub := range b.subjects {
				lc, err := b.runLifecycle(ctx, sub, n, backend, pg, rep)
				if err != nil {
					return res, err
				}
				runs[sub.key] = append(runs[sub.key], lc)
			}
		}
		res.sizes = append(res.sizes, newSizeResult(n, runs))
	}
	return res, nil
}

func copyExecutable(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}

// cleanEnv is this process's environment without TWILIO_* (the provider
// must talk to the mock only) and TF_* (no logs, CLI args or variables from
// the caller's shell).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TWILIO_") || strings.HasPrefix(k, "TF_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// cliConfig points each provider address at the folder of its binary.
func cliConfig(overrides map[string]string) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, addr := range slices.Sorted(maps.Keys(overrides)) {
		fmt.Fprintf(&b, "    %q = %q\n", addr, overrides[addr])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}

func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

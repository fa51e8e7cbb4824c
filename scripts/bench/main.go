// Command bench measures this provider side by side with Twilio's own
// provider (twilio/twilio) and with Terraform's built-in terraform_data,
// with the pinned Terraform CLI against the bundled mock of the Verify API:
// N factors are created, planned with no change, updated in place and
// destroyed, with the state in a local file and in PostgreSQL (the pg
// backend). It records wall time, CPU of terraform and of the provider
// processes, API requests, the provider's peak RSS and the bytes of state
// per factor, and writes BENCHMARKS.md with a chart. `make bench` runs it as
//
//	TERRAFORM=bin/terraform PROVIDER_DIR=bin OFFICIAL_PROVIDER=<binary> go run ./scripts/bench -out BENCHMARKS.md
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

	// Bounds on one CLI command and on the whole run.
	commandTimeout = 15 * time.Minute
)

type options struct {
	out         string
	latency     time.Duration
	sizes       []int
	parallelism int
	terraform   string
	providerDir string
	goCmd       string
	micro       string   // output of `go test -bench` to include, if any
	official    string   // Twilio's provider binary; "" to measure ours alone
	backends    []string // "local" and/or "pg"
	repeat      int      // lifecycles per subject and size; the report shows medians
	profileDir  string   // where our provider writes CPU profiles, if set
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

func parseOptions(args []string) (options, error) {
	o := options{goCmd: envOr("GO", "go")}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var sizes, backends string
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "Markdown `file` to write")
	fs.DurationVar(&o.latency, "latency", 25*time.Millisecond, "latency the mock adds to every API request")
	fs.StringVar(&sizes, "sizes", "10,100,500", "comma-separated numbers of factors to measure")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.terraform, "terraform", envOr("TERRAFORM", filepath.Join("bin", "terraform")), "Terraform CLI `binary` (default $TERRAFORM, else bin/terraform)")
	fs.StringVar(&o.providerDir, "provider-dir", envOr("PROVIDER_DIR", "bin"), "`folder` holding terraform-provider-twilio (default $PROVIDER_DIR, else bin/)")
	fs.StringVar(&o.micro, "micro", "", "`file` holding `go test -bench` output to include in the report")
	fs.StringVar(&o.official, "official", os.Getenv("OFFICIAL_PROVIDER"), "Twilio's provider `binary` to compare with (default $OFFICIAL_PROVIDER)")
	fs.StringVar(&backends, "backend", backendLocal+","+backendPG, "comma-separated state backends: local (a state file) and pg (PostgreSQL)")
	fs.IntVar(&o.repeat, "repeat", 1, "lifecycles per subject and size; the report shows the median of each figure")
	fs.StringVar(&o.profileDir, "profile-dir", "", "`folder` where this provider writes a CPU profile per process (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
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
	if fi, err := os.Stat(filepath.Join(o.providerDir, providerBinary)); err != nil || fi.IsDir() {
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

// moduleRoot is the folder of go.mod, where the mock is built from.
func moduleRoot(ctx context.Context, goCmd string) (string, error) {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the module: run from the repository")
	}
	return filepath.Dir(gomod), nil
}

func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	root, err := moduleRoot(ctx, o.goCmd)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "tf-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Printf("==> Building the mock\n")
	mockBin := filepath.Join(tmp, "twilio-verify-mock")
	build := exec.CommandContext(ctx, o.goCmd, "build", "-o", mockBin, "./cmd/twilio-verify-mock")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		return fmt.Errorf("building the mock: %w", err)
	}

	env := cleanEnv()
	m, err := startMock(ctx, mockBin, env, o.latency)
	if err != nil {
		return err
	}
	defer m.stop()
	fmt.Printf("==> Mock on %s, latency %s, service %s\n", m.url, o.latency, serviceSID)

	overrides := map[string]string{providerAddress: o.providerDir}
	subjects := []subject{{key: subjectBaseline, label: "terraform_data", resource: "terraform_data", planMustBeEmpty: true}}
	ours := subject{key: subjectOurs, label: "this provider", source: providerSource, resource: "twilio_verify_factor",
		env: []string{"TWILIO_BASE_URL=" + m.url}, planMustBeEmpty: true}
	subjects = append(subjects, ours)
	if o.official == "" {
		fmt.Println(howToGetOfficial)
	} else {
		// dev_overrides finds a provider by its file name.
		dir := filepath.Join(tmp, "official")
		if err := copyExecutable(o.official, filepath.Join(dir, providerBinary)); err != nil {
			return err
		}
		overrides[officialAddress] = dir
		proxy, err := startTLSProxy(strings.TrimPrefix(m.url, "http://"))
		if err != nil {
			return err
		}
		defer proxy.close()
		caFile := filepath.Join(tmp, "bench-ca.pem")
		if err := os.WriteFile(caFile, proxy.caPEM, 0o600); err != nil {
			return err
		}
		subjects = append(subjects, subject{key: subjectTwilio, label: "Twilio's provider", source: officialSource,
			resource: officialResource, env: []string{"HTTPS_PROXY=" + proxy.addr(), "SSL_CERT_FILE=" + caFile}})
		fmt.Printf("==> Twilio's provider %s through the bench's HTTPS proxy %s\n", o.official, proxy.addr())
	}

	rc := filepath.Join(tmp, "terraform.rc")
	if err := os.WriteFile(rc, []byte(cliConfig(overrides)), 0o600); err != nil {
		return err
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"NO_PROXY=127.0.0.1,localhost",
		"TWILIO_ACCOUNT_SID="+accountSID,
		"TWILIO_AUTH_TOKEN="+authToken,
	)
	tf := &terraform{bin: o.terraform, env: env, providerPrefix: providerBinary}

	rep := &report{opts: o, date: time.Now().UTC(), machine: describeMachine(ctx), subjects: subjects}
	if rep.tfVersion, err = tf.version(ctx); err != nil {
		return err
	}
	fmt.Printf("==> Terraform %s, -parallelism=%d, sizes %v, backends %v, %d run(s) each\n", rep.tfVersion, o.parallelism, o.sizes, o.backends, o.repeat)

	b := &bench{opts: o, tf: tf, mock: m, tmp: tmp, subjects: subjects}
	for _, backend := range o.backends {
		var pg *postgres
		if backend == backendPG {
			pg, err = startPostgres(ctx, tmp)
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

	rep.machine.loadEnd = loadAverage()
	rep.evaluate()
	if err := rep.writeCharts(o.out); err != nil {
		return err
	}
	if err := writeFileAtomic(o.out, []byte(rep.markdown())); err != nil {
		return err
	}
	fmt.Printf("\n%s\n==> Wrote %s\n", rep.targetsText(), o.out)
	return nil
}

// measureBackend runs every subject's lifecycle at every size, the
// subjects of a size one after the other (in turns when repeated), so
// that they share the machine's conditions.
func (b *bench) measureBackend(ctx context.Context, backend string, pg *postgres) (backendResult, error) {
	res := backendResult{backend: backend}
	for _, n := range b.opts.sizes {
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
		sz := sizeResult{n: n, lifecycles: map[string]lifecycle{}}
		for key, r := range runs {
			sz.lifecycles[key] = medianLifecycle(r)
		}
		res.sizes = append(res.sizes, sz)
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

// Command bench measures the provider with the pinned Terraform CLI against
// the bundled mock of the Verify API: wall time, requests by route against
// the API's minimum (the floor) and the provider's peak RSS, for creating,
// re-planning, updating and destroying N factors, for Terraform's own cost
// (terraform_data) and for the twilio_verify_factors data source at the
// entity limit. It writes BENCHMARKS.md. `make bench` runs it as
//
//	TERRAFORM=bin/terraform PROVIDER_DIR=bin go run ./scripts/bench -out BENCHMARKS.md
//
// It starts the mock itself, stops it on exit (errors and SIGINT included)
// and removes its temporary folders.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Fixed values of the run: the mock's credentials and the seeded service.
const (
	accountSID = "AC0123456789abcdef0123456789abcdef"
	authToken  = "mock-auth-token"
	serviceSID = "VA00000000000000000000000000000bec"

	providerAddress = "registry.terraform.io/verifyfactors/twilio"
	providerBinary  = "terraform-provider-twilio"

	// The entity the data source lists: at Twilio's limit of 100 TOTP
	// and 20 push factors.
	limitIdentity = "bench-limit-user"
	limitTOTP     = 100
	limitPush     = 20

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
	micro       string // output of `go test -bench` to include, if any
}

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
	var sizes string
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "Markdown `file` to write")
	fs.DurationVar(&o.latency, "latency", 25*time.Millisecond, "latency the mock adds to every API request")
	fs.StringVar(&sizes, "sizes", "10,100,500", "comma-separated numbers of factors to measure")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.terraform, "terraform", envOr("TERRAFORM", filepath.Join("bin", "terraform")), "Terraform CLI `binary` (default $TERRAFORM, else bin/terraform)")
	fs.StringVar(&o.providerDir, "provider-dir", envOr("PROVIDER_DIR", "bin"), "`folder` holding terraform-provider-twilio (default $PROVIDER_DIR, else bin/)")
	fs.StringVar(&o.micro, "micro", "", "`file` holding `go test -bench` output to include in the report")
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

	rc := filepath.Join(tmp, "terraform.rc")
	if err := os.WriteFile(rc, []byte(cliConfig(o.providerDir)), 0o600); err != nil {
		return err
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TWILIO_BASE_URL="+m.url,
		"TWILIO_ACCOUNT_SID="+accountSID,
		"TWILIO_AUTH_TOKEN="+authToken,
	)
	tf := &terraform{bin: o.terraform, env: env, providerPrefix: providerBinary}

	rep := &report{opts: o, date: time.Now().UTC(), machine: describeMachine(ctx)}
	if rep.tfVersion, err = tf.version(ctx); err != nil {
		return err
	}
	fmt.Printf("==> Terraform %s, -parallelism=%d, sizes %v\n", rep.tfVersion, o.parallelism, o.sizes)

	b := &bench{opts: o, tf: tf, mock: m, tmp: tmp, rep: rep}
	for _, n := range o.sizes {
		if err := b.measureSize(ctx, n); err != nil {
			return err
		}
	}
	if err := b.measureDataSource(ctx); err != nil {
		return err
	}

	rep.machine.loadEnd = loadAverage()
	rep.evaluate()
	md := rep.markdown()
	if err := writeFileAtomic(o.out, []byte(md)); err != nil {
		return err
	}
	fmt.Printf("\n%s\n==> Wrote %s\n", rep.targetsText(), o.out)
	return nil
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

func cliConfig(providerDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
}
`, providerAddress, providerDir)
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

// Command terraform-provider-twilio serves the Terraform provider for Twilio
// Verify factors over the plugin protocol.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	runtimedebug "runtime/debug"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/verifyfactors/terraform-provider-twilio/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

// Garbage collector settings, unless GOGC or GOMEMLIMIT set others: the
// live heap is small even at 500 factors, but the framework allocates
// heavily per request, so collecting less often saves CPU while the soft
// limit keeps the process small. Measured at 500 factors with the pg
// backend (see BENCHMARKS.md), the peak RSS follows the limit: 64 MiB gave
// 76 MB and GC took 16% of the provider's CPU; 80 MiB gives 92 MB, under
// the 100 MB budget, and about 10% less provider CPU; 96 MiB went over it.
const (
	gcPercent       = 400
	softMemoryLimit = 80 << 20
)

// registryAddress is the provider's address in the Terraform Registry.
const registryAddress = "registry.terraform.io/verifyfactors/twilio"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()
	if !debug {
		silenceUnreadLogs(os.Getenv, os.Setenv)
	}
	tuneGarbageCollector(os.Getenv)
	stopProfile := startCPUProfile(os.Getenv(cpuProfileVariable))

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: registryAddress,
		Debug:   debug,
	})
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// cpuProfileVariable names a folder: when set, each provider process writes
// a CPU profile of its whole life there as cpu-<pid>.pprof, for
// `go tool pprof` (see BENCHMARKS.md). Terraform starts several provider
// processes per command, hence one file per process.
const cpuProfileVariable = "TWILIO_VERIFY_CPU_PROFILE_DIR"

// startCPUProfile starts profiling into dir and returns the function that
// stops it; with dir empty, or when the profile cannot start, it does nothing.
func startCPUProfile(dir string) (stop func()) {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		log.Printf("[WARN] %s: %v", cpuProfileVariable, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Printf("[WARN] %s: %v", cpuProfileVariable, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

// logLevelVariables are the variables that make Terraform or OpenTofu keep a
// provider's logs, or that set the plugin SDK's and the provider's levels.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_TWILIO",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// silencedLogVariables are set to "off" by silenceUnreadLogs. The SDK's
// framework and protocol subsystems are named too: left to inherit from
// TF_LOG_SDK, they still masked and built every trace line's fields before
// dropping it (5% of the provider's CPU at 100 factors, see BENCHMARKS.md).
// The provider's own logger reads only TF_LOG_PROVIDER_TWILIO (the plugin
// SDK appends the provider's name), and unset it logs at trace: every API
// request and response was masked and written to a stderr nobody read
// (6% of the provider's CPU at 500 factors, see BENCHMARKS.md).
var silencedLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_TWILIO"}

// silenceUnreadLogs turns the plugin SDK's and the provider's logging off
// when none of logLevelVariables is set. The CLI that started this process
// then discards every log line a provider writes, yet the SDK would still
// render them all at trace level: at 500 factors that was a third of the
// provider's CPU (see BENCHMARKS.md). Setting TF_LOG brings every line back.
func silenceUnreadLogs(getenv func(string) string, setenv func(string, string) error) {
	for _, name := range logLevelVariables {
		if getenv(name) != "" {
			return
		}
	}
	for _, name := range silencedLogVariables {
		_ = setenv(name, "off")
	}
}

// tuneGarbageCollector applies gcPercent and softMemoryLimit where the
// environment does not choose.
func tuneGarbageCollector(getenv func(string) string) {
	if getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		runtimedebug.SetMemoryLimit(softMemoryLimit)
	}
}

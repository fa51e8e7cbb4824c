// Command terraform-provider-twilio serves the Terraform provider for Twilio
// Verify factors over the plugin protocol.
package main

import (
	"flag"
	"log"
	"os"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/verifyfactors/terraform-provider-twilio/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

// gcPercent is the garbage collector's setting unless GOGC sets another:
// the framework allocates heavily per request while the live heap stays
// small and flat (about 6 MB at any number of resources, once each
// request's context is released: internal/provider/server.go), so
// collecting at five times the live heap instead of twice saves CPU and
// keeps the peak RSS near 60 MB. There is no soft memory limit
// (GOMEMLIMIT still sets one): the collector's cost grows steeply as the
// live heap nears a limit, which is how a growing heap cost a quarter of
// the process's time at 1,000 factors (BENCHMARKS.md has the figures of
// each setting tried).
const gcPercent = 400

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

	var serveOpts []tf6server.ServeOpt
	if debug {
		serveOpts = append(serveOpts, tf6server.WithManagedDebug())
	}
	// provider.NewServer, not providerserver.Serve: it releases each
	// request's context once answered (internal/provider/server.go).
	err := tf6server.Serve(registryAddress, provider.NewServer(version), serveOpts...)
	afterServe()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// afterServe runs once the server has stopped, before the process exits. It
// does nothing unless a file compiled under a build tag sets it: the
// benchmark's build (main_benchprofile.go) ends its CPU profile there.
var afterServe = func() {}

// logLevelVariables are the variables that make Terraform or OpenTofu keep a
// provider's logs, or that set the plugin SDK's and the provider's levels.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_TWILIO",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// silencedLogVariables are set to "off" by silenceUnreadLogs. The SDK's
// framework and protocol subsystems are named too: left to inherit from
// TF_LOG_SDK, they still masked and built every trace line's fields before
// dropping it. The provider's own logger reads only TF_LOG_PROVIDER_TWILIO
// (the plugin SDK appends the provider's name), and unset it logs at trace:
// every API request and response was masked and written to a stderr nobody
// read. BENCHMARKS.md has what each cost.
var silencedLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_TWILIO"}

// silenceUnreadLogs turns the plugin SDK's and the provider's logging off
// when none of logLevelVariables is set. The CLI that started this process
// then discards every log line a provider writes, yet the SDK would still
// render them all at trace level, a large share of the provider's CPU (see
// BENCHMARKS.md). Setting TF_LOG brings every line back.
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

// tuneGarbageCollector applies gcPercent where the environment does not
// choose.
func tuneGarbageCollector(getenv func(string) string) {
	if getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(gcPercent)
	}
}

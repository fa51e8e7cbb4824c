// Command terraform-provider-twilio serves the Terraform provider for Twilio
// Verify factors over the plugin protocol.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/verifyfactors/terraform-provider-twilio/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

// registryAddress is the provider's address in the Terraform Registry.
const registryAddress = "registry.terraform.io/verifyfactors/twilio"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: registryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

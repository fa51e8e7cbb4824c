package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// providerData is what Configure hands to resources and data sources.
type providerData struct {
	client *verify.Client
	// accountSID is the account whose resources are addressed.
	accountSID string
	// credentials names the credentials in use and where they came from,
	// never a secret, for diagnostics such as a 401.
	credentials string
}

// providerDataFrom is how every resource and data source reads, in its
// Configure, the ProviderData of its request: nil until the provider is
// configured (the framework configures resources before that, for
// validation), and an error, a bug of the provider, when it is of another
// type.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
	}
	return pd
}

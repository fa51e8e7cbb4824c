package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Schema pieces that several resources and data sources share: one copy of
// each description and validator. Resources and data sources have distinct
// schema types, so the validators and descriptions are shared and each
// side builds its own attribute around them.

// stringType is the element type of string lists.
var stringType = types.StringType

// oneOfText lists the values an attribute takes, for its description:
// "`a`, `b` or `c`".
func oneOfText(values ...string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// serviceSIDDescription describes a service_sid attribute.
const serviceSIDDescription = "SID of the Verify service (`VA` followed by 32 hex digits)."

// factorSIDDescription describes a factor SID attribute.
const factorSIDDescription = "SID of the factor (`YF` followed by 32 hex digits)."

// webhookSIDDescription describes a webhook SID attribute.
const webhookSIDDescription = "SID of the webhook (`YW` followed by 32 hex digits)."

// credentialSIDDescription describes a push credential SID attribute.
const credentialSIDDescription = "SID of the push credential (`CR` followed by 32 hex digits)."

// identityDescription describes an entity identity attribute.
var identityDescription = fmt.Sprintf("Identity of the entity: %d to %d dash-separated alphanumeric characters.", identityMinLength, identityMaxLength)

// serviceSIDValidators check a Verify service SID.
func serviceSIDValidators() []validator.String {
	return []validator.String{sidValidator(serviceSIDPrefix, "a Verify service SID")}
}

// factorSIDValidators check a factor SID.
func factorSIDValidators() []validator.String {
	return []validator.String{sidValidator(factorSIDPrefix, "a factor SID")}
}

// webhookSIDValidators check a webhook SID.
func webhookSIDValidators() []validator.String {
	return []validator.String{sidValidator(webhookSIDPrefix, "a webhook SID")}
}

// credentialSIDValidators check a push credential SID.
func credentialSIDValidators() []validator.String {
	return []validator.String{sidValidator(credentialSIDPrefix, "a credential SID")}
}

// identityValidators check an entity identity.
func identityValidators() []validator.String {
	return []validator.String{
		stringvalidator.UTF8LengthBetween(identityMinLength, identityMaxLength),
		stringvalidator.RegexMatches(identityPattern, "must be dash-separated alphanumeric characters, such as user-0001"),
	}
}

// serviceSIDDataSourceAttribute is a data source's required service_sid.
func serviceSIDDataSourceAttribute() schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: serviceSIDDescription, Required: true, Validators: serviceSIDValidators()}
}

// identityDataSourceAttribute is a data source's required entity identity.
func identityDataSourceAttribute() schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: identityDescription, Required: true, Validators: identityValidators()}
}

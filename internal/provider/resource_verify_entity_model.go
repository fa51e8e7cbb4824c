package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// entityModel is the state of `twilio_verify_entity`.
type entityModel struct {
	ID          types.String `tfsdk:"id"`
	ServiceSID  types.String `tfsdk:"service_sid"`
	Identity    types.String `tfsdk:"identity"`
	SID         types.String `tfsdk:"sid"`
	DateCreated types.String `tfsdk:"date_created"`
	DateUpdated types.String `tfsdk:"date_updated"`
}

func newEntityModel(e *verify.Entity) entityModel {
	return entityModel{
		ID:          types.StringValue(ids.Entity(e.ServiceSID, e.Identity)),
		ServiceSID:  types.StringValue(e.ServiceSID),
		Identity:    types.StringValue(e.Identity),
		SID:         types.StringValue(e.SID),
		DateCreated: timeOrNull(e.DateCreated),
		DateUpdated: timeOrNull(e.DateUpdated),
	}
}

// entityElementAttrTypes are the attributes of an element of
// `twilio_verify_entities`.
var entityElementAttrTypes = map[string]attr.Type{
	"sid": types.StringType, "identity": types.StringType,
	"date_created": types.StringType, "date_updated": types.StringType,
}

func entityElement(e verify.Entity) (types.Object, error) {
	v, diags := types.ObjectValue(entityElementAttrTypes, map[string]attr.Value{
		"sid": types.StringValue(e.SID), "identity": types.StringValue(e.Identity),
		"date_created": timeOrNull(e.DateCreated), "date_updated": timeOrNull(e.DateUpdated),
	})
	if diags.HasError() {
		return v, fmt.Errorf("entity %s: %v", e.SID, diags)
	}
	return v, nil
}

// entityImportIDErrorDetail explains a malformed entity import ID.
func entityImportIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected %s: a service SID (VA followed by 32 hex digits) "+
		"and the entity identity (%d-%d dash-separated alphanumerics), for example "+
		"VA0123456789abcdef0123456789abcdef/user-0001.", quoteImportID(id), entityImportIDFormat, identityMinLength, identityMaxLength)
}

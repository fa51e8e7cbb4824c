package provider

import (
	"fmt"
)

// importIDErrorDetail explains a malformed import ID.
func importIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected %s: a service SID (VA followed by 32 hex digits), "+
		"the entity identity (%d-%d dash-separated alphanumerics) and a factor SID (YF followed by 32 hex digits), "+
		"for example VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef.",
		quoteImportID(id), importIDFormat, identityMinLength, identityMaxLength)
}

package provider

import (
	"fmt"
	"strings"
)

// factorID builds the resource ID: service_sid/identity/sid.
func factorID(serviceSID, identity, sid string) string {
	return serviceSID + "/" + identity + "/" + sid
}

// parseFactorID splits an import ID into its three parts and checks each
// against the API's formats, so that a malformed ID fails before any request.
func parseFactorID(id string) (serviceSID, identity, sid string, ok bool) {
	parts := strings.Split(id, "/")
	if len(parts) != 3 || !serviceSIDPattern.MatchString(parts[0]) || !validIdentity(parts[1]) || !factorSIDPattern.MatchString(parts[2]) {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// importIDErrorDetail explains a malformed import ID.
func importIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected %s: a service SID (VA followed by 32 hex digits), "+
		"the entity identity (%d-%d dash-separated alphanumerics) and a factor SID (YF followed by 32 hex digits), "+
		"for example VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef.",
		quoteImportID(id), importIDFormat, identityMinLength, identityMaxLength)
}

package provider

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// importIDFormat is the import ID format, as shown in errors and docs.
const importIDFormat = "<service_sid>/<identity>/<factor_sid>"

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

// importIDQuoteMax is how many characters of a malformed import ID a
// diagnostic quotes.
const importIDQuoteMax = 40

// quoteImportID quotes an import ID for a diagnostic: whole when it is
// short, else its first importIDQuoteMax characters and its length, so that
// a huge ID does not flood the terminal (a 5,000-character ID gave a 10 KB
// error). Quoting escapes control characters.
func quoteImportID(id string) string {
	end, n := 0, 0
	for end < len(id) && n < importIDQuoteMax {
		_, size := utf8.DecodeRuneInString(id[end:])
		end += size
		n++
	}
	if end == len(id) {
		return strconv.Quote(id)
	}
	return fmt.Sprintf("%q…(%d characters)", id[:end], utf8.RuneCountInString(id))
}

// importIDErrorDetail explains a malformed import ID.
func importIDErrorDetail(id string) string {
	return fmt.Sprintf("Unexpected format of import ID (%s), expected %s: a service SID (VA followed by 32 hex digits), "+
		"the entity identity (8-64 dash-separated alphanumerics) and a factor SID (YF followed by 32 hex digits), "+
		"for example VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef.", quoteImportID(id), importIDFormat)
}

// validIdentity reports whether s is an entity identity the API accepts.
func validIdentity(s string) bool {
	return len(s) >= identityMinLength && len(s) <= identityMaxLength && identityPattern.MatchString(s)
}

// Package ids holds the forms of the Twilio identifiers the provider checks
// (SIDs, entity identities) and the provider's import IDs of factors and
// entities, built and parsed in one place. It uses only the standard
// library, so that its fuzz targets build in seconds.
package ids

import (
	"regexp"
	"strings"
)

// SIDPattern matches a Twilio SID: its two-letter prefix followed by 32
// hexadecimal digits.
func SIDPattern(prefix string) *regexp.Regexp {
	return regexp.MustCompile(`^` + prefix + `[0-9a-fA-F]{32}$`)
}

// Prefixes of the SIDs in import IDs.
const (
	ServiceSIDPrefix = "VA"
	FactorSIDPrefix  = "YF"
)

// Forms of the SIDs in import IDs.
var (
	ServiceSIDPattern = SIDPattern(ServiceSIDPrefix)
	FactorSIDPattern  = SIDPattern(FactorSIDPrefix)
)

// The length bounds of an entity identity.
const (
	IdentityMinLength = 8
	IdentityMaxLength = 64
)

// IdentityPattern is the form of an entity identity: dash-separated
// alphanumerics.
var IdentityPattern = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

// ValidIdentity reports whether s is an entity identity the API accepts.
func ValidIdentity(s string) bool {
	return len(s) >= IdentityMinLength && len(s) <= IdentityMaxLength && IdentityPattern.MatchString(s)
}

// Forms of the import IDs (and resource IDs) of factors and entities, as
// errors and docs show them.
const (
	FactorFormat = "<service_sid>/<identity>/<factor_sid>"
	EntityFormat = "<service_sid>/<identity>"
)

// Factor is a factor's ID: service_sid/identity/sid.
func Factor(serviceSID, identity, sid string) string {
	return serviceSID + "/" + identity + "/" + sid
}

// ParseFactor splits a factor's import ID into its three parts and checks
// each against the API's forms, so that a malformed ID fails before any
// request.
func ParseFactor(id string) (serviceSID, identity, sid string, ok bool) {
	parts := strings.Split(id, "/")
	if len(parts) != 3 || !ServiceSIDPattern.MatchString(parts[0]) || !ValidIdentity(parts[1]) || !FactorSIDPattern.MatchString(parts[2]) {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// Entity is an entity's ID: service_sid/identity.
func Entity(serviceSID, identity string) string { return serviceSID + "/" + identity }

// ParseEntity splits an entity's import ID and checks both parts, so that a
// malformed ID fails before any request.
func ParseEntity(id string) (serviceSID, identity string, ok bool) {
	serviceSID, identity, found := strings.Cut(id, "/")
	if !found || !ServiceSIDPattern.MatchString(serviceSID) || !ValidIdentity(identity) {
		return "", "", false
	}
	return serviceSID, identity, true
}

package provider

import (
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/verifyfactors/terraform-provider-twilio/internal/ids"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verify"
)

// The formats, limits and defaults of the values the provider checks, each
// written once: validators, plan-time checks and schema descriptions all use
// these. The SID and identity forms and the import IDs of factors and
// entities live in internal/ids (standard library only, so that their fuzz
// targets build quickly), and the names below that refer to them are theirs.
// Twilio's own defaults that the API client applies (request timeout, TOTP
// algorithm, digits and period) live in internal/verify and are used from
// there.

// sidPattern matches a Twilio SID: its two-letter prefix followed by 32
// hexadecimal digits.
var sidPattern = ids.SIDPattern

// Prefixes of the SIDs the provider checks.
const (
	serviceSIDPrefix    = ids.ServiceSIDPrefix
	factorSIDPrefix     = ids.FactorSIDPrefix
	credentialSIDPrefix = "CR"
	webhookSIDPrefix    = "YW"
	templateSIDPrefix   = "HJ"
	messagingSIDPrefix  = "MG"
)

// sidValidator checks a SID with the given prefix; what names it ("a
// template SID").
func sidValidator(prefix, what string) validator.String {
	return stringvalidator.RegexMatches(sidPattern(prefix), "must be "+what+": "+prefix+" followed by 32 hexadecimal digits")
}

// Formats of the identifiers and values the Verify API accepts.
var (
	accountSIDPattern = sidPattern("AC")
	apiKeySIDPattern  = sidPattern("SK")
	serviceSIDPattern = ids.ServiceSIDPattern
	factorSIDPattern  = ids.FactorSIDPattern
	webhookSIDPattern = sidPattern(webhookSIDPrefix)
	// credentialSIDPattern matches a Notify push credential SID.
	credentialSIDPattern = sidPattern(credentialSIDPrefix)
	identityPattern      = ids.IdentityPattern
	base32Pattern        = regexp.MustCompile(`^[A-Za-z2-7]+$`)
	// originPattern is one passkeys origin: Twilio takes them joined by
	// commas, so none may hold a comma or white space.
	originPattern = regexp.MustCompile(`^[^,\s]+$`)
)

// Formats of the import IDs (and resource IDs) of factors and entities, as
// shown in errors and docs; a service's import ID is its SID.
const (
	importIDFormat        = ids.FactorFormat
	entityImportIDFormat  = ids.EntityFormat
	webhookImportIDFormat = "<service_sid>/<webhook_sid>"
)

// Limits of the Verify API.
const (
	identityMinLength      = ids.IdentityMinLength
	identityMaxLength      = ids.IdentityMaxLength
	friendlyNameMaxLength  = 64
	serviceFriendlyNameMax = 32
	secretMinLength        = 16
	secretMaxLength        = 128
	metadataMaxLength      = 1024
	notificationTokenMin   = 32
	notificationTokenMax   = 255
	appIDMaxLength         = 100
	totpCodeLengthMin      = 3
	totpCodeLengthMax      = 8
	// Bounds the API does not document; generous, but they keep a value
	// that cannot be right (a 2 MB string) from passing plan.
	sdkVersionMaxLength  = 64   // "4.1.0"; Twilio's SDK versions are short
	authPayloadMaxLength = 512  // a TOTP code is <= 8 digits, a base64 ES256 signature about 100 characters
	credentialMaxLength  = 256  // auth tokens and API secrets are 32 characters
	baseURLMaxLength     = 2048 // a scheme, host and port
	publicKeyMaxLength   = 512  // base64 of a P-256 SubjectPublicKeyInfo is 124 characters
	// serviceSettingMaxLength bounds a service's free-text settings (TTS name,
	// WhatsApp sender, relying party); none is documented longer.
	serviceSettingMaxLength = 255
	// passkeysMaxOrigins bounds relying_party_origins. Twilio documents no
	// limit (the origins travel as one comma-joined form field); an
	// application's origins are its web origins and mobile app IDs, a
	// handful, so 20 passes every real list and stops a runaway generated
	// one at plan.
	passkeysMaxOrigins = 20
	// serviceDefaultCodeLength is the code length Twilio gives a service
	// that sets none.
	serviceDefaultCodeLength = 6
	// pushCredentialNameMax is the longest friendly name of a push
	// credential ("up to 64 characters", Notify's docs).
	pushCredentialNameMax = 64
	// pushMaterialMaxLength bounds a certificate, key or service-account
	// JSON (a few KB each) against a value that cannot be one.
	pushMaterialMaxLength = 64 << 10
	// certificateExpiryWarning is how soon before its expiry an APN
	// certificate draws a warning at plan.
	certificateExpiryWarning = 30 * 24 * time.Hour
)

// Ranges of the TOTP settings, of a service's code length, and of a number
// with no range of its own.
var (
	serviceCodeLengthRange = int64Range{4, 10}
	totpTimeStepRange      = int64Range{20, 60}
	totpSkewRange          = int64Range{0, 2}
	totpCodeLengthRange    = int64Range{totpCodeLengthMin, totpCodeLengthMax}
	anyInt64               = int64Range{math.MinInt64, math.MaxInt64}
)

// totpAlgorithms are the HMAC algorithms of TOTP codes.
var totpAlgorithms = []string{"sha1", "sha256", "sha512"}

// Values of enumerated settings.
const (
	pushBindingAlgorithm     = "ES256"
	notificationPlatformNone = "none"
)

// managedFactorTypes are the factor types twilio_verify_factor manages.
var managedFactorTypes = []string{verify.FactorTypeTOTP, verify.FactorTypePush}

// managedFactorTypesText names managedFactorTypes in prose: "totp and push".
var managedFactorTypesText = strings.Join(managedFactorTypes, " and ")

// listedFactorTypes are the factor types the factor data sources return:
// those managed, and passkeys (created by an app, read here).
var listedFactorTypes = []string{verify.FactorTypeTOTP, verify.FactorTypePush, verify.FactorTypePasskeys}

// notificationPlatforms are the ways Verify reaches a push factor's app.
var notificationPlatforms = []string{"apn", "fcm", notificationPlatformNone}

// Values of the passkeys settings.
var (
	authenticatorAttachments = []string{"platform", "cross-platform", "any"}
	passkeysRequirements     = []string{"required", "preferred", "discouraged"}
)

// Provider settings: the bound and default of max_retries (and
// TWILIO_MAX_RETRIES). The default request timeout is
// verify.DefaultRequestTimeout, which the client applies too.
const (
	maxMaxRetries     = 20
	defaultMaxRetries = 5
)

// maxRetriesRange is the range of max_retries.
var maxRetriesRange = int64Range{0, maxMaxRetries}

// hostLabelPattern is the form of an edge or region name; the client owns
// the rule.
var hostLabelPattern = verify.HostLabelPattern

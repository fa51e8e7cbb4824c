package verify

import "time"

// Factor types accepted by the Verify v2 Factor API.
const (
	FactorTypeTOTP     = "totp"
	FactorTypePush     = "push"
	FactorTypePasskeys = "passkeys"
)

// Factor statuses reported by the Verify v2 Factor API.
const (
	StatusUnverified = "unverified"
	StatusVerified   = "verified"
)

// FactorConfig is the `config` object of a factor. TOTP factors use Alg,
// Skew, CodeLength and TimeStep; push factors use SdkVersion, AppID,
// NotificationPlatform and NotificationToken; passkeys factors use
// RelyingParty, AuthenticatorAttachment, DiscoverableCredentials and
// UserVerification.
type FactorConfig struct {
	Alg        string `json:"alg,omitempty"`
	Skew       *int64 `json:"skew,omitempty"`
	CodeLength *int64 `json:"code_length,omitempty"`
	TimeStep   *int64 `json:"time_step,omitempty"`

	SdkVersion           string `json:"sdk_version,omitempty"`
	AppID                string `json:"app_id,omitempty"`
	NotificationPlatform string `json:"notification_platform,omitempty"`
	NotificationToken    string `json:"notification_token,omitempty"`

	RelyingParty            *RelyingParty `json:"relying_party,omitempty"`
	AuthenticatorAttachment string        `json:"authenticator_attachment,omitempty"`
	DiscoverableCredentials string        `json:"discoverable_credentials,omitempty"`
	UserVerification        string        `json:"user_verification,omitempty"`
}

// Factor is a Verify v2 factor as returned by Fetch, Update and List.
type Factor struct {
	SID          string            `json:"sid"`
	AccountSID   string            `json:"account_sid"`
	ServiceSID   string            `json:"service_sid"`
	EntitySID    string            `json:"entity_sid"`
	Identity     string            `json:"identity"`
	DateCreated  time.Time         `json:"date_created"`
	DateUpdated  time.Time         `json:"date_updated"`
	FriendlyName string            `json:"friendly_name"`
	Status       string            `json:"status"`
	FactorType   string            `json:"factor_type"`
	Config       FactorConfig      `json:"config"`
	Metadata     map[string]string `json:"metadata"`
	URL          string            `json:"url"`
}

// Binding is the `binding` object that the API returns only when a factor
// is created: Secret and URI for TOTP factors, Alg and PublicKey for push.
type Binding struct {
	Secret    string `json:"secret,omitempty"`
	URI       string `json:"uri,omitempty"`
	Alg       string `json:"alg,omitempty"`
	PublicKey string `json:"public_key,omitempty"`
}

// NewFactor is the response to a create: a Factor plus its Binding.
type NewFactor struct {
	Factor
	Binding Binding `json:"binding"`
	// LeftBehind are factors like this one that appeared while an earlier
	// attempt's answer was lost: any may be that attempt's, or another
	// process's, so none was adopted or deleted (see CreateFactor).
	LeftBehind []Candidate `json:"-"`
}

// PageMeta is the `meta` object of a list page.
type PageMeta struct {
	Page            int     `json:"page"`
	PageSize        int     `json:"page_size"`
	FirstPageURL    string  `json:"first_page_url"`
	PreviousPageURL *string `json:"previous_page_url"`
	URL             string  `json:"url"`
	NextPageURL     *string `json:"next_page_url"`
	Key             string  `json:"key"`
}

// CreateFactorParams holds the path and form parameters of a create.
// Empty strings and nil pointers are not sent. Metadata is sent as a JSON
// object in the `Metadata` form parameter.
type CreateFactorParams struct {
	ServiceSID string
	Identity   string

	FriendlyName string
	FactorType   string

	BindingAlg       string
	BindingPublicKey string
	BindingSecret    string

	ConfigAppID                string
	ConfigNotificationPlatform string
	ConfigNotificationToken    string
	ConfigSdkVersion           string

	ConfigTimeStep   *int64
	ConfigSkew       *int64
	ConfigCodeLength *int64
	ConfigAlg        string

	Metadata map[string]string
}

// UpdateFactorParams holds the form parameters of an update. Only non-nil
// fields are sent, so an update carries only what changed.
type UpdateFactorParams struct {
	AuthPayload                *string
	FriendlyName               *string
	ConfigNotificationToken    *string
	ConfigSdkVersion           *string
	ConfigTimeStep             *int64
	ConfigSkew                 *int64
	ConfigCodeLength           *int64
	ConfigAlg                  *string
	ConfigNotificationPlatform *string
}

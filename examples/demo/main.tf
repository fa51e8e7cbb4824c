# The demo that `make demo` applies against the bundled mock of the Verify
# API, starting from an empty account: a whole push-and-TOTP deployment. It
# creates an FCM push credential, a Verify service that sends push through
# it, a webhook that tells the app backend about factor and challenge
# events, a user (entity) with two TOTP factors and a push factor, reads
# them back through the data sources, and `terraform destroy` removes
# everything. Pointed at real Twilio, it needs the environment
# (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and
# TWILIO_API_SECRET) and the two variables without defaults below.

terraform {
  required_version = ">= 1.5"
  required_providers {
    twilio = {
      source = "verifyfactors/twilio"
    }
  }
}

provider "twilio" {}

variable "service_name" {
  description = "Friendly name of the demo's Verify service (unique in the account, as the lookup by name requires)."
  type        = string
  default     = "Acme Demo"
}

variable "identity" {
  description = "Entity identity of the demo user."
  type        = string
  default     = "demo-user-0001"
}

variable "migrated_secret" {
  description = "Base32 TOTP secret of an enrolment being migrated (a demo value)."
  type        = string
  sensitive   = true
  default     = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
}

variable "fcm_service_account_file" {
  description = "Path of the Firebase service-account JSON key file the FCM credential uploads (make demo generates a throwaway one)."
  type        = string
}

variable "webhook_url" {
  description = "Where Twilio POSTs the service's events: the app backend's endpoint (make demo runs a receiver on a loopback port)."
  type        = string
}

variable "device_notification_token" {
  description = "The FCM registration token of the demo phone (a demo value)."
  type        = string
  default     = "demo-fcm-registration-token-0123456789abcdef"
}

variable "device_public_key" {
  description = "Base64 DER P-256 public key of the demo phone (not a secret)."
  type        = string
  default     = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6UMZ43QeGExq9gmiDCezKwcnKbSEpKxzmkX7v1/Kr4jQdrdqipNglYt8MWWIt63e9A5Q+2JQgawOtGvCNzJhdg=="
}

# 0. The push credential: Verify sends push challenges to Android phones
#    through Firebase Cloud Messaging with this service account. Twilio
#    never returns the key file; it stays sensitive in state (on Terraform
#    1.11+ or OpenTofu 1.11+, secret_wo + secret_wo_version keep it out of state).
resource "twilio_verify_push_credential" "android" {
  type          = "fcm"
  friendly_name = "Acme Android"
  secret        = file(var.fcm_service_account_file)
}

# 1. The Verify service and its webhook. The TOTP issuer is what
#    authenticator apps show, and it goes into every factor's otpauth://
#    URI. The webhook tells the app backend when a factor is created or
#    verified and when a push challenge is answered, signed with
#    X-Twilio-Signature.
resource "twilio_verify_service" "demo" {
  friendly_name = var.service_name
  totp = {
    issuer = "Acme Corp"
  }
  push = {
    fcm_credential_sid = twilio_verify_push_credential.android.sid
  }
}

resource "twilio_verify_webhook" "backend" {
  service_sid   = twilio_verify_service.demo.sid
  friendly_name = "Acme backend"
  webhook_url   = var.webhook_url
  event_types   = ["factor.created", "factor.verified", "factor.deleted", "challenge.approved", "challenge.denied"]
}

# 2. The user. Created after the webhook, so that the backend hears of
#    every factor.
resource "twilio_verify_entity" "user" {
  service_sid = twilio_verify_service.demo.sid
  identity    = var.identity

  depends_on = [twilio_verify_webhook.backend]
}

# 3. A new authenticator-app enrolment: Twilio generates the secret and the
#    otpauth:// URI to show as a QR code. Both stay sensitive in state.
resource "twilio_verify_factor" "authenticator" {
  service_sid   = twilio_verify_entity.user.service_sid
  identity      = twilio_verify_entity.user.identity
  factor_type   = "totp"
  friendly_name = "Authenticator app"
}

# 4. An enrolment migrated from another system: its secret is known, so
#    auto_verify computes the current code and verifies it in this apply.
resource "twilio_verify_factor" "migrated" {
  service_sid    = twilio_verify_entity.user.service_sid
  identity       = twilio_verify_entity.user.identity
  factor_type    = "totp"
  friendly_name  = "Migrated authenticator"
  binding_secret = var.migrated_secret
  auto_verify    = true
}

# 5. A phone registered for push approvals. On real Twilio the app does
#    this itself at runtime with the Verify Push SDK; declaring one here
#    shows the shape (and suits a test device).
resource "twilio_verify_factor" "phone" {
  service_sid   = twilio_verify_entity.user.service_sid
  identity      = twilio_verify_entity.user.identity
  factor_type   = "push"
  friendly_name = "Demo phone"
  push = {
    alg                   = "ES256"
    public_key            = var.device_public_key
    app_id                = "com.example.authenticator"
    notification_platform = "fcm"
    notification_token    = var.device_notification_token
    sdk_version           = "4.1.0"
  }
  metadata = {
    os    = "Android"
    model = "Pixel 9"
  }
}

# 6. Read everything back through the data sources: the service by its
#    name, the service's users, and every factor of the user.
data "twilio_verify_service" "demo" {
  friendly_name = twilio_verify_service.demo.friendly_name
}

data "twilio_verify_entities" "all" {
  service_sid = twilio_verify_service.demo.sid

  depends_on = [twilio_verify_factor.authenticator, twilio_verify_factor.migrated, twilio_verify_factor.phone]
}

data "twilio_verify_factors" "user" {
  service_sid = twilio_verify_entity.user.service_sid
  identity    = twilio_verify_entity.user.identity

  depends_on = [
    twilio_verify_factor.authenticator,
    twilio_verify_factor.migrated,
    twilio_verify_factor.phone,
  ]
}

output "service" {
  description = "The service as the twilio_verify_service data source reads it by name."
  value = {
    sid                = data.twilio_verify_service.demo.sid
    totp_issuer        = data.twilio_verify_service.demo.totp.issuer
    fcm_credential_sid = data.twilio_verify_service.demo.push.fcm_credential_sid
  }
}

output "webhook" {
  description = "The webhook's SID and the events it delivers."
  value       = "${twilio_verify_webhook.backend.sid}: ${join(", ", sort(tolist(twilio_verify_webhook.backend.event_types)))}"
}

output "identities" {
  description = "The service's users as twilio_verify_entities lists them."
  value       = data.twilio_verify_entities.all.entities[*].identity
}

output "factor_statuses" {
  description = "Status of each managed factor."
  value = {
    authenticator = twilio_verify_factor.authenticator.status
    migrated      = twilio_verify_factor.migrated.status
    phone         = twilio_verify_factor.phone.status
  }
}

output "listed_factors" {
  description = "The user's factors as the List API reports them."
  value       = { for f in data.twilio_verify_factors.user.factors : f.friendly_name => "${f.factor_type}, ${f.status}" }
}

output "authenticator_enrolment_uri" {
  description = "otpauth:// URI to render as a QR code (sensitive: it holds the secret)."
  value       = twilio_verify_factor.authenticator.binding_uri
  sensitive   = true
}

# The demo that `make demo` applies against the bundled mock of the Verify
# API. Pointed at real Twilio, it needs only the environment:
# TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and
# TWILIO_API_SECRET) and TF_VAR_service_sid (scripts/demo.sh maps
# TWILIO_VERIFY_SERVICE_SID onto it).

terraform {
  required_version = ">= 1.5"
  required_providers {
    twilio = {
      source = "verifyfactors/twilio"
    }
  }
}

provider "twilio" {}

variable "service_sid" {
  description = "SID of the Verify service the demo factors live in (VA...)."
  type        = string
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

variable "device_public_key" {
  description = "Base64 DER P-256 public key of the demo phone (not a secret)."
  type        = string
  default     = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6UMZ43QeGExq9gmiDCezKwcnKbSEpKxzmkX7v1/Kr4jQdrdqipNglYt8MWWIt63e9A5Q+2JQgawOtGvCNzJhdg=="
}

# 1. A new authenticator-app enrolment: Twilio generates the secret and the
#    otpauth:// URI to show as a QR code. Both stay sensitive in state.
resource "twilio_verify_factor" "authenticator" {
  service_sid   = var.service_sid
  identity      = var.identity
  factor_type   = "totp"
  friendly_name = "Authenticator app"
}

# 2. An enrolment migrated from another system: its secret is known, so
#    auto_verify computes the current code and verifies it in this apply.
resource "twilio_verify_factor" "migrated" {
  service_sid    = var.service_sid
  identity       = var.identity
  factor_type    = "totp"
  friendly_name  = "Migrated authenticator"
  binding_secret = var.migrated_secret
  auto_verify    = true
}

# 3. A phone registered for push approvals.
resource "twilio_verify_factor" "phone" {
  service_sid                  = var.service_sid
  identity                     = var.identity
  factor_type                  = "push"
  friendly_name                = "Demo phone"
  binding_alg                  = "ES256"
  binding_public_key           = var.device_public_key
  config_app_id                = "com.example.authenticator"
  config_notification_platform = "none"
  config_sdk_version           = "4.1.0"
  metadata = {
    os    = "Android"
    model = "Pixel 9"
  }
}

# 4. Read every factor of the user back from the List API.
data "twilio_verify_factors" "user" {
  service_sid = var.service_sid
  identity    = var.identity

  depends_on = [
    twilio_verify_factor.authenticator,
    twilio_verify_factor.migrated,
    twilio_verify_factor.phone,
  ]
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

# The demo that `make demo` applies against the bundled mock of the Verify
# API, starting from an empty account: it creates a Verify service, a user
# (entity) and three factors, reads them back through the data sources, and
# `terraform destroy` removes everything. Pointed at real Twilio, it needs
# only the environment: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or
# TWILIO_API_KEY and TWILIO_API_SECRET).

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

variable "device_public_key" {
  description = "Base64 DER P-256 public key of the demo phone (not a secret)."
  type        = string
  default     = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6UMZ43QeGExq9gmiDCezKwcnKbSEpKxzmkX7v1/Kr4jQdrdqipNglYt8MWWIt63e9A5Q+2JQgawOtGvCNzJhdg=="
}

# 0. The Verify service and the user. The TOTP issuer is what authenticator
#    apps show, and it goes into every factor's otpauth:// URI.
resource "twilio_verify_service" "demo" {
  friendly_name = var.service_name
  totp = {
    issuer = "Acme Corp"
  }
}

resource "twilio_verify_entity" "user" {
  service_sid = twilio_verify_service.demo.sid
  identity    = var.identity
}

# 1. A new authenticator-app enrolment: Twilio generates the secret and the
#    otpauth:// URI to show as a QR code. Both stay sensitive in state.
resource "twilio_verify_factor" "authenticator" {
  service_sid   = twilio_verify_entity.user.service_sid
  identity      = twilio_verify_entity.user.identity
  factor_type   = "totp"
  friendly_name = "Authenticator app"
}

# 2. An enrolment migrated from another system: its secret is known, so
#    auto_verify computes the current code and verifies it in this apply.
resource "twilio_verify_factor" "migrated" {
  service_sid    = twilio_verify_entity.user.service_sid
  identity       = twilio_verify_entity.user.identity
  factor_type    = "totp"
  friendly_name  = "Migrated authenticator"
  binding_secret = var.migrated_secret
  auto_verify    = true
}

# 3. A phone registered for push approvals.
resource "twilio_verify_factor" "phone" {
  service_sid   = twilio_verify_entity.user.service_sid
  identity      = twilio_verify_entity.user.identity
  factor_type   = "push"
  friendly_name = "Demo phone"
  push = {
    alg                   = "ES256"
    public_key            = var.device_public_key
    app_id                = "com.example.authenticator"
    notification_platform = "none"
    sdk_version           = "4.1.0"
  }
  metadata = {
    os    = "Android"
    model = "Pixel 9"
  }
}

# 4. Read everything back through the data sources: the service by its
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
    sid         = data.twilio_verify_service.demo.sid
    totp_issuer = data.twilio_verify_service.demo.totp.issuer
  }
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

variable "service_sid" {
  description = "SID of the Verify service (VA...)."
  type        = string
}

# A TOTP factor whose secret Twilio generates. The secret and the otpauth://
# URI are returned once, at creation, and kept in state as sensitive values:
# render binding_uri as a QR code for the user's authenticator app.
resource "twilio_verify_factor" "authenticator" {
  service_sid   = var.service_sid
  identity      = "user-0001"
  factor_type   = "totp"
  friendly_name = "Alice's authenticator"
}

output "enrolment_uri" {
  value     = twilio_verify_factor.authenticator.binding_uri
  sensitive = true
}

# Migrating an enrolment whose secret is already known: auto_verify computes
# the current code from the secret and verifies the factor in the same apply.
variable "migrated_secret" {
  description = "Base32 TOTP secret of an existing enrolment."
  type        = string
  sensitive   = true
}

resource "twilio_verify_factor" "migrated" {
  service_sid      = var.service_sid
  identity         = "user-0002"
  factor_type      = "totp"
  friendly_name    = "Bob's authenticator"
  binding_secret   = var.migrated_secret
  config_time_step = 30
  config_alg       = "sha1"
  auto_verify      = true
}

# A push factor registered by the Verify Push SDK on a device.
variable "device_public_key" {
  description = "Base64 DER (PKIX) P-256 public key of the device."
  type        = string
}

variable "device_fcm_token" {
  type      = string
  sensitive = true
}

resource "twilio_verify_factor" "phone" {
  service_sid   = var.service_sid
  identity      = "user-0001"
  factor_type   = "push"
  friendly_name = "Alice's Pixel"
  push = {
    alg                   = "ES256"
    public_key            = var.device_public_key
    app_id                = "com.example.authenticator"
    notification_platform = "fcm"
    notification_token    = var.device_fcm_token
    sdk_version           = "4.1.0"
  }
  metadata = {
    os = "Android"
  }
}

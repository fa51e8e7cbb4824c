variable "service_sid" {
  description = "SID of the Verify service (VA...)."
  type        = string
}

# One user of the service. Factors name it through its identity attribute,
# so the entity is created before them and destroyed after them.
resource "twilio_verify_entity" "alice" {
  service_sid = var.service_sid
  identity    = "user-0001"
}

resource "twilio_verify_factor" "alice_app" {
  service_sid   = twilio_verify_entity.alice.service_sid
  identity      = twilio_verify_entity.alice.identity
  factor_type   = "totp"
  friendly_name = "Alice's authenticator app"
}

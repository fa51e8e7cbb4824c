# Every verified TOTP factor of an entity (all pages are read).
data "twilio_verify_factors" "alice" {
  service_sid = "VA0123456789abcdef0123456789abcdef"
  identity    = "user-0001"
  factor_type = "totp"
  status      = "verified"
}

output "alice_factor_names" {
  value = [for f in data.twilio_verify_factors.alice.factors : f.friendly_name]
}

# The passkeys an app registered for the entity, and the relying party each
# is bound to (twilio_verify_factor does not manage passkeys factors).
data "twilio_verify_factors" "alice_passkeys" {
  service_sid = "VA0123456789abcdef0123456789abcdef"
  identity    = "user-0001"
  factor_type = "passkeys"
}

output "alice_passkeys" {
  value = {
    for f in data.twilio_verify_factors.alice_passkeys.factors :
    f.friendly_name => f.passkeys.relying_party_id
  }
}

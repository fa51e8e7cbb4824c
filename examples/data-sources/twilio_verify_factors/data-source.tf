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

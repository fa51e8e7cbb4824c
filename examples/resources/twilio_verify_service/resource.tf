# A Verify service for TOTP and push factors. Only friendly_name is
# required; settings left out take Twilio's defaults.
resource "twilio_verify_service" "login" {
  friendly_name = "Acme Login"
  code_length   = 6

  totp = {
    issuer    = "Acme Corp" # shown in authenticator apps; defaults to friendly_name
    time_step = 30
    skew      = 1
  }

  passkeys = {
    relying_party_id      = "example.com"
    relying_party_name    = "Acme"
    relying_party_origins = ["https://example.com", "https://login.example.com"]
    user_verification     = "preferred"
  }
}

output "service_sid" {
  value = twilio_verify_service.login.sid
}

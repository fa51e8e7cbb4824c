# By SID: one request.
data "twilio_verify_service" "by_sid" {
  sid = "VA0123456789abcdef0123456789abcdef"
}

# By exact friendly name: exactly one service of the account must have it.
data "twilio_verify_service" "login" {
  friendly_name = "Acme Login"
}

output "login_totp_issuer" {
  value = data.twilio_verify_service.login.totp.issuer
}

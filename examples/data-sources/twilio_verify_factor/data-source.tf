data "twilio_verify_factor" "phone" {
  service_sid = "VA0123456789abcdef0123456789abcdef"
  identity    = "user-0001"
  sid         = "YF0123456789abcdef0123456789abcdef"
}

output "phone_status" {
  value = data.twilio_verify_factor.phone.status
}

# Terraform 1.14 and later: every entity of a service.
list "twilio_verify_entity" "users" {
  provider         = twilio
  include_resource = true
  limit            = 1000 # Terraform stops at 100 results unless told otherwise

  config {
    service_sid = "VA0123456789abcdef0123456789abcdef"
  }
}

# Terraform 1.14 and later: every webhook of a service.
list "twilio_verify_webhook" "all" {
  provider         = twilio
  include_resource = true # the full object, for -generate-config-out

  config {
    service_sid = "VA0123456789abcdef0123456789abcdef"
  }
}

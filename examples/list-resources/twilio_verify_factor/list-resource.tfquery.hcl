# Terraform 1.14 and later: the TOTP and push factors of every entity of a
# service (one entity list, then one factor list per entity: no request per
# factor). Give config.identity to list the factors of one entity only.
list "twilio_verify_factor" "all" {
  provider         = twilio
  include_resource = true
  limit            = 10000 # Terraform stops at 100 results unless told otherwise

  config {
    service_sid = "VA0123456789abcdef0123456789abcdef"
  }
}

list "twilio_verify_factor" "alice" {
  provider = twilio

  config {
    service_sid = "VA0123456789abcdef0123456789abcdef"
    identity    = "user-0001"
  }
}

# Terraform 1.12 and later: import by resource identity.
import {
  to = twilio_verify_factor.authenticator
  identity = {
    service_sid = "VA0123456789abcdef0123456789abcdef"
    identity    = "user-0001"
    sid         = "YF0123456789abcdef0123456789abcdef"
  }
}

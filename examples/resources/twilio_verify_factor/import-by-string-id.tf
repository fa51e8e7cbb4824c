# Terraform 1.5 and later: import in configuration.
import {
  to = twilio_verify_factor.authenticator
  id = "VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef"
}

# Terraform 1.12 and later: import by resource identity.
import {
  to = twilio_verify_service.login
  identity = {
    sid = "VA0123456789abcdef0123456789abcdef"
  }
}

# Terraform 1.12 and later: import by resource identity.
import {
  to = twilio_verify_entity.alice
  identity = {
    service_sid = "VA0123456789abcdef0123456789abcdef"
    identity    = "user-0001"
  }
}

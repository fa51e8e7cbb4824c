# Terraform 1.12 and later: import by resource identity.
import {
  to = twilio_verify_push_credential.ios
  identity = {
    sid = "CR0123456789abcdef0123456789abcdef"
  }
}

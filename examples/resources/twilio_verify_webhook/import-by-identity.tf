# Terraform 1.12 and later: import by resource identity.
import {
  to = twilio_verify_webhook.backend
  identity = {
    service_sid = "VA0123456789abcdef0123456789abcdef"
    sid         = "YW0123456789abcdef0123456789abcdef"
  }
}

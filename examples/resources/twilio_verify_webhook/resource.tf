variable "service_sid" {
  description = "SID of the Verify service (VA...)."
  type        = string
}

# Tell the app backend when a device's factor is verified and when a push
# challenge is approved or denied. Twilio POSTs each event form-encoded and
# signed with X-Twilio-Signature (check it with the account's auth token).
resource "twilio_verify_webhook" "backend" {
  service_sid   = var.service_sid
  friendly_name = "App backend"
  webhook_url   = "https://api.example.com/twilio/verify-events"
  event_types   = ["factor.verified", "challenge.approved", "challenge.denied"]
}

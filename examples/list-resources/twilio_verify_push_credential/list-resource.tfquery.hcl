# Terraform 1.14 and later: every push credential (APN and FCM) of the
# account. Their certificates, keys and secrets are not in the results:
# Twilio never returns them.
list "twilio_verify_push_credential" "all" {
  provider         = twilio
  include_resource = true # the full object, for -generate-config-out
}

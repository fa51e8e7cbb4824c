# Every entity (user) of a service, all pages, including entities created
# implicitly by factors.
data "twilio_verify_entities" "users" {
  service_sid = "VA0123456789abcdef0123456789abcdef"
}

output "identities" {
  value = data.twilio_verify_entities.users.entities[*].identity
}

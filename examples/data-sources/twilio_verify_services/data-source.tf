# Every service of the account, all pages.
data "twilio_verify_services" "all" {}

output "service_names" {
  value = { for s in data.twilio_verify_services.all.services : s.sid => s.friendly_name }
}

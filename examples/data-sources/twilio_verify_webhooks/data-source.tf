# Every webhook of a service, all pages, including webhooks no Terraform
# configuration manages.
data "twilio_verify_webhooks" "all" {
  service_sid = "VA0123456789abcdef0123456789abcdef"
}

output "webhook_urls" {
  value = { for w in data.twilio_verify_webhooks.all.webhooks : w.friendly_name => w.webhook_url }
}

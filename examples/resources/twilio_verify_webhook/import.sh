# A webhook is imported by <service_sid>/<webhook_sid>; the
# twilio_verify_webhooks data source lists a service's webhooks.
terraform import twilio_verify_webhook.backend VA0123456789abcdef0123456789abcdef/YW0123456789abcdef0123456789abcdef

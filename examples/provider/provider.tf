terraform {
  required_providers {
    twilio = {
      source  = "verifyfactors/twilio"
      version = "~> 0.1"
    }
  }
}

# Every setting falls back to an environment variable (the table below), so a
# pipeline usually configures nothing here: TWILIO_ACCOUNT_SID with
# TWILIO_AUTH_TOKEN, or with TWILIO_API_KEY and TWILIO_API_SECRET.
provider "twilio" {}

# Or explicitly, with an API key (it takes precedence over an auth token):
#
# provider "twilio" {
#   account_sid     = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#   api_key         = "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#   api_secret      = var.twilio_api_secret
#   max_retries     = 8
#   request_timeout = "45s"
# }

# Terraform 1.14 and later, in a file such as account.tfquery.hcl beside the
# configuration that holds the provider block:
#   terraform query                                   lists every service
#   terraform query -generate-config-out=services.tf  writes import and resource blocks
list "twilio_verify_service" "all" {
  provider         = twilio
  include_resource = true # the full object, for -generate-config-out
}

# Terraform 1.7 and later (OpenTofu 1.7): import every factor of a service
# in one apply, whatever creates them. Requests: one list of entities, one
# list of factors per entity (per 1000), one read per factor.
variable "service_sid" {
  type        = string
  description = "The Verify service whose factors to import."
}

data "twilio_verify_entities" "all" {
  service_sid = var.service_sid
}

data "twilio_verify_factors" "of" {
  for_each    = toset(data.twilio_verify_entities.all.entities[*].identity)
  service_sid = var.service_sid
  identity    = each.key
}

locals {
  # Every TOTP and push factor of the service, by SID. The data source also
  # returns passkeys factors, which apps create and twilio_verify_factor does
  # not manage: importing one would fail the plan.
  factors = merge([
    for listed in data.twilio_verify_factors.of : {
      for f in listed.factors : f.sid => f if contains(["totp", "push"], f.factor_type)
    }
  ]...)
}

import {
  for_each = local.factors
  to       = twilio_verify_factor.imported[each.key]
  id       = "${each.value.service_sid}/${each.value.identity}/${each.key}"
}

resource "twilio_verify_factor" "imported" {
  for_each = local.factors

  service_sid        = each.value.service_sid
  identity           = each.value.identity
  factor_type        = each.value.factor_type
  friendly_name      = each.value.friendly_name
  metadata           = each.value.metadata
  config_alg         = each.value.config_alg
  config_time_step   = each.value.config_time_step
  config_skew        = each.value.config_skew
  config_code_length = each.value.config_code_length
  # A push factor's device key (push.public_key) is never returned, so it is
  # not configured here; push.alg defaults to its only value, ES256.
  push = each.value.push == null ? null : {
    app_id                = each.value.push.app_id
    notification_platform = each.value.push.notification_platform
    sdk_version           = each.value.push.sdk_version
  }
}

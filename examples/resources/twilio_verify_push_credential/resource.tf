# iOS: the APN certificate and its private key, exported from the .p12 that
# the Apple Developer portal gives (openssl pkcs12 -in apn.p12 -clcerts
# -nokeys -out cert.pem; openssl pkcs12 -in apn.p12 -nocerts -nodes -out key.pem).
# The write-only key never reaches plan or state (Terraform >= 1.11); bump
# its version to upload a new one.
resource "twilio_verify_push_credential" "ios" {
  type                   = "apn"
  friendly_name          = "iOS production"
  certificate            = file("${path.module}/apn/cert.pem")
  private_key_wo         = file("${path.module}/apn/key.pem")
  private_key_wo_version = 1
  sandbox                = false
}

# Android: the Firebase service-account JSON (Firebase console, Project
# settings, Service accounts, Generate new private key).
resource "twilio_verify_push_credential" "android" {
  type              = "fcm"
  friendly_name     = "Android"
  secret_wo         = file("${path.module}/firebase-service-account.json")
  secret_wo_version = 1
}

# The Verify service sends push challenges through both.
resource "twilio_verify_service" "login" {
  friendly_name = "Acme Login"
  push = {
    apn_credential_sid = twilio_verify_push_credential.ios.sid
    fcm_credential_sid = twilio_verify_push_credential.android.sid
  }
}

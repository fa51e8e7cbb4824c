# A push credential is imported by its SID (CR...). Twilio never returns the
# certificate, key or secret: the first apply after the import uploads the
# configured ones once (one update, same SID).
terraform import twilio_verify_push_credential.ios CR0123456789abcdef0123456789abcdef

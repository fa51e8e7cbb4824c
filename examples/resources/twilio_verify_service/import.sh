# A service is imported by its SID (VA followed by 32 hex digits).
terraform import twilio_verify_service.login VA0123456789abcdef0123456789abcdef

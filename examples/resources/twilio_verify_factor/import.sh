# A factor is imported by <service_sid>/<identity>/<factor_sid>. The secret,
# the otpauth:// URI and any auth_payload cannot be imported: the API returns
# them only at creation. Set binding_secret afterwards if you know it; it is
# recorded without replacing the factor.
terraform import twilio_verify_factor.authenticator VA0123456789abcdef0123456789abcdef/user-0001/YF0123456789abcdef0123456789abcdef

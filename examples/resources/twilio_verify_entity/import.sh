# An entity is imported by <service_sid>/<identity>. Import an entity that a
# factor created implicitly before managing it: destroying it deletes all
# its factors.
terraform import twilio_verify_entity.alice VA0123456789abcdef0123456789abcdef/user-0001

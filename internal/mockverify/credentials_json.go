package mockverify

// credentialJSON carries every property of the Notify spec's
// notify.v1.credential, and nothing else: never the certificate, the
// private key or the secret.
type credentialJSON struct {
	SID          string  `json:"sid"`
	AccountSID   string  `json:"account_sid"`
	FriendlyName *string `json:"friendly_name"`
	Type         string  `json:"type"`
	Sandbox      *string `json:"sandbox"`
	DateCreated  string  `json:"date_created"`
	DateUpdated  string  `json:"date_updated"`
	URL          string  `json:"url"`
}

func (c *pushCredential) json(accountSID, base string) credentialJSON {
	var sandbox *string
	if c.credType == credentialAPN {
		// A string, capitalised, as in the spec's examples ("False").
		v := "False"
		if c.sandbox {
			v = "True"
		}
		sandbox = &v
	}
	return credentialJSON{
		SID:          c.sid,
		AccountSID:   accountSID,
		FriendlyName: c.friendlyName,
		Type:         c.credType,
		Sandbox:      sandbox,
		DateCreated:  c.created.Format(rfc3339Seconds),
		DateUpdated:  c.updated.Format(rfc3339Seconds),
		URL:          base + TemplateCredentials + "/" + c.sid,
	}
}

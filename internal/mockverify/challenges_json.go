package mockverify

// challengeJSON carries every property of the spec's
// verify.v2.service.entity.challenge.
type challengeJSON struct {
	SID             string            `json:"sid"`
	AccountSID      string            `json:"account_sid"`
	ServiceSID      string            `json:"service_sid"`
	EntitySID       string            `json:"entity_sid"`
	Identity        string            `json:"identity"`
	FactorSID       string            `json:"factor_sid"`
	DateCreated     string            `json:"date_created"`
	DateUpdated     string            `json:"date_updated"`
	DateResponded   *string           `json:"date_responded"`
	ExpirationDate  string            `json:"expiration_date"`
	Status          string            `json:"status"`
	RespondedReason string            `json:"responded_reason"`
	Details         challengeDetails  `json:"details"`
	HiddenDetails   map[string]string `json:"hidden_details"`
	Metadata        map[string]string `json:"metadata"`
	FactorType      string            `json:"factor_type"`
	URL             string            `json:"url"`
	Links           map[string]string `json:"links"`
}

// challengeDetails is what the user is shown, as Twilio returns it.
type challengeDetails struct {
	Message string        `json:"message"`
	Date    string        `json:"date"`
	Fields  []detailField `json:"fields"`
}

func (c *challenge) json(base string) challengeJSON {
	f := c.factor
	url := base + "/v2" + challengesPath(f.svc.sid, f.entity.identity) + "/" + c.sid
	var responded *string
	if c.responded != nil {
		v := c.responded.Format(rfc3339Seconds)
		responded = &v
	}
	return challengeJSON{
		SID:             c.sid,
		AccountSID:      f.svc.accountSID,
		ServiceSID:      f.svc.sid,
		EntitySID:       f.entity.sid,
		Identity:        f.entity.identity,
		FactorSID:       f.sid,
		DateCreated:     c.created.Format(rfc3339Seconds),
		DateUpdated:     c.updated.Format(rfc3339Seconds),
		DateResponded:   responded,
		ExpirationDate:  c.expires.Format(rfc3339Seconds),
		Status:          c.status,
		RespondedReason: "none",
		Details: challengeDetails{
			Message: c.message,
			Date:    c.created.Format(rfc3339Seconds),
			Fields:  append([]detailField{}, c.fields...),
		},
		HiddenDetails: c.hiddenDetails,
		Metadata:      c.metadata,
		FactorType:    f.factorType,
		URL:           url,
		Links:         map[string]string{"notifications": url + "/Notifications"},
	}
}

package mockverify

// webhookJSON carries every property of the spec's verify.v2.service.webhook.
type webhookJSON struct {
	SID           string   `json:"sid"`
	ServiceSID    string   `json:"service_sid"`
	AccountSID    string   `json:"account_sid"`
	FriendlyName  string   `json:"friendly_name"`
	EventTypes    []string `json:"event_types"`
	Status        string   `json:"status"`
	Version       string   `json:"version"`
	WebhookURL    string   `json:"webhook_url"`
	WebhookMethod string   `json:"webhook_method"`
	DateCreated   string   `json:"date_created"`
	DateUpdated   string   `json:"date_updated"`
	URL           string   `json:"url"`
}

func (w *webhook) json(svc *service, base string) webhookJSON {
	return webhookJSON{
		SID:           w.sid,
		ServiceSID:    svc.sid,
		AccountSID:    svc.accountSID,
		FriendlyName:  w.friendlyName,
		EventTypes:    append([]string{}, w.eventTypes...),
		Status:        w.status,
		Version:       w.version,
		WebhookURL:    w.url,
		WebhookMethod: webhookMethod,
		DateCreated:   w.created.Format(rfc3339Seconds),
		DateUpdated:   w.updated.Format(rfc3339Seconds),
		URL:           base + "/v2" + webhooksPath(svc.sid) + "/" + w.sid,
	}
}

package mockverify

// factorJSON is the spec's verify.v2.service.entity.factor.
type factorJSON struct {
	SID          string            `json:"sid"`
	AccountSID   string            `json:"account_sid"`
	ServiceSID   string            `json:"service_sid"`
	EntitySID    string            `json:"entity_sid"`
	Identity     string            `json:"identity"`
	DateCreated  string            `json:"date_created"`
	DateUpdated  string            `json:"date_updated"`
	FriendlyName string            `json:"friendly_name"`
	Status       string            `json:"status"`
	FactorType   string            `json:"factor_type"`
	Config       any               `json:"config"`
	Metadata     map[string]string `json:"metadata"`
	URL          string            `json:"url"`
}

// newFactorJSON is the spec's verify.v2.service.entity.new_factor: a
// factor plus the binding, the only shape that carries it.
type newFactorJSON struct {
	factorJSON
	Binding any `json:"binding"`
	Options any `json:"options"`
}

type totpConfigJSON struct {
	Alg        string `json:"alg"`
	Skew       int64  `json:"skew"`
	CodeLength int64  `json:"code_length"`
	TimeStep   int64  `json:"time_step"`
}

type pushConfigJSON struct {
	SdkVersion           string  `json:"sdk_version"`
	AppID                string  `json:"app_id"`
	NotificationPlatform string  `json:"notification_platform"`
	NotificationToken    *string `json:"notification_token"`
}

type totpBindingJSON struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

type pushBindingJSON struct {
	Alg       string `json:"alg"`
	PublicKey string `json:"public_key"`
}

func (f *factor) config() any {
	if f.factorType == factorTOTP {
		return totpConfigJSON{Alg: f.totp.alg, Skew: f.totp.skew, CodeLength: f.totp.codeLength, TimeStep: f.totp.timeStep}
	}
	c := pushConfigJSON{SdkVersion: f.push.sdkVersion, AppID: f.push.appID, NotificationPlatform: f.push.platform}
	if f.push.token != "" {
		c.NotificationToken = &f.push.token
	}
	return c
}

func (f *factor) json(base string) factorJSON {
	return factorJSON{
		SID:          f.sid,
		AccountSID:   f.svc.accountSID,
		ServiceSID:   f.svc.sid,
		EntitySID:    f.entity.sid,
		Identity:     f.entity.identity,
		DateCreated:  f.created.Format(rfc3339Seconds),
		DateUpdated:  f.updated.Format(rfc3339Seconds),
		FriendlyName: f.friendlyName,
		Status:       f.status,
		FactorType:   f.factorType,
		Config:       f.config(),
		Metadata:     f.metadata,
		URL:          base + "/v2" + factorsPath(f.svc.sid, f.entity.identity) + "/" + f.sid,
	}
}

func (f *factor) newJSON(base string) newFactorJSON {
	var binding any
	if f.factorType == factorTOTP {
		binding = totpBindingJSON{
			Secret: f.totp.secret,
			URI:    totpURI(f.svc.totpIssuer(), f.friendlyName, f.totp),
		}
	} else {
		binding = pushBindingJSON{Alg: "ES256", PublicKey: f.push.publicKey}
	}
	return newFactorJSON{factorJSON: f.json(base), Binding: binding}
}

package mockverify

// factorSpec is a validated factor creation.
type factorSpec struct {
	friendlyName string
	factorType   string
	metadata     map[string]string
	totp         totpConfig // secret "" means generate
	push         pushConfig
}

// parseCreateFactor validates a create against svc (for TOTP defaults).
// Every check happens before any change.
func parseCreateFactor(p params, svc *service) (factorSpec, *apiError) {
	var sp factorSpec
	// Twilio ignores unknown parameters; refusing them catches misspellings.
	if e := p.rejectUnknown(createFactorParams, unknownParameter); e != nil {
		return sp, e
	}
	var e *apiError
	if sp.friendlyName, e = p.required("FriendlyName"); e != nil {
		return sp, e
	}
	if sp.factorType, e = p.required("FactorType"); e != nil {
		return sp, e
	}
	if e = validateLength("FriendlyName", sp.friendlyName, 1, maxFactorFriendlyName); e != nil {
		return sp, e
	}
	switch sp.factorType {
	case factorTOTP:
		if e = p.rejectPresent(pushOnlyParams, "not allowed for factor_type totp"); e != nil {
			return sp, e
		}
		if sp.totp, e = parseTOTPCreate(p, svc); e != nil {
			return sp, e
		}
	case factorPush:
		if e = p.rejectPresent(totpOnlyParams, "not allowed for factor_type push"); e != nil {
			return sp, e
		}
		if sp.push, e = parsePushCreate(p); e != nil {
			return sp, e
		}
	case factorPasskeys:
		// The spec's enum lists passkeys here, but its description says
		// that only push and totp are supported: passkeys factors have a
		// route of their own.
		return sp, errInvalid("FactorType", "passkeys factors are created with POST "+TemplatePasskeysFactors)
	default:
		return sp, errInvalid("FactorType", "must be one of totp, push")
	}
	if v, ok := p.get("Metadata"); ok {
		if sp.metadata, e = parseMetadata(v); e != nil {
			return sp, e
		}
	}
	return sp, nil
}

func parseTOTPCreate(p params, svc *service) (totpConfig, *apiError) {
	c := totpConfig{alg: "sha1", timeStep: svc.totpTimeStep, codeLength: svc.totpCodeLength, skew: svc.totpSkew}
	if v, ok := p.get("Binding.Secret"); ok {
		if e := validateSecret(v); e != nil {
			return c, e
		}
		c.secret = v
	}
	if e := parseTOTPConfig(p, &c); e != nil {
		return c, e
	}
	return c, nil
}

// parseTOTPConfig reads the Config.* parameters of a TOTP factor into c.
func parseTOTPConfig(p params, c *totpConfig) *apiError {
	ts, e := p.int("Config.TimeStep", 20, 60)
	if e != nil {
		return e
	}
	skew, e := p.int("Config.Skew", 0, 2)
	if e != nil {
		return e
	}
	cl, e := p.int("Config.CodeLength", 3, 8)
	if e != nil {
		return e
	}
	alg, e := p.oneOf("Config.Alg", totpAlgs...)
	if e != nil {
		return e
	}
	if ts != nil {
		c.timeStep = *ts
	}
	if skew != nil {
		c.skew = *skew
	}
	if cl != nil {
		c.codeLength = *cl
	}
	if alg != nil {
		c.alg = *alg
	}
	return nil
}

func parsePushCreate(p params) (pushConfig, *apiError) {
	var c pushConfig
	required := []string{"Binding.Alg", "Binding.PublicKey", "Config.AppId", "Config.NotificationPlatform", "Config.SdkVersion"}
	for _, name := range required {
		if _, e := p.required(name); e != nil {
			return c, e
		}
	}
	if alg, _ := p.get("Binding.Alg"); alg != "ES256" {
		return c, errInvalid("Binding.Alg", "must be ES256")
	}
	c.publicKey, _ = p.get("Binding.PublicKey")
	if _, err := parsePublicKey(c.publicKey); err != nil {
		return c, errInvalid("Binding.PublicKey", "must be the base64 of a DER PKIX P-256 ECDSA public key")
	}
	c.appID, _ = p.get("Config.AppId")
	if e := validateLength("Config.AppId", c.appID, 1, maxAppID); e != nil {
		return c, e
	}
	c.sdkVersion, _ = p.get("Config.SdkVersion")
	if e := parsePushConfig(p, &c); e != nil {
		return c, e
	}
	return c, nil
}

// parsePushConfig reads the updatable Config.* parameters of a push factor
// into c and checks that a notification token is known unless the
// platform is none.
func parsePushConfig(p params, c *pushConfig) *apiError {
	platform, e := p.oneOf("Config.NotificationPlatform", pushPlatforms...)
	if e != nil {
		return e
	}
	if platform != nil {
		c.platform = *platform
	}
	if v, ok := p.get("Config.SdkVersion"); ok {
		if v == "" {
			return errInvalid("Config.SdkVersion", "must not be empty")
		}
		c.sdkVersion = v
	}
	if v, ok := p.get("Config.NotificationToken"); ok {
		if e := validateLength("Config.NotificationToken", v, minNotificationToken, maxNotificationToken); e != nil {
			return e
		}
		c.token = v
	}
	if c.platform != platformNone && c.token == "" {
		return errMissing("Config.NotificationToken")
	}
	return nil
}

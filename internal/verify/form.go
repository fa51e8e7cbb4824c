package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Form returns the form body of a factor create with Twilio's parameter
// names (FriendlyName, FactorType, Binding.Alg, Binding.PublicKey,
// Binding.Secret, Config.AppId, Config.NotificationPlatform,
// Config.NotificationToken, Config.SdkVersion, Config.TimeStep, Config.Skew,
// Config.CodeLength, Config.Alg, Metadata). Empty strings, nil pointers and
// an empty Metadata map are omitted. Metadata is a JSON object with its keys
// sorted. The path parameters (ServiceSID, Identity) are not part of it.
func (p CreateFactorParams) Form() url.Values {
	f := make(url.Values, 14)
	setString(f, "FriendlyName", p.FriendlyName)
	setString(f, "FactorType", p.FactorType)
	setString(f, "Binding.Alg", p.BindingAlg)
	setString(f, "Binding.PublicKey", p.BindingPublicKey)
	setString(f, "Binding.Secret", p.BindingSecret)
	setString(f, "Config.AppId", p.ConfigAppID)
	setString(f, "Config.NotificationPlatform", p.ConfigNotificationPlatform)
	setString(f, "Config.NotificationToken", p.ConfigNotificationToken)
	setString(f, "Config.SdkVersion", p.ConfigSdkVersion)
	setInt(f, "Config.TimeStep", p.ConfigTimeStep)
	setInt(f, "Config.Skew", p.ConfigSkew)
	setInt(f, "Config.CodeLength", p.ConfigCodeLength)
	setString(f, "Config.Alg", p.ConfigAlg)
	if len(p.Metadata) > 0 {
		f.Set("Metadata", MetadataJSON(p.Metadata))
	}
	return f
}

// Form returns the form body of a factor update: AuthPayload, FriendlyName
// and the Config.* parameters an update accepts. Nil fields are omitted; a
// pointer to an empty string is sent as an empty value.
func (p UpdateFactorParams) Form() url.Values {
	f := make(url.Values, 9)
	setStringPtr(f, "AuthPayload", p.AuthPayload)
	setStringPtr(f, "FriendlyName", p.FriendlyName)
	setStringPtr(f, "Config.NotificationToken", p.ConfigNotificationToken)
	setStringPtr(f, "Config.SdkVersion", p.ConfigSdkVersion)
	setInt(f, "Config.TimeStep", p.ConfigTimeStep)
	setInt(f, "Config.Skew", p.ConfigSkew)
	setInt(f, "Config.CodeLength", p.ConfigCodeLength)
	setStringPtr(f, "Config.Alg", p.ConfigAlg)
	setStringPtr(f, "Config.NotificationPlatform", p.ConfigNotificationPlatform)
	return f
}

// MetadataJSON encodes factor metadata the way the Metadata form parameter
// carries it: a JSON object with sorted keys and no HTML escaping. A nil
// map encodes as "null".
func MetadataJSON(m map[string]string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Encoding a map[string]string cannot fail: strings are always valid
	// JSON (invalid UTF-8 is replaced by U+FFFD).
	_ = enc.Encode(m)
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// DecodeMetadataJSON parses factor metadata given as a JSON string (the
// form of the Metadata parameter, and of the metadata Twilio's own provider
// keeps) into a map, the inverse of MetadataJSON. It accepts exactly a JSON
// object whose values are all strings (or null, meaning no metadata).
func DecodeMetadataJSON(s string) (map[string]string, error) {
	// Only JSON's own white space: strings.TrimSpace would also drop \f or
	// \v, which make the text invalid JSON.
	s = strings.Trim(s, " \t\n\r")
	if s == "" || s == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("metadata is not a JSON object: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("metadata holds more than one JSON value")
	}
	if raw == nil {
		return nil, nil
	}
	out := make(map[string]string, len(raw))
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var v string
		if err := json.Unmarshal(raw[k], &v); err != nil || !bytes.HasPrefix(bytes.TrimSpace(raw[k]), []byte(`"`)) {
			return nil, fmt.Errorf("metadata value of key %q is not a string; Twilio accepts only string values", k)
		}
		out[k] = v
	}
	return out, nil
}

func setString(f url.Values, key, v string) {
	if v != "" {
		f.Set(key, v)
	}
}

func setStringPtr(f url.Values, key string, v *string) {
	if v != nil {
		f.Set(key, *v)
	}
}

func setInt(f url.Values, key string, v *int64) {
	if v != nil {
		f.Set(key, strconv.FormatInt(*v, 10))
	}
}

package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// decodeMetadataJSON parses metadata given as a JSON string, as Twilio's own
// provider keeps it, into a map. It accepts exactly a JSON object whose
// values are all strings (or null, meaning no metadata).
func decodeMetadataJSON(s string) (map[string]string, error) {
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

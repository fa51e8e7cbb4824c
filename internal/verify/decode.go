package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The wire types below decode API responses tolerantly in a single
// json.Decoder pass: `metadata` may be null or an object whose non-string
// values are kept as their JSON text, and `config`/`binding` may be null.
// They embed the public types through method-less aliases, so the public
// types keep plain struct decoding (no UnmarshalJSON that a struct embedding
// them would inherit).

// factorFields is Factor without methods; it is embedded in factorWire.
type factorFields Factor

// factorWire is the wire form of a factor. Its Metadata (depth 0) shadows
// the embedded factorFields.Metadata (depth 1) for encoding/json.
type factorWire struct {
	factorFields
	Metadata metadataField `json:"metadata"`
}

func (w *factorWire) factor() Factor {
	f := Factor(w.factorFields)
	f.Metadata = w.Metadata
	return f
}

// newFactorWire is the wire form of a create response.
type newFactorWire struct {
	factorWire
	Binding *Binding `json:"binding"`
}

func (w *newFactorWire) newFactor() *NewFactor {
	nf := &NewFactor{Factor: w.factor()}
	if w.Binding != nil {
		nf.Binding = *w.Binding
	}
	return nf
}

// metadataField decodes factor metadata: null gives a nil map; an object
// gives its members, string values as they are and any other value as its
// compact JSON text; a JSON string holding an object (metadata sent
// stringified) is decoded as that object. Anything else is an error.
type metadataField map[string]string

// UnmarshalJSON implements json.Unmarshaler.
func (m *metadataField) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*m = nil
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("metadata: %w", err)
		}
		inner := bytes.TrimSpace([]byte(s))
		if len(inner) == 0 || inner[0] != '{' {
			return fmt.Errorf("metadata: expected a JSON object, got a string")
		}
		return m.UnmarshalJSON(inner)
	case b[0] != '{':
		return fmt.Errorf("metadata: expected a JSON object or null, got %.20s", b)
	}
	// Fast path: all values are strings, as Twilio documents.
	var plain map[string]string
	if err := json.Unmarshal(b, &plain); err == nil {
		*m = plain
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		if len(v) > 0 && v[0] == '"' {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("metadata[%q]: %w", k, err)
			}
			out[k] = s
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return fmt.Errorf("metadata[%q]: %w", k, err)
		}
		out[k] = buf.String()
	}
	*m = out
	return nil
}

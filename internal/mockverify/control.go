package mockverify

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// faultsJSON is the control API's form of Faults: durations are strings
// in Go syntax ("250ms", "2s").
type faultsJSON struct {
	Latency      string  `json:"latency"`
	ThrottleRate float64 `json:"throttle_rate"`
	ErrorRate    float64 `json:"error_rate"`
	DropRate     float64 `json:"drop_rate"`
	RetryAfter   string  `json:"retry_after"`
}

func toFaultsJSON(f Faults) faultsJSON {
	return faultsJSON{
		Latency:      f.Latency.String(),
		ThrottleRate: f.ThrottleRate,
		ErrorRate:    f.ErrorRate,
		DropRate:     f.DropRate,
		RetryAfter:   f.RetryAfter.String(),
	}
}

func (j faultsJSON) faults() (Faults, error) {
	f := Faults{ThrottleRate: j.ThrottleRate, ErrorRate: j.ErrorRate, DropRate: j.DropRate}
	var err error
	if j.Latency != "" {
		if f.Latency, err = time.ParseDuration(j.Latency); err != nil {
			return f, err
		}
	}
	if j.RetryAfter != "" {
		if f.RetryAfter, err = time.ParseDuration(j.RetryAfter); err != nil {
			return f, err
		}
	}
	return f, nil
}

type controlError struct {
	Error string `json:"error"`
}

// serveControl serves the unauthenticated control API under /__mock/.
// Its requests are neither counted nor faulted.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	allow := func(method string) bool {
		if r.Method == method {
			return true
		}
		w.Header().Set("Allow", method)
		writeJSON(w, http.StatusMethodNotAllowed, controlError{"method not allowed"})
		return false
	}
	switch r.URL.Path {
	case controlPrefix + "/stats":
		if allow(http.MethodGet) {
			writeJSON(w, http.StatusOK, s.Stats())
		}
	case controlPrefix + "/reset":
		if allow(http.MethodPost) {
			s.Reset()
			w.WriteHeader(http.StatusNoContent)
		}
	case controlPrefix + "/faults":
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, toFaultsJSON(s.currentFaults()))
		case http.MethodPost:
			var j faultsJSON
			dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&j); err != nil {
				writeJSON(w, http.StatusBadRequest, controlError{"invalid faults JSON: " + err.Error()})
				return
			}
			f, err := j.faults()
			if err != nil {
				writeJSON(w, http.StatusBadRequest, controlError{"invalid duration: " + err.Error()})
				return
			}
			s.SetFaults(f)
			writeJSON(w, http.StatusOK, toFaultsJSON(s.currentFaults()))
		default:
			allow(http.MethodPost)
		}
	case controlPrefix + "/max-page-size":
		if !allow(http.MethodPost) {
			return
		}
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 1 {
			writeJSON(w, http.StatusBadRequest, controlError{"n must be a positive integer"})
			return
		}
		s.SetMaxPageSize(n)
		writeJSON(w, http.StatusOK, struct {
			MaxPageSize int `json:"max_page_size"`
		}{n})
	default:
		writeJSON(w, http.StatusNotFound, controlError{"unknown control endpoint " + r.URL.Path})
	}
}

package mockverify

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	case controlPrefix + "/clock-skew":
		s.serveClockSkew(w, r)
	case controlPrefix + "/concurrency-limit":
		s.serveConcurrencyLimit(w, r)
	default:
		writeJSON(w, http.StatusNotFound, controlError{"unknown control endpoint " + r.URL.Path})
	}
}

// clockSkewJSON is the control API's form of the clock skew.
type clockSkewJSON struct {
	ClockSkew string `json:"clock_skew"`
}

// serveClockSkew serves GET and POST /__mock/clock-skew (?d=DURATION).
func (s *Server) serveClockSkew(w http.ResponseWriter, r *http.Request) {
	serveSetting(w, r, func(q url.Values) string {
		d, err := time.ParseDuration(q.Get("d"))
		if err != nil {
			return "d must be a Go duration such as -3m or 90s"
		}
		s.SetClockSkew(d)
		return ""
	}, func() any { return clockSkewJSON{s.ClockSkew().String()} })
}

// concurrencyLimitJSON is the control API's form of the concurrency limit.
type concurrencyLimitJSON struct {
	ConcurrencyLimit int `json:"concurrency_limit"`
}

// serveConcurrencyLimit serves GET and POST /__mock/concurrency-limit
// (?n=N, 0 for no limit).
func (s *Server) serveConcurrencyLimit(w http.ResponseWriter, r *http.Request) {
	serveSetting(w, r, func(q url.Values) string {
		n, err := strconv.Atoi(q.Get("n"))
		if err != nil || n < 0 {
			return "n must be a whole number, 0 for no limit"
		}
		s.SetConcurrencyLimit(n)
		return ""
	}, func() any { return concurrencyLimitJSON{s.ConcurrencyLimit()} })
}

// serveSetting serves GET and POST of one run-time setting: a POST sets it
// from the query (set returns what is wrong with a bad value, or ""); both
// answer the setting's value (current).
func serveSetting(w http.ResponseWriter, r *http.Request, set func(url.Values) string, current func() any) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodPost:
		if msg := set(r.URL.Query()); msg != "" {
			writeJSON(w, http.StatusBadRequest, controlError{msg})
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, controlError{"method not allowed"})
		return
	}
	writeJSON(w, http.StatusOK, current())
}

// controlRefusal returns why a control request is refused, or "". Browsers
// send Origin on cross-origin requests (and on every POST), and a page
// reaching the mock through DNS rebinding carries its own host name.
func controlRefusal(r *http.Request) string {
	if _, ok := r.Header["Origin"]; ok {
		return "the control API refuses requests from web pages (Origin header present)"
	}
	if !loopbackHost(r.Host) {
		return "the control API answers only requests addressed to a loopback host (localhost, 127.0.0.1, [::1])"
	}
	return ""
}

// loopbackHost reports whether a Host header names this machine only.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

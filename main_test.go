package main

import (
	"maps"
	"testing"
)

func TestSilenceUnreadLogs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  map[string]string
		want map[string]string
	}{
		{env: map[string]string{}, want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_PROVIDER_TWILIO": "off"}},
		{env: map[string]string{"TF_LOG": "trace"}, want: map[string]string{}},
		{env: map[string]string{"TF_LOG_PROVIDER": "debug"}, want: map[string]string{}},
		{env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"}, want: map[string]string{}},
	} {
		set := map[string]string{}
		silenceUnreadLogs(func(k string) string { return c.env[k] }, func(k, v string) error { set[k] = v; return nil })
		if !maps.Equal(set, c.want) {
			t.Errorf("env %v: set %v, want %v", c.env, set, c.want)
		}
	}
}

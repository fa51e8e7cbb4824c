package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// stateFigures describes a state after the create: its size as Terraform
// stores it, and per resource instance its bytes, attributes and recorded
// sensitive paths (all instances of the bench are alike).
type stateFigures struct {
	bytes, instances, attributes, sensitivePaths int
}

// bytesPerInstance is the state's size divided among its instances.
func (f stateFigures) bytesPerInstance() int {
	if f.instances == 0 {
		return 0
	}
	return f.bytes / f.instances
}

// parseStateFigures reads `terraform state pull` output (state format 4).
func parseStateFigures(b []byte) (stateFigures, error) {
	var st struct {
		Version   int `json:"version"`
		Resources []struct {
			Mode      string `json:"mode"`
			Instances []struct {
				Attributes          map[string]json.RawMessage `json:"attributes"`
				SensitiveAttributes []json.RawMessage          `json:"sensitive_attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return stateFigures{}, fmt.Errorf("decoding the state: %w", err)
	}
	if st.Version != 4 {
		return stateFigures{}, fmt.Errorf("state format %d, want 4", st.Version)
	}
	f := stateFigures{bytes: len(b)}
	for _, r := range st.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			if f.instances == 0 {
				f.attributes, f.sensitivePaths = len(in.Attributes), len(in.SensitiveAttributes)
			}
			f.instances++
		}
	}
	if f.instances == 0 {
		return f, errors.New("the state holds no managed resource instance")
	}
	return f, nil
}

// medianDuration is the median of ds (the mean of the middle two for an
// even count); 0 for none.
func medianDuration(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// medianLifecycle combines repeated runs step by step: the median of each
// time, the largest peak RSS and live heap, and the first run's requests and state (the
// same in every run).
func medianLifecycle(runs []lifecycle) lifecycle {
	if len(runs) == 0 {
		return lifecycle{}
	}
	out := runs[0]
	for i := range out.steps {
		var wall, tf, prov []time.Duration
		for _, r := range runs {
			wall = append(wall, r.steps[i].wall)
			tf = append(tf, r.steps[i].terraformCPU)
			prov = append(prov, r.steps[i].providerCPU)
			out.steps[i].peakKB = max(out.steps[i].peakKB, r.steps[i].peakKB)
			out.steps[i].peakLiveMB = max(out.steps[i].peakLiveMB, r.steps[i].peakLiveMB)
			out.steps[i].planChanges = out.steps[i].planChanges || r.steps[i].planChanges
		}
		out.steps[i].wall = medianDuration(wall)
		out.steps[i].terraformCPU = medianDuration(tf)
		out.steps[i].providerCPU = medianDuration(prov)
	}
	return out
}

// totals sums the lifecycle's steps.
func (lc lifecycle) totals() step {
	var t step
	for _, s := range lc.steps {
		t.wall += s.wall
		t.terraformCPU += s.terraformCPU
		t.providerCPU += s.providerCPU
		t.requests += s.requests
		t.peakKB = max(t.peakKB, s.peakKB)
		t.peakLiveMB = max(t.peakLiveMB, s.peakLiveMB)
	}
	return t
}

// ratio is a / b, formatted as "x1.23"; "n/a" when b is zero.
func ratio(a, b time.Duration) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("x%.2f", float64(a)/float64(b))
}

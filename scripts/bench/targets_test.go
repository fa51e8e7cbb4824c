package main

import (
	"strings"
	"testing"
	"time"
)

// lifecycleOf is a lifecycle whose four steps each took wall and cpu (split
// evenly between terraform and the provider), with the given live heap in
// the no-change plan and RSS in every step.
func lifecycleOf(wall, cpu time.Duration, planLiveMB int, rssKB int64) lifecycle {
	var lc lifecycle
	for i := range lc.steps {
		lc.steps[i] = step{wall: wall, terraformCPU: cpu / 2, providerCPU: cpu / 2, peakKB: rssKB}
	}
	lc.steps[noChangePlan].peakLiveMB = planLiveMB
	return lc
}

func sizeOf(n int, ours, twilio lifecycle) sizeResult {
	return sizeResult{n: n, lifecycles: map[string]lifecycle{subjectOurs: ours, subjectTwilio: twilio}}
}

func verdicts(r *report) map[string]bool {
	out := map[string]bool{}
	for _, t := range r.targets {
		out[t.text] = t.met
	}
	return out
}

func TestEvaluateTargets(t *testing.T) {
	s := time.Second
	r := &report{subjects: []subject{{key: subjectOurs, source: "x"}, {key: subjectTwilio, source: "y"}}}
	r.backends = []backendResult{
		{backend: backendLocal, sizes: []sizeResult{
			sizeOf(500, lifecycleOf(10*s, 20*s, 6, 50<<10), lifecycleOf(9*s, 18*s, 0, 30<<10)),
		}},
		{backend: backendPG, sizes: []sizeResult{
			sizeOf(500, lifecycleOf(4*s, 8*s, 6, 50<<10), lifecycleOf(5*s, 9*s, 0, 30<<10)),
			sizeOf(1000, lifecycleOf(8*s, 16*s, 7, 60<<10), lifecycleOf(9*s, 17*s, 0, 30<<10)),
			// At 2,000: our wall above Twilio's, the live heap grown and the
			// provider's CPU per resource up.
			sizeOf(2000, lifecycleOf(20*s, 33*s, 12, 120<<10), lifecycleOf(19*s, 34*s, 0, 30<<10)),
		}},
	}
	r.evaluate()
	got := verdicts(r)
	want := map[string]bool{
		"state in a local file, N = 500: total wall time <= Twilio's provider's":                              false,
		"state in a local file, N = 500: total CPU (terraform + provider) <= Twilio's provider's":             false,
		"state in PostgreSQL (pg backend), N = 1000: total wall time <= Twilio's provider's":                  true,
		"state in PostgreSQL (pg backend), N = 1000: total CPU (terraform + provider) <= Twilio's provider's": true,
		"state in PostgreSQL (pg backend), N = 2000: total wall time <= Twilio's provider's":                  false,
		"state in PostgreSQL (pg backend), N = 2000: total CPU (terraform + provider) <= Twilio's provider's": true,
		"state in PostgreSQL (pg backend), N = 1000: provider live heap during the no-change plan <= 20 MB":   true,
		"state in PostgreSQL (pg backend): provider CPU per resource at N = 2000 <= at N = 500":               false,
		"peak provider RSS < 100 MB at every N":                                                               false,
	}
	for text, met := range want {
		if v, ok := got[text]; !ok || v != met {
			t.Errorf("%q: met %v (present %v), want %v", text, v, ok, met)
		}
	}
	var growth *target
	for i := range r.targets {
		if strings.Contains(r.targets[i].text, "not growing with N") {
			growth = &r.targets[i]
		}
	}
	// 12 MB against 6 x 1.25 + 1 = 8.5 MB.
	if growth == nil || growth.met || growth.detail != "12 MB at N = 2000, 6 MB at N = 500" {
		t.Errorf("live heap growth target: %+v", growth)
	}
	if len(r.targets) != len(want)+1 {
		t.Errorf("%d targets, want %d:\n%s", len(r.targets), len(want)+1, r.targetsText())
	}
}

func TestComparedSizes(t *testing.T) {
	small := backendResult{sizes: []sizeResult{{n: 10}, {n: 500}, {n: 100}}}
	if c := small.compared(); len(c) != 1 || c[0].n != 500 {
		t.Errorf("without N >= %d: %v, want the largest", compareFromN, c)
	}
	large := backendResult{sizes: []sizeResult{{n: 500}, {n: 1000}, {n: 2000}}}
	if c := large.compared(); len(c) != 2 || c[0].n != 1000 || c[1].n != 2000 {
		t.Errorf("%v, want 1000 and 2000", c)
	}
}

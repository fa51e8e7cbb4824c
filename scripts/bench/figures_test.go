package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseStateFigures(t *testing.T) {
	state := `{
  "version": 4,
  "resources": [
    {"mode": "data", "instances": [{"attributes": {"a": 1}}]},
    {"mode": "managed", "instances": [
      {"attributes": {"id": "1", "binding_secret": "S", "binding_uri": null},
       "sensitive_attributes": [[{"type": "get_attr", "value": "binding_secret"}], [{"type": "get_attr", "value": "binding_uri"}]]},
      {"attributes": {"id": "2", "binding_secret": "S", "binding_uri": null}, "sensitive_attributes": []}
    ]}
  ]
}`
	f, err := parseStateFigures([]byte(state))
	if err != nil {
		t.Fatal(err)
	}
	if f.instances != 2 || f.attributes != 3 || f.sensitivePaths != 2 || f.bytes != len(state) || f.bytesPerInstance() != len(state)/2 {
		t.Errorf("got %+v", f)
	}
	for _, bad := range []string{`{"version": 3, "resources": []}`, `{"version": 4, "resources": []}`, `not json`} {
		if _, err := parseStateFigures([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestMedianDuration(t *testing.T) {
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3}, 3},
		{[]time.Duration{5, 1, 3}, 3},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2 + 3) / 2 in integer nanoseconds
		{[]time.Duration{10, 20}, 15},
	} {
		if got := medianDuration(c.in); got != c.want {
			t.Errorf("medianDuration(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestMedianLifecycleAndTotals(t *testing.T) {
	run := func(wall, tf, prov time.Duration, rss int64) lifecycle {
		var lc lifecycle
		for i := range lc.steps {
			lc.steps[i] = step{wall: wall, terraformCPU: tf, providerCPU: prov, requests: 10, peakKB: rss}
		}
		return lc
	}
	m := medianLifecycle([]lifecycle{run(3*time.Second, 2*time.Second, 1*time.Second, 100), run(1*time.Second, 4*time.Second, 3*time.Second, 300), run(2*time.Second, 3*time.Second, 2*time.Second, 200)})
	tot := m.totals()
	if tot.wall != 8*time.Second || tot.terraformCPU != 12*time.Second || tot.providerCPU != 8*time.Second || tot.cpu() != 20*time.Second {
		t.Errorf("totals of the medians: %+v", tot)
	}
	if tot.requests != 40 || tot.peakKB != 300 {
		t.Errorf("requests %d (want 40), peak %d kB (want the largest, 300)", tot.requests, tot.peakKB)
	}
	if got := ratio(3*time.Second, 2*time.Second); got != "x1.50" {
		t.Errorf("ratio = %s", got)
	}
	if got := ratio(time.Second, 0); got != "n/a" {
		t.Errorf("ratio by zero = %s", got)
	}
}

func TestParseStatCPU(t *testing.T) {
	// pid (comm with ") spaces") state ppid ... utime=14 stime=15 cutime=16 cstime=17 ...
	line := "4242 (terraform (x) y) Z 1 4242 4242 0 -1 4194560 100 200 0 0 150 25 300 45 20 0 12 0 5000 0 0"
	self, children, err := parseStatCPU([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if self != 175 || children != 345 {
		t.Errorf("self %d children %d, want 175 and 345", self, children)
	}
	if ticksToDuration(175) != 1750*time.Millisecond {
		t.Errorf("175 ticks = %v", ticksToDuration(175))
	}
	for _, bad := range []string{"no name", "1 (x) Z 1 2 3", "1 (x) Z 1 1 1 0 -1 0 0 0 0 0 a b c d"} {
		if _, _, err := parseStatCPU([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestChart(t *testing.T) {
	if got := niceCeiling(37); got != 50 {
		t.Errorf("niceCeiling(37) = %v", got)
	}
	if got := niceCeiling(0.8); got != 1 {
		t.Errorf("niceCeiling(0.8) = %v", got)
	}
	x := axisScale{lo: 10, hi: 1000, length: 200, log: true}
	if got := x.at(100); got != 100 {
		t.Errorf("log axis: 100 at %v, want the middle (100)", got)
	}
	svg := drawChart("t <&>", "ms <per>", []series{
		{label: "ours", color: "#111", points: [][2]float64{{10, 1}, {100, 4}, {500, 20}}},
		{label: "Twilio's", color: "#222", dashed: true, points: [][2]float64{{10, 2}, {100, 5}, {500, 25}}},
	})
	if !strings.HasPrefix(svg, "<svg ") || !strings.HasSuffix(svg, "</svg>\n") || strings.Count(svg, "<polyline") != 2 {
		t.Fatalf("not a two-line SVG:\n%s", svg)
	}
	// y axis up to niceCeiling(25) = 50; N = 500 is the right end of the plot.
	if !strings.Contains(svg, ">50</text>") || !strings.Contains(svg, "t &lt;&amp;&gt;") || !strings.Contains(svg, "Twilio&#39;s: N=500, 25.00") ||
		!strings.Contains(svg, "ms &lt;per&gt;") || strings.Count(svg, `stroke-dasharray="6 4"`) != 2 {
		t.Errorf("axis, escaping or tooltip missing:\n%s", svg)
	}
}

func TestYAxis(t *testing.T) {
	if got := niceFloor(37); got != 20 {
		t.Errorf("niceFloor(37) = %v, want 20", got)
	}
	lin, ticks := yAxis(5, 25, 100)
	if lin.log || lin.lo != 0 || lin.hi != 50 || len(ticks) != 6 {
		t.Errorf("a span of x5: %+v %v, want linear 0 to 50 in fifths", lin, ticks)
	}
	lg, ticks := yAxis(24, 403, 100)
	want := []float64{20, 50, 100, 200, 500}
	if !lg.log || lg.lo != 20 || lg.hi != 500 || fmt.Sprint(ticks) != fmt.Sprint(want) {
		t.Errorf("a span of x17: %+v %v, want logarithmic 20 to 500, ticks %v", lg, ticks, want)
	}
	svg := drawChart("t", "ms", []series{{label: "a", color: "#111", points: [][2]float64{{10, 403}, {1000, 24}}}})
	if !strings.Contains(svg, "ms (log scale)") || !strings.Contains(svg, ">200</text>") {
		t.Errorf("log axis not drawn:\n%s", svg)
	}
}

package main

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartWidth, chartHeight = 760, 400
	marginLeft, marginRight = 64, 240
	marginTop, marginBottom = 40, 56
)

// chartColors per subject key.
var chartColors = map[string]string{subjectOurs: "#1f77b4", subjectTwilio: "#d62728", subjectBaseline: "#7f7f7f"}

// series is one line of the chart: a figure at each N.
type series struct {
	label, color string
	dashed       bool
	points       [][2]float64 // N, figure
}

// axisScale maps [lo, hi] onto [0, length]; log for a logarithmic axis.
type axisScale struct {
	lo, hi, length float64
	log            bool
}

func (a axisScale) at(v float64) float64 {
	lo, hi := a.lo, a.hi
	if a.log {
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	if hi == lo {
		return 0
	}
	return (v - lo) / (hi - lo) * a.length
}

// niceFloor rounds v down to 1, 2 or 5 times a power of ten.
func niceFloor(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if v >= m*p {
			return m * p
		}
	}
	return p
}

// yAxis is the chart's vertical scale and its ticks: from 0, in fifths,
// unless the figures span more than a factor of ten (the fixed cost per
// process makes a resource at N = 10 many times dearer than at 1,000),
// then logarithmic with ticks at 1, 2 and 5 times the powers of ten.
func yAxis(minS, maxS, length float64) (axisScale, []float64) {
	if minS <= 0 || math.IsInf(minS, 1) || maxS/minS <= 10 {
		a := axisScale{lo: 0, hi: niceCeiling(maxS), length: length}
		var ticks []float64
		for i := 0; i <= 5; i++ {
			ticks = append(ticks, a.hi*float64(i)/5)
		}
		return a, ticks
	}
	a := axisScale{lo: niceFloor(minS), hi: niceCeiling(maxS), length: length, log: true}
	var ticks []float64
	for p := math.Pow(10, math.Floor(math.Log10(a.lo))); p <= a.hi; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if v := m * p; v >= a.lo && v <= a.hi {
				ticks = append(ticks, v)
			}
		}
	}
	return a, ticks
}

// niceCeiling rounds v up to 1, 2 or 5 times a power of ten.
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// chart draws, for a backend, each subject's CPU (terraform + provider) per
// resource over the four steps against N, and for the providers their own
// CPU per resource dashed; N on a logarithmic axis.
func (r *report) chart(br backendResult) string {
	var lines []series
	for _, s := range r.subjects {
		total := series{label: s.label + ", total", color: chartColors[s.key]}
		own := series{label: s.label + ", provider", color: chartColors[s.key], dashed: true}
		for _, sz := range br.sizes {
			lc, ok := sz.lifecycles[s.key]
			if !ok {
				continue
			}
			t := lc.totals()
			total.points = append(total.points, [2]float64{float64(sz.n), perResourceMs(t.cpu(), sz.n)})
			own.points = append(own.points, [2]float64{float64(sz.n), perResourceMs(t.providerCPU, sz.n)})
		}
		lines = append(lines, total)
		if s.source != "" {
			lines = append(lines, own)
		}
	}
	for _, ln := range lines {
		slices.SortFunc(ln.points, func(a, b [2]float64) int { return int(a[0] - b[0]) })
	}
	title := fmt.Sprintf("CPU per resource, create + plan + update + destroy, %s, -parallelism=%d, mock latency %s",
		backendTitle(br.backend), r.opts.parallelism, r.opts.latency)
	return drawChart(title, "CPU ms per resource", lines)
}

// drawChart renders the lines as an SVG document.
func drawChart(title, yLabel string, lines []series) string {
	minN, maxN, minS, maxS := math.Inf(1), math.Inf(-1), math.Inf(1), 0.0
	var ticksN []float64
	for _, ln := range lines {
		for _, p := range ln.points {
			minN, maxN, maxS = math.Min(minN, p[0]), math.Max(maxN, p[0]), math.Max(maxS, p[1])
			if p[1] > 0 {
				minS = math.Min(minS, p[1])
			}
			if !slices.Contains(ticksN, p[0]) {
				ticksN = append(ticksN, p[0])
			}
		}
	}
	if len(ticksN) == 0 {
		minN, maxN = 1, 10
	}
	slices.Sort(ticksN)
	plotW := float64(chartWidth - marginLeft - marginRight)
	plotH := float64(chartHeight - marginTop - marginBottom)
	xs := axisScale{lo: minN, hi: maxN, length: plotW, log: true}
	ys, ticksS := yAxis(minS, maxS, plotH)
	x := func(n float64) float64 { return marginLeft + xs.at(n) }
	y := func(s float64) float64 { return marginTop + plotH - ys.at(math.Max(s, ys.lo)) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="13">%s</text>`+"\n", marginLeft-40, html.EscapeString(title))
	// Axes and grid.
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", marginLeft, y(ys.lo), x(maxN), y(ys.lo))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="black"/>`+"\n", marginLeft, marginTop, marginLeft, y(ys.lo))
	for _, s := range ticksS {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", marginLeft, y(s), x(maxN), y(s))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%g</text>`+"\n", marginLeft-6, y(s)+4, s)
	}
	for _, n := range ticksN {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%g</text>`+"\n", x(n), y(ys.lo)+18, n)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">N resources (log scale)</text>`+"\n", marginLeft+plotW/2, chartHeight-12)
	if ys.log {
		yLabel += " (log scale)"
	}
	fmt.Fprintf(&b, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", marginTop+plotH/2, html.EscapeString(yLabel))
	// Lines and legend.
	for i, ln := range lines {
		var pts []string
		for _, p := range ln.points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
		}
		dash := ""
		if ln.dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", ln.color, dash, strings.Join(pts, " "))
		for _, p := range ln.points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s: N=%g, %.2f</title></circle>`+"\n",
				x(p[0]), y(p[1]), ln.color, html.EscapeString(ln.label), p[0], p[1])
		}
		ly := marginTop + 10 + 20*i
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n",
			chartWidth-marginRight+16, ly, chartWidth-marginRight+40, ly, ln.color, dash)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", chartWidth-marginRight+46, ly+4, html.EscapeString(ln.label))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

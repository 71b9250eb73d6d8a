package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Frame is what every chart carries besides its data: an id for links and
// tests, the title, the sentence saying what it shows, and the axis labels
// with their units.
type Frame struct {
	ID       string
	Title    string
	Sentence string
	XLabel   string
	YLabel   string
}

// The drawing area of every chart, in SVG user units; the page scales it
// to the column width.
const (
	width      = 600
	height     = 340
	marginL    = 70
	marginR    = 18
	marginB    = 58
	fontSize   = 14
	charWidth  = 7.8 // average advance of a 14px sans-serif glyph
	legendLine = 20
)

// layout is a frame's plot rectangle once the legend has taken its lines.
type layout struct {
	top, left, right, bottom float64
	legend                   []legendItem
	legendRows               [][]legendItem
}

type legendItem struct {
	name, colour string
	line, dashed bool
}

// newLayout wraps the legend into rows above the plot, so it never covers data.
func newLayout(items []legendItem) layout {
	l := layout{left: marginL, right: width - marginR, bottom: height - marginB, legend: items}
	x := float64(marginL)
	var row []legendItem
	for _, it := range items {
		w := 22 + charWidth*float64(len(it.name)) + 16
		if len(row) > 0 && x+w > width-marginR {
			l.legendRows = append(l.legendRows, row)
			row, x = nil, marginL
		}
		row = append(row, it)
		x += w
	}
	if len(row) > 0 {
		l.legendRows = append(l.legendRows, row)
	}
	l.top = 14 + float64(len(l.legendRows))*legendLine
	return l
}

// svgWriter collects markup; all text goes through esc.
type svgWriter struct{ strings.Builder }

func (w *svgWriter) f(format string, args ...any) { fmt.Fprintf(w, format, args...) }

// esc escapes text for both HTML and XML: html.EscapeString emits only
// &amp; &lt; &gt; &#39; &#34;, which XML parsers accept.
func esc(s string) string { return html.EscapeString(s) }

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// raw is the exact value stored in data-value attributes for tests and scripts.
func raw(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func (w *svgWriter) open(fr Frame, kind string, series int, l layout) {
	w.f(`<figure class="chart" id="%s" data-kind="%s" data-series="%d">`, esc(fr.ID), kind, series)
	w.f(`<h3>%s</h3><p class="what">%s</p>`, esc(fr.Title), esc(fr.Sentence))
	w.f(`<div class="plot">`)
	w.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" font-size="%d">`, width, height, esc(fr.Title), fontSize)
	w.f(`<title>%s</title>`, esc(fr.Title))
	w.legend(l)
	// Axis titles: x centred under the plot, y rotated along the left edge.
	w.f(`<text class="axis-label" x="%s" y="%d" text-anchor="middle">%s</text>`, num((l.left+l.right)/2), height-8, esc(fr.XLabel))
	w.f(`<text class="axis-label" transform="translate(16 %s) rotate(-90)" text-anchor="middle">%s</text>`, num((l.top+l.bottom)/2), esc(fr.YLabel))
}

func (w *svgWriter) legend(l layout) {
	w.f(`<g class="legend">`)
	for r, row := range l.legendRows {
		x := float64(marginL)
		y := 14 + float64(r)*legendLine
		for _, it := range row {
			if it.line {
				w.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"%s/>`, num(x), num(y+2), num(x+16), num(y+2), it.colour, dash(it.dashed))
			} else {
				w.f(`<rect x="%s" y="%s" width="14" height="12" fill="%s" stroke="#555" stroke-width="0.5"/>`, num(x), num(y-4), it.colour)
			}
			w.f(`<text x="%s" y="%s">%s</text>`, num(x+22), num(y+7), esc(it.name))
			x += 22 + charWidth*float64(len(it.name)) + 16
		}
	}
	w.f(`</g>`)
}

func (w *svgWriter) closeSVG() { w.f(`</svg></div>`) }

// scale maps a data interval onto a pixel interval.
type scale struct{ d0, d1, p0, p1 float64 }

func (s scale) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.p0 + s.p1) / 2
	}
	return s.p0 + (v-s.d0)/(s.d1-s.d0)*(s.p1-s.p0)
}

// niceTicks returns about n round values covering [lo, hi], and the
// widened range they span.
func niceTicks(lo, hi float64, n int) (ticks []float64, a, b float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)/2, hi+math.Abs(hi)/2
		}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	a = math.Floor(lo/step) * step
	b = math.Ceil(hi/step) * step
	for v := a; v <= b+step/2; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks, a, b
}

// yAxis draws the horizontal grid and the y tick labels.
func (w *svgWriter) yAxis(l layout, y scale, ticks []float64, u Unit) {
	w.f(`<g class="axis y">`)
	for _, t := range ticks {
		py := y.at(t)
		w.f(`<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#ddd"/>`, num(l.left), num(l.right), num(py), num(py))
		w.f(`<text x="%s" y="%s" text-anchor="end">%s</text>`, num(l.left-6), num(py+4), esc(u.Tick(t)))
	}
	w.f(`<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#333"/>`, num(l.left), num(l.left), num(l.top), num(l.bottom))
	w.f(`</g>`)
}

// xLabels draws category or tick labels under the plot, thinned so that
// neighbours never overlap.
func (w *svgWriter) xLabels(l layout, at []float64, labels []string) {
	w.f(`<g class="axis x">`)
	w.f(`<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#333"/>`, num(l.left), num(l.right), num(l.bottom), num(l.bottom))
	every := thinning(at, labels)
	for i, x := range at {
		if i%every != 0 {
			continue
		}
		w.f(`<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#333"/>`, num(x), num(x), num(l.bottom), num(l.bottom+4))
		// Keep the label inside the drawing: an end label would be clipped.
		half := charWidth * float64(len(labels[i])) / 2
		tx := math.Max(half+2, math.Min(x, width-half-2))
		w.f(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(tx), num(l.bottom+18), esc(labels[i]))
	}
	w.f(`</g>`)
}

// thinning is the smallest k such that every k-th label fits beside the next.
func thinning(at []float64, labels []string) int {
	if len(at) < 2 {
		return 1
	}
	longest := 0
	for _, s := range labels {
		longest = max(longest, len(s))
	}
	gap := math.Abs(at[1]-at[0]) + 1e-9
	need := charWidth*float64(longest) + 10
	return max(1, int(math.Ceil(need/gap)))
}

// dash is the stroke pattern of a dashed series, or nothing.
func dash(dashed bool) string {
	if dashed {
		return ` stroke-dasharray="6 4"`
	}
	return ""
}

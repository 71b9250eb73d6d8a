package chart

import (
	"math"
	"strings"
)

// Lines draws one curve per series, straight or as steps (survival and
// cumulative incidence change only at events), each with an optional
// shaded confidence band.
type Lines struct {
	Frame
	X, Y Unit
	// Step draws each curve as a step function, holding its value until the next point.
	Step   bool
	Series []Series
	// YMin and YMax fix the y range when YFixed; otherwise it fits the data.
	YMin, YMax float64
	YFixed     bool
	// XTickEvery, when set, puts x ticks at its multiples within the data
	// (every 3 for a month axis), rather than at round numbers beyond it.
	XTickEvery float64
}

// Series is one named curve.
type Series struct {
	Name   string
	Points []Point
	// Band shades the interval Lo..Hi of each point.
	Band bool
	// Colour is the series' palette index; 0 means its position. Dashed
	// draws it dashed: two series of one colour then differ by stroke
	// alone (expansion and churn of one stratum, say).
	Colour int
	Dashed bool
}

func (s Series) colour(i int) string {
	if s.Colour > 0 {
		return Colour(s.Colour - 1)
	}
	return Colour(i)
}

// Point is one observation; Lo and Hi bound its interval when the series has a band.
type Point struct {
	X, Y, Lo, Hi float64
	// Note adds words to the point's tooltip (e.g. "at risk 120").
	Note string
}

// HTML renders the chart and its table of figures.
func (c Lines) HTML() string {
	var items []legendItem
	for i, s := range c.Series {
		items = append(items, legendItem{name: s.Name, colour: s.colour(i), line: true, dashed: s.Dashed})
	}
	l := newLayout(items)
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, p := range s.Points {
			x0, x1 = math.Min(x0, p.X), math.Max(x1, p.X)
			y0, y1 = math.Min(y0, p.Y), math.Max(y1, p.Y)
			if s.Band {
				y0, y1 = math.Min(y0, p.Lo), math.Max(y1, p.Hi)
			}
		}
	}
	if c.YFixed {
		y0, y1 = c.YMin, c.YMax
	}
	yt, ya, yb := niceTicks(y0, y1, 5)
	xt, xa, xb := niceTicks(x0, x1, 8)
	if math.IsInf(x0, 0) {
		xa, xb = 0, 1
	} else if c.XTickEvery > 0 {
		xt, xa, xb = nil, x0, x1
		for t := math.Ceil(x0/c.XTickEvery) * c.XTickEvery; t <= x1; t += c.XTickEvery {
			xt = append(xt, t)
		}
	}
	xs := scale{xa, xb, l.left, l.right}
	ys := scale{ya, yb, l.bottom, l.top}

	var w svgWriter
	w.open(c.Frame, "line", len(c.Series), l)
	w.yAxis(l, ys, yt, c.Y)
	at := make([]float64, len(xt))
	labels := make([]string, len(xt))
	for i, t := range xt {
		at[i], labels[i] = xs.at(t), c.X.Tick(t)
	}
	w.xLabels(l, at, labels)
	for i, s := range c.Series {
		col := s.colour(i)
		w.f(`<g class="series" data-name="%s" data-points="%d">`, esc(s.Name), len(s.Points))
		if s.Band && len(s.Points) > 0 {
			w.f(`<path class="band" d="%s" fill="%s" fill-opacity="0.18" stroke="none"/>`, c.bandPath(s.Points, xs, ys), col)
		}
		w.f(`<path class="curve" d="%s" fill="none" stroke="%s" stroke-width="2.2"%s/>`, c.path(s.Points, xs, ys, func(p Point) float64 { return p.Y }, false), col, dash(s.Dashed))
		for _, p := range s.Points {
			w.f(`<circle class="pt" cx="%s" cy="%s" r="3" fill="%s"><title>%s</title></circle>`,
				num(xs.at(p.X)), num(ys.at(p.Y)), col, esc(c.tooltip(s, p)))
		}
		w.f(`</g>`)
	}
	w.closeSVG()
	w.figures(c.table())
	return w.String()
}

func (c Lines) tooltip(s Series, p Point) string {
	var b strings.Builder
	b.WriteString(s.Name + " · " + c.XLabel + " " + c.X.Exact(p.X) + ": " + c.Y.Exact(p.Y))
	if s.Band {
		b.WriteString(" (interval " + c.Y.Exact(p.Lo) + " – " + c.Y.Exact(p.Hi) + ")")
	}
	if p.Note != "" {
		b.WriteString(", " + p.Note)
	}
	return b.String()
}

// path joins the points in order, or from the last back to the first when
// back is set (the lower edge of a band, after the upper one). A step holds
// each value until the next x, so walking back it changes y before x.
func (c Lines) path(ps []Point, xs, ys scale, y func(Point) float64, back bool) string {
	var b strings.Builder
	for k := range ps {
		p := ps[k]
		if back {
			p = ps[len(ps)-1-k]
		}
		px, py := num(xs.at(p.X)), num(ys.at(y(p)))
		switch {
		case k == 0 && back:
			b.WriteString(" L" + px + " " + py)
		case k == 0:
			b.WriteString("M" + px + " " + py)
		case c.Step && back:
			b.WriteString(" V" + py + " H" + px)
		case c.Step:
			b.WriteString(" H" + px + " V" + py)
		default:
			b.WriteString(" L" + px + " " + py)
		}
	}
	return b.String()
}

// bandPath runs along the upper bound and back along the lower one.
func (c Lines) bandPath(ps []Point, xs, ys scale) string {
	return c.path(ps, xs, ys, func(p Point) float64 { return p.Hi }, false) +
		c.path(ps, xs, ys, func(p Point) float64 { return p.Lo }, true) + " Z"
}

func (c Lines) table() Table {
	t := Table{Head: []string{"series", c.XLabel, c.YLabel}}
	band := false
	for _, s := range c.Series {
		band = band || s.Band
	}
	if band {
		t.Head = append(t.Head, "lower", "upper")
	}
	t.Head = append(t.Head, "note")
	for _, s := range c.Series {
		for _, p := range s.Points {
			r := []Cell{Text(s.Name), {Text: c.X.Exact(p.X), Value: p.X, Numeric: true}, Num(p.Y, c.Y)}
			if band {
				if s.Band {
					r = append(r, Num(p.Lo, c.Y), Num(p.Hi, c.Y))
				} else {
					r = append(r, Text(""), Text(""))
				}
			}
			t.Rows = append(t.Rows, append(r, Text(p.Note)))
		}
	}
	return t
}

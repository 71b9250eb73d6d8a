package chart

import (
	"math"
)

// Bars draws one bar per category and series, side by side or stacked;
// stacked negatives grow downwards from zero (churn below, growth above).
type Bars struct {
	Frame
	Y          Unit
	Categories []string
	Series     []BarSeries
	Stacked    bool
}

// BarSeries is one named set of values, one per category.
type BarSeries struct {
	Name   string
	Values []float64
}

// HTML renders the chart and its table of figures.
func (c Bars) HTML() string {
	var items []legendItem
	for i, s := range c.Series {
		items = append(items, legendItem{name: s.Name, colour: Colour(i)})
	}
	l := newLayout(items)
	lo, hi := 0.0, 0.0
	for k := range c.Categories {
		pos, neg := 0.0, 0.0
		for _, s := range c.Series {
			v := c.value(s, k)
			if c.Stacked {
				if v >= 0 {
					pos += v
				} else {
					neg += v
				}
			} else {
				pos, neg = math.Max(pos, v), math.Min(neg, v)
			}
		}
		lo, hi = math.Min(lo, neg), math.Max(hi, pos)
	}
	yt, ya, yb := niceTicks(lo, hi, 5)
	ys := scale{ya, yb, l.bottom, l.top}
	n := max(1, len(c.Categories))
	slot := (l.right - l.left) / float64(n)
	barW := slot * 0.8
	if !c.Stacked && len(c.Series) > 0 {
		barW /= float64(len(c.Series))
	}

	var w svgWriter
	w.open(c.Frame, "bar", len(c.Series), l)
	w.yAxis(l, ys, yt, c.Y)
	at := make([]float64, len(c.Categories))
	for k := range c.Categories {
		at[k] = l.left + slot*(float64(k)+0.5)
	}
	w.xLabels(l, at, c.Categories)
	pos := make([]float64, n)
	neg := make([]float64, n)
	for i, s := range c.Series {
		w.f(`<g class="series" data-name="%s" data-points="%d">`, esc(s.Name), len(c.Categories))
		for k, cat := range c.Categories {
			v := c.value(s, k)
			base := 0.0
			x := l.left + slot*float64(k) + slot*0.1
			if c.Stacked {
				if v >= 0 {
					base, pos[k] = pos[k], pos[k]+v
				} else {
					base, neg[k] = neg[k], neg[k]+v
				}
			} else {
				x += barW * float64(i)
			}
			y0, y1 := ys.at(base), ys.at(base+v)
			w.f(`<rect class="pt" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
				num(x), num(math.Min(y0, y1)), num(math.Max(barW-1, 1)), num(math.Abs(y1-y0)), Colour(i),
				esc(s.Name+" · "+cat+": "+c.Y.Exact(v)))
		}
		w.f(`</g>`)
	}
	if ya < 0 {
		w.f(`<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#333"/>`, num(l.left), num(l.right), num(ys.at(0)), num(ys.at(0)))
	}
	w.closeSVG()
	w.figures(c.table())
	return w.String()
}

func (c Bars) value(s BarSeries, k int) float64 {
	if k < len(s.Values) && !math.IsNaN(s.Values[k]) && !math.IsInf(s.Values[k], 0) {
		return s.Values[k]
	}
	return 0
}

func (c Bars) table() Table {
	t := Table{Head: []string{c.XLabel}}
	for _, s := range c.Series {
		t.Head = append(t.Head, s.Name)
	}
	for k, cat := range c.Categories {
		r := []Cell{Text(cat)}
		for _, s := range c.Series {
			r = append(r, Num(c.value(s, k), c.Y))
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

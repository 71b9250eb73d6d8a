package chart

import (
	"math"
)

// Heat draws a grid of cells shaded by value: a cohort retention table,
// or a small matrix such as the churn classification quadrants. Each row
// is a series and each of its non-missing cells a point.
type Heat struct {
	Frame
	Value Unit
	Rows  []string
	Cols  []string
	// Cells[r][c] is the value; NaN marks a cell with no data (not drawn).
	Cells [][]float64
	// Notes[r][c], when present, is printed under the value and added to its tooltip.
	Notes [][]string
	// Min and Max fix the colour scale when Fixed; otherwise it spans the data.
	Min, Max float64
	Fixed    bool
}

// HTML renders the chart and its table of figures.
func (c Heat) HTML() string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := range c.Rows {
		for k := range c.Cols {
			if v, ok := c.cell(r, k); ok {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if c.Fixed {
		lo, hi = c.Min, c.Max
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	lcol, _ := rampColour(0)
	hcol, _ := rampColour(1)
	low, high := "lowest ", "highest "
	if c.Fixed {
		low, high = "scale from ", "to "
	}
	l := newLayout([]legendItem{
		{name: low + c.Value.Exact(lo), colour: lcol},
		{name: high + c.Value.Exact(hi), colour: hcol},
	})
	rowLabel := 0
	for _, s := range c.Rows {
		rowLabel = max(rowLabel, len(s))
	}
	// Room for the row labels and, left of them, the rotated axis title.
	l.left = math.Max(l.left, 40+charWidth*float64(rowLabel))
	nr, nc := max(1, len(c.Rows)), max(1, len(c.Cols))
	cw := (l.right - l.left) / float64(nc)
	ch := (l.bottom - l.top) / float64(nr)

	var w svgWriter
	w.open(c.Frame, "heat", len(c.Rows), l)
	at := make([]float64, len(c.Cols))
	for k := range c.Cols {
		at[k] = l.left + cw*(float64(k)+0.5)
	}
	w.xLabels(l, at, c.Cols)
	// Row labels thin out like column labels when rows are short.
	every := max(1, int(math.Ceil(16/ch)))
	textFits := cw >= charWidth*7 && ch >= 18
	for r, name := range c.Rows {
		y := l.top + ch*float64(r)
		if r%every == 0 {
			w.f(`<text x="%s" y="%s" text-anchor="end">%s</text>`, num(l.left-6), num(y+ch/2+4), esc(name))
		}
		w.f(`<g class="series" data-name="%s" data-points="%d">`, esc(name), c.points(r))
		for k, col := range c.Cols {
			v, ok := c.cell(r, k)
			if !ok {
				continue
			}
			t := 0.0
			if hi > lo {
				t = (v - lo) / (hi - lo)
			}
			fill, dark := rampColour(t)
			tip := name + " · " + col + ": " + c.Value.Exact(v)
			note := c.note(r, k)
			if note != "" {
				tip += ", " + note
			}
			x := l.left + cw*float64(k)
			w.f(`<rect class="pt" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff"><title>%s</title></rect>`,
				num(x), num(y), num(cw), num(ch), fill, esc(tip))
			if textFits {
				ink := "#000"
				if dark {
					ink = "#fff"
				}
				dy := 4.0
				if note != "" && ch >= 40 {
					dy = -2 // leave room for the note below
				}
				w.f(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x+cw/2), num(y+ch/2+dy), ink, esc(c.Value.Tick(v)))
				if note != "" && ch >= 40 {
					w.f(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x+cw/2), num(y+ch/2+16), ink, esc(note))
				}
			}
		}
		w.f(`</g>`)
	}
	w.closeSVG()
	w.figures(c.table())
	return w.String()
}

func (c Heat) cell(r, k int) (float64, bool) {
	if r >= len(c.Cells) || k >= len(c.Cells[r]) {
		return 0, false
	}
	v := c.Cells[r][k]
	return v, !math.IsNaN(v) && !math.IsInf(v, 0)
}

func (c Heat) note(r, k int) string {
	if r >= len(c.Notes) || k >= len(c.Notes[r]) {
		return ""
	}
	return c.Notes[r][k]
}

func (c Heat) points(r int) int {
	n := 0
	for k := range c.Cols {
		if _, ok := c.cell(r, k); ok {
			n++
		}
	}
	return n
}

func (c Heat) table() Table {
	t := Table{Head: append([]string{c.YLabel + " \\ " + c.XLabel}, c.Cols...)}
	for r, name := range c.Rows {
		row := []Cell{Text(name)}
		for k := range c.Cols {
			v, ok := c.cell(r, k)
			cell := Text("")
			if ok {
				cell = Num(v, c.Value)
				if n := c.note(r, k); n != "" {
					cell.Text += " (" + n + ")"
				}
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

package chart

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Table is a plain table of figures: the one under each chart and the
// page's own lists (plays, opportunities, signals).
type Table struct {
	ID      string
	Caption string
	Head    []string
	Rows    [][]Cell
	// Wide spans the whole width of the section, for tables of many columns
	// or long text.
	Wide bool
}

// Cell is one table cell; a numeric cell keeps its exact value in a
// data-value attribute beside the formatted text.
type Cell struct {
	Text    string
	Value   float64
	Numeric bool
}

// Text is a cell of words.
func Text(s string) Cell { return Cell{Text: s} }

// Num is a numeric cell shown in unit u.
// NaN and Inf (a ratio over nothing) are shown as "undefined", never as a number.
func Num(v float64, u Unit) Cell {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Text(undefined)
	}
	return Cell{Text: u.Exact(v), Value: v, Numeric: true}
}

const undefined = "undefined"

// longText is the length beyond which a text cell keeps a minimum width:
// on a phone the table then scrolls sideways instead of squeezing a
// sentence to a word a line.
const longText = 40

func (t Table) write(w *svgWriter) {
	w.f(`<div class="table-wrap"><table class="data"`)
	if t.ID != "" {
		w.f(` id="%s"`, esc(t.ID))
	}
	w.f(`>`)
	if t.Caption != "" {
		w.f(`<caption>%s</caption>`, esc(t.Caption))
	}
	w.f(`<thead><tr>`)
	for _, h := range t.Head {
		w.f(`<th>%s</th>`, esc(h))
	}
	w.f(`</tr></thead><tbody>`)
	for _, r := range t.Rows {
		w.f(`<tr>`)
		for _, c := range r {
			if c.Numeric {
				w.f(`<td class="num" data-value="%s">%s</td>`, raw(c.Value), esc(c.Text))
			} else if utf8.RuneCountInString(c.Text) > longText {
				w.f(`<td class="long">%s</td>`, esc(c.Text))
			} else if !strings.ContainsRune(c.Text, ' ') {
				// One word (an ID such as csm-15): never broken at its hyphen.
				w.f(`<td class="word">%s</td>`, esc(c.Text))
			} else {
				w.f(`<td>%s</td>`, esc(c.Text))
			}
		}
		w.f(`</tr>`)
	}
	w.f(`</tbody></table></div>`)
}

// figures closes a chart's figure with its table, folded so the page
// stays short but the numbers are one click away.
func (w *svgWriter) figures(t Table) {
	w.f(`<details><summary>Figures</summary>`)
	t.write(w)
	w.f(`</details></figure>`)
}

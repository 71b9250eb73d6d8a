package chart

import (
	"io"
)

// Page is the whole report: one self-contained HTML file with inline CSS,
// no scripts and no external assets, laid out in columns that collapse to
// one on narrow screens.
type Page struct {
	Title    string
	Lead     string
	Sections []Section
}

// Section is a titled part of the report: its key figures, paragraphs,
// then its charts and tables in order.
type Section struct {
	ID         string
	Title      string
	Paragraphs []string
	Stats      []Stat
	Blocks     []Block
}

// Stat is one headline figure; its exact value is kept in data-value.
type Stat struct {
	ID    string
	Label string
	Value float64
	Unit  Unit
	Note  string
}

// Block is anything a section shows in its grid: a chart or a table.
type Block interface{ HTML() string }

// HTML renders the table on its own, outside a chart.
func (t Table) HTML() string {
	var w svgWriter
	if t.Wide {
		w.f(`<div class="block wide">`)
	} else {
		w.f(`<div class="block">`)
	}
	t.write(&w)
	w.f(`</div>`)
	return w.String()
}

// css is the page's only style. On a phone, charts keep a 460px minimum
// (text about 11px) and scroll sideways rather than shrink to unreadable
// type, and long text cells keep a minimum width (see longText).
const css = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
header,main{max-width:1320px;margin:0 auto;padding:16px 20px}
header h1{margin:8px 0 4px;font-size:26px}
header p{margin:0;color:#444}
section{background:#fff;border:1px solid #e3e5e8;border-radius:8px;margin:0 0 18px;padding:14px 18px}
section h2{margin:2px 0 8px;font-size:20px}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
.stat{flex:1 1 150px;border-left:4px solid #0072B2;background:#f3f7fb;padding:6px 10px}
.stat .v{font-size:22px;font-weight:600}
.stat .l{font-size:13px;color:#333}
.stat .n{font-size:12px;color:#555}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:18px}
figure{margin:0;min-width:0}
figure h3{margin:4px 0 2px;font-size:16px}
p.what{margin:0 0 6px;font-size:13px;color:#333}
.plot{overflow-x:auto}
svg{width:100%;height:auto;display:block;font-family:inherit}
.plot svg{min-width:460px}
svg text:not([fill]){fill:#222}
svg .axis-label{font-weight:600}
details summary{cursor:pointer;font-size:13px;color:#0b5394}
.table-wrap{overflow-x:auto;max-width:100%}
.block{min-width:0}
.wide{grid-column:1/-1}
table.data{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}
table.data caption{text-align:left;font-weight:600;padding:4px 0}
table.data th,table.data td{border-bottom:1px solid #e6e6e6;padding:3px 8px;text-align:left;vertical-align:top}
table.data td:first-child{white-space:nowrap}
table.data td.word{white-space:nowrap}
table.data td.long{min-width:12em;white-space:normal}
table.data td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
@media (max-width:600px){header,main{padding:10px}section{padding:10px}.stat .v{font-size:18px}}
`

// Write writes the page as well-formed XHTML-style HTML5.
func (p Page) Write(out io.Writer) error {
	var w svgWriter
	w.f(`<!DOCTYPE html>` + "\n")
	w.f(`<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>`)
	w.f(`<meta name="viewport" content="width=device-width, initial-scale=1"/>`)
	w.f(`<title>%s</title><style>%s</style></head><body>`, esc(p.Title), css)
	w.f(`<header><h1>%s</h1><p>%s</p></header><main>`, esc(p.Title), esc(p.Lead))
	for _, s := range p.Sections {
		w.f(`<section id="%s"><h2>%s</h2>`, esc(s.ID), esc(s.Title))
		if len(s.Stats) > 0 {
			w.f(`<div class="stats">`)
			for _, st := range s.Stats {
				c := Num(st.Value, st.Unit)
				// The headline shows the short form; the exact figure is its tooltip.
				short := c.Text
				if c.Numeric && st.Unit.Short != nil {
					short = st.Unit.Short(st.Value)
				}
				w.f(`<div class="stat" id="%s" data-value="%s" title="%s"><div class="v">%s</div><div class="l">%s</div>`,
					esc(st.ID), raw(st.Value), esc(c.Text), esc(short), esc(st.Label))
				if st.Note != "" {
					w.f(`<div class="n">%s</div>`, esc(st.Note))
				}
				w.f(`</div>`)
			}
			w.f(`</div>`)
		}
		for _, para := range s.Paragraphs {
			w.f(`<p>%s</p>`, esc(para))
		}
		if len(s.Blocks) > 0 {
			w.f(`<div class="grid">`)
			for _, b := range s.Blocks {
				w.WriteString(b.HTML())
			}
			w.f(`</div>`)
		}
		w.f(`</section>`)
	}
	w.f(`</main></body></html>` + "\n")
	_, err := io.WriteString(out, w.String())
	return err
}

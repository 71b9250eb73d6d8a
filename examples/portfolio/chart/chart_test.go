package chart

import (
	"bytes"
	"flag"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go test ./examples/portfolio/chart -run TestSamplePage -sample /tmp/sample.html
// writes the sample page, to look at the charts in a browser.
var sampleOut = flag.String("sample", "", "write the sample page to this file")

func TestSamplePage(t *testing.T) {
	if *sampleOut == "" {
		t.Skip("no -sample file")
	}
	f, err := os.Create(*sampleOut)
	require.NoError(t, err)
	require.NoError(t, samplePage().Write(f))
	require.NoError(t, f.Close())
}

func samplePage() Page {
	origin := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	survival := Lines{
		Frame: Frame{ID: "km", Title: "Survival <by fit> & more", Sentence: "Good fit stays longer.", XLabel: "months since start", YLabel: "share still a customer (%)"},
		X:     Count, Y: Percent, Step: true,
		Series: []Series{
			{Name: "good fit", Band: true, Points: []Point{{X: 0, Y: 1, Lo: 1, Hi: 1}, {X: 3, Y: 0.9, Lo: 0.85, Hi: 0.94, Note: "at risk 120"}, {X: 7, Y: 0.8, Lo: 0.72, Hi: 0.86}}},
			{Name: "bad fit", Band: true, Points: []Point{{X: 0, Y: 1, Lo: 1, Hi: 1}, {X: 2, Y: 0.6, Lo: 0.5, Hi: 0.7}}},
		},
	}
	mrr := Bars{
		Frame: Frame{ID: "mrr", Title: "MRR movements", Sentence: "Growth above zero, losses below.", XLabel: "month", YLabel: "MRR (USD)"},
		Y:     Money("USD"), Stacked: true,
		Categories: []string{Months(origin).Tick(0), Months(origin).Tick(1), Months(origin).Tick(2)},
		Series: []BarSeries{
			{Name: "new", Values: []float64{1000, 1200.5, 900}},
			{Name: "churn", Values: []float64{-300, -450.25, math.NaN()}},
		},
	}
	cohorts := Heat{
		Frame: Frame{ID: "cohorts", Title: "Cohort retention", Sentence: "Each row is a signup month.", XLabel: "months since signup", YLabel: "cohort"},
		Value: Percent,
		Rows:  []string{"2024-01", "2024-02"},
		Cols:  []string{"0", "1", "2"},
		Cells: [][]float64{{1, 0.9, 0.85}, {1, 0.95, math.NaN()}},
		Notes: [][]string{{"40 accounts", "", ""}},
	}
	return Page{
		Title: "Test report", Lead: "A page with one chart of each kind.",
		Sections: []Section{{
			ID: "s", Title: "Section",
			Stats:  []Stat{{ID: "nrr", Label: "NRR", Value: 1.0525, Unit: Percent}, {ID: "none", Label: "undefined ratio", Value: math.NaN(), Unit: Percent}},
			Blocks: []Block{survival, mrr, cohorts, Table{ID: "plays", Head: []string{"play", "opened"}, Rows: [][]Cell{{Text("save"), Num(3, Count)}}}},
		}},
	}
}

func TestPageParsesWithEveryChartSeriesAndPoint(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, samplePage().Write(&buf))
	doc, err := Parse(&buf)
	require.NoError(t, err)
	require.Equal(t, []string{"km", "mrr", "cohorts"}, doc.Order)

	want := map[string][]int{"km": {3, 2}, "mrr": {3, 3}, "cohorts": {3, 2}}
	for id, points := range want {
		f := doc.Figures[id]
		require.Len(t, f.Series, len(points), id)
		assert.Equal(t, len(points), f.DeclaredSeries, id)
		assert.NotEmpty(t, f.Title, id)
		assert.NotEmpty(t, f.Sentence, id)
		assert.Len(t, f.AxisLabels, 2, id)
		for i, s := range f.Series {
			assert.Equal(t, points[i], s.DeclaredPoints, "%s/%s", id, s.Name)
			assert.Len(t, s.Tips, points[i], "%s/%s marks", id, s.Name)
			for _, tip := range s.Tips {
				assert.NotEmpty(t, tip, "%s/%s", id, s.Name)
			}
		}
	}
	assert.Equal(t, "Survival <by fit> & more", doc.Figures["km"].Title, "escaped text reads back")
	assert.Equal(t, "good fit · months since start 3: 90.00% (interval 85.00% – 94.00%), at risk 120", doc.Figures["km"].Series[0].Tips[1])
	assert.Equal(t, "churn · 2024-02: -450.25 USD", doc.Figures["mrr"].Series[1].Tips[1])
	assert.Equal(t, "2024-01 · 0: 100.00%, 40 accounts", doc.Figures["cohorts"].Series[0].Tips[0])

	// The table under the survival chart carries every point with its interval.
	rows := doc.Figures["km"].Rows
	require.Len(t, rows, 5)
	assert.Equal(t, 0.85, rows[1][3].Value)
	assert.Equal(t, -450.25, doc.Figures["mrr"].Rows[1][2].Value)
	assert.Equal(t, Text(""), doc.Figures["cohorts"].Rows[1][3], "a missing cell stays empty")

	assert.Equal(t, 1.0525, doc.Stats["nrr"])
	assert.True(t, math.IsNaN(doc.Stats["none"]))
	assert.Equal(t, [][]Cell{{Text("save"), Num(3, Count)}}, doc.Tables["plays"])
}

func TestStepBandRunsUpAndBack(t *testing.T) {
	html := samplePage().Sections[0].Blocks[0].HTML()
	// Upper bound forward (x then y at each step), lower bound backward
	// (y then x), closed.
	assert.True(t, strings.Contains(html, `d="M70.0 34.0 H289.4 V63.8 H582.0 V103.4 L582.0 172.9 V108.4 H289.4 V34.0 H70.0 Z"`), "band path of the good-fit curve")
	assert.True(t, strings.Contains(html, `d="M70.0 34.0 H289.4 V83.6 H582.0 V133.2"`), "step curve of the good-fit curve")
}

func TestNoNaNReachesTheMarkup(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, samplePage().Write(&buf))
	// Only the undefined stat keeps NaN, in its data-value, and shows a word.
	assert.Equal(t, 1, strings.Count(buf.String(), "NaN"))
	assert.True(t, strings.Contains(buf.String(), `data-value="NaN" title="undefined"><div class="v">undefined</div>`), "the undefined stat shows a word")
}

func TestParseRejectsMalformedMarkup(t *testing.T) {
	_, err := Parse(strings.NewReader(`<html><body><figure class="chart" id="a"></body></html>`))
	assert.Error(t, err)
	_, err = Parse(strings.NewReader(`<html><figure class="chart" id="a"></figure><figure class="chart" id="a"></figure></html>`))
	assert.ErrorContains(t, err, `figure "a" appears twice`)
}

func TestNiceTicksCoverTheRangeWithRoundSteps(t *testing.T) {
	for _, tc := range []struct{ lo, hi float64 }{{0, 1}, {0.03, 0.97}, {-4500, 12000}, {5, 5}, {0, 0}, {math.NaN(), 3}, {1e6, 3.7e6}} {
		ticks, a, b := niceTicks(tc.lo, tc.hi, 5)
		require.GreaterOrEqual(t, len(ticks), 2, "%v", tc)
		assert.LessOrEqual(t, len(ticks), 12, "%v", tc)
		assert.Equal(t, a, ticks[0], "%v", tc)
		assert.InDelta(t, b, ticks[len(ticks)-1], 1e-9*math.Max(1, math.Abs(b)), "%v", tc)
		if !math.IsNaN(tc.lo) {
			assert.LessOrEqual(t, a, tc.lo, "%v", tc)
			assert.GreaterOrEqual(t, b, tc.hi, "%v", tc)
		}
	}
}

func TestThinningKeepsLabelsApart(t *testing.T) {
	at := make([]float64, 36)
	labels := make([]string, 36)
	for i := range at {
		at[i], labels[i] = 70+15*float64(i), "2024-01"
	}
	k := thinning(at, labels)
	assert.GreaterOrEqual(t, (at[k] - at[0]), charWidth*7, "every %d-th label still overlaps", k)
	assert.Equal(t, 1, thinning(at[:1], labels[:1]))
}

func TestUnits(t *testing.T) {
	assert.Equal(t, "1,234,567.89 USD", Money("USD").Exact(1234567.891))
	assert.Equal(t, "-1,000.00 EUR", Money("EUR").Exact(-1000))
	assert.Equal(t, "12.5k", Money("USD").Tick(12500))
	assert.Equal(t, "25%", Percent.Tick(0.25))
	assert.Equal(t, "12.35%", Percent.Exact(0.12345))
	assert.Equal(t, "2025-03", Months(time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)).Tick(3))
	assert.Equal(t, Text("undefined"), Num(math.Inf(1), Count))
}

func TestRampTextStaysReadable(t *testing.T) {
	_, dark := rampColour(0)
	assert.False(t, dark, "light end takes black text")
	_, dark = rampColour(1)
	assert.True(t, dark, "dark end takes white text")
	c, _ := rampColour(math.NaN())
	assert.Equal(t, "#f7fbff", c)
}

func TestStyleOptions(t *testing.T) {
	c := Lines{
		Frame: Frame{ID: "cif", Title: "t", Sentence: "s", XLabel: "month", YLabel: "share (%)"},
		X:     Months(time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)), Y: Percent, XTickEvery: 3,
		Series: []Series{
			{Name: "good: expansion", Colour: 1, Points: []Point{{X: 0, Y: 0}, {X: 23, Y: 0.5}}},
			{Name: "good: churn", Colour: 1, Dashed: true, Points: []Point{{X: 0, Y: 0}, {X: 23, Y: 0.1}}},
		},
	}
	html := c.HTML()
	assert.Equal(t, 2, strings.Count(html, `stroke="#0072B2" stroke-width="2.2"`), "both curves take the first colour")
	assert.Equal(t, 2, strings.Count(html, `stroke-dasharray`), "the dashed curve and its legend line")
	// Ticks every three months within the data only: 0, 3, ..., 21.
	assert.Contains(t, html, ">2026-09</text>")
	assert.NotContains(t, html, ">2026-12</text>", "no tick beyond the data")
	assert.Equal(t, 8, strings.Count(html, `y2="`+num(height-marginB+4)+`" stroke="#333"/><text`))

	wide := Table{ID: "w", Wide: true}.HTML()
	assert.Contains(t, wide, `class="block wide"`)
	assert.Equal(t, "3.142", Fixed(3).Exact(math.Pi))
	assert.Equal(t, "3.2e-09", Significant(2).Exact(3.21e-9))
}

func TestEndLabelsStayInside(t *testing.T) {
	var w svgWriter
	l := newLayout(nil)
	w.xLabels(l, []float64{l.left, l.right}, []string{"2024-12", "2026-12"})
	half := charWidth * 7 / 2
	assert.Contains(t, w.String(), `x="`+num(width-half-2)+`"`, "the last label is pulled inside the right edge")
}

func TestStatShowsShortMoneyWithExactTooltip(t *testing.T) {
	var buf bytes.Buffer
	p := Page{Title: "t", Sections: []Section{{ID: "s", Stats: []Stat{{ID: "arr", Label: "ARR", Value: 734867724, Unit: Money("USD")}}}}}
	require.NoError(t, p.Write(&buf))
	assert.True(t, strings.Contains(buf.String(), `data-value="7.34867724e+08" title="734,867,724.00 USD"><div class="v">734.9M USD</div>`), "short headline, exact tooltip")
	doc, err := Parse(&buf)
	require.NoError(t, err)
	assert.Equal(t, 734867724.0, doc.Stats["arr"])
}

func TestFixedNeverPrintsMinusZero(t *testing.T) {
	assert.Equal(t, "0.0", Fixed(1).Exact(-0.0175))
	assert.Equal(t, "-0.1", Fixed(1).Exact(-0.06))
	assert.Equal(t, "0", Fixed(0).Exact(-0.4))
}

// On a phone a long text cell keeps a minimum width instead of being
// squeezed to a word a line, and one word keeps to one line.
func TestLongTextCellsKeepAWidth(t *testing.T) {
	html := Table{Rows: [][]Cell{{Text("acct-1"), Text(strings.Repeat("a task, ", 6)), Num(3, Count), Text("two words")}}}.HTML()
	assert.Contains(t, html, `<td class="word">acct-1</td><td class="long">a task, `, "an ID is never broken at its hyphen")
	assert.Contains(t, html, `<td>two words</td>`)
	assert.Contains(t, html, `<td class="num" data-value="3">3</td>`)
	assert.Contains(t, css, "td.long{min-width:")
}

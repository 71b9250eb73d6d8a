package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/success/burden"
)

// burdenScale turns burden (weighted tickets per active-user day) into a
// readable figure: per 1,000 active-user days.
const burdenScale = 1000

// teamSection: how customers rate us and how much support their use needs,
// this year against last.
func (r *review) teamSection() chart.Section {
	v := r.team
	nps := chart.Series{Name: "NPS", Band: true}
	origin := r.asOf
	if len(v.nps.Periods) > 0 {
		origin = v.nps.Periods[0].Start
	}
	for _, p := range v.nps.Periods {
		f := p.Figure
		if f.InsufficientData {
			continue
		}
		nps.Points = append(nps.Points, chart.Point{X: float64(monthsBetween(origin, p.Start)) / 3, Y: f.Score, Lo: f.Low, Hi: f.High,
			Note: fmt.Sprintf("%s: %d responses, %d promoters, %d detractors", p.Label, f.Responses, f.Promoters, f.Detractors)})
	}
	npsChart := chart.Lines{
		Frame: chart.Frame{ID: "nps", Title: "NPS by quarter",
			Sentence: "Net Promoter Score of each quarter's responses (promoters minus detractors, −100 to 100) with its 95% interval; quarters with too few responses are left out.",
			XLabel:   "quarter", YLabel: "NPS (points)"},
		X: quarterAxis(origin), Y: chart.Fixed(1), XTickEvery: 2, Series: []chart.Series{nps},
	}
	segs := sim.Segments()
	base, cur := chart.BarSeries{Name: "burden " + v.baseline.Format("Jan 2006")}, chart.BarSeries{Name: "burden " + v.current.Format("Jan 2006")}
	var segRows [][]chart.Cell
	for _, s := range segs {
		red := v.burden.Segments[s]
		base.Values = append(base.Values, scaled(red.Baseline.Burden))
		cur.Values = append(cur.Values, scaled(red.Current.Burden))
		segRows = append(segRows, reductionRow(s, red))
	}
	burdenChart := chart.Bars{
		Frame: chart.Frame{ID: "burden", Title: "Reduction of Burden by segment",
			Sentence: fmt.Sprintf("Support burden (weighted tickets per %d active-user days) in %s against a year before: a lower bar means customers need less help for the same use.", burdenScale, v.current.Format("January 2006")),
			XLabel:   "segment", YLabel: fmt.Sprintf("weighted tickets / %d user-days", burdenScale)},
		Y: chart.Fixed(2), Categories: segs, Series: []chart.BarSeries{base, cur},
	}
	var ownerRows [][]chart.Cell
	for _, o := range slices.Sorted(maps.Keys(v.burden.Owners)) {
		ownerRows = append(ownerRows, reductionRow(o, v.burden.Owners[o]))
	}
	head := []string{"", "burden before", "burden now", "reduction", "support hours saved"}
	blocks := []chart.Block{npsChart, burdenChart,
		chart.Table{ID: "burden-segments", Caption: "Reduction of Burden by segment", Head: append([]string{"segment"}, head[1:]...), Rows: segRows},
		chart.Table{ID: "burden-owners", Caption: "Reduction of Burden by owner (burden weighs tickets by type and severity; hours saved counts their handling time, so on a small book the two can differ in sign)", Head: append([]string{"owner"}, head[1:]...), Rows: ownerRows},
	}
	blocks = append(blocks, r.touchpointBlocks()...)
	o, c := v.nps.Overall, v.csat.Overall
	return chart.Section{
		ID: "team", Title: "The team: customer voice and Reduction of Burden",
		Stats: []chart.Stat{
			{ID: "nps-overall", Label: "NPS, all responses", Value: o.Score, Unit: chart.Fixed(1), Note: fmt.Sprintf("95%% interval %.1f to %.1f, %d responses", o.Low, o.High, o.Responses)},
			{ID: "csat-overall", Label: "CSAT: satisfied (4 or 5 of 5)", Value: c.Share, Unit: chart.Percent, Note: fmt.Sprintf("95%% interval %.1f%% to %.1f%%, %d responses", 100*c.Low, 100*c.High, c.Responses)},
			{ID: "burden-reduction", Label: "Reduction of Burden, year on year", Value: quantity(v.burden.Total.Reduction), Unit: chart.Percent},
		},
		Blocks: blocks,
	}
}

func scaled(q burden.Quantity) float64 {
	if !q.Defined {
		return nan
	}
	return q.Value * burdenScale
}

func quantity(q burden.Quantity) float64 {
	if !q.Defined {
		return nan
	}
	return q.Value
}

func reductionRow(name string, red burden.Reduction) []chart.Cell {
	return []chart.Cell{chart.Text(name), chart.Num(scaled(red.Baseline.Burden), chart.Fixed(2)), chart.Num(scaled(red.Current.Burden), chart.Fixed(2)),
		chart.Num(quantity(red.Reduction), chart.Percent), chart.Num(quantity(red.HoursSaved), chart.Fixed(1))}
}

// quarterAxis labels quarter offsets from origin ("2026-Q3").
func quarterAxis(origin time.Time) chart.Unit {
	f := func(x float64) string {
		t := origin.AddDate(0, 3*int(math.Round(x)), 0)
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	}
	return chart.Unit{Tick: f, Exact: f}
}

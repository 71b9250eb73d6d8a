package main

import (
	"fmt"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
)

// revenueSection: where MRR came from and went each month, and the
// retention metrics that summarise it.
func (r *review) revenueSection() chart.Section {
	ms := r.revenue.months
	var cats []string
	series := []chart.BarSeries{{Name: "new"}, {Name: "expansion"}, {Name: "reactivation"}, {Name: "contraction"}, {Name: "churn"}}
	nrr := chart.Series{Name: "NRR (trailing 12 months)"}
	grr := chart.Series{Name: "GRR (trailing 12 months)"}
	var rows [][]chart.Cell
	skipped := 0
	for i, p := range ms {
		cats = append(cats, p.Label)
		vals := []float64{money(p.New.MRR), money(p.Expansion.MRR), money(p.Reactivation.MRR), -money(p.Contraction.MRR), -money(p.Churn.MRR)}
		for k := range series {
			series[k].Values = append(series[k].Values, vals[k])
		}
		x := float64(i)
		n := r.revenue.customersYearBefore(i)
		note := fmt.Sprintf("%s: of %d customers a year before", p.Label, n)
		nv, gv := ratio(p.Trailing.NRR), ratio(p.Trailing.GRR)
		if n < minTrailingBase && (nv == nv || gv == gv) {
			// A handful of early customers would set the axis.
			skipped++
			nv, gv = nan, nan
		}
		if nv == nv {
			nrr.Points = append(nrr.Points, chart.Point{X: x, Y: nv, Note: note})
		}
		if gv == gv {
			grr.Points = append(grr.Points, chart.Point{X: x, Y: gv, Note: note})
		}
		rows = append(rows, []chart.Cell{chart.Text(p.Label), chart.Num(money(p.EndMRR), usd), chart.Num(float64(p.EndCustomers), chart.Count),
			chart.Num(ratio(p.Metrics.LogoChurn), chart.Percent), chart.Num(ratio(p.Metrics.GrossMRRChurn), chart.Percent),
			chart.Num(ratio(p.Metrics.NetMRRChurn), chart.Percent), chart.Num(ratio(p.Metrics.QuickRatio), chart.Fixed(2)),
			chart.Num(ratio(p.Trailing.NRR), chart.Percent), chart.Num(ratio(p.Trailing.GRR), chart.Percent)})
	}
	movements := chart.Bars{
		Frame: chart.Frame{ID: "mrr-movements", Title: "MRR movements by month",
			Sentence: "New, expansion and reactivated MRR above the line, contraction and churned MRR below it; end = start + new + expansion + reactivation − contraction − churn, exactly.",
			XLabel:   "month", YLabel: "MRR moved (USD a month)"},
		Y: usd, Categories: cats, Series: series, Stacked: true,
	}
	var origin = r.asOf
	if len(ms) > 0 {
		origin = ms[0].Period
	}
	rates := chart.Lines{
		Frame: chart.Frame{ID: "nrr-grr", Title: "Net and gross revenue retention",
			Sentence: "Of the MRR customers paid twelve months before, the share they pay now with expansion (NRR) and with each capped at what it paid then (GRR); NRR above 100% means the base grows on its own." + leftOut(skipped),
			XLabel:   "month", YLabel: "revenue retained (%)"},
		X: chart.Months(origin), Y: chart.Percent, XTickEvery: 3, Series: []chart.Series{nrr, grr},
	}
	last := r.revenue.latest()
	return chart.Section{
		ID: "revenue", Title: "Revenue: MRR movements and retention",
		Stats: []chart.Stat{
			{ID: "mrr", Label: "MRR at the end of " + last.Label, Value: money(last.EndMRR), Unit: usd},
			{ID: "nrr", Label: "NRR, trailing 12 months", Value: ratio(last.Trailing.NRR), Unit: chart.Percent},
			{ID: "grr", Label: "GRR, trailing 12 months", Value: ratio(last.Trailing.GRR), Unit: chart.Percent},
			{ID: "logo-churn", Label: "logo churn in " + last.Label, Value: ratio(last.Metrics.LogoChurn), Unit: chart.Percent},
			{ID: "quick-ratio", Label: "quick ratio in " + last.Label, Value: ratio(last.Metrics.QuickRatio), Unit: chart.Fixed(2), Note: "(new + expansion) / (contraction + churn)"},
		},
		Blocks: []chart.Block{movements, rates, chart.Table{ID: "monthly-metrics", Caption: "Retention metrics by month", Wide: true,
			Head: []string{"month", "MRR at end", "customers", "logo churn", "gross MRR churn", "net MRR churn", "quick ratio", "NRR (12 m)", "GRR (12 m)"}, Rows: rows}},
	}
}

// minTrailingBase is the fewest customers a year before for which the
// chart draws NRR and GRR; the table keeps every month.
const minTrailingBase = 30

func leftOut(months int) string {
	if months == 0 {
		return ""
	}
	return fmt.Sprintf(" Months with fewer than %d customers a year before (%d) are left out of the chart; the table keeps them.", minTrailingBase, months)
}

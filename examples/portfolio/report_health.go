package main

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/health"
)

// healthSection: how healthy the book is, where the at-risk ARR sits and
// whether the score deserves trust (its backtest).
func (r *review) healthSection() chart.Section {
	v := r.health
	p := v.portfolio
	var cats []string
	var accounts, arr []float64
	var rows [][]chart.Cell
	for _, b := range p.Bands {
		cats = append(cats, b.Band)
		accounts = append(accounts, share(float64(b.Count), float64(p.Count)))
		arr = append(arr, b.Share)
		rows = append(rows, []chart.Cell{chart.Text(b.Band), chart.Num(float64(b.Count), chart.Count), chart.Num(money(b.ARR), usd)})
	}
	bands := chart.Bars{
		Frame: chart.Frame{ID: "health-bands", Title: "Health bands: accounts and ARR",
			Sentence: "How today's customers and their ARR split across the health bands; a band holding more ARR than accounts holds the larger customers.",
			XLabel:   "health band", YLabel: "share of the book (%)"},
		Y: chart.Percent, Categories: cats,
		Series: []chart.BarSeries{{Name: "share of accounts", Values: accounts}, {Name: "share of ARR", Values: arr}},
	}
	trend := chart.Lines{
		Frame: chart.Frame{ID: "score-trend", Title: "Score trend of the largest red accounts",
			Sentence: fmt.Sprintf("Monthly health score over the last %d months of the %d red accounts with the most ARR among those scored for two months or more: a steady fall is a save play's cue.", historyMonths, len(v.atRisk)),
			XLabel:   "month", YLabel: "health score (0–100 points)"},
		X: chart.Months(r.asOf.AddDate(0, -historyMonths, 0)), Y: chart.Fixed(1), YFixed: true, YMin: 0, YMax: 100, XTickEvery: 1,
	}
	for _, h := range v.atRisk {
		s := chart.Series{Name: fmt.Sprintf("%s (%s ARR)", h.customer.Account.ID, usd.Tick(h.arr))}
		for _, sc := range h.scores {
			if !sc.Available {
				continue
			}
			x := float64(monthsBetween(r.asOf.AddDate(0, -historyMonths, 0), sc.AsOf))
			s.Points = append(s.Points, chart.Point{X: x, Y: sc.ReportedValue, Note: "band " + sc.ReportedBand})
		}
		trend.Series = append(trend.Series, s)
	}
	bt := v.backtest
	var btRows [][]chart.Cell
	for _, b := range bt.Bands {
		btRows = append(btRows, []chart.Cell{chart.Text(b.Band), chart.Num(float64(b.Accounts), chart.Count), chart.Num(float64(b.Churned), chart.Count),
			chart.Num(b.ChurnRate, chart.Percent), chart.Num(money(b.ARRLost), usd), chart.Num(b.LostShare, chart.Percent)})
	}
	red := 0.0
	for _, b := range p.Bands {
		if b.Band == worstBand(v.plan) {
			red = b.Share
		}
	}
	var paras []string
	if v.backtestFailure != "" {
		paras = append(paras, "No backtest: "+v.backtestFailure+".")
	}
	return chart.Section{
		ID: "health", Title: "Health", Paragraphs: paras,
		Stats: []chart.Stat{
			{ID: "health-mean", Label: "ARR-weighted mean health score", Value: p.ARRWeightedMean, Unit: chart.Fixed(1)},
			{ID: "red-arr-share", Label: "of ARR in the red band", Value: red, Unit: chart.Percent},
			{ID: "trend-down", Label: "customers trending down", Value: float64(v.trends[health.TrendDown]), Unit: chart.Count, Note: fmt.Sprintf("%d up, %d flat", v.trends[health.TrendUp], v.trends[health.TrendFlat])},
			{ID: "backtest-auc", Label: fmt.Sprintf("backtest AUC: score of %s against churn since", v.backtestFrom.Format(time.DateOnly)), Value: bt.AUC, Unit: chart.Fixed(3), Note: "0.5 is a coin toss, 1 is perfect"},
		},
		Blocks: []chart.Block{bands, trend, chart.Table{ID: "health-band-figures", Caption: "Today's customers and ARR per health band", Head: []string{"band", "customers", "ARR"}, Rows: rows},
			chart.Table{ID: "backtest", Caption: fmt.Sprintf("Backtest: customers of %s by their band then, and who churned since", v.backtestFrom.Format(time.DateOnly)),
				Head: []string{"band then", "accounts", "churned", "churn rate", "ARR lost", "share of ARR lost"}, Rows: btRows}},
	}
}

package main

import (
	"fmt"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/success"
)

// bookSection: who the customers are, whether they could succeed with us
// (Success Potential) and whether they are reaching their Desired Outcome.
func (r *review) bookSection() chart.Section {
	v := r.fit
	active := v.activeGood + v.activeBad
	arr := v.activeGoodARR + v.activeBadARR
	rows := [][]chart.Cell{}
	outcomes := 0
	for _, s := range outcomeStatuses {
		outcomes += v.status[s]
	}
	for _, s := range outcomeStatuses {
		rows = append(rows, []chart.Cell{chart.Text(statusLabel[s]), chart.Num(float64(v.status[s]), chart.Count), chart.Num(share(float64(v.status[s]), float64(outcomes)), chart.Percent)})
	}
	return chart.Section{
		ID: "book", Title: "Book of business: fit and Desired Outcomes",
		Stats: []chart.Stat{
			{ID: "customers", Label: "customers today", Value: float64(active), Unit: chart.Count, Note: fmt.Sprintf("of %d accounts ever signed", v.accounts)},
			{ID: "arr", Label: "ARR today", Value: arr, Unit: usd},
			{ID: "bad-fit-share", Label: "signed as a bad fit", Value: share(float64(v.badFit), float64(v.accounts)), Unit: chart.Percent, Note: "Success Potential judged at the sale"},
			{ID: "bad-fit-arr-share", Label: "of today's ARR is bad fit", Value: share(v.activeBadARR, arr), Unit: chart.Percent},
			{ID: "outcome-achieved", Label: "of customers achieved their Desired Outcome", Value: share(float64(v.achieved), float64(active)), Unit: chart.Percent},
		},
		Paragraphs: []string{"A bad fit is a customer who, given what we offer today, was unlikely to reach their Desired Outcome: the largest source of churn, and one no amount of downstream effort fixes."},
		Blocks:     []chart.Block{chart.Table{ID: "outcome-status", Caption: "Required Outcome status of today's customers", Head: []string{"status", "customers", "share"}, Rows: rows}},
	}
}

var statusLabel = map[success.OutcomeStatus]string{
	success.Achieved: "achieved", success.OnTrack: "on track", success.NotStarted: "not started", success.Behind: "behind",
	success.Stuck: "stuck", success.Stale: "stale (not measured lately)", success.Missed: "missed",
}

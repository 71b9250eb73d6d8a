package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/portfolio/chart"
)

// lossSection: why customers left and which losses were ours to prevent,
// then the early-warning signals on today's customers.
func (r *review) lossSection() chart.Section {
	rep := r.losses.report
	total := money(rep.Total.LostARR)
	quad := func(q churn.Quadrant) (float64, string) {
		t := rep.ByQuadrant[q]
		return money(t.LostARR), fmt.Sprintf("%d churns", t.Count)
	}
	ae, aeN := quad(churn.AvoidableExpected)
	au, auN := quad(churn.AvoidableUnexpected)
	ue, ueN := quad(churn.UnavoidableExpected)
	uu, uuN := quad(churn.UnavoidableUnexpected)
	matrix := chart.Heat{
		Frame: chart.Frame{ID: "churn-matrix", Title: "Churn classification: lost ARR per quadrant",
			Sentence: "All past churn and downgrades by whether we could have prevented it (avoidable) and whether its CSM had flagged the account at risk in the 90 days before (expected); avoidable and unexpected is the worst quadrant.",
			XLabel:   "seen coming?", YLabel: "within our control?"},
		Value: usd, Rows: []string{"avoidable", "unavoidable"}, Cols: []string{"expected", "unexpected"},
		Cells: [][]float64{{ae, au}, {ue, uu}}, Notes: [][]string{{aeN, auN}, {ueN, uuN}},
	}
	reasons := slices.SortedFunc(maps.Keys(rep.ByReason), func(a, b churn.ReasonCode) int {
		return cmp.Or(rep.ByReason[b].Count-rep.ByReason[a].Count, cmp.Compare(a, b))
	})
	var rows [][]chart.Cell
	for _, code := range reasons {
		t := rep.ByReason[code]
		rows = append(rows, []chart.Cell{chart.Text(string(code)), chart.Num(float64(t.Count), chart.Count), chart.Num(money(t.LostARR), usd)})
	}
	worst := ratio(rep.WorstARRShare())
	s := r.signals
	var sigRows [][]chart.Cell
	for _, k := range signalKinds {
		sigRows = append(sigRows, []chart.Cell{chart.Text(string(k)), chart.Num(float64(s.byKind[k]), chart.Count), chart.Num(s.arrByKind[k], usd)})
	}
	var topRows [][]chart.Cell
	for _, f := range s.top {
		var kinds, why string
		for i, sg := range f.signals {
			if i > 0 {
				kinds += ", "
				why += " "
			}
			kinds += string(sg.Kind)
			why += sg.Summary
		}
		topRows = append(topRows, []chart.Cell{chart.Text(string(f.account)), chart.Text(f.owner), chart.Num(f.arr, usd), chart.Text(kinds), chart.Text(why)})
	}
	return chart.Section{
		ID: "churn", Title: "Churn: why customers left, and who may leave next",
		Stats: []chart.Stat{
			{ID: "lost-arr", Label: "ARR lost to churn and downgrades", Value: total, Unit: usd, Note: fmt.Sprintf("%d events", rep.Total.Count)},
			{ID: "worst-quadrant-share", Label: "of it avoidable and unexpected", Value: worst, Unit: chart.Percent},
			{ID: "acquisition-failure-share", Label: "of it acquisition failures (bad fit)", Value: share(money(rep.AcquisitionFailures.LostARR), total), Unit: chart.Percent,
				Note: fmt.Sprintf("%d events: an upstream problem, not a CS one", rep.AcquisitionFailures.Count)},
			{ID: "flagged-accounts", Label: "customers with an early-warning signal today", Value: float64(s.accounts), Unit: chart.Count},
		},
		Blocks: []chart.Block{
			matrix,
			chart.Table{ID: "churn-reasons", Caption: "Churn by primary reason", Head: []string{"reason", "events", "ARR lost"}, Rows: rows},
			chart.Table{ID: "signals", Caption: "Early-warning signals on today's customers", Head: []string{"signal", "customers", "their ARR"}, Rows: sigRows},
			chart.Table{ID: "flagged", Caption: "Flagged customers with the most ARR", Head: []string{"account", "owner", "ARR", "signals", "what fired"}, Rows: topRows},
		},
	}
}

package main

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/success/expansion"
)

// expansionSection: who is ready for the Second Sale, what to offer them,
// what stands in the way, and how likely add-on buyers are to buy again.
func (r *review) expansionSection() chart.Section {
	v := r.readiness
	levels := expansion.Levels()
	var cats []string
	arr, uplift, proposable := chart.BarSeries{Name: "customers' ARR"}, chart.BarSeries{Name: "opportunity uplift (ARR)"}, chart.BarSeries{Name: "of it proposable now"}
	for _, l := range levels {
		cats = append(cats, fmt.Sprintf("%s (%d)", l, v.byLevel[l]))
		arr.Values = append(arr.Values, v.arrByLevel[l])
		uplift.Values = append(uplift.Values, v.uplift[l])
		proposable.Values = append(proposable.Values, v.proposable[l])
	}
	pipeline := chart.Bars{
		Frame: chart.Frame{ID: "expansion-pipeline", Title: "Expansion pipeline by readiness",
			Sentence: "Today's customers by expansion readiness (count in brackets): their ARR, the ARR the opportunities they open would add, and the part that can be proposed now (ready and unblocked).",
			XLabel:   "readiness level (customers)", YLabel: "ARR (USD a year)"},
		Y: usd, Categories: cats, Series: []chart.BarSeries{arr, uplift, proposable},
	}
	codes := slices.SortedFunc(maps.Keys(v.blockers), func(a, b expansion.BlockerCode) int {
		return cmp.Or(v.blockers[b]-v.blockers[a], cmp.Compare(a, b))
	})
	var blockRows [][]chart.Cell
	for _, c := range codes {
		blockRows = append(blockRows, []chart.Cell{chart.Text(string(c)), chart.Num(float64(v.blockers[c]), chart.Count)})
	}
	ops := slices.Clone(v.opportunities)
	slices.SortStableFunc(ops, func(a, b expansion.Opportunity) int {
		if a.Proposable != b.Proposable {
			if a.Proposable {
				return -1
			}
			return 1
		}
		return cmp.Compare(money(b.Uplift), money(a.Uplift))
	})
	var opRows [][]chart.Cell
	for _, o := range ops[:min(len(ops), topOpportunities)] {
		what := string(o.Kind) + " " + o.Subject
		if o.Quantity > 0 {
			what = fmt.Sprintf("%s +%g", what, o.Quantity)
		}
		var blocked string
		for i, b := range o.Blockers {
			if i > 0 {
				blocked += ", "
			}
			blocked += string(b.Code)
		}
		opRows = append(opRows, []chart.Cell{chart.Text(string(o.Account)), chart.Text(what), chart.Num(money(o.Uplift), usd), chart.Text(yesNo(o.Proposable)), chart.Text(blocked)})
	}
	rp := r.repeat
	return chart.Section{
		ID: "expansion", Title: "Expansion: readiness, opportunities and repeat purchases",
		Stats: []chart.Stat{
			{ID: "ready", Label: "customers ready to expand", Value: float64(v.byLevel[expansion.Ready]), Unit: chart.Count},
			{ID: "proposable-uplift", Label: "ARR proposable now", Value: sumValues(v.proposable), Unit: usd},
			{ID: "second-purchase", Label: fmt.Sprintf("chance a one-time training-credit buyer buys again within %d days (BG/NBD)", secondPurchaseDays), Value: rp.secondPurchase, Unit: chart.Percent,
				Note: fmt.Sprintf("mean over %d one-time buyers of %d", rp.oneTime, rp.buyers)},
			{ID: "credits-clv", Label: "12-month value of training-credit buyers (" + clvModel(rp) + ")", Value: rp.clvTotal, Unit: usd, Note: "discounted at 1% a month"},
		},
		Blocks: []chart.Block{
			pipeline,
			chart.Table{ID: "blockers", Caption: "What blocks expansion", Head: []string{"blocker", "customers"}, Rows: blockRows},
			chart.Table{ID: "opportunities", Wide: true, Caption: "Largest opportunities, proposable first", Head: []string{"account", "opportunity", "ARR uplift", "proposable", "blocked by"}, Rows: opRows},
			chart.Table{ID: "repeat-model", Caption: "Repeat-purchase models of training credits (per day)", Head: []string{"model", "parameters"}, Rows: [][]chart.Cell{
				{chart.Text("BG/NBD"), chart.Text(bgText(rp))},
				{chart.Text("Gamma-Gamma"), chart.Text(ggText(rp))},
			}},
		},
	}
}

const topOpportunities = 12

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func sumValues[K comparable](m map[K]float64) float64 {
	var s float64
	for _, k := range slices.SortedFunc(maps.Keys(m), func(a, b K) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) }) {
		s += m[k]
	}
	return s
}

func bgText(rp repeatReview) string {
	if rp.bgFailure != "" {
		return "not fitted: " + rp.bgFailure
	}
	return fmt.Sprintf("r = %.4g, α = %.4g, a = %.4g, b = %.4g", rp.bg.R, rp.bg.Alpha, rp.bg.A, rp.bg.B)
}

func ggText(rp repeatReview) string {
	switch {
	case rp.bgFailure != "":
		return "not fitted (no BG/NBD model)"
	case rp.ggFailure != "":
		return "not fitted: the fit did not converge (spends barely vary from one purchase to the next); the 12-month value uses each buyer's own mean spend"
	}
	g := rp.gg
	text := fmt.Sprintf("p = %.4g, q = %.4g, γ = %.4g over %d repeat buyers", g.P, g.Q, g.Gamma, g.RepeatBuyers)
	if g.Q <= 2 {
		// The spread of buyers' means is infinite; the parameters say it all.
		return text
	}
	// A buyer's mean spend is p/ν with ν ~ Gamma(q, γ): its population mean
	// is pγ/(q−1) and its coefficient of variation 1/√(q−2).
	text += fmt.Sprintf("; mean spend per purchase pγ/(q−1) = %s, buyers' own means varying by %.3g%% (1/√(q−2))",
		usd.Exact(g.P*g.Gamma/(g.Q-1)), 100/math.Sqrt(g.Q-2))
	if g.Q > nearlyEqualSpendQ {
		// q and γ then run off together along a ridge of the likelihood:
		// only their ratio is estimated, which is what a reader should read.
		text += "; q and γ this large say that buyers spend alike, and only their ratio is determined"
	}
	return text
}

// nearlyEqualSpendQ is the Gamma-Gamma q above which buyers' mean spends
// differ by less than 1% (1/√(q−2) < 0.01).
const nearlyEqualSpendQ = 10002

func clvModel(rp repeatReview) string {
	if rp.ggFailure != "" {
		return "BG/NBD at each buyer's mean spend"
	}
	return "BG/NBD × Gamma-Gamma"
}

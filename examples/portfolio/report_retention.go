package main

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/portfolio/chart"
)

// fitStrata are the survival strata in the order the charts draw them.
var fitStrata = []string{sim.StratumGoodFit, sim.StratumBadFit}

// retentionSection: how cohorts retain, how long good and bad fit stay, how
// soon they buy again, and what the latest cohorts will do.
func (r *review) retentionSection() chart.Section {
	v := r.retention
	var stats []chart.Stat
	// The cohort heat map: logo retention by signup quarter and quarters since.
	heat := chart.Heat{
		Frame: chart.Frame{ID: "cohort-retention", Title: "Cohort retention (logos)",
			Sentence: "Each row is the customers who signed up in a quarter; each cell the share of them still paying that many quarters later (darker is more). Blank cells are in the future.",
			XLabel:   "quarters since signup", YLabel: "signup quarter (customers)"},
		Value: chart.Percent, Fixed: true, Min: 0, Max: 1,
	}
	width := 0
	for _, row := range v.table.Cohorts {
		width = max(width, len(row.Cells))
	}
	for k := range width {
		heat.Cols = append(heat.Cols, fmt.Sprint(k))
	}
	for _, row := range v.table.Cohorts {
		// The cohort's size beside its label: a cohort of a handful (the
		// first, partial quarter) would otherwise read as solid retention.
		heat.Rows = append(heat.Rows, cohortLabel(row))
		cells := make([]float64, width)
		notes := make([]string, width)
		for k := range cells {
			cells[k] = math.NaN()
			if k < len(row.Cells) {
				if x, ok := row.Cells[k].LogoRetention(); ok {
					cells[k] = x
					notes[k] = fmt.Sprintf("%d of %d customers", row.Cells[k].Retained, row.Cells[k].Customers)
				}
			}
		}
		heat.Cells = append(heat.Cells, cells)
		heat.Notes = append(heat.Notes, notes)
	}

	// Survival by fit, read at every whole month.
	km := chart.Lines{
		Frame: chart.Frame{ID: "survival", Title: "Survival by fit (Kaplan-Meier)",
			Sentence: "The share of customers still on their first contract after each month since signup, with 95% confidence bands: bad-fit customers leave sooner.",
			XLabel:   "months since signup", YLabel: "still a customer (%)"},
		X: chart.Count, Y: chart.Percent, Step: true, YFixed: true, YMin: 0, YMax: 1, XTickEvery: 6,
	}
	for _, s := range fitStrata {
		c, ok := curveFor(v.survival, s)
		if !ok {
			continue
		}
		ser := chart.Series{Name: s, Band: true}
		for m := 0; m <= horizonMonths && float64(m) <= lastTime(c); m++ {
			st := stepAt(c, float64(m))
			ser.Points = append(ser.Points, chart.Point{X: float64(m), Y: st.Survival, Lo: st.Lower, Hi: st.Upper, Note: fmt.Sprintf("at risk %d", atRiskAt(c, float64(m)))})
		}
		km.Series = append(km.Series, ser)
		stats = append(stats, chart.Stat{ID: "rmst-" + slug(s), Label: fmt.Sprintf("months a %s customer stays, of the first %d", s, horizonMonths), Value: c.RMST.Mean, Unit: chart.Fixed(1), Note: "restricted mean survival time"})
	}
	if lr := v.survival.LogRank; lr != nil {
		stats = append(stats, chart.Stat{ID: "logrank-p", Label: "log-rank test, good vs bad fit: p-value", Value: lr.PValue, Unit: chart.Significant(3), Note: fmt.Sprintf("χ² = %.2f on %d df", lr.ChiSquare, lr.DF)})
	}

	// Time to the Second Sale: expansion against churn, by fit.
	cif := chart.Lines{
		Frame: chart.Frame{ID: "second-sale", Title: "Time to the Second Sale: expansion against churn",
			Sentence: "Cumulative incidence of the first expansion and of churn before any expansion, by fit: the share of customers for whom each came first by each month. Good fit expands sooner and churns less.",
			XLabel:   "months of 30 days since signup", YLabel: "customers (%)"},
		X: chart.Count, Y: chart.Percent, Step: true, XTickEvery: 6,
	}
	for i, s := range fitStrata {
		for _, c := range v.incidence.Curves {
			if c.Stratum != s {
				continue
			}
			for _, kind := range []cohort.EventKind{cohort.EventExpansion, cohort.EventChurn} {
				// One colour per fit; churn dashed.
				ser := chart.Series{Name: s + ": " + string(kind), Colour: i + 1, Dashed: kind == cohort.EventChurn}
				end := 0.0
				if n := len(c.Steps); n > 0 {
					end = c.Steps[n-1].Time
				}
				for m := 0; m <= horizonMonths && float64(m) <= end; m++ {
					in := incidenceAt(c, kind, float64(m))
					ser.Points = append(ser.Points, chart.Point{X: float64(m), Y: in.Incidence, Note: fmt.Sprintf("95%% interval %.2f%% – %.2f%%", 100*in.Lower, 100*in.Upper)})
				}
				cif.Series = append(cif.Series, ser)
			}
		}
	}
	for _, g := range v.incidence.Gray {
		stats = append(stats, chart.Stat{ID: "gray-p-" + string(g.Event), Label: fmt.Sprintf("Gray's test of %s by fit: p-value", g.Event), Value: g.PValue, Unit: chart.Significant(3)})
	}

	blocks := []chart.Block{heat, km, cif}
	if len(v.projected) > 0 {
		obs := chart.Series{Name: fmt.Sprintf("observed (monthly-billed signups of %s to %s)", v.sbgCohorts[max(0, len(v.sbgCohorts)-sbgLatest)], v.sbgCohorts[len(v.sbgCohorts)-1])}
		for t, x := range v.observed {
			obs.Points = append(obs.Points, chart.Point{X: float64(t), Y: x, Note: fmt.Sprintf("%d cohorts observed this long", v.observedCohorts[t])})
		}
		proj := chart.Series{Name: "sBG projection"}
		for _, p := range v.projected {
			proj.Points = append(proj.Points, chart.Point{X: float64(p.Period), Y: p.Survival, Note: fmt.Sprintf("%.1f customers", p.Survivors)})
		}
		blocks = append(blocks, chart.Lines{
			Frame: chart.Frame{ID: "sbg", Title: "Projected retention of the latest cohorts (shifted-beta-geometric)",
				Sentence: fmt.Sprintf("The model fitted on the monthly-billed accounts of the %d monthly signup cohorts from %s (a yearly contract renews once a year, not each month), projected %d months ahead for the latest %d, beside what they have shown so far.", len(v.sbgCohorts), v.sbgCohorts[0], sbgHorizon, sbgLatest),
				XLabel:   "months since signup", YLabel: "still a customer (%)"},
			X: chart.Count, Y: chart.Percent, YFixed: true, YMin: 0, YMax: 1, XTickEvery: 6, Series: []chart.Series{obs, proj},
		})
		stats = append(stats, chart.Stat{ID: "sbg-survival", Label: fmt.Sprintf("of the latest cohorts projected to stay %d months (sBG)", sbgHorizon), Value: v.projected[len(v.projected)-1].Survival, Unit: chart.Percent,
			Note: fmt.Sprintf("α = %.3f, β = %.3f", v.sbg.Alpha, v.sbg.Beta)})
	}
	var paras []string
	if v.sbgFailure != "" {
		paras = append(paras, "No sBG projection: "+v.sbgFailure+".")
	}
	return chart.Section{ID: "retention", Title: "Retention: cohorts, survival and the Second Sale", Stats: stats, Paragraphs: paras, Blocks: blocks}
}

func lastTime(c cohort.Curve) float64 {
	if len(c.Steps) == 0 {
		return 0
	}
	return c.Steps[len(c.Steps)-1].Time
}

// atRiskAt is the number of customers still at risk just after time t.
func atRiskAt(c cohort.Curve, t float64) int {
	for _, st := range c.Steps {
		if st.Time > t {
			return st.AtRisk
		}
	}
	return 0
}

func slug(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}

// cohortLabel is a cohort's label with its size.
func cohortLabel(row cohort.CohortRow) string {
	return fmt.Sprintf("%s (%d)", row.Label, row.Customers)
}

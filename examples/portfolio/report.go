package main

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
)

// page lays the review out as the report: one section per question a CS
// leader asks, each with its headline figures, charts and tables.
func (r *review) page() chart.Page {
	return chart.Page{
		Title: "Portfolio review as of " + r.asOf.Format("2 January 2006"),
		Lead: fmt.Sprintf("%d simulated accounts (seed %d) signed up from %s; every figure below is computed by the secondsale SDK and each chart's exact numbers are under its Figures link or in its tooltips.",
			len(r.base.Customers), r.base.Options.Seed, r.base.Options.Start.Format("January 2006")),
		Sections: []chart.Section{
			r.bookSection(),
			r.healthSection(),
			r.lossSection(),
			r.revenueSection(),
			r.retentionSection(),
			r.expansionSection(),
			r.playSection(),
			r.teamSection(),
			r.saveSection(),
		},
	}
}

// usd is the report's money unit.
var usd = chart.Money("USD")

// nan marks an undefined figure; chart shows it as "undefined".
var nan = math.NaN()

// share is part over whole, NaN when the whole is zero.
func share(part, whole float64) float64 {
	if whole == 0 {
		return nan
	}
	return part / whole
}

package main

import (
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// review holds every section's results for the report and the summary.
type review struct {
	base *sim.Base
	asOf time.Time
	// owners maps each account to its CSM, who receives its tasks.
	owners map[success.AccountID]string

	fit       fitReview
	health    healthReview
	losses    lossReview
	signals   signalReview
	revenue   revenueReview
	retention retentionReview
	repeat    repeatReview
	readiness readinessReview
	plays     playReview
	team      teamReview
}

// analyse runs every section over the base as of its AsOf, in the order a
// later section needs an earlier one's results.
func analyse(b *sim.Base, p *progress) (*review, error) {
	r := &review{base: b, asOf: b.Options.AsOf, owners: map[success.AccountID]string{}}
	for i := range b.Customers {
		r.owners[b.Customers[i].Account.ID] = b.Customers[i].Owner
	}
	steps := []struct {
		what string
		fn   func() error
	}{
		{"fit and Desired Outcomes", r.analyseFit},
		{"health scores, trends and backtest", r.analyseHealth},
		{"early-warning signals", r.analyseSignals},
		{"churn classification", r.analyseLosses},
		{"MRR movements", r.analyseRevenue},
		{"cohorts, survival and projections", r.analyseRetention},
		{"repeat purchases", r.analyseRepeat},
		{"expansion readiness", r.analyseReadiness},
		{"plays", r.analysePlays},
		{"the team's own measures", r.analyseTeam},
	}
	for _, s := range steps {
		p.step(s.what)
		if err := s.fn(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// active returns the customers paying on the review date.
func (r *review) active() []*sim.Customer {
	return slices.Collect(r.base.CustomersAt(r.lastDay()))
}

// lastDay is the last day observed: the base, the ledger and the review end
// the day before the review date.
func (r *review) lastDay() time.Time {
	return r.asOf.AddDate(0, 0, -1)
}

// money is an amount as a float for charts; tables keep the exact text.
func money(m success.Money) float64 { return m.Amount().InexactFloat64() }

// ratio is a churn ratio as a float, NaN when it is undefined.
func ratio(r churn.Ratio) float64 {
	v, ok := r.Float64()
	if !ok {
		return math.NaN()
	}
	return v
}

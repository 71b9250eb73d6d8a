package main

import (
	"fmt"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success/expansion"
)

// readinessReview is the expansion pipeline: each customer's readiness for
// the Second Sale, the opportunities it opens and what blocks them.
type readinessReview struct {
	byLevel    map[expansion.Level]int
	arrByLevel map[expansion.Level]float64
	// uplift is the opportunities' ARR by level, proposable the share of it
	// that can be put to the customer now.
	uplift, proposable map[expansion.Level]float64
	opportunities      []expansion.Opportunity
	blockers           map[expansion.BlockerCode]int
}

func (r *review) analyseReadiness() error {
	v := &r.readiness
	v.byLevel = map[expansion.Level]int{}
	v.arrByLevel = map[expansion.Level]float64{}
	v.uplift = map[expansion.Level]float64{}
	v.proposable = map[expansion.Level]float64{}
	v.blockers = map[expansion.BlockerCode]int{}
	for i, f := range r.health.facts {
		a := f.Readiness
		if a == nil {
			continue
		}
		v.byLevel[a.Level]++
		v.arrByLevel[a.Level] += money(f.Account.ARR)
		for _, b := range a.Blockers {
			v.blockers[b.Code]++
		}
		prices := sim.PriceList(f.Account.Plan, f.Account.Segment)
		ops, err := prices.Opportunities(r.health.customers[i].ReadinessInput(f), *a, expansion.Options{})
		if err != nil {
			return fmt.Errorf("opportunities of %s: %w", f.Account.ID, err)
		}
		for _, o := range ops {
			v.uplift[a.Level] += money(o.Uplift)
			if o.Proposable {
				v.proposable[a.Level] += money(o.Uplift)
			}
		}
		v.opportunities = append(v.opportunities, ops...)
	}
	return nil
}

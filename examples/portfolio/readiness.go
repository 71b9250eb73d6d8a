package main

import (
	"fmt"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
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
		in := readinessInput(r.health.customers[i], &f)
		ops, err := priceList(f.Account).Opportunities(in, *a, expansion.Options{})
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

// priceList is the simulated price list for the account's plan and segment:
// a seat costs twelve months of its plan's price, and the Insights add-on
// is the cross-sell.
func priceList(a success.Account) *expansion.PriceList {
	return &expansion.PriceList{
		Currency: sim.Currency,
		Units:    []expansion.UnitPrice{{Entitlement: "seats", Price: success.MustMoney(seatYearly[a.Plan], sim.Currency)}},
		Products: []expansion.Product{{ID: sim.ProductInsights, ARR: success.MustMoney(insightsYearly[a.Segment], sim.Currency)}},
	}
}

var (
	seatYearly     = map[string]string{sim.PlanStarter: "300", sim.PlanGrowth: "540", sim.PlanEnterprise: "960"}
	insightsYearly = map[string]string{sim.SegmentSMB: "1188", sim.SegmentMidMarket: "4788", sim.SegmentEnterprise: "18000"}
)

// readinessInput is the part of the readiness input PriceList.Opportunities
// reads beside the assessment in the facts: what the account bought and
// uses, and the products it owns.
func readinessInput(c *sim.Customer, f *playbook.Facts) expansion.Input {
	return expansion.Input{Account: f.Account, DesiredOutcome: f.DesiredOutcome, Fit: f.Fit,
		Entitlements: c.Entitlements(f.AsOf), Products: c.Products(f.AsOf)}
}

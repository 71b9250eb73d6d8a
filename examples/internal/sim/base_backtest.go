package sim

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// CustomersAt yields the customers that are paying customers on the day of
// t, in sign-up order.
func (b *Base) CustomersAt(t time.Time) iter.Seq[*Customer] {
	return func(yield func(*Customer) bool) {
		for i := range b.Customers {
			if c := &b.Customers[i]; c.Active(t) && !yield(c) {
				return
			}
		}
	}
}

// HealthOutcomes pairs the Scorecard score of every customer on the day of
// asOf with whether it churned (lost the logo) within horizon after it and
// its ARR then: the input of health.Backtest. asOf plus horizon should not
// pass the base's AsOf, or late churn is not yet known.
func (b *Base) HealthOutcomes(asOf time.Time, horizon time.Duration) ([]health.Outcome, error) {
	var out []health.Outcome
	for c := range b.CustomersAt(asOf) {
		s, err := b.Score(c, asOf)
		if err != nil {
			return nil, err
		}
		out = append(out, health.Outcome{Score: s, Churned: !c.churnAfter(asOf, horizon).IsZero(), ARR: c.AccountAsOf(asOf).ARR})
	}
	return out, nil
}

// ReadinessOutcomes pairs the expansion readiness (as Facts assesses it) of
// every customer on the day of asOf with whether it expanded within horizon
// after it and the ARR it gained: the input of expansion.Backtest.
func (b *Base) ReadinessOutcomes(asOf time.Time, horizon time.Duration) ([]expansion.Outcome, error) {
	var out []expansion.Outcome
	for c := range b.CustomersAt(asOf) {
		f, err := b.Facts(c, asOf)
		if err != nil {
			return nil, err
		}
		o := expansion.Outcome{Assessment: *f.Readiness, Gained: success.ZeroMoney(Currency)}
		for _, p := range c.Expansions {
			if p.At.After(asOf) && !p.At.After(asOf.Add(horizon)) {
				o.Expanded = true
				if o.Gained, err = o.Gained.Add(p.Amount); err != nil {
					return nil, fmt.Errorf("sim: account %s: %w", c.Account.ID, err)
				}
			}
		}
		out = append(out, o)
	}
	return out, nil
}

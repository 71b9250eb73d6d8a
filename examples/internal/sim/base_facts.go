package sim

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// HistoryWeeks is how many weekly scores before the as-of day Facts puts in
// HealthHistory; the trend is read over the same window.
const HistoryWeeks = 4

// Score scores the customer's health with Scorecard as of the day of t.
func (b *Base) Score(c *Customer, t time.Time) (health.Score, error) {
	in, err := c.HealthInputs(t)
	if err != nil {
		return health.Score{}, fmt.Errorf("sim: account %s: %w", c.Account.ID, err)
	}
	return b.plan.Score(c.Account.ID, in, t, health.ScoreOptions{})
}

// UsageAt yields, for every customer paying on the day of t, its activity
// series as of t (Customer.UsageAsOf): the input of churn.DetectAll.
func (b *Base) UsageAt(t time.Time) iter.Seq[churn.Usage] {
	return func(yield func(churn.Usage) bool) {
		for c := range b.CustomersAt(t) {
			if !yield(c.UsageAsOf(t)) {
				return
			}
		}
	}
}

// Facts assembles what a host would know of the customer as of the day of
// t, for the playbook engine: the account then, its health score with the
// HistoryWeeks weekly scores before it and their trend, churn's
// early-warning signals, the Desired Outcome and milestones assessed, the fit
// verdict, expansion readiness, the latest NPS and the last active day. It
// fails for a day before the customer's start or after the base's AsOf.
// Readiness reads Base.ReadinessInput, with the repeat-purchase probability
// of RepeatPurchaseModel.
func (b *Base) Facts(c *Customer, t time.Time) (playbook.Facts, error) {
	if c.dayOf(t) < 0 {
		return playbook.Facts{}, fmt.Errorf("sim: account %s: as_of: before the account's start", c.Account.ID)
	}
	if t.After(b.Options.AsOf) {
		return playbook.Facts{}, fmt.Errorf("sim: account %s: as_of: after the base's as_of", c.Account.ID)
	}
	f := playbook.Facts{Account: c.AccountAsOf(t), AsOf: t, Fit: c.Fit.Verdict, LastActive: c.LastActive(t)}
	do, err := c.Outcome.Assess(t, success.StatusOptions{})
	if err != nil {
		return f, fmt.Errorf("sim: account %s: outcome: %w", c.Account.ID, err)
	}
	f.DesiredOutcome = &do
	j, err := success.AssessMilestones(c.Milestones, c.Account.StartDate, t)
	if err != nil {
		return f, fmt.Errorf("sim: account %s: milestones: %w", c.Account.ID, err)
	}
	f.Milestones = &j
	score, err := b.plan.Score(c.Account.ID, c.healthInputs(t, do.Outcomes[0].Progress, &j), t, health.ScoreOptions{})
	if err != nil {
		return f, fmt.Errorf("sim: account %s: health: %w", c.Account.ID, err)
	}
	f.Health = &score
	for w := HistoryWeeks; w >= 1; w-- {
		at := t.AddDate(0, 0, -7*w)
		if c.dayOf(at) < 1 {
			continue
		}
		s, err := b.Score(c, at)
		if err != nil {
			return f, err
		}
		f.HealthHistory = append(f.HealthHistory, s)
	}
	tr, err := health.ComputeTrend(append(f.HealthHistory[:len(f.HealthHistory):len(f.HealthHistory)], score), t,
		7*HistoryWeeks*24*time.Hour, health.TrendOptions{})
	if err != nil {
		return f, fmt.Errorf("sim: account %s: trend: %w", c.Account.ID, err)
	}
	f.Trend = &tr
	if f.Signals, err = churn.DetectSignals(c.UsageAsOf(t), t, churn.SignalOptions{}); err != nil {
		return f, fmt.Errorf("sim: account %s: signals: %w", c.Account.ID, err)
	}
	if n := c.latestNPS(t); n >= 0 {
		f.NPS = &n
	}
	in, err := b.ReadinessInput(c, f)
	if err != nil {
		return f, err
	}
	r, err := expansion.Assess(in, t, expansion.Options{})
	if err != nil {
		return f, fmt.Errorf("sim: account %s: readiness: %w", c.Account.ID, err)
	}
	f.Readiness = &r
	return f, nil
}

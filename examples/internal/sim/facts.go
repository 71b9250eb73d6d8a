package sim

import (
	"fmt"
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

// UsageAsOf returns the customer's activity series as churn's early-warning
// signals read it as of the day of t: daily active users over the 120 days
// before t, with its tickets per day.
func (c *Customer) UsageAsOf(t time.Time) churn.Usage {
	u := churn.Usage{Account: c.Account.ID, Start: c.Account.StartDate, Grain: success.Daily}
	d := min(c.dayOf(t), len(c.Usage))
	for i := max(0, d-120); i < d; i++ {
		if c.Usage[i] > 0 {
			u.Activity = append(u.Activity, churn.Point{Date: c.Account.StartDate.AddDate(0, 0, i), Count: float64(c.Usage[i])})
		}
	}
	from := t.AddDate(0, 0, -120)
	for _, tk := range c.Tickets {
		if tk.At.After(from) && tk.At.Before(t) {
			day := utcDay(tk.At)
			if n := len(u.Tickets); n > 0 && u.Tickets[n-1].Date.Equal(day) {
				u.Tickets[n-1].Count++
				continue
			}
			u.Tickets = append(u.Tickets, churn.Point{Date: day, Count: 1})
		}
	}
	return u
}

// LastActive returns the last day before t with an active user, or the zero
// time.
func (c *Customer) LastActive(t time.Time) time.Time {
	for d := min(c.dayOf(t), len(c.Usage)) - 1; d >= 0; d-- {
		if c.Usage[d] > 0 {
			return c.Account.StartDate.AddDate(0, 0, d)
		}
	}
	return time.Time{}
}

// Facts assembles what a host would know of the customer as of the day of
// t, for the playbook engine: the account then, its health score with the
// HistoryWeeks weekly scores before it and their trend, churn's
// early-warning signals, the Desired Outcome and milestones assessed, the fit
// verdict, expansion readiness, the latest NPS and the last active day. It
// fails for a day before the customer's start or after the base's AsOf.
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
	in := c.readinessInput(f)
	r, err := expansion.Assess(in, t, expansion.Options{})
	if err != nil {
		return f, fmt.Errorf("sim: account %s: readiness: %w", c.Account.ID, err)
	}
	f.Readiness = &r
	return f, nil
}

// Entitlements returns what the account bought by quantity as of the day of
// t and how much it uses: its seats, used by the most daily active users on
// a day of the 30 before t. Nil when it is not a customer.
func (c *Customer) Entitlements(t time.Time) []expansion.Entitlement {
	d := c.dayOf(t)
	st := c.stateAt(d)
	if st.mrrCents == 0 {
		return nil
	}
	var used float32
	hi := max(0, min(d, len(c.Usage)))
	for _, u := range c.Usage[min(max(0, d-30), hi):hi] {
		used = max(used, u)
	}
	return []expansion.Entitlement{{ID: "seats", Purchased: float64(st.seats), Used: float64(used)}}
}

// Products returns the products the account owns as of the day of t
// (ProductCore, ProductInsights); nil when it is not a customer.
func (c *Customer) Products(t time.Time) []string {
	st := c.stateAt(c.dayOf(t))
	if st.mrrCents == 0 {
		return nil
	}
	if st.insights {
		return []string{ProductCore, ProductInsights}
	}
	return []string{ProductCore}
}

// readinessInput is what expansion readiness reads, from the facts gathered
// so far: the Desired Outcome, fit, health, seat utilisation (the most
// daily active users in the last 30 days over the seats), the products
// owned, NPS, the purchases up to the day and churn signals as risk.
func (c *Customer) readinessInput(f playbook.Facts) expansion.Input {
	t := f.AsOf
	in := expansion.Input{Account: f.Account, DesiredOutcome: f.DesiredOutcome, Fit: f.Fit,
		Advocacy: expansion.Advocacy{NPS: f.NPS}, Purchases: expansion.Purchases{FirstSale: c.Account.StartDate}}
	if h := f.Health; h != nil && h.Available {
		in.Health = &expansion.Health{Score: h.Value, Band: expansion.Band(h.Band), Confident: h.Confident}
	}
	in.Entitlements, in.Products = c.Entitlements(t), c.Products(t)
	for _, p := range c.Expansions {
		if p.At.After(t) {
			break
		}
		in.Purchases.Later = append(in.Purchases.Later, p)
	}
	if len(f.Signals) > 0 {
		in.Risk = expansion.Risk{ChurnSignal: true, SignalReason: string(f.Signals[0].Kind)}
	}
	return in
}

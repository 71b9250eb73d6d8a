package sim

import (
	"iter"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/voice"
)

// each yields the records pick returns for every customer, in customer order.
func each[T any](b *Base, pick func(c *Customer) []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for i := range b.Customers {
			for _, r := range pick(&b.Customers[i]) {
				if !yield(r) {
					return
				}
			}
		}
	}
}

// Subscriptions yields every billing line, account by account.
func (b *Base) Subscriptions() iter.Seq[success.Subscription] {
	return each(b, func(c *Customer) []success.Subscription { return c.Subscriptions })
}

// Ledger yields the month-end MRR ledger the SDK's subscription normalisation
// makes of the billing lines, through the day before AsOf. Every line spans
// a month end, so no line goes unobserved.
func (b *Base) Ledger() iter.Seq2[success.LedgerRow, error] {
	return success.NormalizeSubscriptions(b.Subscriptions(), b.Options.AsOf.AddDate(0, 0, -1), nil)
}

// ChurnEvents yields every logo churn and downgrade, account by account.
func (b *Base) ChurnEvents() iter.Seq[churn.Event] {
	return each(b, func(c *Customer) []churn.Event { return c.Churns })
}

// Tickets yields every support ticket, account by account.
func (b *Base) Tickets() iter.Seq[burden.Ticket] {
	return each(b, func(c *Customer) []burden.Ticket { return c.Tickets })
}

// NPS yields every NPS response (0..10), account by account.
func (b *Base) NPS() iter.Seq[voice.Response] {
	return each(b, func(c *Customer) []voice.Response { return c.NPS })
}

// CSAT yields every CSAT response, account by account, on a 1..5 scale:
// voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}.
func (b *Base) CSAT() iter.Seq[voice.Response] {
	return each(b, func(c *Customer) []voice.Response { return c.CSAT })
}

// Credits yields every purchase of training credits, account by account: the
// transactions cohort.Summarize reads for BG/NBD.
func (b *Base) Credits() iter.Seq[cohort.Transaction] {
	return each(b, func(c *Customer) []cohort.Transaction { return c.Credits })
}

// RiskFlags yields every at-risk flag, account by account.
func (b *Base) RiskFlags() iter.Seq[churn.RiskObservation] {
	return each(b, func(c *Customer) []churn.RiskObservation { return c.RiskFlags })
}

// RiskLog returns the at-risk flags as the history churn's classifier reads
// (churn.NewClassifier(log, opts)), so that a churn flagged in the 90 days
// before it is expected.
func (b *Base) RiskLog() (*churn.RiskLog, error) {
	return churn.NewRiskLog(slices.Collect(b.RiskFlags()))
}

// Touchpoints yields every CSM touchpoint, account by account.
func (b *Base) Touchpoints() iter.Seq[playbook.Touchpoint] {
	return each(b, func(c *Customer) []playbook.Touchpoint { return c.Touchpoints })
}

// GoalsSeen yields every goal observation, account by account.
func (b *Base) GoalsSeen() iter.Seq[playbook.GoalObservation] {
	return each(b, func(c *Customer) []playbook.GoalObservation { return c.GoalsSeen })
}

// Spells yields each customer's first spell as a customer, stratified by fit:
// from the first sale to the first logo churn, open if it never left. A
// customer that comes back is a reactivation in the ledger, not a longer
// spell. Pass them to cohort.ObserveSpells with Options.AsOf.
func (b *Base) Spells() iter.Seq[cohort.Spell] {
	return func(yield func(cohort.Spell) bool) {
		for i := range b.Customers {
			c := &b.Customers[i]
			if !yield(cohort.Spell{Account: c.Account.ID, Start: c.Account.StartDate, End: c.FirstChurn(), Stratum: c.Stratum()}) {
				return
			}
		}
	}
}

// CompetingObservations yields, per customer, the time to the Second Sale
// against churn, in the given unit's days (1 for days, 30 for months of 30
// days): the first expansion (cohort.EventExpansion) or the first logo churn
// before it (cohort.EventChurn), censored at AsOf, stratified by fit.
func (b *Base) CompetingObservations(unitDays float64) iter.Seq[cohort.CompetingObservation] {
	return func(yield func(cohort.CompetingObservation) bool) {
		for i := range b.Customers {
			c := &b.Customers[i]
			end, kind := b.Options.AsOf, cohort.EventNone
			if ch := c.FirstChurn(); !ch.IsZero() {
				end, kind = ch, cohort.EventChurn
			}
			if len(c.Expansions) > 0 && c.Expansions[0].At.Before(end) {
				end, kind = c.Expansions[0].At, cohort.EventExpansion
			}
			o := cohort.CompetingObservation{Duration: days(c.Account.StartDate, end) / unitDays, Event: kind, Stratum: c.Stratum()}
			if !yield(o) {
				return
			}
		}
	}
}

func days(from, to time.Time) float64 { return float64(to.Sub(from)) / float64(24*time.Hour) }

// BurdenUsage yields each customer's active users per month (the sum of its
// daily active users), the usage burden.Compare divides tickets by.
func (b *Base) BurdenUsage() iter.Seq[burden.Usage] {
	return func(yield func(burden.Usage) bool) {
		for i := range b.Customers {
			c := &b.Customers[i]
			var sum float64
			month := c.Account.StartDate
			for d, u := range c.Usage {
				at := c.Account.StartDate.AddDate(0, 0, d)
				if at.Month() != month.Month() || at.Year() != month.Year() {
					if !yield(burden.Usage{Account: c.Account.ID, At: month, Amount: sum}) {
						return
					}
					sum, month = 0, at
				}
				sum += float64(u)
			}
			if len(c.Usage) > 0 && !yield(burden.Usage{Account: c.Account.ID, At: month, Amount: sum}) {
				return
			}
		}
	}
}

// Directory returns every account's segment and owner, for burden's roll-ups.
func (b *Base) Directory() map[success.AccountID]burden.Assignment {
	m := make(map[success.AccountID]burden.Assignment, len(b.Customers))
	for i := range b.Customers {
		c := &b.Customers[i]
		m[c.Account.ID] = burden.Assignment{Segment: c.Account.Segment, Owner: c.Owner}
	}
	return m
}

package sim

import (
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/secondsale/secondsale/success/voice"
)

// Customer is one simulated account and everything that happened to it up to
// the base's AsOf. Slices are in date order. Treat it as read-only: the
// accessors of Base read it.
type Customer struct {
	// Account is the account as of the base's AsOf: its ARR, stage and
	// renewal date then (AccountAsOf gives them for another day). Its
	// StartDate is the first sale.
	Account success.Account
	// Owner is the CSM (or pooled team) the account is assigned to.
	Owner string
	// Fit is the account's Success Potential against Profile, judged at the
	// sale.
	Fit success.FitAssessment
	// Onboarded is whether onboarding took hold (the required milestones
	// were completed): it decides the usage level and the churn hazard.
	Onboarded bool
	// Outcome is the account's Desired Outcome, with the measurements taken
	// every 30 days while it was a customer.
	Outcome    success.DesiredOutcome
	Milestones []success.Milestone
	// Subscriptions are the account's billing lines: the core seats (a new
	// line at every change of quantity) and the Insights add-on. A line's ID
	// is "<account>/<product>/<n>", product ProductCore or ProductInsights.
	Subscriptions []success.Subscription
	// Churns are the logo churns (churn.FullChurn) and downgrades
	// (churn.Downgrade), with their reasons.
	Churns []churn.Event
	// Expansions are the purchases after the first sale that added ARR (the
	// amount is the ARR added): seat expansions and the Insights cross-sell.
	// A reactivation is a new sale, not an expansion.
	Expansions []expansion.Purchase
	// Credits are the one-off purchases of training credits, the repeat
	// purchases BG/NBD models.
	Credits []cohort.Transaction
	Tickets []burden.Ticket
	// RiskFlags are the CSM's at-risk flags (churn.RiskObservation with
	// Flagged set), which make a churn expected (churn.NewClassifier).
	RiskFlags []churn.RiskObservation
	// Touchpoints are the CSM's interactions, each with a goal; GoalsSeen
	// the observations that met some of them (playbook.ReportGoals).
	Touchpoints []playbook.Touchpoint
	GoalsSeen   []playbook.GoalObservation
	NPS         []voice.Response // 0..10
	CSAT        []voice.Response // 1..5, after a ticket
	// Usage is the number of daily active users, one value per day from
	// Account.StartDate up to the base's AsOf (exclusive), or to the final
	// churn for an account that has left; 0 while churned.
	Usage []float32

	// changes are the account's MRR and seat count from each change on, in
	// date order: the history the as-of accessors read.
	changes []change
	// achievedAt is when the Desired Outcome was achieved (zero if never);
	// yearly is whether the core line bills yearly.
	achievedAt time.Time
	yearly     bool
}

// change is the account's state from day (since the start) on.
type change struct {
	day      int32
	seats    int32
	mrrCents int64 // 0 when churned
	insights bool
}

// dayOf returns the number of days from the account's start to t.
func (c *Customer) dayOf(t time.Time) int {
	return int(utcDay(t).Sub(c.Account.StartDate) / (24 * time.Hour))
}

// stateAt returns the account's state on day d (the zero state before the
// start).
func (c *Customer) stateAt(d int) change {
	var s change
	for _, ch := range c.changes {
		if int(ch.day) > d {
			break
		}
		s = ch
	}
	return s
}

// walker reads an account's state day by day, in increasing order, in
// constant time a day.
type walker struct {
	changes []change
	next    int
	cur     change
}

// at returns the state on day d, no earlier than the day last asked about.
func (w *walker) at(d int) change {
	for w.next < len(w.changes) && int(w.changes[w.next].day) <= d {
		w.cur = w.changes[w.next]
		w.next++
	}
	return w.cur
}

// Active reports whether the account is a paying customer on the day of t.
func (c *Customer) Active(t time.Time) bool { return c.stateAt(c.dayOf(t)).mrrCents > 0 }

// MRR returns the account's monthly recurring revenue on the day of t.
func (c *Customer) MRR(t time.Time) success.Money { return cents(c.stateAt(c.dayOf(t)).mrrCents) }

// Seats returns the seats the account pays for on the day of t (0 when it is
// not a customer).
func (c *Customer) Seats(t time.Time) int {
	s := c.stateAt(c.dayOf(t))
	if s.mrrCents == 0 {
		return 0
	}
	return int(s.seats)
}

// FirstChurn returns the date of the account's first logo churn, or the zero
// time if it has never left.
func (c *Customer) FirstChurn() time.Time {
	for _, e := range c.Churns {
		if e.Kind == churn.FullChurn {
			return e.Date
		}
	}
	return time.Time{}
}

// BilledYearly reports whether the account's core line bills yearly, so
// that it can leave only at an anniversary of its start.
func (c *Customer) BilledYearly() bool { return c.yearly }

// GoodFit reports whether the account's fit verdict is a good fit.
func (c *Customer) GoodFit() bool { return c.Fit.Verdict == success.GoodFit }

// AccountAsOf returns the account as it stood on the day of t: its ARR (12 ×
// MRR, 0 when not a customer), its renewal date (the next anniversary of the
// start, for a yearly contract) and its lifecycle stage, the first that
// applies of: churned (not a customer), onboarding (its first 90 days),
// renewal (a yearly contract within 60 days of its anniversary), expansion
// (bought more in the last 90 days), advocacy (Desired Outcome achieved and
// the latest NPS a promoter's), value realisation (Desired Outcome achieved)
// and adoption.
func (c *Customer) AccountAsOf(t time.Time) success.Account {
	a := c.Account
	d := c.dayOf(t)
	st := c.stateAt(d)
	a.ARR = cents(12 * st.mrrCents)
	a.RenewalDate = time.Time{}
	if c.yearly && st.mrrCents > 0 {
		y := 1
		for ; !addMonths(c.Account.StartDate, 12*y).After(utcDay(t)); y++ {
		}
		a.RenewalDate = addMonths(c.Account.StartDate, 12*y)
	}
	achieved := !c.achievedAt.IsZero() && !c.achievedAt.After(t)
	switch {
	case st.mrrCents == 0 && d >= 0:
		a.Stage = success.StageChurned
	case d < 90:
		a.Stage = success.StageOnboarding
	case !a.RenewalDate.IsZero() && a.RenewalDate.Sub(utcDay(t)) <= 60*24*time.Hour:
		a.Stage = success.StageRenewal
	case c.expandedWithin(t, 90):
		a.Stage = success.StageExpansion
	case achieved && c.latestNPS(t) >= 9:
		a.Stage = success.StageAdvocacy
	case achieved:
		a.Stage = success.StageValueRealisation
	default:
		a.Stage = success.StageAdoption
	}
	return a
}

// expandedWithin reports whether the account bought more in the days before t.
func (c *Customer) expandedWithin(t time.Time, days int) bool {
	from := t.AddDate(0, 0, -days)
	for _, p := range c.Expansions {
		if p.At.After(from) && !p.At.After(t) {
			return true
		}
	}
	return false
}

// latestNPS returns the latest NPS response at or before t, or -1.
func (c *Customer) latestNPS(t time.Time) int {
	score := -1
	for _, r := range c.NPS {
		if r.At.After(t) {
			break
		}
		score = int(r.Score)
	}
	return score
}

// Fit strata, as Spells and CompetingObservations name them.
const (
	StratumGoodFit = "good fit"
	StratumBadFit  = "bad fit"
)

// Stratum returns the customer's fit stratum.
func (c *Customer) Stratum() string {
	if c.GoodFit() {
		return StratumGoodFit
	}
	return StratumBadFit
}

// churnAfter returns the customer's first logo churn in (t, t+horizon], or
// the zero time.
func (c *Customer) churnAfter(t time.Time, horizon time.Duration) time.Time {
	for _, e := range c.Churns {
		if e.Kind == churn.FullChurn && e.Date.After(t) && !e.Date.After(t.Add(horizon)) {
			return e.Date
		}
	}
	return time.Time{}
}

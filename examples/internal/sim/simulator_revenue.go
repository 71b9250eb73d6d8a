package sim

import (
	"math"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// subscriptions walks the account month by month from its start: each month
// boundary it may churn (yearly contracts only at the anniversary), expand,
// contract, buy the Insights add-on or, after a churn, come back. Every change
// happens on a month boundary of the account's start, so every billing line
// spans a month end and the month-end ledger sees it.
func (s *simulator) subscriptions() {
	c, good := s.c, s.c.GoodFit()
	s.openCore(0)
	s.record(0)
	s.measure(0)
	dead, churnedAt := false, 0
	for m := 1; ; m++ {
		at := addMonths(s.start, m)
		if !at.Before(s.asOf) {
			break
		}
		d := int(at.Sub(s.start) / (24 * time.Hour))
		achieved := !s.achievedAt.IsZero() && !s.achievedAt.After(at)
		if s.mrr == 0 {
			if dead || m-churnedAt > 18 || !s.chance(either(good, reactivateGood, reactivateBad)) {
				continue
			}
			s.seats = max(1, int(math.Round(float64(s.seats)*s.uniform(0.5, 1))))
			s.openCore(d)
			s.record(d)
			continue
		}
		if s.chance(s.hazard(m, achieved)) {
			dead = s.churn(d, at)
			churnedAt = m
			continue
		}
		switch e := expandHazard * either(good, 1, badFitExpand) * either(achieved, achievedExpand, 1); {
		case s.chance(e):
			if s.seats >= s.employees {
				break // a seat for everyone already
			}
			add := min(s.employees-s.seats, max(1, int(math.Ceil(float64(s.seats)*s.uniform(0.1, 0.5)))))
			before := s.mrr
			s.seats += add
			s.closeLine(s.coreLine, at)
			s.openCore(d)
			s.purchase(at, s.mrr-before)
		case s.chance(contractHazard*either(good, 1, 2)*either(c.Onboarded, 1, 2)) && s.seats > 1:
			cut := max(1, int(math.Round(float64(s.seats)*s.uniform(0.1, 0.4))))
			before := s.mrr
			s.seats = max(1, s.seats-cut)
			s.closeLine(s.coreLine, at)
			s.openCore(d)
			code := churn.ReasonPrice
			if s.chance(0.5) {
				code = churn.ReasonBudgetCut
			}
			s.event(at, churn.Downgrade, churn.Voluntary, before-s.mrr, code)
		}
		early := m <= 2
		if !s.insights && s.chance(either(early, earlyCrossSell, lateCrossSell)*either(good, 1, 1.0/3)*either(achieved && !early, 3, 1)) {
			before := s.mrr
			s.insights = true
			s.insLine = s.line(at, insightsCents(c.Account.Segment), 1, success.Monthly, ProductInsights)
			s.mrr += insightsCents(c.Account.Segment)
			s.purchase(at, s.mrr-before)
		}
		s.record(d)
	}
	s.lastDay = int(s.asOf.Sub(s.start) / (24 * time.Hour))
	if s.mrr == 0 {
		s.lastDay = int(s.c.changes[len(s.c.changes)-1].day)
	} else {
		s.lookAhead()
	}
	for d := 30; d < s.lastDay; d += 30 {
		if st := c.stateAt(d); st.mrrCents > 0 {
			s.measure(d)
		}
	}
	// A customer that has left completes no milestone.
	for i := range c.Milestones {
		if m := &c.Milestones[i]; !m.CompletedAt.IsZero() && !c.Active(m.CompletedAt) {
			m.CompletedAt = time.Time{}
		}
	}
}

// hazard returns the chance that the account churns at its m-th month
// boundary. A yearly contract can leave only when it is up for renewal, at
// an anniversary of the start (the renewal date AccountAsOf gives), and
// then with the year's hazard compounded, so that billing yearly delays
// churn without making an account less likely to leave.
func (s *simulator) hazard(m int, achieved bool) float64 {
	h := churnHazard(s.c.Account.Segment) * either(s.c.GoodFit(), 1, badFitChurn) *
		either(s.c.Onboarded, 1, notOnboardedChurn) * either(achieved, achievedChurn, 1)
	if !s.yearly {
		return h
	}
	if m%12 != 0 {
		return 0
	}
	return 1 - math.Pow(1-h, 12)
}

// lookAhead draws whether a customer on AsOf churns in the fadeOnsetMax
// days after it, and why, without recording the churn: a churn to come
// shapes usage, NPS, tickets and flags before AsOf as one that happened
// does, so today's early-warning signals have something to see.
func (s *simulator) lookAhead() {
	horizon := s.asOf.AddDate(0, 0, fadeOnsetMax)
	achieved := !s.achievedAt.IsZero()
	for m := 1; ; m++ {
		at := addMonths(s.start, m)
		if !at.Before(horizon) {
			return
		}
		if at.Before(s.asOf) || !s.chance(s.hazard(m, achieved)) {
			continue
		}
		s.note(int(at.Sub(s.start)/(24*time.Hour)), s.reason())
		return
	}
}

// addMonths returns the date m calendar months after t, on t's day of the
// month or the month's last day if it is shorter (31 January, 28 February,
// 31 March), so that every month boundary lies in its own month and a line
// between two of them always spans a month end.
func addMonths(t time.Time, m int) time.Time {
	y, mo, d := t.Date()
	first := time.Date(y, mo+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// churn ends every line on at, records the event with its reasons, and
// reports whether the account can never come back (it went out of business).
func (s *simulator) churn(d int, at time.Time) (dead bool) {
	lost := s.mrr
	s.closeLine(s.coreLine, at)
	if s.insights {
		s.closeLine(s.insLine, at)
		s.insights = false
	}
	s.mrr = 0
	s.record(d)
	if !s.achievedAt.IsZero() && s.achievedAt.After(at) {
		s.achievedAt = time.Time{} // the customer left before reaching it
	}
	r := s.reason()
	s.note(d, r)
	s.event(at, churn.FullChurn, r.initiator, lost, r.code)
	return r.code == churn.ReasonOutOfBusiness
}

// churnReason is who ended a churn and why.
type churnReason struct {
	initiator churn.Initiator
	code      churn.ReasonCode
}

// reason draws a churn's initiator and reason.
func (s *simulator) reason() churnReason {
	r := churnReason{initiator: churn.Voluntary}
	switch u := s.rng.Float64(); {
	case u < 0.08:
		r = churnReason{churn.Involuntary, churn.ReasonPaymentFailure}
	case u < 0.14:
		r.code = churn.ReasonOutOfBusiness // never back
	case u < 0.19:
		r.code = churn.ReasonAcquired
	case !s.c.GoodFit():
		r.code = weighted(s.rng.Float64(), []churn.ReasonCode{churn.ReasonBadFit, churn.ReasonProductGap, churn.ReasonPrice, churn.ReasonCompetitor}, 0.45, 0.25, 0.15)
	case !s.c.Onboarded:
		r.code = weighted(s.rng.Float64(), []churn.ReasonCode{churn.ReasonPoorOnboarding, churn.ReasonSupportExperience, churn.ReasonPrice, churn.ReasonCompetitor}, 0.55, 0.15, 0.15)
	default:
		r.code = weighted(s.rng.Float64(), []churn.ReasonCode{churn.ReasonChampionLeft, churn.ReasonBudgetCut, churn.ReasonPrice, churn.ReasonCompetitor, churn.ReasonSupportExperience}, 0.25, 0.2, 0.2, 0.2)
	}
	return r
}

// note keeps what a churn on day d does to the days before it: the usage
// fade and the CSM's flags before a voluntary churn, the ticket spike
// before one over support or a product gap.
func (s *simulator) note(d int, r churnReason) {
	if r.initiator == churn.Voluntary {
		s.churnDays = append(s.churnDays, d)
		s.fades = append(s.fades, s.drawFade(r.code))
	}
	if r.code == churn.ReasonSupportExperience || r.code == churn.ReasonProductGap {
		s.spikeUntil = append(s.spikeUntil, d)
	}
}

// weighted returns the option whose cumulative share first exceeds u; the last
// option takes what the shares leave.
func weighted[T any](u float64, options []T, shares ...float64) T {
	for i, sh := range shares {
		if u < sh {
			return options[i]
		}
		u -= sh
	}
	return options[len(options)-1]
}

// event records a churn or downgrade that lost lostCents of MRR on at.
func (s *simulator) event(at time.Time, kind churn.EventKind, who churn.Initiator, lostCents int64, code churn.ReasonCode) {
	c := s.c
	e := churn.Event{ID: recordID(c.Account.ID, "churn", len(c.Churns)+1), Account: c.Account.ID,
		AccountStart: s.start, Date: at, Kind: kind, Initiator: who, LostMRR: cents(lostCents),
		Reasons: []churn.Reason{{Code: code}}, Fit: c.Fit.Verdict}
	if kind == churn.FullChurn {
		e.Products = []string{ProductCore}
		if who == churn.Voluntary {
			if n := at.AddDate(0, 0, -30); n.After(s.start) {
				e.NoticeDate = n
			}
		}
	}
	c.Churns = append(c.Churns, e)
}

// purchase records an expansion that added addCents of MRR.
func (s *simulator) purchase(at time.Time, addCents int64) {
	s.c.Expansions = append(s.c.Expansions, expansion.Purchase{At: at, Amount: cents(12 * addCents)})
}

// openCore opens a core line for the current seats on day d.
func (s *simulator) openCore(d int) {
	price, interval := seatCents(s.c.Account.Plan), success.Monthly
	if s.yearly {
		price, interval = 12*price, success.Yearly
	}
	s.coreLine = s.line(s.day(d), price, s.seats, interval, ProductCore)
	s.mrr = int64(s.seats) * seatCents(s.c.Account.Plan)
	if s.insights {
		s.mrr += insightsCents(s.c.Account.Segment)
	}
}

// line appends a billing line and returns its index.
func (s *simulator) line(at time.Time, priceCents int64, qty int, interval success.Grain, product string) int {
	s.lines++
	s.c.Subscriptions = append(s.c.Subscriptions, success.Subscription{Account: s.c.Account.ID,
		ID: recordID(s.c.Account.ID, product, s.lines), Start: at,
		Amount: cents(priceCents), Interval: interval, Quantity: qty})
	return len(s.c.Subscriptions) - 1
}

func (s *simulator) closeLine(i int, at time.Time) { s.c.Subscriptions[i].End = at }

// record notes the account's state from day d on.
func (s *simulator) record(d int) {
	ch := change{day: int32(d), seats: int32(s.seats), mrrCents: s.mrr, insights: s.insights}
	if n := len(s.c.changes); n > 0 && int(s.c.changes[n-1].day) == d {
		s.c.changes[n-1] = ch
		return
	}
	s.c.changes = append(s.c.changes, ch)
}

// measure records the Desired Outcome's metric on day d.
func (s *simulator) measure(d int) {
	ro := &s.c.Outcome.Required[0]
	ro.Measurements = append(ro.Measurements, success.Measurement{At: s.day(d), Value: s.course(d)})
}

package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/voice"
)

// The causal rules' magnitudes, listed in the package doc. Hazards are per
// month.
const (
	icpShare          = 0.7  // accounts drawn from the ideal-customer population
	icpMatch          = 0.9  // chance each attribute matches the profile, inside it
	offMatch          = 0.35 // and outside it
	onboardGood       = 0.85 // chance onboarding takes hold, good fit
	onboardBad        = 0.55 // bad fit
	badFitChurn       = 2.5  // churn hazard multiplier for a bad fit
	notOnboardedChurn = 2.0  // and for an account never onboarded
	achievedChurn     = 0.5  // and once the Desired Outcome is achieved
	expandHazard      = 0.02 // seat expansion per month
	badFitExpand      = 0.3  // multiplier for a bad fit
	achievedExpand    = 3.0  // multiplier once the Desired Outcome is achieved
	contractHazard    = 0.008
	earlyCrossSell    = 0.2   // Insights cross-sell, per month in months 1 and 2, good fit
	lateCrossSell     = 0.008 // per month afterwards
	reactivateGood    = 0.02  // reactivation per month, for 18 months after churn
	reactivateBad     = 0.008
	quickRepeatBoost  = 1.5 // purchase rate multiplier after a second purchase within 30 days
	quickRepeatStay   = 0.4 // and dropout multiplier
	tooSmall          = 0.8 // chance an account outside the size range is below it rather than above
	maxSignupSeats    = 300 // seats at the first sale, at most
)

// churnHazard is the monthly logo churn hazard of a good-fit, onboarded
// account per segment.
func churnHazard(segment string) float64 {
	switch segment {
	case SegmentSMB:
		return 0.03
	case SegmentMidMarket:
		return 0.015
	default:
		return 0.008
	}
}

// simulator draws one account's history.
type simulator struct {
	rng     *rand.Rand
	profile *success.Profile
	asOf    time.Time
	scratch *scratch

	c          *Customer
	start      time.Time
	achievedAt time.Time // when the Desired Outcome was achieved; zero if never
	yearly     bool
	seats      int
	employees  int // seats never exceed the head count
	insights   bool
	mrr        int64
	lines      int
	coreLine   int // index in c.Subscriptions of the open core line, -1 if none
	insLine    int
	churnDays  []int                 // days of the voluntary logo churns, for the usage decay
	fades      []fade                // how usage leaves before each of them
	lastDay    int                   // the end of the account's observed life, in days since start
	spikeUntil []int                 // days of churns for support reasons
	course     func(day int) float64 // the outcome metric's value on a day
}

func (s *simulator) run(c *Customer, id success.AccountID, start time.Time) error {
	s.c, s.start, s.coreLine, s.insLine = c, start, -1, -1
	if err := s.account(id); err != nil {
		return err
	}
	s.journey()
	s.subscriptions()
	s.usage()
	s.tickets()
	s.surveys()
	s.credits()
	s.touchpoints()
	s.riskFlags()
	c.achievedAt, c.yearly = s.achievedAt, s.yearly
	c.Account = c.AccountAsOf(s.asOf)
	return nil
}

// scratch holds the growing record slices, reused from one account to the
// next, so that each account keeps one exactly sized copy (borrow) instead of
// the spare capacity of append's doublings.
type scratch struct {
	tickets     []burden.Ticket
	csat        []voice.Response
	touchpoints []playbook.Touchpoint
	goals       []playbook.GoalObservation
}

// borrow points *dst at the scratch slice *buf, emptied, to append to; the
// function it returns (deferred) hands the grown slice back to *buf and
// leaves in *dst an exactly sized copy, or nil if it is empty.
func borrow[T any](dst, buf *[]T) func() {
	*dst = (*buf)[:0]
	return func() {
		*buf = *dst
		if len(*dst) == 0 {
			*dst = nil
			return
		}
		*dst = slices.Clone(*dst)
	}
}

func (s *simulator) chance(p float64) bool { return s.rng.Float64() < p }

func (s *simulator) uniform(lo, hi float64) float64 { return lo + (hi-lo)*s.rng.Float64() }

func (s *simulator) pick(ss []string) string { return ss[s.rng.IntN(len(ss))] }

func (s *simulator) day(d int) time.Time { return s.start.AddDate(0, 0, d) }

// account draws the attributes, segment, plan and seats, and judges fit.
func (s *simulator) account(id success.AccountID) error {
	match := offMatch
	if s.chance(icpShare) {
		match = icpMatch
	}
	var employees float64
	switch {
	case s.chance(match):
		employees = logUniform(s.rng, 50, 5000)
	case s.chance(tooSmall):
		employees = logUniform(s.rng, 5, 50)
	default:
		employees = logUniform(s.rng, 5000, 30000)
	}
	employees = math.Round(employees)
	attr := func(fit, other []string) success.Value {
		if s.chance(match) {
			return success.StringValue(s.pick(fit))
		}
		return success.StringValue(s.pick(other))
	}
	attrs := success.Attributes{
		"employees": success.NumberValue(employees),
		"industry":  attr(fitIndustries, otherIndustries),
		"crm":       attr(fitCRMs, otherCRMs),
		"region":    attr(fitRegions, otherRegions),
		"data_team": success.BoolValue(s.chance(match)),
	}
	// Seats are the share of the staff that uses the product (a team, not
	// the company), smaller the larger the company, within the segment's
	// bounds.
	segment, plan, seats := SegmentSMB, PlanStarter, 0.0
	switch {
	case employees < 200:
		if s.chance(0.2) {
			plan = PlanGrowth
		}
		seats = min(40, max(3, employees*s.uniform(0.05, 0.25)))
	case employees < 2000:
		segment, plan = SegmentMidMarket, PlanGrowth
		if s.chance(0.15) {
			plan = PlanEnterprise
		}
		s.yearly = s.chance(0.4)
		seats = min(150, max(10, employees*s.uniform(0.02, 0.08)))
	default:
		segment, plan = SegmentEnterprise, PlanEnterprise
		s.yearly = s.chance(0.9)
		seats = min(maxSignupSeats, max(25, employees*s.uniform(0.003, 0.015)))
	}
	s.seats = int(math.Round(seats))
	s.employees = int(employees)
	s.c.Account = success.Account{ID: id, Name: "Account " + string(id[5:]), Segment: segment, Plan: plan,
		StartDate: s.start, Stage: success.StageOnboarding, Attributes: attrs, ARR: cents(0)}
	s.c.Owner = owner(segment, s.rng)
	fit, err := s.profile.Assess(s.c.Account)
	if err != nil {
		return fmt.Errorf("fit: %w", err)
	}
	s.c.Fit = fit
	return nil
}

// owner assigns a CSM from the segment's pool: SMB accounts share six, mid-
// market six, enterprise four.
func owner(segment string, rng *rand.Rand) string {
	switch segment {
	case SegmentSMB:
		return fmt.Sprintf("csm-%02d", 1+rng.IntN(6))
	case SegmentMidMarket:
		return fmt.Sprintf("csm-%02d", 7+rng.IntN(6))
	default:
		return fmt.Sprintf("csm-%02d", 13+rng.IntN(4))
	}
}

func logUniform(rng *rand.Rand, lo, hi float64) float64 {
	return math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo)))
}

// journey draws onboarding (the milestones) and the Desired Outcome's course.
func (s *simulator) journey() {
	c, good := s.c, s.c.GoodFit()
	c.Onboarded = s.chance(either(good, onboardGood, onboardBad))
	type ms struct {
		id, name string
		required bool
		due      int
	}
	for i, m := range []ms{{"kickoff", "kick-off held", true, 7}, {"integration", "first integration live", true, 30},
		{"training", "admins trained", false, 45}, {"first_value", "first value reported", true, 90}} {
		var done int
		switch {
		case c.Onboarded:
			done = int(float64(m.due) * s.uniform(0.4, 1.1))
		case i == 0:
			done = 2 + s.rng.IntN(9)
		case i == 1 && s.chance(0.4):
			done = int(float64(m.due) * s.uniform(1.2, 2))
		default:
			done = -1
		}
		mm := success.Milestone{ID: m.id, Name: m.name, Required: m.required, DueAfterDays: m.due}
		if done >= 0 && s.day(done).Before(s.asOf) {
			mm.CompletedAt = s.day(done)
		}
		c.Milestones = append(c.Milestones, mm)
	}

	tpl := outcomeFor(c.Account.Segment)
	pAchieve := 0.1
	switch {
	case good && c.Onboarded:
		pAchieve = 0.8
	case good:
		pAchieve = 0.3
	case c.Onboarded:
		pAchieve = 0.35
	}
	achieve := s.chance(pAchieve)
	reach := float64(tpl.dueDays) * s.uniform(0.5, 1) // day the target is reached
	plateau := s.uniform(0.2, 0.8)                    // progress that stalls, when not achieved
	reachedDay := int(math.Ceil(reach / 30))          // measurements are every 30 days
	due := s.day(tpl.dueDays)
	ro := success.RequiredOutcome{ID: tpl.id, Metric: tpl.metric, Unit: tpl.unit, Baseline: tpl.baseline,
		Target: tpl.target, Direction: tpl.direction, Start: s.start, Due: due}
	// Measurements are added by subscriptions, which knows when the account
	// stopped reporting; here we keep the course.
	s.course = func(d int) float64 {
		p := min(1, float64(d)/reach)
		if !achieve {
			p = min(plateau, float64(d)/reach) * (1 + 0.03*s.rng.NormFloat64())
			p = min(p, 0.97)
		}
		return round2(tpl.baseline + (tpl.target-tpl.baseline)*max(0, p))
	}
	metAll, last := true, 0
	if achieve {
		last = reachedDay * 30
	}
	var exp []success.ExperienceRequirement
	for _, e := range tpl.experience {
		r := success.ExperienceRequirement{ID: e[0], Name: e[1]}
		if s.chance(either(good, 0.9, 0.5)) {
			since := 14 + s.rng.IntN(107)
			if s.day(since).Before(s.asOf) {
				r.Met, r.Since = true, s.day(since)
			}
			last = max(last, since)
		} else {
			metAll = false
		}
		exp = append(exp, r)
	}
	if achieve && metAll {
		s.achievedAt = s.day(last)
	}
	c.Outcome = success.DesiredOutcome{ID: string(c.Account.ID) + "/outcome", Account: c.Account.ID,
		Name: tpl.name, Required: []success.RequiredOutcome{ro}, Experience: exp}
}

// either returns a if cond, else b: the two magnitudes of a rule.
func either(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}

// round2 rounds to two decimals, so that stored and derived figures do not
// depend on the last bit of a floating-point operation.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// recordID names an account's n-th record of a kind: "acct-00042/ticket/3".
func recordID(id success.AccountID, kind string, n int) string {
	return string(id) + "/" + kind + "/" + strconv.Itoa(n)
}

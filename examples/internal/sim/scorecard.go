package sim

import (
	"math"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// The measure IDs of Scorecard, the keys of HealthInputs.
const (
	MeasureActiveShare     = "active_share"     // mean daily active users / seats, last 28 days
	MeasureUsageTrend      = "usage_trend"      // mean daily active users, last 28 days / the 28 before
	MeasureTickets         = "tickets_30d"      // tickets opened in the last 30 days
	MeasureNPS             = "nps"              // latest NPS response in the last year
	MeasureOutcomeProgress = "outcome_progress" // Desired Outcome progress, 0..1
	MeasureOnTrack         = "onboarding_on_track"
)

// Scorecard returns the health scorecard of the simulated measures: adoption
// (40: active share twice the trend's weight), outcomes (30: progress twice
// the onboarding milestones'), support (15) and relationship (15), with the
// default bands red < 50 ≤ yellow < 75 ≤ green.
func Scorecard() health.Scorecard {
	return health.Scorecard{
		ID: "sim-health", Name: "Simulated base health", Version: 1,
		Groups: []health.Group{
			{ID: "adoption", Name: "Adoption", Weight: 40, Measures: []health.Measure{
				{ID: MeasureActiveShare, Name: "Active users share", Weight: 2, Normaliser: health.Linear(0.05, 0.5, success.HigherIsBetter)},
				{ID: MeasureUsageTrend, Name: "Usage trend", Weight: 1, Normaliser: health.Linear(0.6, 1.1, success.HigherIsBetter)},
			}},
			{ID: "outcomes", Name: "Outcomes", Weight: 30, Measures: []health.Measure{
				{ID: MeasureOutcomeProgress, Name: "Desired Outcome progress", Weight: 2, Normaliser: health.Linear(0, 1, success.HigherIsBetter)},
				{ID: MeasureOnTrack, Name: "Onboarding on track", Weight: 1, Normaliser: health.Boolean(100, 0)},
			}},
			{ID: "support", Name: "Support", Weight: 15, Measures: []health.Measure{
				{ID: MeasureTickets, Name: "Tickets in 30 days", Weight: 1, Normaliser: health.Linear(0, 6, success.LowerIsBetter)},
			}},
			{ID: "relationship", Name: "Relationship", Weight: 15, Measures: []health.Measure{
				{ID: MeasureNPS, Name: "Latest NPS", Weight: 1, Normaliser: health.NPSResponseNormaliser()},
			}},
		},
	}
}

// HealthInputs returns the customer's Scorecard inputs as of the day of t
// (a measure with nothing to read, such as NPS before any response, is
// missing). It fails only if the customer's Desired Outcome or milestones do
// not assess.
func (c *Customer) HealthInputs(t time.Time) (health.Inputs, error) {
	o, err := c.Outcome.Required[0].Assess(t, success.StatusOptions{})
	if err != nil {
		return nil, err
	}
	j, err := success.AssessMilestones(c.Milestones, c.Account.StartDate, t)
	if err != nil {
		return nil, err
	}
	return c.healthInputs(t, o.Progress, &j), nil
}

// healthInputs is HealthInputs given the Required Outcome's progress and the
// milestones assessed as of t, which Facts has at hand.
func (c *Customer) healthInputs(t time.Time, progress float64, j *success.JourneyAssessment) health.Inputs {
	in := health.Inputs{
		MeasureOutcomeProgress: success.NumberValue(round2(progress)),
		MeasureOnTrack:         success.BoolValue(len(j.OverdueRequired) == 0),
	}
	d := c.dayOf(t)
	if d <= 0 {
		return in
	}
	st := c.stateAt(d - 1)
	last, prev := c.meanUsage(d-28, d), c.meanUsage(d-56, d-28)
	if st.mrrCents > 0 {
		in[MeasureActiveShare] = success.NumberValue(round2(last / float64(st.seats)))
	}
	if prev > 0 {
		in[MeasureUsageTrend] = success.NumberValue(round2(last / prev))
	}
	from := t.AddDate(0, 0, -30)
	n := 0
	for _, tk := range c.Tickets {
		if tk.At.After(from) && !tk.At.After(t) {
			n++
		}
	}
	in[MeasureTickets] = success.NumberValue(float64(n))
	for i := len(c.NPS) - 1; i >= 0; i-- {
		if r := c.NPS[i]; !r.At.After(t) {
			if r.At.After(t.AddDate(-1, 0, 0)) {
				in[MeasureNPS] = success.NumberValue(r.Score)
			}
			break
		}
	}
	return in
}

// meanUsage returns the mean daily active users over days [from, to) since
// the start, counting days before the start or after the series as absent.
func (c *Customer) meanUsage(from, to int) float64 {
	from, to = max(from, 0), min(to, len(c.Usage))
	if to <= from {
		return 0
	}
	var sum float64
	for _, u := range c.Usage[from:to] {
		sum += float64(u)
	}
	return sum / float64(to-from)
}

// round2 rounds to two decimals, so that stored and derived figures do not
// depend on the last bit of a floating-point operation.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

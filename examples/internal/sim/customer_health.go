package sim

import (
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

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

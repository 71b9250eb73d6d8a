package success

import (
	"fmt"
	"math"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
)

// OutcomeStatus is where a Required Outcome stands as of a date.
type OutcomeStatus string

const (
	// NotStarted: the period has not begun, or it began less than
	// StatusOptions.StaleAfter ago and nothing has been measured since.
	NotStarted OutcomeStatus = "not_started"
	// OnTrack: progress is at least the share of the period that has
	// elapsed, less StatusOptions.Tolerance.
	OnTrack OutcomeStatus = "on_track"
	// Behind: progress trails the elapsed share of the period by more than
	// StatusOptions.Tolerance.
	Behind OutcomeStatus = "behind"
	// Stale: nothing measured for StatusOptions.StaleAfter: where the
	// customer stands is not known, whatever the schedule says.
	Stale OutcomeStatus = "stale"
	// Stuck: measured recently, but no new best value for
	// StatusOptions.StuckAfter, whatever the schedule says.
	Stuck OutcomeStatus = "stuck"
	// Achieved: the target has been reached.
	Achieved OutcomeStatus = "achieved"
	// Missed: the due day is over and the target is not reached as of the date.
	Missed OutcomeStatus = "missed"
)

// The defaults suit an outcome measured monthly: a month between readings
// plus two weeks of grace before it is stale, and a quarter (three readings)
// without a new best before it is stuck.
const (
	// DefaultStaleAfter is how long an outcome may go unmeasured before it
	// is reported stale, when StatusOptions leaves it zero.
	DefaultStaleAfter = 45 * 24 * time.Hour
	// DefaultStuckAfter is how long an outcome may go without a new best
	// value before it is reported stuck, when StatusOptions leaves it zero.
	DefaultStuckAfter = 90 * 24 * time.Hour
)

// StatusOptions tune the status rules. The zero value means the defaults.
type StatusOptions struct {
	// StaleAfter is the period without any measurement that makes an outcome
	// stale (default DefaultStaleAfter). Negative disables the stale rule.
	StaleAfter time.Duration
	// StuckAfter is the period without a new best value that makes a
	// measured outcome stuck (default DefaultStuckAfter). Negative disables
	// the stuck rule.
	StuckAfter time.Duration
	// Tolerance is how far progress may trail the elapsed share of the period
	// and still count as on track, in progress units (0.05 = five points).
	Tolerance float64
}

func (opts StatusOptions) staleAfter() time.Duration {
	if opts.StaleAfter == 0 {
		return DefaultStaleAfter
	}
	return opts.StaleAfter
}

func (opts StatusOptions) stuckAfter() time.Duration {
	if opts.StuckAfter == 0 {
		return DefaultStuckAfter
	}
	return opts.StuckAfter
}

func (opts StatusOptions) validate() error {
	if math.IsNaN(opts.Tolerance) || opts.Tolerance < 0 || opts.Tolerance > 1 {
		return fmt.Errorf("%w: status options: tolerance must be within [0,1], got %v", ErrInvalid, opts.Tolerance)
	}
	return nil
}

// OutcomeAssessment explains where one Required Outcome stands as of a date.
type OutcomeAssessment struct {
	ID       string        `json:"id"`
	Metric   string        `json:"metric"`
	Status   OutcomeStatus `json:"status"`
	Value    float64       `json:"value"` // the metric as of the date
	Target   float64       `json:"target"`
	Progress float64       `json:"progress"` // in [0,1]
	// Expected is the progress a straight line from start to due would show.
	Expected float64 `json:"expected"`
	// AchievedAt is when the target was first reached as of the date: the
	// first measurement that reached it, or Start when the target was no
	// better than the baseline (zero before Start, and zero if never). It
	// stays set if the metric later slips back below the target.
	AchievedAt time.Time `json:"achieved_at,omitzero"`
	// Late is set when the target was first reached after the due day.
	Late bool `json:"late,omitempty"`
	// LastImprovedAt is the last measurement that beat every earlier value
	// (the start date if none has).
	LastImprovedAt time.Time `json:"last_improved_at"`
	// LastMeasuredAt is the latest measurement since the start (zero if none).
	LastMeasuredAt time.Time `json:"last_measured_at,omitzero"`
	Gap            Gap       `json:"gap"`
	Reason         string    `json:"reason"` // the rule that decided the status, in words
}

// Assess judges the outcome as of asOf. The rules, first match wins:
//
//  1. Achieved: the current value meets the target (or the target was no
//     better than the baseline to begin with). Reached after the due day, it
//     is achieved and Late.
//  2. Missed: the due day is over.
//  3. NotStarted: asOf is before Start.
//  4. Stale: the last measurement (the start, if nothing was measured since)
//     is at least StaleAfter before asOf.
//  5. Stuck: something was measured since the start, and the last new best
//     value (the start, if no measurement beat the baseline) is at least
//     StuckAfter before asOf.
//  6. NotStarted: nothing was measured from Start to asOf.
//  7. OnTrack if progress >= expected progress - Tolerance, else Behind.
//
// Stale comes before Stuck: an outcome nobody measures is a question to ask
// the customer, not evidence that it stopped improving. A metric that
// reached its target and slipped back is judged by rules 2-7 again;
// AchievedAt and the reason keep the record of the slip.
func (o RequiredOutcome) Assess(asOf time.Time, opts StatusOptions) (OutcomeAssessment, error) {
	if err := o.Validate(); err != nil {
		return OutcomeAssessment{}, fmt.Errorf("required outcome %q: %w", o.ID, err)
	}
	if err := opts.validate(); err != nil {
		return OutcomeAssessment{}, err
	}
	value, _ := o.ValueAsOf(asOf)
	a := OutcomeAssessment{
		ID: o.ID, Metric: o.Metric, Value: value, Target: o.Target,
		Progress: o.progressOf(value), Expected: o.ExpectedProgress(asOf),
		Gap: o.gapOf(value), LastImprovedAt: o.Start,
	}
	best := o.Direction.goodness(o.Baseline)
	if o.progressOf(o.Baseline) >= 1 && !asOf.Before(o.Start) {
		a.AchievedAt = o.Start // reached before it began; as of an earlier date, not yet
	}
	measured := o.sinceStart(asOf)
	improved := false // whether a measurement beat the baseline
	for _, m := range measured {
		if g := o.Direction.goodness(m.Value); g > best {
			best, a.LastImprovedAt, improved = g, m.At, true
		}
		if a.AchievedAt.IsZero() && o.progressOf(m.Value) >= 1 {
			a.AchievedAt = m.At
		}
		a.LastMeasuredAt = m.At
	}
	deadline := endOfDay(o.Due)
	a.Late = a.AchievedAt.After(deadline)
	staleAfter, stuckAfter := opts.staleAfter(), opts.stuckAfter()
	lastMeasured := o.Start
	if len(measured) > 0 {
		lastMeasured = a.LastMeasuredAt
	}
	sinceMeasured, sinceBest := daysText(lastMeasured, asOf), daysText(a.LastImprovedAt, asOf)
	switch {
	case a.Progress >= 1:
		a.Status = Achieved
		a.Reason = fmt.Sprintf("%s is %v, target %v reached", o.Metric, value, o.Target)
		if a.Late {
			a.Reason += fmt.Sprintf(" on %s, after the due date %s", a.AchievedAt.Format(time.DateOnly), o.Due.Format(time.DateOnly))
		}
	case asOf.After(deadline):
		a.Status = Missed
		a.Reason = fmt.Sprintf("due %s passed at %s progress", o.Due.Format(time.DateOnly), percent(a.Progress))
	case asOf.Before(o.Start):
		a.Status = NotStarted
		a.Reason = "the period starts " + o.Start.Format(time.DateOnly)
	// asOf.Sub saturates at time.Duration's 292 years, which is still at
	// least any threshold, so the comparisons below stay right.
	case staleAfter > 0 && asOf.Sub(lastMeasured) >= staleAfter:
		a.Status = Stale
		if len(measured) == 0 {
			a.Reason = fmt.Sprintf("nothing measured since the start %s, %s ago (stale after %s)",
				o.Start.Format(time.DateOnly), sinceMeasured, threshold(staleAfter))
		} else {
			a.Reason = fmt.Sprintf("last measured %s, %s ago (stale after %s)",
				lastMeasured.Format(time.DateOnly), sinceMeasured, threshold(staleAfter))
		}
	case stuckAfter > 0 && len(measured) > 0 && asOf.Sub(a.LastImprovedAt) >= stuckAfter:
		a.Status = Stuck
		best := "last new best " + a.LastImprovedAt.Format(time.DateOnly)
		if !improved {
			best = "no measurement has beaten the baseline since the start " + o.Start.Format(time.DateOnly)
		}
		a.Reason = fmt.Sprintf("%s, %s ago (stuck after %s); last measured %s, %s ago",
			best, sinceBest, threshold(stuckAfter), lastMeasured.Format(time.DateOnly), sinceMeasured)
	case len(measured) == 0:
		a.Status = NotStarted
		a.Reason = "nothing measured since the start " + o.Start.Format(time.DateOnly)
	default:
		a.Status = Behind
		if a.Progress >= a.Expected-opts.Tolerance {
			a.Status = OnTrack
		}
		a.Reason = fmt.Sprintf("%s progress with %s of the time elapsed", percent(a.Progress), percent(a.Expected))
	}
	if !a.AchievedAt.IsZero() && a.Status != Achieved {
		a.Reason += fmt.Sprintf("; the target was reached on %s and slipped since", a.AchievedAt.Format(time.DateOnly))
	}
	return a, nil
}

// Validate reports whether s is one of the defined values.
func (s OutcomeStatus) Validate() error {
	return oneOf(s, "outcome status", NotStarted, OnTrack, Behind, Stale, Stuck, Achieved, Missed)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (s OutcomeStatus) MarshalText() ([]byte, error) { return enum.Encode(s) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (s *OutcomeStatus) UnmarshalText(b []byte) error { return enum.Decode(s, b) }

// threshold writes a StatusOptions period: in days when it is a whole number
// of them ("45 days"), as a Duration ("36h0m0s") otherwise.
func threshold(d time.Duration) string {
	if d%(24*time.Hour) != 0 {
		return d.String()
	}
	if n := d / (24 * time.Hour); n != 1 {
		return fmt.Sprintf("%d days", n)
	}
	return "1 day"
}

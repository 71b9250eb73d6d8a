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
	// NotStarted: the period has not begun, or it began less than StuckAfter
	// ago and nothing has been measured since.
	NotStarted OutcomeStatus = "not_started"
	// OnTrack: progress is at least the share of the period that has
	// elapsed, less StatusOptions.Tolerance.
	OnTrack OutcomeStatus = "on_track"
	// Behind: progress trails the elapsed share of the period by more than
	// StatusOptions.Tolerance.
	Behind OutcomeStatus = "behind"
	// Stuck: no improvement for StatusOptions.StuckAfter, whatever the schedule says.
	Stuck OutcomeStatus = "stuck"
	// Achieved: the target has been reached.
	Achieved OutcomeStatus = "achieved"
	// Missed: the due day is over and the target is not reached as of the date.
	Missed OutcomeStatus = "missed"
)

// DefaultStuckAfter is how long an outcome may go without improving before it
// is reported stuck, when StatusOptions leaves it zero.
const DefaultStuckAfter = 30 * 24 * time.Hour

// StatusOptions tune the status rules. The zero value means the defaults.
type StatusOptions struct {
	// StuckAfter is the period without improvement that makes an outcome stuck
	// (default DefaultStuckAfter). Negative disables the stuck rule.
	StuckAfter time.Duration
	// Tolerance is how far progress may trail the elapsed share of the period
	// and still count as on track, in progress units (0.05 = five points).
	Tolerance float64
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
//  4. Stuck: the last improvement (the start, if nothing has improved on the
//     baseline) is at least StuckAfter before asOf, measured or not.
//  5. NotStarted: nothing was measured from Start to asOf.
//  6. OnTrack if progress >= expected progress - Tolerance, else Behind.
//
// A metric that reached its target and slipped back is judged by rules 2-6
// again; AchievedAt and the reason keep the record of the slip.
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
	for _, m := range measured {
		if g := o.Direction.goodness(m.Value); g > best {
			best, a.LastImprovedAt = g, m.At
		}
		if a.AchievedAt.IsZero() && o.progressOf(m.Value) >= 1 {
			a.AchievedAt = m.At
		}
		a.LastMeasuredAt = m.At
	}
	deadline := endOfDay(o.Due)
	a.Late = a.AchievedAt.After(deadline)
	stuckAfter := opts.stuckAfter()
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
	case stuckAfter > 0 && asOf.Sub(a.LastImprovedAt) >= stuckAfter:
		a.Status = Stuck
		days := int(asOf.Sub(a.LastImprovedAt).Hours() / 24)
		switch {
		case len(measured) == 0:
			a.Reason = fmt.Sprintf("nothing measured since the start %s (%d days)", o.Start.Format(time.DateOnly), days)
		case a.LastMeasuredAt.After(a.LastImprovedAt):
			a.Reason = fmt.Sprintf("no improvement since %s (%d days); last measured %s",
				a.LastImprovedAt.Format(time.DateOnly), days, a.LastMeasuredAt.Format(time.DateOnly))
		default:
			a.Reason = fmt.Sprintf("no new measurement since %s (%d days)", a.LastImprovedAt.Format(time.DateOnly), days)
		}
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
	return enum.OneOf(s, "outcome status", ErrInvalid, NotStarted, OnTrack, Behind, Stuck, Achieved, Missed)
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (s *OutcomeStatus) UnmarshalText(b []byte) error { return enum.Decode(s, b) }

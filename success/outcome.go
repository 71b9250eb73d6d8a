package success

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
)

// RequiredOutcome is a measurable goal the customer must reach: "cut month-end
// close from 10 days to 4 by 30 June". It is the "what" of a Desired Outcome.
//
// The current value is the latest Measurement from Start up to the date asked
// about (of several taken at the same instant, the last listed); before the
// first one the metric stands at its Baseline (readings taken before Start are
// history, not progress). That makes every question answerable for any past
// date.
//
// Due is the deadline: the straight-line schedule expects the target at Due,
// and the outcome is missed once the calendar day of Due (in Due's location)
// is over, as with milestones.
type RequiredOutcome struct {
	ID           string        `json:"id"`
	Metric       string        `json:"metric"` // e.g. "month-end close"
	Unit         string        `json:"unit,omitempty"`
	Baseline     float64       `json:"baseline"` // where the customer started
	Target       float64       `json:"target"`   // where they must get to
	Direction    Direction     `json:"direction"`
	Start        time.Time     `json:"start"`
	Due          time.Time     `json:"due"`
	Weight       float64       `json:"weight,omitempty"` // share in the total Success Gap; 0 means 1
	Measurements []Measurement `json:"measurements,omitempty"`
}

// UnmarshalJSON decodes a Required Outcome strictly: unknown fields (a
// misspelt "measurments"), repeated keys and wrongly typed values are errors
// with their path, wrapping ErrInvalid.
func (o *RequiredOutcome) UnmarshalJSON(b []byte) error { return decodeRecord(b, o) }

// Measurement is one reading of the outcome's metric.
type Measurement struct {
	At    time.Time `json:"at"`
	Value float64   `json:"value"`
}

// UnmarshalJSON decodes a measurement strictly, as RequiredOutcome does.
func (m *Measurement) UnmarshalJSON(b []byte) error { return decodeRecord(b, m) }

// Measure appends a reading; readings must be added in time order.
func (o *RequiredOutcome) Measure(at time.Time, value float64) {
	o.Measurements = append(o.Measurements, Measurement{At: at, Value: value})
}

// Validate checks the outcome and returns every problem, as FieldErrors.
func (o RequiredOutcome) Validate() error {
	var p FieldErrors
	if o.ID == "" {
		p.addf(nil, "id", "must not be empty")
	}
	if o.Metric == "" {
		p.addf(nil, "metric", "must not be empty")
	}
	checkMagnitude(&p, "baseline", o.Baseline)
	checkMagnitude(&p, "target", o.Target)
	if err := o.Direction.Validate(); err != nil {
		p.addErr(nil, "direction", err)
	}
	if o.Start.IsZero() {
		p.addf(nil, "start", "must be set")
	}
	checkDate(&p, "start", o.Start)
	checkDate(&p, "due", o.Due)
	if o.Due.IsZero() {
		p.addf(nil, "due", "must be set")
	} else if o.Due.Before(o.Start) {
		p.addf(nil, "due", "%s is before start %s", o.Due.Format(time.RFC3339), o.Start.Format(time.RFC3339))
	}
	checkWeight(&p, "weight", o.Weight)
	for i, m := range o.Measurements {
		// Validate runs on every Assess: build the path only for a problem.
		inOrder := i == 0 || !m.At.Before(o.Measurements[i-1].At)
		if !badMagnitude(m.Value) && !m.At.IsZero() && calendar.InRange(m.At) && inOrder {
			continue
		}
		path := fmt.Sprintf("measurements[%d]", i)
		checkMagnitude(&p, path+".value", m.Value)
		if m.At.IsZero() {
			p.addf(nil, path+".at", "must be set")
		}
		checkDate(&p, path+".at", m.At)
		if !inOrder {
			p.addf(nil, path+".at", "%s is before the previous measurement; measurements must be in time order", m.At.Format(time.RFC3339))
		}
	}
	return p.Err()
}

// ValueAsOf returns the metric as of asOf: the latest measurement from Start
// up to asOf, and when it was taken; the baseline and the start date before any.
//
// ValueAsOf, Progress and ExpectedProgress read the outcome as it is, for
// speed; they assume it is valid (measurements in time order, due not before
// start), which Validate checks and Assess enforces.
func (o RequiredOutcome) ValueAsOf(asOf time.Time) (float64, time.Time) {
	v, at := o.Baseline, o.Start
	for _, m := range o.sinceStart(asOf) {
		v, at = m.Value, m.At
	}
	return v, at
}

// sinceStart returns the measurements taken from Start up to asOf.
func (o RequiredOutcome) sinceStart(asOf time.Time) []Measurement {
	from := sort.Search(len(o.Measurements), func(i int) bool { return !o.Measurements[i].At.Before(o.Start) })
	to := sort.Search(len(o.Measurements), func(i int) bool { return o.Measurements[i].At.After(asOf) })
	if to < from {
		return nil
	}
	return o.Measurements[from:to]
}

// progressOf places value on the way from baseline to target: 0 at the
// baseline (or worse), 1 at the target (or better). When the target is no
// better than the baseline the goal was reached before it started, and
// progress is 1 as long as the value stays at least as good as the target.
func (o RequiredOutcome) progressOf(value float64) float64 {
	base, target, v := o.Direction.goodness(o.Baseline), o.Direction.goodness(o.Target), o.Direction.goodness(value)
	span := target - base
	if span <= 0 {
		if v >= target {
			return 1
		}
		return 0
	}
	p := (v - base) / span
	if !(p > 0) { // NaN from invalid values counts as no progress
		return 0
	}
	return math.Min(1, p)
}

// Progress returns how far the customer has come from baseline to target as of
// asOf, in [0,1]: 0 at the baseline or worse, 1 at the target or better, in
// proportion between. When the target is no better than the baseline, the
// goal was met before the period began: progress is 1 while the value is at
// least as good as the target, and 0 once it is worse.
func (o RequiredOutcome) Progress(asOf time.Time) float64 {
	v, _ := o.ValueAsOf(asOf)
	return o.progressOf(v)
}

// ExpectedProgress returns the share of the period from Start to Due that has
// elapsed at asOf, in [0,1]: the progress an outcome on a straight line to its
// target would show. A zero-length period expects everything at its start.
//
// The shares are of instants, counted in seconds from the dates' Unix times,
// not with time.Duration, which saturates at 292 years: a period of any
// length (1800 to 2300, say) is measured exactly. Dates are not bounded.
func (o RequiredOutcome) ExpectedProgress(asOf time.Time) float64 {
	if asOf.Before(o.Start) {
		return 0
	}
	if !o.Due.After(o.Start) {
		return 1
	}
	return math.Min(1, secondsBetween(o.Start, asOf)/secondsBetween(o.Start, o.Due))
}

package cohort

import (
	"fmt"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/enum"
)

// EventKind names the event that ended a customer's observation first, in a
// competing-risks analysis: the Second Sale (EventExpansion) competes with
// churn (EventChurn), because a customer who churns can no longer expand.
// The empty kind, EventNone, means no event yet (right-censored). Hosts may
// name other kinds (a downgrade, a merger) in IncidenceOptions.Kinds.
type EventKind string

// The event kinds of the time to the Second Sale, the default of
// IncidenceOptions.Kinds.
const (
	EventNone      EventKind = ""          // no event yet: censored at the as-of date
	EventExpansion EventKind = "expansion" // the first expansion: the Second Sale
	EventChurn     EventKind = "churn"     // churn before any expansion
)

// CompetingObservation is one customer's time until the first of several
// competing events: Duration periods from the start (the first sale) until
// Event happened, or until the as-of date when Event is EventNone. Durations
// are in the host's unit, the same for all observations of one analysis.
type CompetingObservation struct {
	Duration float64   `json:"duration"`
	Event    EventKind `json:"event,omitempty"`
	// Stratum names the customer's group ("good fit", "2026-Q1") for
	// per-stratum curves and Gray's test, which require it. Pooled
	// estimates ignore it.
	Stratum string `json:"stratum,omitempty"`
}

// UnmarshalJSON reads an observation strictly, as every input record of the
// package is read (see record_json.go): a misspelt "evnt" would otherwise
// read as a customer with no event yet.
func (o *CompetingObservation) UnmarshalJSON(b []byte) error { return decodeRecord(b, o) }

// VarianceMethod chooses the standard error of a cumulative incidence.
type VarianceMethod string

// Variance methods, named after the R functions that report them.
const (
	// VarianceJackknife is the infinitesimal jackknife (IJ) that R's
	// survival package reports for multi-state curves (survfit with a
	// factor event). It is robust and covers the probability of no event
	// too. The default.
	VarianceJackknife VarianceMethod = "jackknife"
	// VarianceDelta is the delta-method variance of R's cmprsk::cuminc
	// (Gray's), the one most competing-risks papers quote. It covers the
	// incidences only: the probability of no event then has the standard
	// error of the IJ method.
	VarianceDelta VarianceMethod = "delta"
)

// Validate reports whether m is a known variance method.
func (m VarianceMethod) Validate() error {
	return oneOf(m, "variance method", VarianceJackknife, VarianceDelta)
}

// MarshalText implements encoding.TextMarshaler: the method's name, nothing
// for the empty method, and an error for an invalid one.
func (m VarianceMethod) MarshalText() ([]byte, error) { return enum.Encode(m) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the method.
func (m *VarianceMethod) UnmarshalText(b []byte) error { return enum.Decode(m, b) }

// IncidenceOptions tunes a cumulative incidence estimate. The zero value
// means the kinds expansion and churn, infinitesimal-jackknife standard
// errors and 95% log-log intervals.
type IncidenceOptions struct {
	// Kinds lists the event kinds, in the order of every step's per-kind
	// estimates; an observation of any other kind (but EventNone) is
	// invalid. Nil means EventExpansion, EventChurn.
	Kinds []EventKind
	// Variance is the standard error method; empty means VarianceJackknife.
	Variance VarianceMethod
	// ConfType is the pointwise interval's transformation, applied to each
	// incidence as to a survival curve; empty means ConfLogLog (R's survfit
	// uses ConfLog for multi-state curves).
	ConfType ConfType
	// ConfLevel is the confidence level in (0, 1); 0 means 0.95.
	ConfLevel float64
	// GrayRho is the power ρ of Gray's test weight (1 − F(t−))^ρ; 0, as in
	// cmprsk::cuminc, weights every time alike.
	GrayRho float64
}

// maxEventKinds caps the event kinds of one analysis (costs grow with the
// square of it).
const maxEventKinds = 64

func (o IncidenceOptions) withDefaults() (IncidenceOptions, error) {
	if o.Kinds == nil {
		o.Kinds = []EventKind{EventExpansion, EventChurn}
	} else {
		o.Kinds = slices.Clone(o.Kinds)
	}
	if len(o.Kinds) == 0 || len(o.Kinds) > maxEventKinds {
		return o, fmt.Errorf("%w: kinds: want 1 to %d event kinds, got %s", ErrInvalid, maxEventKinds, countKind(len(o.Kinds), maxEventKinds))
	}
	for i, e := range o.Kinds {
		if e == EventNone {
			return o, fmt.Errorf("%w: kinds[%d]: must not be empty (the empty kind means no event yet)", ErrInvalid, i)
		}
		if slices.Contains(o.Kinds[:i], e) {
			return o, fmt.Errorf("%w: kinds[%d]: appears twice", ErrInvalid, i)
		}
	}
	if o.Variance == "" {
		o.Variance = VarianceJackknife
	}
	if err := o.Variance.Validate(); err != nil {
		return o, err
	}
	s, err := SurvivalOptions{ConfType: o.ConfType, ConfLevel: o.ConfLevel}.withDefaults()
	if err != nil {
		return o, err
	}
	o.ConfType, o.ConfLevel = s.ConfType, s.ConfLevel
	if !(o.GrayRho >= 0) || o.GrayRho > 1e6 {
		return o, fmt.Errorf("%w: gray rho must be finite and >= 0, got %s", ErrInvalid, numberKind(o.GrayRho))
	}
	return o, nil
}

// IncidenceStep is the estimate at one distinct observed time (a time at
// which some customer had an event or was censored), as in R's survfit.
type IncidenceStep struct {
	Time     float64 `json:"time"`
	AtRisk   int     `json:"at_risk"`  // customers without an event just before Time
	Censored int     `json:"censored"` // customers censored at Time
	// EventFree is the probability of no event by Time (the Kaplan-Meier
	// curve of the first event of any kind); it and the incidences sum to 1.
	EventFree float64 `json:"event_free"`
	// EventFreeSE is its infinitesimal-jackknife standard error.
	EventFreeSE float64 `json:"event_free_se"`
	// Events holds one estimate per event kind, in the order of the
	// curve's Kinds.
	Events []Incidence `json:"events"`
}

// Incidence is the cumulative incidence of one event kind at one time: the
// probability that this event happened first, by then.
type Incidence struct {
	Count     int     `json:"count"`     // events of this kind at the step's time
	Incidence float64 `json:"incidence"` // probability of this event first, by the step's time
	SE        float64 `json:"se"`        // standard error of Incidence, by the curve's Variance
	// Lower and Upper bound the pointwise confidence interval; it collapses
	// to the point where the incidence is 0 or 1.
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// IncidenceCurve is the cumulative incidence of every event kind over time
// for one group of customers (Aalen-Johansen).
type IncidenceCurve struct {
	Stratum  string         `json:"stratum,omitempty"` // empty for a pooled curve
	Subjects int            `json:"subjects"`
	Kinds    []EventKind    `json:"kinds"`    // the event kinds, in the order of each step's Events
	Counts   []int          `json:"counts"`   // events of each kind, in the same order
	Variance VarianceMethod `json:"variance"` // of Incidence.SE
	ConfType ConfType       `json:"conf_type"`
	// ConfLevel is the level of the pointwise intervals, e.g. 0.95.
	ConfLevel float64         `json:"conf_level"`
	Steps     []IncidenceStep `json:"steps"` // one per distinct observed time, in time order
}

// IncidenceAt returns the cumulative incidence of kind just after time t: 0
// before the first step, otherwise that of the last step at or before t;
// NaN for a NaN time or a kind the curve does not have.
func (c IncidenceCurve) IncidenceAt(kind EventKind, t float64) float64 {
	k := slices.Index(c.Kinds, kind)
	if k < 0 || math.IsNaN(t) {
		return math.NaN()
	}
	i, _ := slices.BinarySearchFunc(c.Steps, t, func(s IncidenceStep, t float64) int {
		if s.Time <= t {
			return -1
		}
		return 1
	})
	if i == 0 {
		return 0
	}
	return c.Steps[i-1].Events[k].Incidence
}

// IncidenceByStratum is one cumulative incidence curve per stratum and
// Gray's test between them for each event kind.
type IncidenceByStratum struct {
	Curves []IncidenceCurve `json:"curves"` // sorted by stratum name
	// Gray holds Gray's test for each event kind where it is defined, in
	// the order of Kinds.
	Gray []GrayTest `json:"gray"`
	// GrayUndefined says, per event kind, why its test is undefined (fewer
	// than two strata, no such event while two strata were at risk).
	GrayUndefined map[EventKind]string `json:"gray_undefined,omitempty"`
}

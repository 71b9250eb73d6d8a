package cohort

import (
	"fmt"
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
)

// SurvivalAccumulator gathers observations for Kaplan-Meier curves and the
// log-rank test: the Kaplan-Meier twin of IncidenceAccumulator. It follows
// the SDK's accumulator contract (see the package doc): AddAll and AddFrom
// stop at the first bad observation or read error, Merge combines shards
// split any way into exactly the accumulator of the whole, and
// MarshalBinary and UnmarshalBinary encode its state (per stratum, the
// churns and censorings at each distinct time) as versioned JSON for a
// pipeline's coder. Its memory grows with the distinct times per stratum,
// not with the number of customers, once compacted (by an extract or an
// encode).
//
// Pooled and ByStratum give exactly (bit for bit) what KaplanMeier and
// KaplanMeierByStratum give for the same observations: those functions
// are this accumulator read in one pass.
//
// Build one with NewSurvivalAccumulator; the zero value rejects every
// observation, though it decodes a state. An accumulator of nothing
// extracts ErrEmpty. It is not safe for concurrent use.
type SurvivalAccumulator struct {
	opts SurvivalOptions // with defaults
	// exits holds the counts: a survival analysis is a competing-risks one
	// with a single event kind, churn, so the two share their state.
	exits *IncidenceAccumulator
}

// survivalKinds is the one event kind of a survival analysis.
var survivalKinds = []EventKind{EventChurn}

// NewSurvivalAccumulator returns an empty accumulator; opts is validated
// here and fixed for the accumulator's life.
func NewSurvivalAccumulator(opts SurvivalOptions) (*SurvivalAccumulator, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	exits, err := NewIncidenceAccumulator(IncidenceOptions{Kinds: survivalKinds})
	if err != nil {
		return nil, err
	}
	return &SurvivalAccumulator{opts: opts, exits: exits}, nil
}

// errSurvivalNotBuilt rejects the zero SurvivalAccumulator.
var errSurvivalNotBuilt = fmt.Errorf("%w: the survival accumulator was not made by NewSurvivalAccumulator", ErrInvalid)

// competing is o as a competing-risks observation whose one kind is churn.
func (o Observation) competing() CompetingObservation {
	c := CompetingObservation{Duration: o.Duration, Event: EventNone, Stratum: o.Stratum}
	if o.Churned {
		c.Event = EventChurn
	}
	return c
}

// Add records one observation. An invalid one is not recorded; the error, a
// success.FieldErrors, names the field (duration) without its value.
func (a *SurvivalAccumulator) Add(o Observation) error {
	if a.exits == nil {
		return errSurvivalNotBuilt
	}
	if p := a.exits.add(o.competing()); p != nil {
		return p
	}
	return nil
}

// AddAll adds every observation of obs, under the accumulator contract: it
// stops at the first invalid one and names it by its position
// ("observations[41].duration"); the observations before it stay added. A
// nil sequence is ErrInvalid.
func (a *SurvivalAccumulator) AddAll(obs iter.Seq[Observation]) error {
	return a.AddFrom(accum.Values(obs))
}

// AddFrom is AddAll for observations that can fail to read, such as a file:
// it stops at the first error obs yields and returns it with the
// observation's position; the observations before it stay added.
func (a *SurvivalAccumulator) AddFrom(obs iter.Seq2[Observation, error]) error {
	if a.exits == nil {
		return errSurvivalNotBuilt
	}
	return accum.AddFrom(obs, "observations", ErrInvalid, a.Add)
}

// Merge adds the observations of b into a. Both must have the same options;
// b must be another accumulator (merging a into itself would count its
// observations twice), else the error wraps ErrInvalid. A failed merge
// leaves a unchanged.
func (a *SurvivalAccumulator) Merge(b *SurvivalAccumulator) error {
	if err := accum.CheckMerge(a, b, "survival", ErrInvalid); err != nil {
		return err
	}
	if a.exits == nil || b.exits == nil {
		return errSurvivalNotBuilt
	}
	if a.opts != b.opts {
		return fmt.Errorf("%w: cannot merge survival accumulators with different options", ErrInvalid)
	}
	return a.exits.Merge(b.exits)
}

// Pooled estimates the survival curve of all observations pooled (strata
// ignored), as KaplanMeier does. It fails with ErrEmpty when nothing was
// added.
func (a *SurvivalAccumulator) Pooled() (Curve, error) {
	if a.exits == nil {
		return Curve{}, errSurvivalNotBuilt
	}
	tb, err := a.exits.pooledTable()
	if err != nil {
		return Curve{}, err
	}
	return estimate(tb, a.opts), nil
}

// ByStratum estimates one curve per stratum, sorted by stratum name, and
// the log-rank test between them when it is defined, as
// KaplanMeierByStratum does. Every observation needs a stratum; it fails
// with ErrEmpty when nothing was added.
func (a *SurvivalAccumulator) ByStratum() (Stratified, error) {
	if a.exits == nil {
		return Stratified{}, errSurvivalNotBuilt
	}
	tables, err := a.exits.tables()
	if err != nil {
		return Stratified{}, err
	}
	out := Stratified{Curves: make([]Curve, len(tables))}
	for i, tb := range tables {
		out.Curves[i] = estimate(tb, a.opts)
	}
	// Curves are still worth having when the test is undefined.
	if lr, err := logRank(tables); err == nil {
		out.LogRank = &lr
	} else {
		out.LogRankUndefined = err.Error()
	}
	return out, nil
}

// survivalState is the encodable state of a SurvivalAccumulator: its
// options and, per stratum, the censorings and the churns (the events of
// the one kind, events[0]) at each distinct time.
type survivalState struct {
	ConfType  ConfType        `json:"conf_type"`
	ConfLevel float64         `json:"conf_level"`
	Horizon   float64         `json:"horizon"`
	Strata    []stratumCounts `json:"strata"`
}

const (
	survivalKind    = "cohort.survival"
	survivalVersion = 1
)

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// accumulator encoding, strata in name order.
func (a *SurvivalAccumulator) MarshalBinary() ([]byte, error) {
	if a.exits == nil {
		return nil, errSurvivalNotBuilt
	}
	s := survivalState{ConfType: a.opts.ConfType, ConfLevel: a.opts.ConfLevel, Horizon: a.opts.Horizon, Strata: a.exits.counts()}
	return accum.Encode(survivalKind, survivalVersion, s)
}

// UnmarshalBinary replaces a's state with the encoded one, after checking it
// is one Add and Merge could have built (every problem reported, wrapping
// ErrInvalid). On error a is unchanged.
func (a *SurvivalAccumulator) UnmarshalBinary(data []byte) error {
	var s survivalState
	if _, err := accum.Decode(data, survivalKind, survivalVersion, &s, ErrInvalid); err != nil {
		return err
	}
	restored, err := NewSurvivalAccumulator(SurvivalOptions{ConfType: s.ConfType, ConfLevel: s.ConfLevel, Horizon: s.Horizon})
	if err != nil {
		return fmt.Errorf("decoding %s state: %w", survivalKind, err)
	}
	if restored.opts.ConfType != s.ConfType || restored.opts.ConfLevel != s.ConfLevel {
		return fmt.Errorf("%w: decoding %s state: conf_type and conf_level must be set", ErrInvalid, survivalKind)
	}
	if err := restored.exits.restore(s.Strata, survivalKind); err != nil {
		return err
	}
	*a = *restored
	return nil
}

// readSurvival adds every observation to a new accumulator, reporting every
// invalid one with its index in one error (as readIncidence does, which it
// is); a read error ends the reading and is returned with the problems
// found before it. Pooled reading files every observation under one
// stratum.
func readSurvival(obs iter.Seq2[Observation, error], opts SurvivalOptions, byStratum bool) (*SurvivalAccumulator, error) {
	a, err := NewSurvivalAccumulator(opts)
	if err != nil {
		return nil, err
	}
	var competing iter.Seq2[CompetingObservation, error]
	if obs != nil {
		competing = func(yield func(CompetingObservation, error) bool) {
			for o, err := range obs {
				if !yield(o.competing(), err) {
					return
				}
			}
		}
	}
	exits, err := readIncidence(competing, IncidenceOptions{Kinds: survivalKinds}, byStratum)
	if err != nil {
		return nil, err
	}
	a.exits = exits
	return a, nil
}

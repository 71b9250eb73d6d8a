package cohort

import (
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// IncidenceAccumulator gathers competing-risks observations for cumulative
// incidence curves and Gray's test. It follows the SDK's accumulator
// contract (see the package doc): AddAll and AddFrom stop at the first bad
// observation or read error, Merge combines shards split any way into
// exactly the accumulator of the whole (the curves are bit for bit those of
// one pass), and MarshalBinary and UnmarshalBinary encode its state (per
// stratum, the events of each kind and the censorings at each distinct time)
// as versioned JSON for a pipeline's coder.
//
// Build one with NewIncidenceAccumulator; the zero value rejects every
// observation, though it decodes a state. An accumulator of nothing extracts
// ErrEmpty: there is nothing to estimate from. It is not safe for concurrent
// use.
type IncidenceAccumulator struct {
	opts   IncidenceOptions // with defaults; nil Kinds until built
	strata map[string]*exits
	// last caches the stratum of the previous Add: hosts usually feed one
	// stratum's observations together.
	last *exits
}

// exits holds one stratum's observations by exit code (0 censored, k+1 the
// k-th event kind): durations added since the last compaction, unsorted,
// and the compacted counts at each distinct time.
type exits struct {
	name    string
	raw     [][]float64
	tallies [][]tally
}

// tally is the number of exits of one code at one time.
type tally struct {
	time float64
	n    int
}

// NewIncidenceAccumulator returns an empty accumulator; opts is validated
// here and fixed for the accumulator's life.
func NewIncidenceAccumulator(opts IncidenceOptions) (*IncidenceAccumulator, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &IncidenceAccumulator{opts: opts, strata: map[string]*exits{}}, nil
}

// errIncidenceNotBuilt rejects the zero IncidenceAccumulator.
var errIncidenceNotBuilt = fmt.Errorf("%w: the incidence accumulator was not made by NewIncidenceAccumulator", ErrInvalid)

// Add records one observation. An invalid one is not recorded; the error, a
// success.FieldErrors, names the field (duration, event) without its value.
func (a *IncidenceAccumulator) Add(o CompetingObservation) error {
	if a.strata == nil {
		return errIncidenceNotBuilt
	}
	if p := a.add(o); p != nil {
		return p
	}
	return nil
}

// add records o or returns its problems, with paths relative to it.
func (a *IncidenceAccumulator) add(o CompetingObservation) success.FieldErrors {
	code := 0 // censored
	if o.Event != EventNone {
		code = slices.Index(a.opts.Kinds, o.Event) + 1 // 0 for an unknown kind
	}
	badDuration := !(o.Duration >= 0) || math.IsInf(o.Duration, 1)
	unknownKind := code == 0 && o.Event != EventNone
	if badDuration || unknownKind {
		var problems success.FieldErrors
		if badDuration {
			fielderr.Addf(&problems, ErrInvalid, "duration", "must be a finite number >= 0, got %s", numberKind(o.Duration))
		}
		if unknownKind {
			fielderr.AddErr(&problems, ErrInvalid, "event", oneOf(o.Event, "event kind", a.opts.Kinds...))
		}
		return problems
	}
	if o.Duration == 0 {
		o.Duration = 0 // -0 would sort after every positive duration by its bits
	}
	s := a.last
	if s == nil || s.name != o.Stratum {
		s = a.strata[o.Stratum]
		if s == nil {
			s = a.newExits(o.Stratum)
			a.strata[o.Stratum] = s
		}
		a.last = s
	}
	s.raw[code] = append(s.raw[code], o.Duration)
	return nil
}

func (a *IncidenceAccumulator) newExits(name string) *exits {
	codes := len(a.opts.Kinds) + 1
	return &exits{name: name, raw: make([][]float64, codes), tallies: make([][]tally, codes)}
}

// AddAll adds every observation of obs, under the accumulator contract: it
// stops at the first invalid one and names it by its position
// ("observations[41].duration"); the observations before it stay added. A
// nil sequence is ErrInvalid.
func (a *IncidenceAccumulator) AddAll(obs iter.Seq[CompetingObservation]) error {
	return a.AddFrom(accum.Values(obs))
}

// AddFrom is AddAll for observations that can fail to read, such as a file:
// it stops at the first error obs yields and returns it with the
// observation's position; the observations before it stay added.
func (a *IncidenceAccumulator) AddFrom(obs iter.Seq2[CompetingObservation, error]) error {
	if a.strata == nil {
		return errIncidenceNotBuilt
	}
	return accum.AddFrom(obs, "observations", ErrInvalid, a.Add)
}

// Merge adds the observations of b into a. Both must have the same options;
// b must be another accumulator (merging a into itself would count its
// observations twice), else the error wraps ErrInvalid. A failed merge
// leaves a unchanged.
func (a *IncidenceAccumulator) Merge(b *IncidenceAccumulator) error {
	if err := accum.CheckMerge(a, b, "incidence", ErrInvalid); err != nil {
		return err
	}
	if a.strata == nil || b.strata == nil {
		return errIncidenceNotBuilt
	}
	if !sameIncidenceOptions(a.opts, b.opts) {
		return fmt.Errorf("%w: cannot merge incidence accumulators with different options", ErrInvalid)
	}
	for name, bs := range b.strata {
		as := a.strata[name]
		if as == nil {
			as = a.newExits(name)
			a.strata[name] = as
		}
		for c := range bs.raw {
			as.raw[c] = append(as.raw[c], bs.raw[c]...)
			if len(bs.tallies[c]) > 0 {
				as.tallies[c] = mergeTallies(as.tallies[c], bs.tallies[c])
			}
		}
	}
	return nil
}

func sameIncidenceOptions(x, y IncidenceOptions) bool {
	return slices.Equal(x.Kinds, y.Kinds) && x.Variance == y.Variance && x.ConfType == y.ConfType &&
		x.ConfLevel == y.ConfLevel && x.GrayRho == y.GrayRho
}

// compact sorts the raw durations of every code into the tallies.
func (s *exits) compact() {
	for c, raw := range s.raw {
		if len(raw) == 0 {
			continue
		}
		sortDurations(raw)
		distinct := 1
		for i := 1; i < len(raw); i++ {
			if raw[i] != raw[i-1] {
				distinct++
			}
		}
		t := make([]tally, 0, distinct)
		for i := 0; i < len(raw); {
			n := runLength(raw[i:], raw[i])
			t = append(t, tally{time: raw[i], n: n})
			i += n
		}
		s.tallies[c] = mergeTallies(s.tallies[c], t)
		s.raw[c] = nil
	}
}

// mergeTallies merges two sorted tally lists, adding the counts of a time
// both hold. It returns b itself when a is empty.
func mergeTallies(a, b []tally) []tally {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]tally, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0].time < b[0].time:
			out, a = append(out, a[0]), a[1:]
		case b[0].time < a[0].time:
			out, b = append(out, b[0]), b[1:]
		default:
			out = append(out, tally{time: a[0].time, n: a[0].n + b[0].n})
			a, b = a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// names returns the strata names, sorted.
func (a *IncidenceAccumulator) names() []string { return slices.Sorted(maps.Keys(a.strata)) }

// Pooled estimates the cumulative incidence curves of all observations
// pooled (strata ignored). It fails with ErrEmpty when nothing was added.
func (a *IncidenceAccumulator) Pooled() (IncidenceCurve, error) {
	if a.strata == nil {
		return IncidenceCurve{}, errIncidenceNotBuilt
	}
	tb, err := a.pooledTable()
	if err != nil {
		return IncidenceCurve{}, err
	}
	return tb.estimate(a.opts), nil
}

// pooledTable merges every stratum's exits into one table; it fails with
// ErrEmpty when nothing was added.
func (a *IncidenceAccumulator) pooledTable() (*incidenceTable, error) {
	lists := make([][]tally, len(a.opts.Kinds)+1)
	for _, name := range a.names() {
		s := a.strata[name]
		s.compact()
		for c := range lists {
			lists[c] = mergeTallies(lists[c], s.tallies[c])
		}
	}
	tb := newIncidenceTable("", lists)
	if tb.subjects == 0 {
		return nil, &success.FieldError{Path: "observations", Problem: "no observations", Err: ErrEmpty}
	}
	return tb, nil
}

// ByStratum estimates one set of curves per stratum, sorted by stratum
// name, and Gray's test between the strata for each event kind where it is
// defined. Every observation needs a stratum; it fails with ErrEmpty when
// nothing was added.
func (a *IncidenceAccumulator) ByStratum() (IncidenceByStratum, error) {
	if a.strata == nil {
		return IncidenceByStratum{}, errIncidenceNotBuilt
	}
	tables, err := a.tables()
	if err != nil {
		return IncidenceByStratum{}, err
	}
	out := IncidenceByStratum{Curves: make([]IncidenceCurve, len(tables)), Gray: []GrayTest{}}
	for i, tb := range tables {
		out.Curves[i] = tb.estimate(a.opts)
	}
	for k, kind := range a.opts.Kinds {
		g, err := grayTest(tables, k, a.opts.GrayRho)
		if err != nil {
			if out.GrayUndefined == nil {
				out.GrayUndefined = map[EventKind]string{}
			}
			out.GrayUndefined[kind] = err.Error()
			continue
		}
		g.Event = kind
		out.Gray = append(out.Gray, g)
	}
	return out, nil
}

// tables returns one table per stratum, sorted by name; every stratum
// needs a name.
func (a *IncidenceAccumulator) tables() ([]*incidenceTable, error) {
	if _, ok := a.strata[""]; ok {
		return nil, &success.FieldError{Path: "observations.stratum", Problem: "is required when comparing strata", Err: ErrInvalid}
	}
	if len(a.strata) == 0 {
		return nil, &success.FieldError{Path: "observations", Problem: "no observations", Err: ErrEmpty}
	}
	names := a.names()
	out := make([]*incidenceTable, len(names))
	for i, name := range names {
		s := a.strata[name]
		s.compact()
		out[i] = newIncidenceTable(name, s.tallies)
	}
	return out, nil
}

// incidenceState is the encodable state of an IncidenceAccumulator: its
// options and, per stratum, the exits at each distinct time.
type incidenceState struct {
	Kinds     []EventKind     `json:"kinds"`
	Variance  VarianceMethod  `json:"variance"`
	ConfType  ConfType        `json:"conf_type"`
	ConfLevel float64         `json:"conf_level"`
	GrayRho   float64         `json:"gray_rho"`
	Strata    []stratumCounts `json:"strata"`
}

// stratumCounts is one stratum's exits at each time of Times (increasing):
// the censorings, and the events of each kind in the order of the state's
// Kinds.
type stratumCounts struct {
	Stratum  string    `json:"stratum"`
	Times    []float64 `json:"times"`
	Censored []int     `json:"censored"`
	Events   [][]int   `json:"events"`
}

const (
	incidenceKind    = "cohort.incidence"
	incidenceVersion = 1
	// maxStateSubjects caps the observations a decoded state may count, so
	// that every count and sum stays exact in a float64 and fits an int on
	// 32-bit platforms too.
	maxStateSubjects = min(1<<53, math.MaxInt)
)

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// accumulator encoding, strata in name order.
func (a *IncidenceAccumulator) MarshalBinary() ([]byte, error) {
	if a.strata == nil {
		return nil, errIncidenceNotBuilt
	}
	s := incidenceState{Kinds: a.opts.Kinds, Variance: a.opts.Variance, ConfType: a.opts.ConfType,
		ConfLevel: a.opts.ConfLevel, GrayRho: a.opts.GrayRho, Strata: a.counts()}
	return accum.Encode(incidenceKind, incidenceVersion, s)
}

// counts returns each stratum's exits at each distinct time, strata in name
// order: the encoded form of the state.
func (a *IncidenceAccumulator) counts() []stratumCounts {
	out := []stratumCounts{}
	for _, name := range a.names() {
		e := a.strata[name]
		e.compact()
		tb := newIncidenceTable(name, e.tallies)
		codes := tb.kinds + 1
		columns := make([][]int, codes)
		for c := range columns {
			columns[c] = make([]int, len(tb.times))
			for j := range tb.times {
				columns[c][j] = tb.counts[j*codes+c]
			}
		}
		out = append(out, stratumCounts{Stratum: name, Times: tb.times, Censored: columns[0], Events: columns[1:]})
	}
	return out
}

// UnmarshalBinary replaces a's state with the encoded one, after checking it
// is one Add and Merge could have built (every problem reported, wrapping
// ErrInvalid). On error a is unchanged.
func (a *IncidenceAccumulator) UnmarshalBinary(data []byte) error {
	var s incidenceState
	if _, err := accum.Decode(data, incidenceKind, incidenceVersion, &s, ErrInvalid); err != nil {
		return err
	}
	if s.Kinds == nil {
		return fmt.Errorf("%w: decoding %s state: kinds: is required", ErrInvalid, incidenceKind)
	}
	restored, err := NewIncidenceAccumulator(IncidenceOptions{Kinds: s.Kinds, Variance: s.Variance,
		ConfType: s.ConfType, ConfLevel: s.ConfLevel, GrayRho: s.GrayRho})
	if err != nil {
		return fmt.Errorf("decoding %s state: %w", incidenceKind, err)
	}
	if restored.opts.Variance != s.Variance || restored.opts.ConfType != s.ConfType || restored.opts.ConfLevel != s.ConfLevel {
		return fmt.Errorf("%w: decoding %s state: variance, conf_type and conf_level must be set", ErrInvalid, incidenceKind)
	}
	if err := restored.restore(s.Strata, incidenceKind); err != nil {
		return err
	}
	*a = *restored
	return nil
}

// restore fills a, new and empty, with decoded strata after checking they
// are ones Add and Merge could have built (every problem reported, wrapping
// ErrInvalid); kind names the state in errors.
func (a *IncidenceAccumulator) restore(strata []stratumCounts, kind string) error {
	kinds := len(a.opts.Kinds)
	var problems success.FieldErrors
	var total int64 // sums in 64 bits: a row of counts near MaxInt would overflow int on 32-bit platforms
	for i, sc := range strata {
		at := func(field string) string { return indexPath("strata", i, field) }
		if _, dup := a.strata[sc.Stratum]; dup {
			fielderr.Addf(&problems, ErrInvalid, at("stratum"), "appears twice")
			continue
		}
		// Column 0 is the censorings, column k+1 the k-th kind's events.
		columns := append([][]int{sc.Censored}, sc.Events...)
		ok := len(sc.Times) > 0 && len(sc.Events) == kinds
		for _, col := range columns {
			ok = ok && len(col) == len(sc.Times)
		}
		if !ok {
			fielderr.Addf(&problems, ErrInvalid, at("times"), "want at least one time, and one count per time for the censorings and for each of the %d event kinds", kinds)
			continue
		}
		e := a.newExits(sc.Stratum)
		for j, t := range sc.Times {
			switch {
			case !(t >= 0) || math.IsInf(t, 1) || math.Signbit(t):
				fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("strata[%d].times[%d]", i, j), "must be a finite number >= 0, got %s", numberKind(t))
				continue
			case j > 0 && !(t > sc.Times[j-1]):
				fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("strata[%d].times[%d]", i, j), "must be greater than the time before it")
				continue
			}
			var row int64
			for c, col := range columns {
				if n := col[j]; n < 0 || n > maxStateSubjects {
					fielderr.Addf(&problems, ErrInvalid, at(columnPath(c, j)), "must be in 0..%d, got %s", maxStateSubjects, countKind(n, maxStateSubjects))
					row = -1
					break
				}
				row += int64(col[j])
			}
			if row == 0 {
				fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("strata[%d].times[%d]", i, j), "has no observation")
			}
			if row <= 0 {
				continue
			}
			if total += row; total > maxStateSubjects {
				return fmt.Errorf("%w: decoding %s state: more than %d observations", ErrInvalid, kind, maxStateSubjects)
			}
			for c, col := range columns {
				if col[j] > 0 {
					e.tallies[c] = append(e.tallies[c], tally{time: t, n: col[j]})
				}
			}
		}
		a.strata[sc.Stratum] = e
	}
	return problems.Err()
}

// columnPath names count j of column c of a stratum's state.
func columnPath(c, j int) string {
	if c == 0 {
		return fmt.Sprintf("censored[%d]", j)
	}
	return fmt.Sprintf("events[%d][%d]", c-1, j)
}

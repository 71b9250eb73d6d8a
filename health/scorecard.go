package health

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Scorecard defines how an account's health is scored: measures, nested groups
// of measures, bands, and what to do with missing inputs. It is plain data,
// built in Go or loaded from JSON (LoadScorecard); Compile validates it and
// returns the Plan that scores accounts.
//
// Weights are relative within their group: 3/2/1 and 50/33.3/16.7 mean the
// same thing. The scorecard itself is the root group. IDs are unique across
// the scorecard's measures and groups and are what scores, explanations and
// JSON refer to; names are display labels for people and may be empty (show
// the ID then).
type Scorecard struct {
	ID       string
	Name     string
	Version  int
	Measures []Measure
	Groups   []Group
	Bands    []Band        // nil means DefaultBands
	Missing  MissingPolicy // the zero value redistributes
	// Confidence says which scores know too little of their weight to be
	// trusted; the zero value flags those with less than half of it.
	Confidence ConfidencePolicy
}

// MaxGroupDepth is how deep groups may nest: a scorecard's own groups are at
// depth 1, their subgroups at depth 2. Validate and the loaders reject a
// group deeper than this, naming its path, so a hostile document cannot make
// loading and scoring cost more than linear in its size.
const MaxGroupDepth = 32

// Group is a named, weighted set of measures and subgroups, such as "Adoption"
// or "Relationship". Groups nest up to MaxGroupDepth levels.
type Group struct {
	ID       string
	Name     string
	Weight   float64
	Measures []Measure
	Groups   []Group
}

// Measure is one scored signal, such as weekly active users or the CSM's
// sentiment rating. Its input is looked up by ID.
type Measure struct {
	ID         string
	Name       string
	Weight     float64
	Normaliser Normaliser
	// Subjective marks a manual input (a CSM's rating); the score reports the
	// share of its weight that came from subjective measures.
	Subjective bool
	// Critical, when set, caps the band of the whole score while this measure
	// scores below its floor.
	Critical *Critical
}

// Critical caps the band of a score: when the measure is present and its
// points are below Below, the score's band is at most CapBand, whatever the
// weighted average says ("payment failed" forces red). A missing measure
// never triggers its cap.
type Critical struct {
	Below   float64
	CapBand string
}

// MissingRule says what happens to a measure whose input is missing.
type MissingRule string

const (
	// Redistribute gives a missing measure's weight to its present siblings in
	// proportion to their weights; a group whose measures are all missing is
	// itself missing. This is the default.
	Redistribute MissingRule = "redistribute"
	// FixedPoints scores a missing measure as MissingPolicy.Points.
	FixedPoints MissingRule = "points"
	// Unavailable makes the whole score unavailable when any input is missing.
	Unavailable MissingRule = "unavailable"
)

// Validate reports whether r is one of the defined rules; the empty rule
// means Redistribute and is valid.
func (r MissingRule) Validate() error {
	return enum.OneOf(r, "missing-input rule", ErrInvalid, "", Redistribute, FixedPoints, Unavailable)
}

// MissingPolicy is a scorecard's rule for missing inputs. Its zero value
// redistributes.
type MissingPolicy struct {
	Rule   MissingRule // "" means Redistribute
	Points float64     // for FixedPoints, 0..100; must be 0 under the other rules
}

func (p MissingPolicy) rule() MissingRule {
	if p.Rule == "" {
		return Redistribute
	}
	return p.Rule
}

// Validate reports every problem with the scorecard at once, as
// success.FieldErrors with paths such as "groups[1].measures[0].weight".
func (sc Scorecard) Validate() error { return sc.validate().Err() }

func (sc Scorecard) validate() success.FieldErrors {
	var ps success.FieldErrors
	if sc.ID == "" {
		fielderr.Addf(&ps, ErrInvalid, "id", "must not be empty")
	}
	if sc.Version < 0 {
		fielderr.Addf(&ps, ErrInvalid, "version", "must be >= 0, got %d", sc.Version)
	}
	bands := sc.bands()
	if sc.Bands != nil {
		ps = append(ps, fielderr.Prefix(validateBands(sc.Bands), "bands")...)
	}
	bandNames := make(map[string]bool, len(bands))
	for _, b := range bands {
		bandNames[b.Name] = true
	}
	if err := sc.Missing.Rule.Validate(); err != nil {
		fielderr.AddErr(&ps, ErrInvalid, "missing.rule", err)
	} else if sc.Missing.Rule == FixedPoints && !validPoints(sc.Missing.Points) {
		fielderr.Addf(&ps, ErrInvalid, "missing.points", "must be within 0..100, got %v", sc.Missing.Points)
	} else if sc.Missing.Rule != FixedPoints && sc.Missing.Points != 0 {
		fielderr.Addf(&ps, ErrInvalid, "missing.points", "only applies to rule %q; rule %q ignores it, got %v", FixedPoints, sc.Missing.rule(), sc.Missing.Points)
	}
	ps = append(ps, fielderr.Prefix(sc.Confidence.validate(), "confidence")...)
	ids := map[string]string{} // ID -> path of first use
	var walk func(path string, depth int, measures []Measure, groups []Group)
	walk = func(prefix string, depth int, measures []Measure, groups []Group) {
		at := func(s string) string {
			if prefix == "" {
				return s
			}
			return prefix + "." + s
		}
		if len(measures)+len(groups) == 0 {
			fielderr.Addf(&ps, ErrInvalid, at("measures"), "must have at least one measure or group")
		}
		total, badWeight := 0.0, false
		checkID := func(path, id string) {
			if id == "" {
				fielderr.Addf(&ps, ErrInvalid, path+".id", "must not be empty")
				return
			}
			if first, dup := ids[id]; dup {
				fielderr.Addf(&ps, ErrInvalid, path+".id", "duplicate ID %q (also %s)", id, first)
				return
			}
			ids[id] = path
		}
		checkWeight := func(path string, w float64) {
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				fielderr.Addf(&ps, ErrInvalid, path+".weight", "must be >= 0 and finite, got %v", w)
				badWeight = true
				return
			}
			total += w
		}
		for i, m := range measures {
			path := at("measures[" + strconv.Itoa(i) + "]")
			checkID(path, m.ID)
			checkWeight(path, m.Weight)
			ps = append(ps, fielderr.Prefix(m.Normaliser.validate(), path+".normaliser")...)
			if c := m.Critical; c != nil {
				if !(c.Below > 0 && c.Below <= 100) {
					fielderr.Addf(&ps, ErrInvalid, path+".critical.below", "must be within (0, 100], got %v", c.Below)
				}
				if !bandNames[c.CapBand] {
					fielderr.Addf(&ps, ErrInvalid, path+".critical.cap_band", "unknown band %q", c.CapBand)
				}
			}
		}
		for i, g := range groups {
			path := at("groups[" + strconv.Itoa(i) + "]")
			if depth > MaxGroupDepth {
				fielderr.Addf(&ps, ErrInvalid, path, "groups nest deeper than %d levels", MaxGroupDepth)
				badWeight = true // the weights below the cap are not checked
				break
			}
			checkID(path, g.ID)
			checkWeight(path, g.Weight)
			walk(path, depth+1, g.Measures, g.Groups)
		}
		if len(measures)+len(groups) > 0 && total == 0 && !badWeight {
			where := prefix
			if where == "" {
				where = "the scorecard"
			}
			fielderr.Addf(&ps, ErrInvalid, at("weights"), "weights in %s are all zero; at least one must be > 0", where)
		}
	}
	walk("", 1, sc.Measures, sc.Groups)
	return ps
}

func (sc Scorecard) bands() []Band {
	if sc.Bands == nil {
		return DefaultBands()
	}
	return sc.Bands
}

// MeasureIDs returns the IDs of every measure in scoring order (depth first,
// a group's measures before its subgroups): the order of Plan columns.
func (sc Scorecard) MeasureIDs() []string {
	var ids []string
	var walk func([]Measure, []Group)
	walk = func(ms []Measure, gs []Group) {
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		for _, g := range gs {
			walk(g.Measures, g.Groups)
		}
	}
	walk(sc.Measures, sc.Groups)
	return ids
}

// Clone returns a deep copy, so a compiled plan is unaffected by later edits.
func (sc Scorecard) Clone() Scorecard {
	c := sc
	c.Bands = cloneSlice(sc.Bands)
	c.Measures = cloneMeasures(sc.Measures)
	c.Groups = cloneGroups(sc.Groups)
	return c
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

func cloneMeasures(ms []Measure) []Measure {
	out := cloneSlice(ms)
	for i := range out {
		n := &out[i].Normaliser
		n.Tiers = cloneSlice(n.Tiers)
		n.Categories = cloneSlice(n.Categories)
		if n.DefaultPoints != nil {
			d := *n.DefaultPoints
			n.DefaultPoints = &d
		}
		if c := out[i].Critical; c != nil {
			cc := *c
			out[i].Critical = &cc
		}
	}
	return out
}

func cloneGroups(gs []Group) []Group {
	out := cloneSlice(gs)
	for i := range out {
		out[i].Measures = cloneMeasures(out[i].Measures)
		out[i].Groups = cloneGroups(out[i].Groups)
	}
	return out
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (r *MissingRule) UnmarshalText(b []byte) error { return enum.Decode(r, b) }

// MarshalText implements encoding.TextMarshaler (flag.TextVar, text
// encoders); an invalid value is an error, so what is written reads back.
func (r MissingRule) MarshalText() ([]byte, error) { return enum.Encode(r) }

// MarshalJSON writes the document LoadScorecard reads. A func normaliser is
// written by name; the function itself stays with the host.
func (sc Scorecard) MarshalJSON() ([]byte, error) {
	out := scorecardJSON{ID: sc.ID, Name: sc.Name, Version: sc.Version,
		Measures: measuresJSON(sc.Measures), Groups: groupsJSON(sc.Groups)}
	if sc.Missing != (MissingPolicy{}) {
		out.Missing = &missingJSON{Rule: sc.Missing.rule()}
		if sc.Missing.Rule == FixedPoints {
			out.Missing.Points = &sc.Missing.Points
		}
	}
	if sc.Confidence != (ConfidencePolicy{}) {
		out.Confidence = &confidenceJSON{MinKnownShare: sc.Confidence.MinKnownShare, Low: sc.Confidence.Low}
	}
	for _, b := range sc.Bands {
		out.Bands = append(out.Bands, bandJSON(b))
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a scorecard as LoadScorecard does, without host
// functions; use LoadScorecard for scorecards with func normalisers.
func (sc *Scorecard) UnmarshalJSON(data []byte) error {
	v, err := loadScorecard(data, LoadOptions{})
	if err != nil {
		return err
	}
	*sc = v
	return nil
}

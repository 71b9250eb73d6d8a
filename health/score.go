package health

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/secondsale/secondsale/success"
)

// Inputs are one account's raw measure inputs keyed by measure ID: numbers for
// linear and tiered measures, bools for boolean ones, strings for categorical
// ones, anything the host function accepts for func measures. An absent key or
// the zero success.Value means the input is missing.
type Inputs map[string]success.Value

// ScoreOptions are optional settings of Plan.Score; the zero value means none.
type ScoreOptions struct {
	// Override is the account's current manual override, if any. It is
	// validated, and applied only when active as of the scoring time.
	Override *Override
}

// Score is an account's health as of a time, with everything needed to trust
// it: each measure's input, points, weight and contribution (the
// contributions add up to Value), what was missing, which critical measures
// capped the band, how much of the weight was subjective, and any override.
type Score struct {
	// ID identifies the snapshot; a Store assigns NewScoreID(AsOf), a
	// time-ordered UUID v7, on Append when it is uuid.Nil. JSON writes it in
	// canonical text form.
	ID               uuid.UUID         `json:"id,omitzero"`
	Account          success.AccountID `json:"account"`
	ScorecardID      string            `json:"scorecard_id"`
	ScorecardVersion int               `json:"scorecard_version"`
	AsOf             time.Time         `json:"as_of"`

	// Available is false when the missing-input policy leaves no score; Value
	// is then 0 and Band empty.
	Available bool    `json:"available"`
	Value     float64 `json:"value"` // the computed score, 0..100
	Band      string  `json:"band"`  // the band of Value after critical caps
	// UncappedBand is the band of Value before critical caps.
	UncappedBand string `json:"uncapped_band"`

	Measures []MeasureScore `json:"measures"`
	Groups   []GroupScore   `json:"groups,omitempty"`

	Missing       []string `json:"missing,omitempty"` // IDs of measures without input
	MissingWeight float64  `json:"missing_weight"`    // their share of the nominal weight, 0..1
	Caps          []Cap    `json:"caps,omitempty"`
	// SubjectiveShare is the share of the score's effective weight that came
	// from present subjective (manual) measures, 0..1.
	SubjectiveShare float64 `json:"subjective_share"`

	// Override is the manual override in force as of AsOf, or nil.
	Override *Override `json:"override,omitempty"`
	// ReportedValue and ReportedBand are what to show: the override where one
	// is in force, the computed Value and Band otherwise.
	ReportedValue float64 `json:"reported_value"`
	ReportedBand  string  `json:"reported_band"`
}

// MeasureScore is one measure's part in a score.
type MeasureScore struct {
	ID    string        `json:"id"`
	Group string        `json:"group,omitempty"` // enclosing group ID, empty at the top level
	Input success.Value `json:"input,omitzero"`
	// Points is the normalised input, 0..100 (the policy's points when
	// missing under FixedPoints, 0 when missing otherwise).
	Points float64 `json:"points"`
	// Weight is the measure's share of the score when nothing is missing;
	// EffectiveWeight is its share after redistribution. Both are 0..1.
	Weight          float64 `json:"weight"`
	EffectiveWeight float64 `json:"effective_weight"`
	// Contribution is EffectiveWeight * Points, in score points.
	Contribution float64 `json:"contribution"`
	Missing      bool    `json:"missing,omitempty"`
	Subjective   bool    `json:"subjective,omitempty"`
}

// GroupScore is one group's part in a score. Value is the group's own score
// 0..100 (its contribution divided by its effective weight).
type GroupScore struct {
	ID              string  `json:"id"`
	Parent          string  `json:"parent,omitempty"`
	Missing         bool    `json:"missing,omitempty"`
	Value           float64 `json:"value"`
	Weight          float64 `json:"weight"`
	EffectiveWeight float64 `json:"effective_weight"`
	Contribution    float64 `json:"contribution"`
}

// Cap records a critical measure that capped the band.
type Cap struct {
	Measure string  `json:"measure"`
	Points  float64 `json:"points"`
	Below   float64 `json:"below"`
	Band    string  `json:"band"`
}

// scratch holds the per-score working arrays, on the stack for scorecards of
// up to 32 nodes; larger scorecards allocate.
type scratch struct {
	points  [32]float64
	present [32]bool
	sum     [32]float64
	eff     [32]float64
	effM    [32]float64
}

func grow[T any](buf []T, n int) []T {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]T, n)
}

// evaluate applies the missing-input policy and combines points into the
// score. It is shared by the single and batch paths. points of missing
// measures must be 0 on entry; under FixedPoints they are set to the policy's
// points. It returns the node and measure effective weights used.
func (p *Plan) evaluate(points []float64, present []bool, missing int, s *scratch) (available bool, value float64, eff, effM []float64) {
	eff, effM, available = p.full, p.fullM, true
	if missing > 0 {
		switch p.rule {
		case Unavailable:
			available = false
		case FixedPoints:
			for i := range points {
				if !present[i] {
					points[i] = p.fixed
				}
			}
		default:
			nn, nm := len(p.nodes), len(p.measures)
			eff, effM = grow(s.eff[:], nn), grow(s.effM[:], nm)
			available = p.weights(present, grow(s.sum[:], nn), eff, effM)
		}
	}
	if available {
		value = combine(points, effM)
	}
	return available, value, eff, effM
}

// Score scores one account as of asOf from its raw inputs. An input for an
// unknown measure, a non-finite number, an input of the wrong type, an empty
// account or a zero asOf is an error listing every problem; nothing is
// silently ignored.
func (p *Plan) Score(account success.AccountID, in Inputs, asOf time.Time, opts ScoreOptions) (Score, error) {
	var sc Score
	if err := p.ScoreInto(&sc, account, in, asOf, opts); err != nil {
		return Score{}, err
	}
	return sc, nil
}

// ScoreInto is Score writing into dst and reusing the capacity of its slices,
// so a loop that scores one account after another with full explanations
// allocates nothing once dst has grown. dst is overwritten entirely, slices
// included: keep a result beyond the next call with Score.Clone. On error
// dst's contents are unspecified.
func (p *Plan) ScoreInto(dst *Score, account success.AccountID, in Inputs, asOf time.Time, opts ScoreOptions) error {
	if err := p.checkUsable(dst); err != nil {
		return err
	}
	ps := p.checkCall(account, asOf, opts)
	measures := p.startMeasures(dst.Measures)
	found := 0
	for i := range p.measures {
		if v, ok := in[p.measures[i].id]; ok {
			measures[i].Input = v
			found++
		}
	}
	if found != len(in) {
		for id := range in {
			if _, ok := p.index[id]; !ok {
				ps.Addf(ErrInvalid, "inputs["+strconv.Quote(id)+"]", "unknown measure %q in scorecard %q", id, p.sc.ID)
			}
		}
	}
	return p.scoreMeasures(dst, measures, account, asOf, opts, ps, false)
}

// ScoreValues is ScoreInto with the inputs given by position: values[i] is the
// input of MeasureIDs()[i], the zero success.Value meaning missing. It skips
// the map lookups of Inputs, for pipelines that keep full explanations.
func (p *Plan) ScoreValues(dst *Score, account success.AccountID, values []success.Value, asOf time.Time, opts ScoreOptions) error {
	if err := p.checkUsable(dst); err != nil {
		return err
	}
	ps := p.checkCall(account, asOf, opts)
	if len(values) != len(p.measures) {
		ps.Addf(ErrInvalid, "values", "has %d inputs, want %d (one per measure, in MeasureIDs order)", len(values), len(p.measures))
		return ps
	}
	measures := p.startMeasures(dst.Measures)
	for i := range measures {
		measures[i].Input = values[i]
	}
	return p.scoreMeasures(dst, measures, account, asOf, opts, ps, true)
}

// startMeasures returns buf resized to one entry per measure (reusing its
// array when large enough) and reset to the plan's template: IDs, groups,
// subjectivity and nominal weights set, everything else zero.
func (p *Plan) startMeasures(buf []MeasureScore) []MeasureScore {
	if cap(buf) >= len(p.measureTemplate) {
		buf = buf[:len(p.measureTemplate)]
		copy(buf, p.measureTemplate)
		return buf
	}
	// A new array is zero: set the template's fields one by one. A bulk copy
	// into fresh memory pays the garbage collector's bulk write barrier over
	// every word while marking is on, which in allocation-heavy loops cost
	// as much as the allocation itself.
	out := make([]MeasureScore, len(p.measureTemplate))
	for i := range p.measureTemplate {
		t, m := &p.measureTemplate[i], &out[i]
		m.ID, m.Group, m.Weight, m.Subjective = t.ID, t.Group, t.Weight, t.Subjective
	}
	return out
}

// startGroups is startMeasures for Score.Groups.
func (p *Plan) startGroups(buf []GroupScore) []GroupScore {
	if cap(buf) >= len(p.groupTemplate) {
		buf = buf[:len(p.groupTemplate)]
		copy(buf, p.groupTemplate)
		return buf
	}
	out := make([]GroupScore, len(p.groupTemplate))
	for i := range p.groupTemplate {
		t, g := &p.groupTemplate[i], &out[i]
		g.ID, g.Parent, g.Weight, g.Missing = t.ID, t.Parent, t.Weight, t.Missing
	}
	return out
}

// checkUsable rejects a Plan that did not come from Compile (its zero value)
// and a nil destination, which would otherwise panic.
func (p *Plan) checkUsable(dst *Score) error {
	if len(p.nodes) == 0 {
		return errNotCompiled
	}
	if dst == nil {
		return fmt.Errorf("%w: the destination Score is nil", ErrInvalid)
	}
	return nil
}

func (p *Plan) checkCall(account success.AccountID, asOf time.Time, opts ScoreOptions) success.FieldErrors {
	var ps success.FieldErrors
	if account == "" {
		ps.Addf(ErrInvalid, "account", "must not be empty")
	}
	if asOf.IsZero() {
		ps.Addf(ErrInvalid, "as_of", "must be set")
	}
	if opts.Override != nil {
		ps = append(ps, opts.Override.validate(p.bands).Prefix("override")...)
	}
	return ps
}

// scoreMeasures scores measures whose Input fields are filled, reporting
// bad inputs by ID (inputs["id"]) or, when positional, by index (values[i]).
func (p *Plan) scoreMeasures(dst *Score, measures []MeasureScore, account success.AccountID, asOf time.Time, opts ScoreOptions, ps success.FieldErrors, positional bool) error {
	var s scratch
	nm := len(p.measures)
	points, present := grow(s.points[:], nm), grow(s.present[:], nm)
	missing := 0
	for i := range p.measures {
		m := &p.measures[i]
		ms := &measures[i]
		if ms.Input.Kind() == success.KindNone {
			missing++
			points[i], present[i] = 0, false
			continue
		}
		pts, err := m.pointsOf(&ms.Input)
		if err != nil {
			path := "inputs[" + strconv.Quote(m.id) + "]"
			if positional {
				path = "values[" + strconv.Itoa(i) + "]"
			}
			ps.Addf(ErrInvalid, path, "measure %q: %v", m.id, err)
			continue
		}
		points[i], present[i] = pts, true
	}
	if len(ps) > 0 {
		return ps
	}
	*dst = Score{
		Account: account, ScorecardID: p.sc.ID, ScorecardVersion: p.sc.Version, AsOf: asOf,
		Measures: measures, Groups: dst.Groups[:0], Missing: dst.Missing[:0], Caps: dst.Caps[:0],
	}
	var eff, effM []float64
	dst.Available, dst.Value, eff, effM = p.evaluate(points, present, missing, &s)
	p.explain(dst, points, present, eff, effM)
	p.applyOverride(dst, opts.Override)
	return nil
}

// explain fills the per-measure and per-group breakdown and the band.
func (p *Plan) explain(sc *Score, points []float64, present []bool, eff, effM []float64) {
	for i := range p.measures {
		ms := &sc.Measures[i]
		ms.Points = points[i]
		if !present[i] {
			ms.Missing = true
			sc.Missing = append(sc.Missing, ms.ID)
			sc.MissingWeight += ms.Weight
		}
		if sc.Available {
			ms.EffectiveWeight = effM[i]
			ms.Contribution = float64(effM[i] * points[i])
			if ms.Subjective && present[i] {
				sc.SubjectiveShare += effM[i]
			}
		}
	}
	if len(p.groupTemplate) > 0 {
		p.explainGroups(sc, present, eff)
	}
	if !sc.Available {
		return
	}
	band := bandIndex(p.bands, sc.Value)
	sc.UncappedBand = p.bands[band].Name
	for _, i := range p.critical {
		if p.capTriggered(i, points, present) {
			m := &p.measures[i]
			sc.Caps = append(sc.Caps, Cap{Measure: m.id, Points: points[i], Below: m.critBelow, Band: p.bands[m.critBand].Name})
			band = min(band, m.critBand)
		}
	}
	sc.Band = p.bands[band].Name
}

// explainGroups fills Score.Groups: each group's contribution is the sum of
// its measures' contributions (in column order), and its value that sum
// divided by its effective weight.
func (p *Plan) explainGroups(sc *Score, present []bool, eff []float64) {
	groups := p.startGroups(sc.Groups)
	if sc.Available {
		for g, n := range p.groupNode {
			groups[g].EffectiveWeight = eff[n]
		}
	}
	// Locals, so the compiler need not reload the plan's slices after every
	// store into groups.
	measures, groupsOf, from := sc.Measures, p.groupsOf, p.groupsFrom
	for i := range measures {
		c, here := measures[i].Contribution, present[i]
		for _, g := range groupsOf[from[i]:from[i+1]] {
			gs := &groups[g]
			gs.Contribution += c
			if here {
				gs.Missing = false
			}
		}
	}
	for i := range groups {
		if g := &groups[i]; g.EffectiveWeight > 0 {
			g.Value = clampScore(g.Contribution / g.EffectiveWeight)
		}
	}
	sc.Groups = groups
}

func (p *Plan) applyOverride(sc *Score, o *Override) {
	sc.ReportedValue, sc.ReportedBand = sc.Value, sc.Band
	if o == nil || !o.Active(sc.AsOf) {
		return
	}
	c := *o
	if c.Value != nil {
		v := *c.Value
		c.Value = &v
		sc.ReportedValue, sc.ReportedBand = v, p.bands[bandIndex(p.bands, v)].Name
	} else {
		sc.ReportedBand = c.Band
	}
	sc.Override = &c
}

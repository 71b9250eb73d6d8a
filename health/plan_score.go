package health

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Score scores one account as of asOf from its raw inputs. An input for an
// unknown measure, a non-finite number, an input of the wrong type, an empty
// account or a zero asOf is an error listing every problem; nothing is
// silently ignored.
//
// The Score holds its own explanation, so Score allocates nothing for a
// scorecard of up to 16 measures in up to 6 groups. A larger one costs an
// array for its measures (64 bytes each) and one for its groups (32 each),
// and beyond 31 measures and groups in all, scratch space; a critical cap
// that fires, an override in force and a time input (see MeasureScore)
// cost one small allocation each. On a busy machine the
// garbage collections that even a few hundred bytes a score set off cost
// more than the scoring itself.
func (p *Plan) Score(account success.AccountID, in Inputs, asOf time.Time, opts ScoreOptions) (Score, error) {
	var sc Score
	if err := p.ScoreInto(&sc, account, in, asOf, opts); err != nil {
		return Score{}, err
	}
	return sc, nil
}

// ScoreInto is Score writing into dst and reusing a larger scorecard's
// arrays of measures and groups, so a loop over many accounts allocates
// nothing once dst has grown, for scorecards of up to 31 measures and
// groups in all (beyond, scratch space too is allocated per score), except
// for a critical cap that fires and a time input, as in Score. dst is
// overwritten entirely; a copy of it made before shares those arrays, so
// keep a result beyond the next call with Score.Clone. On error dst's
// contents are unspecified.
func (p *Plan) ScoreInto(dst *Score, account success.AccountID, in Inputs, asOf time.Time, opts ScoreOptions) error {
	if err := p.checkUsable(dst); err != nil {
		return err
	}
	ps := p.checkCall(account, asOf, opts)
	var arrays inputArrays
	w := arrays.state(len(p.measures))
	measures, groups := dst.parts.resize(len(p.measures), len(p.groupNode))
	// Inputs with a value are counted as found; only when the count falls
	// short of the map's size (an unknown ID, or an explicit zero Value) are
	// the keys checked one by one.
	//
	// Each input is read one lookup after it is copied out of the map: read
	// at once, the copy would wait for its own stores to drain (a
	// store-forwarding stall that cost a fifth of ScoreInto).
	found := 0
	var copies [2]success.Value
	for i := 0; i <= len(p.measures); i++ {
		if i < len(p.measures) {
			copies[i&1] = in[p.measures[i].id]
		}
		if i == 0 {
			continue
		}
		j := i - 1
		present, err := w.take(&p.measures[j], &p.measureInfo[j], j, &copies[j&1], &measures[j])
		if present {
			found++
		}
		if err != nil {
			id := p.measures[j].id
			fielderr.Addf(&ps, ErrInvalid, "inputs["+strconv.Quote(id)+"]", "measure %q: %v", id, err)
		}
	}
	if found != len(in) {
		for id := range in {
			if _, ok := p.index[id]; !ok {
				fielderr.Addf(&ps, ErrInvalid, "inputs["+strconv.Quote(id)+"]", "unknown measure %q in scorecard %q", id, p.sc.ID)
			}
		}
	}
	if len(ps) > 0 {
		return ps
	}
	p.explainScore(dst, measures, groups, &w, account, asOf, opts.Override)
	return nil
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
		fielderr.Addf(&ps, ErrInvalid, "values", "has %d inputs, want %d (one per measure, in MeasureIDs order)", len(values), len(p.measures))
		return ps
	}
	var arrays inputArrays
	w := arrays.state(len(p.measures))
	measures, groups := dst.parts.resize(len(p.measures), len(p.groupNode))
	for i := range p.measures {
		if _, err := w.take(&p.measures[i], &p.measureInfo[i], i, &values[i], &measures[i]); err != nil {
			fielderr.Addf(&ps, ErrInvalid, "values["+strconv.Itoa(i)+"]", "measure %q: %v", p.measures[i].id, err)
		}
	}
	if len(ps) > 0 {
		return ps
	}
	p.explainScore(dst, measures, groups, &w, account, asOf, opts.Override)
	return nil
}

// inputState is what the single-account path knows about one account's
// inputs once normalised: each measure's points, whether its input is
// present, and how many are missing. Its arrays live in the caller's frame
// (see inputArrays), so nothing escapes to the heap.
type inputState struct {
	points  []float64
	present []bool
	missing int
}

// inputArrays backs an inputState on the stack for plans of up to 32
// measures; larger plans allocate.
type inputArrays struct {
	points  [32]float64
	present [32]bool
}

func (a *inputArrays) state(measures int) inputState {
	return inputState{points: resize(a.points[:], measures), present: resize(a.present[:], measures)}
}

// take normalises measure i's input v, stores it in ms with the measure's
// info, and reports
// whether it is present: a zero Value is counted as missing. A bad input is
// returned for the caller to report at its path. (Each success.Value
// accessor copies the whole value, so its kind is read once, here, and a
// number or a category, the common cases, are read once for both uses.)
func (w *inputState) take(m *planMeasure, info *MeasureInfo, i int, v *success.Value, ms *MeasureScore) (present bool, err error) {
	var pts float64
	switch k := v.Kind(); {
	case k == success.KindNone:
		ms.setInput(info, v)
		w.missing++
		return false, nil
	case k == success.KindNumber && m.kind <= opTiers:
		x, _ := v.Num()
		ms.setNumber(info, x)
		pts, err = m.pointsOfNumber(x)
	case k == success.KindString && m.kind == opCategorical:
		s, _ := v.Str()
		ms.setString(info, s)
		if c := m.categoryIndex(s); c >= 0 {
			pts = m.catPoints[c]
			break
		}
		pts, err = m.pointsOf(v)
	default:
		ms.setInput(info, v)
		pts, err = m.pointsOf(v)
	}
	if err != nil {
		return true, err
	}
	w.points[i], w.present[i] = pts, true
	return true, nil
}

// resize returns buf with length n: buf's own array (contents kept) when its
// capacity allows, a new zeroed one otherwise.
func resize[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n)
}

// checkUsable rejects a nil Plan, one that did not come from Compile (its
// zero value) and a nil destination, which would otherwise panic.
func (p *Plan) checkUsable(dst *Score) error {
	if !p.usable() {
		return errNotCompiled
	}
	if dst == nil {
		return fmt.Errorf("%w: the destination Score is nil", ErrInvalid)
	}
	return nil
}

func (p *Plan) usable() bool { return p != nil && len(p.nodes) > 0 }

func (p *Plan) checkCall(account success.AccountID, asOf time.Time, opts ScoreOptions) success.FieldErrors {
	var ps success.FieldErrors
	if account == "" {
		fielderr.Addf(&ps, ErrInvalid, "account", "must not be empty")
	}
	if asOf.IsZero() {
		fielderr.Addf(&ps, ErrInvalid, "as_of", "must be set")
	}
	if opts.Override != nil {
		ps = append(ps, fielderr.Prefix(opts.Override.validate(p.bands), "override")...)
	}
	return ps
}

// explainScore applies the missing-input policy and writes the whole
// explained score into dst in one pass over the measures: each measure's
// points, weights and contribution, the value (the contributions added in
// column order, exactly as combine adds them for the batch path), the
// groups, missing measures, subjective share, band, caps and override.
// measures already hold the inputs.
func (p *Plan) explainScore(dst *Score, measures []MeasureScore, groups []GroupScore, w *inputState, account success.AccountID, asOf time.Time, o *Override) {
	// Every field but the parts, which hold the inputs and whose storage is
	// reused (TestScoreIntoClearsEveryField checks none is left out).
	dst.ID, dst.Account, dst.ScorecardID, dst.ScorecardVersion, dst.AsOf = uuid.Nil, account, p.sc.ID, p.sc.Version, asOf
	dst.Available, dst.Value, dst.Band, dst.UncappedBand = false, 0, "", ""
	dst.MissingWeight, dst.KnownShare, dst.Confident, dst.Caps, dst.SubjectiveShare = 0, 0, false, nil, 0
	dst.Override, dst.ReportedValue, dst.ReportedBand = nil, 0, ""
	available, eff, effM := true, p.full, p.fullM
	if w.missing > 0 {
		var ws weightScratch // zeroed only when something is missing
		available, eff, effM = p.applyMissing(w.points, w.present, &ws)
	}
	known := p.knownShare(w.present, w.missing)
	available, confident := p.verdict(available, known)
	dst.Available, dst.KnownShare, dst.Confident = available, known, confident
	p.startGroups(groups, eff, available)
	points, present := w.points, w.present
	value, subjective := 0.0, 0.0
	for i := range p.measures {
		m, ms := &p.measures[i], &measures[i]
		pts, here := points[i], present[i]
		e, c := 0.0, 0.0
		if available {
			e = effM[i]
			c = contribution(e, pts)
			value += c
			if m.subjective && here {
				subjective += e
			}
		}
		ms.Points, ms.EffectiveWeight, ms.Missing = pts, e, !here
		if !here {
			dst.MissingWeight += p.fullM[i]
		}
	}
	p.explainGroups(groups, measures, present)
	if available {
		dst.Value, dst.SubjectiveShare = clampScore(value), subjective
		p.band(dst, points, present)
	}
	p.applyOverride(dst, o)
}

// explainGroups sets each group's contribution, the sum of its measures'
// contributions in column order, and whether it is missing: none of its
// measures present.
func (p *Plan) explainGroups(groups []GroupScore, measures []MeasureScore, present []bool) {
	for g := range groups {
		r := p.groupColumns[g]
		sum, here := 0.0, false
		for i := r.from; i < r.to; i++ {
			sum += measures[i].Contribution()
			here = here || present[i]
		}
		gs := &groups[g]
		gs.Contribution, gs.Missing = sum, !here
	}
}

// startGroups resets every entry of groups to its group's identity, nominal
// and effective weights.
func (p *Plan) startGroups(groups []GroupScore, eff []float64, available bool) {
	for g, n := range p.groupNode {
		e := 0.0
		if available {
			e = eff[n]
		}
		groups[g] = GroupScore{GroupInfo: &p.groupInfo[g], EffectiveWeight: e}
	}
}

// band sets the band of an available score and records every triggered
// critical cap, whether or not it lowered the band.
func (p *Plan) band(sc *Score, points []float64, present []bool) {
	band := bandIndex(p.bandMins, sc.Value)
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

func (p *Plan) applyOverride(sc *Score, o *Override) {
	sc.ReportedValue, sc.ReportedBand = sc.Value, sc.Band
	if o == nil || !o.Active(sc.AsOf) {
		return
	}
	c := *o
	if c.Value != nil {
		v := *c.Value
		c.Value = &v
		sc.ReportedValue, sc.ReportedBand = v, p.bands[bandIndex(p.bandMins, v)].Name
	} else {
		sc.ReportedBand = c.Band
	}
	sc.Override = &c
}

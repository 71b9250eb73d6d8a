package health

import (
	"fmt"
	"slices"

	"github.com/secondsale/secondsale/success"
)

// Plan is a compiled, validated scorecard. It scores one account with a full
// explanation (Score) or many accounts from columns (ScoreColumns); both run
// the same arithmetic in the same order, so their values are equal exactly.
// A Plan is immutable and safe for concurrent use.
type Plan struct {
	sc       Scorecard
	bands    []Band
	nodes    []node        // the scorecard tree in pre-order; nodes[0] is the root
	measures []planMeasure // in column order (Scorecard.MeasureIDs)
	index    map[string]int
	full     []float64 // effective weight of every node when nothing is missing
	fullM    []float64 // the same per measure, in column order
	rule     MissingRule
	fixed    float64 // points of a missing measure under FixedPoints
	critical []int   // indices of critical measures, in column order
	// groupTemplate holds the parts of Score.Groups that do not depend on
	// the inputs (IDs, parents, nominal weights), so scoring starts each
	// group from one copy.
	groupTemplate []GroupScore
	groupNode     []int32 // node index of each Score.Groups entry
	// groupColumns is the column range of each Score.Groups entry's
	// measures: column order is depth first, so a group's measures, its
	// subgroups' included, are contiguous.
	groupColumns []columnRange
}

// node is a group or measure of the tree; parents come before children.
type node struct {
	parent  int // -1 for the root
	weight  float64
	measure int // index into Plan.measures, -1 for a group
	id      string
	columns columnRange // a group's measures, its subgroups' included
}

// columnRange is the measures in columns [from, to).
type columnRange struct{ from, to int }

// normOp is a NormaliserKind compiled to an integer: the scoring loops switch
// on it for every input, and comparing strings there cost more than the
// normalisation itself.
type normOp uint8

const (
	opLinear normOp = iota
	opTiers
	opBoolean
	opCategorical
	opFunc
)

var normOps = map[NormaliserKind]normOp{
	KindLinear: opLinear, KindTiers: opTiers, KindBoolean: opBoolean, KindCategorical: opCategorical, KindFunc: opFunc,
}

type planMeasure struct {
	id         string
	group      string // ID of the enclosing group, "" at the top level
	node       int
	kind       normOp // the normaliser's kind, as a small integer for fast dispatch
	min, max   float64
	inv        float64 // 1/(max-min)
	higher     bool
	tiers      []Tier
	tierBounds []float64 // From of tiers[1:], for the batch tier search
	tierPoints []float64 // Points of every tier
	truePts    float64
	falsePts   float64
	catNames   []string       // listed categories, in column-index order
	catIndex   map[string]int // category -> index, for long lists only
	catPoints  []float64
	defaultPts float64
	fn         PointsFunc
	subjective bool
	critical   bool
	critBelow  float64
	critBand   int
}

// errNotCompiled is returned by the scoring methods of a zero Plan.
var errNotCompiled = fmt.Errorf("%w: the Plan is not compiled; build it with Compile", ErrInvalid)

// Compile validates sc and returns its Plan, or success.FieldErrors naming
// every problem.
func Compile(sc Scorecard) (*Plan, error) {
	if ps := sc.validate(); len(ps) > 0 {
		return nil, ps
	}
	sc = sc.Clone()
	p := &Plan{sc: sc, bands: sc.bands(), index: map[string]int{}, rule: sc.Missing.rule(), fixed: sc.Missing.Points}
	p.nodes = append(p.nodes, node{parent: -1, weight: 1, measure: -1, id: sc.ID})
	var add func(parent int, groupID string, ms []Measure, gs []Group)
	add = func(parent int, groupID string, ms []Measure, gs []Group) {
		for _, m := range ms {
			p.nodes = append(p.nodes, node{parent: parent, weight: m.Weight, measure: len(p.measures), id: m.ID})
			p.index[m.ID] = len(p.measures)
			p.measures = append(p.measures, p.compileMeasure(m, groupID, len(p.nodes)-1))
		}
		for _, g := range gs {
			p.nodes = append(p.nodes, node{parent: parent, weight: g.Weight, measure: -1, id: g.ID})
			at, from := len(p.nodes)-1, len(p.measures)
			add(at, g.ID, g.Measures, g.Groups)
			p.nodes[at].columns = columnRange{from, len(p.measures)}
		}
	}
	add(0, "", sc.Measures, sc.Groups)
	present := make([]bool, len(p.measures))
	for i := range present {
		present[i] = true
	}
	p.full = make([]float64, len(p.nodes))
	p.fullM = make([]float64, len(p.measures))
	p.weights(present, make([]float64, len(p.nodes)), p.full, p.fullM)
	p.compileTemplates()
	return p, nil
}

// compileTemplates fills groupTemplate, groupNode and groupColumns.
func (p *Plan) compileTemplates() {
	for i := 1; i < len(p.nodes); i++ {
		n := &p.nodes[i]
		if n.measure >= 0 {
			continue
		}
		g := GroupScore{ID: n.id, Weight: p.full[i], Missing: true}
		if n.parent > 0 {
			g.Parent = p.nodes[n.parent].id
		}
		p.groupTemplate = append(p.groupTemplate, g)
		p.groupNode = append(p.groupNode, int32(i))
		p.groupColumns = append(p.groupColumns, n.columns)
	}
}

func (p *Plan) compileMeasure(m Measure, groupID string, nodeIndex int) planMeasure {
	n := m.Normaliser
	pm := planMeasure{
		id: m.ID, group: groupID, node: nodeIndex, kind: normOps[n.Kind],
		min: n.Min, max: n.Max, inv: 1 / (n.Max - n.Min), higher: n.Direction == success.HigherIsBetter,
		tiers: n.Tiers, truePts: n.TruePoints, falsePts: n.FalsePoints,
		defaultPts: n.DefaultPoints, fn: n.Func, subjective: m.Subjective, critBand: -1,
	}
	if n.Kind == KindTiers {
		for i, t := range n.Tiers {
			if i > 0 {
				pm.tierBounds = append(pm.tierBounds, t.From)
			}
			pm.tierPoints = append(pm.tierPoints, t.Points)
		}
	}
	if n.Kind == KindCategorical {
		for _, c := range n.Categories {
			pm.catNames = append(pm.catNames, c.Name)
			pm.catPoints = append(pm.catPoints, c.Points)
		}
		if len(pm.catNames) > shortCategoryList {
			pm.catIndex = make(map[string]int, len(pm.catNames))
			for i, name := range pm.catNames {
				pm.catIndex[name] = i
			}
		}
	}
	if c := m.Critical; c != nil {
		pm.critical, pm.critBelow = true, c.Below
		pm.critBand = slices.IndexFunc(p.bands, func(b Band) bool { return b.Name == c.CapBand })
		p.critical = append(p.critical, len(p.measures))
	}
	return pm
}

// Scorecard returns a copy of the scorecard the plan was compiled from (the
// zero Scorecard for a nil or zero Plan).
func (p *Plan) Scorecard() Scorecard {
	if p == nil {
		return Scorecard{}
	}
	return p.sc.Clone()
}

// Bands returns the plan's bands, lowest first; batch band indices refer to it.
func (p *Plan) Bands() []Band {
	if p == nil {
		return nil
	}
	return slices.Clone(p.bands)
}

// BandRank returns the 1-based position of the named band from the bottom of
// the scale (1 for the worst band, red by default) and whether the plan has
// such a band. It is the rank a churn.RiskObservation carries, so churn can
// ask "at or below yellow" without importing health.
func (p *Plan) BandRank(name string) (int, bool) {
	if p == nil {
		return 0, false
	}
	for i, b := range p.bands {
		if b.Name == name {
			return i + 1, true
		}
	}
	return 0, false
}

// MeasureIDs returns the measure IDs in column order.
func (p *Plan) MeasureIDs() []string {
	if p == nil {
		return nil
	}
	ids := make([]string, len(p.measures))
	for i, m := range p.measures {
		ids[i] = m.id
	}
	return ids
}

// weights computes the effective weight of every node given which measures
// are present, redistributing the weight of missing children over their
// present siblings in proportion. sum and eff have one slot per node; sum is
// scratch; effM receives the measures' weights in column order. A group is
// missing when the weights of its present children add up to zero. It returns
// false when the whole scorecard is missing.
func (p *Plan) weights(present []bool, sum, eff, effM []float64) bool {
	clear(sum)
	for i := len(p.nodes) - 1; i >= 1; i-- {
		n := &p.nodes[i]
		if n.measure >= 0 && present[n.measure] || n.measure < 0 && sum[i] > 0 {
			sum[n.parent] += n.weight
		}
	}
	if !(sum[0] > 0) {
		clear(eff)
		clear(effM)
		return false
	}
	eff[0] = 1
	for i := 1; i < len(p.nodes); i++ {
		n := &p.nodes[i]
		in := n.measure >= 0 && present[n.measure] || n.measure < 0 && sum[i] > 0
		if in && eff[n.parent] > 0 {
			eff[i] = eff[n.parent] * (n.weight / sum[n.parent])
		} else {
			eff[i] = 0
		}
		if n.measure >= 0 {
			effM[n.measure] = eff[i]
		}
	}
	return true
}

// contribution is a measure's part of the score in points. Every path adds
// contributions in column order starting from 0, so their sums are equal
// exactly. The explicit float64 conversion forbids fused multiply-add, so
// every architecture rounds alike.
func contribution(effectiveWeight, points float64) float64 {
	return float64(effectiveWeight * points)
}

// combine is the weighted sum of a row scored on its own: contributions
// added in column order, then clamped to 0..100 against rounding.
func combine(points, effM []float64) float64 {
	v := 0.0
	for m, pts := range points {
		v += contribution(effM[m], pts)
	}
	return clampScore(v)
}

// weightScratch holds the effective weights of a score with missing inputs,
// on the stack for scorecards of up to 32 nodes; larger scorecards allocate.
type weightScratch struct {
	sum, eff, effM [32]float64
}

// applyMissing applies the missing-input policy to a row with at least one
// missing measure: under FixedPoints it sets the missing measures' points to
// the policy's; under Redistribute it computes the effective weights into
// ws. It returns whether the score is available and the node and measure
// effective weights to use.
func (p *Plan) applyMissing(points []float64, present []bool, ws *weightScratch) (available bool, eff, effM []float64) {
	switch p.rule {
	case Unavailable:
		return false, p.full, p.fullM
	case FixedPoints:
		for i := range points {
			if !present[i] {
				points[i] = p.fixed
			}
		}
		return true, p.full, p.fullM
	}
	nn, nm := len(p.nodes), len(p.measures)
	eff, effM = resize(ws.eff[:], nn), resize(ws.effM[:], nm)
	return p.weights(present, resize(ws.sum[:], nn), eff, effM), eff, effM
}

func clampScore(v float64) float64 {
	if v > 100 {
		return 100
	}
	if v < 0 {
		return 0
	}
	return v
}

// pointsOfNumber normalises a column value (the batch encoding: booleans as
// 0/1, categories as their index with -1 for an unlisted category).
func (m *planMeasure) pointsOfNumber(x float64) (float64, error) {
	if !finite(x) {
		return 0, fmt.Errorf("must be finite, got %v", x)
	}
	switch m.kind {
	case opLinear:
		return linearPoints(x, m.min, m.inv, m.higher), nil
	case opTiers:
		if pts, ok := tierPoints(x, m.tiers); ok {
			return pts, nil
		}
		return 0, fmt.Errorf("%v is outside every tier [%v, %v)", x, m.tiers[0].From, m.tiers[len(m.tiers)-1].To)
	case opBoolean:
		switch x {
		case 1:
			return m.truePts, nil
		case 0:
			return m.falsePts, nil
		}
		return 0, fmt.Errorf("boolean column value must be 0 or 1, got %v", x)
	case opCategorical:
		if x == -1 {
			return m.defaultPts, nil
		}
		if i := int(x); float64(i) == x && i >= 0 && i < len(m.catPoints) {
			return m.catPoints[i], nil
		}
		return 0, fmt.Errorf("category column value must be an index 0..%d or -1, got %v", len(m.catPoints)-1, x)
	default:
		return m.callFunc(success.NumberValue(x))
	}
}

// pointsOf normalises a typed input (the single-account encoding).
func (m *planMeasure) pointsOf(in *success.Value) (float64, error) {
	switch m.kind {
	case opLinear, opTiers:
		x, ok := in.Num()
		if !ok {
			return 0, fmt.Errorf("want a number, got %s %s", in.Kind(), in.String())
		}
		return m.pointsOfNumber(x)
	case opBoolean:
		b, ok := in.Bool()
		if !ok {
			return 0, fmt.Errorf("want a bool, got %s %s", in.Kind(), in.String())
		}
		if b {
			return m.truePts, nil
		}
		return m.falsePts, nil
	case opCategorical:
		s, ok := in.Str()
		if !ok {
			return 0, fmt.Errorf("want a string category, got %s %s", in.Kind(), in.String())
		}
		if i := m.categoryIndex(s); i >= 0 {
			return m.catPoints[i], nil
		}
		return m.defaultPts, nil
	default:
		if x, ok := in.Num(); ok && !finite(x) {
			return 0, fmt.Errorf("must be finite, got %v", x)
		}
		return m.callFunc(*in)
	}
}

// shortCategoryList is the longest category list searched by comparing
// names one by one, which beats hashing the input for a handful of entries.
const shortCategoryList = 8

// categoryIndex returns the index of a listed category, or -1.
func (m *planMeasure) categoryIndex(name string) int {
	if m.catIndex == nil {
		for i, c := range m.catNames {
			if c == name {
				return i
			}
		}
		return -1
	}
	if i, listed := m.catIndex[name]; listed {
		return i
	}
	return -1
}

func (m *planMeasure) callFunc(in success.Value) (float64, error) {
	pts, err := m.fn(in)
	if err != nil {
		return 0, fmt.Errorf("host function: %w", err)
	}
	if !validPoints(pts) {
		return 0, fmt.Errorf("host function returned %v points, want 0..100", pts)
	}
	return pts, nil
}

// capBand returns the band index after applying triggered critical caps.
func (p *Plan) capBand(band int, points []float64, present []bool) int {
	for _, i := range p.critical {
		if p.capTriggered(i, points, present) {
			band = min(band, p.measures[i].critBand)
		}
	}
	return band
}

// capTriggered reports whether critical measure i caps the band: it is
// present and scores below its floor. A missing measure never caps.
func (p *Plan) capTriggered(i int, points []float64, present []bool) bool {
	return present[i] && points[i] < p.measures[i].critBelow
}

package health

import (
	"fmt"
	"math"
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
	bandMins []float64     // see bandIndex
	nodes    []node        // the scorecard tree in pre-order; nodes[0] is the root
	measures []planMeasure // in column order (Scorecard.MeasureIDs)
	index    map[string]int
	full     []float64 // effective weight of every node when nothing is missing
	fullM    []float64 // the same per measure, in column order
	rule     MissingRule
	fixed    float64 // points of a missing measure under FixedPoints
	minKnown float64 // the known share a confident score needs
	lowOff   bool    // a low-confidence score is unavailable
	critical []int   // indices of critical measures, in column order
	// measureInfo and groupInfo are what the MeasureScores and GroupScores
	// of every score point at, in column order and Score.Groups order.
	measureInfo []MeasureInfo
	groupInfo   []GroupInfo
	groupNode   []int32 // node index of each Score.Groups entry
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

// errNotCompiled is returned by the scoring methods of a zero Plan.
var errNotCompiled = fmt.Errorf("%w: the Plan is not compiled; build it with Compile", ErrInvalid)

// Compile validates sc and returns its Plan, or success.FieldErrors naming
// every problem.
func Compile(sc Scorecard) (*Plan, error) {
	if ps := sc.validate(); len(ps) > 0 {
		return nil, ps
	}
	sc = sc.Clone()
	p := &Plan{sc: sc, bands: sc.bands(), bandMins: bandMins(sc.bands()), index: map[string]int{}, rule: sc.Missing.rule(), fixed: sc.Missing.Points,
		minKnown: sc.Confidence.minKnownShare(), lowOff: sc.Confidence.Low == UnavailableWhenLow}
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

// compileTemplates fills measureInfo, groupInfo, groupNode and
// groupColumns.
func (p *Plan) compileTemplates() {
	p.measureInfo = make([]MeasureInfo, len(p.measures))
	for i := range p.measures {
		m := &p.measures[i]
		p.measureInfo[i] = MeasureInfo{id: m.id, group: m.group, weight: p.fullM[i], subjective: m.subjective}
	}
	for i := 1; i < len(p.nodes); i++ {
		n := &p.nodes[i]
		if n.measure >= 0 {
			continue
		}
		g := GroupInfo{id: n.id, weight: p.full[i]}
		if n.parent > 0 {
			g.parent = p.nodes[n.parent].id
		}
		p.groupInfo = append(p.groupInfo, g)
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
		fn: n.Func, subjective: m.Subjective, critBand: -1,
	}
	if n.Kind == KindTiers {
		for i, t := range n.Tiers {
			if i > 0 {
				pm.tierBounds = append(pm.tierBounds, t.From)
			}
			pm.tierTable = append(pm.tierTable, t.Points)
		}
		pm.tierTable = append(pm.tierTable, math.NaN())
	}
	if n.Kind == KindCategorical {
		if n.DefaultPoints != nil {
			pm.defaultPts, pm.hasDefault = *n.DefaultPoints, true
		}
		for _, c := range n.Categories {
			pm.catNames = append(pm.catNames, c.Name)
			pm.catPoints = append(pm.catPoints, c.Points)
		}
		unlisted := math.NaN()
		if pm.hasDefault {
			unlisted = pm.defaultPts
		}
		pm.catTable = append(slices.Clip(pm.catPoints), unlisted, math.NaN())
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

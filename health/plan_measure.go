package health

import (
	"errors"
	"fmt"
	"math"

	"github.com/secondsale/secondsale/success"
)

// This file holds a measure as compiled into a Plan and the two ways it
// normalises an input: typed (the single-account path) and column-encoded
// (the batch path).

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

// planMeasure is a Measure compiled for scoring: its normaliser's fields
// flattened, with derived values (1/(max-min), tier bounds, category index)
// computed once.
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
	// tierTable is the Points of every tier then NaN, the batch points of
	// an input outside every tier.
	tierTable []float64
	truePts   float64
	falsePts  float64
	catNames  []string       // listed categories, in column-index order
	catIndex  map[string]int // category -> index, for long lists only
	catPoints []float64
	// catTable is catPoints, then the points of an unlisted category (NaN
	// without defaultPts), then NaN: the batch points of index i, of -1
	// and of anything else.
	catTable   []float64
	defaultPts float64
	hasDefault bool // the normaliser opted into defaultPts for unlisted categories
	fn         PointsFunc
	subjective bool
	critical   bool
	critBelow  float64
	critBand   int
}

// linearPoints is the KindLinear formula, with inv = 1/(max-min) computed
// once per plan. It is the one place the formula lives, so the single and
// batch paths round identically. t is clamped to [0, 1] on its bits: for a
// float64 that is not NaN, every negative value (-0 included) has negative
// bits as an int64 and the non-negative ones are ordered as their bits, so
// the integer max and min (conditional moves) equal the float max(t, 0)
// then min(t, 1) exactly, without the float built-ins' NaN and signed-zero
// handling (six instructions where they took fifteen). A NaN x would come
// out as 0 or 100 points, not NaN: the single path never passes one, and the
// batch path adds x-x to the points to mark non-finite inputs itself.
func linearPoints(x, lo, inv float64, higher bool) float64 {
	bits := int64(math.Float64bits(float64((x - lo) * inv)))
	t := math.Float64frombits(uint64(min(max(bits, 0), oneBits)))
	if !higher {
		t = 1 - t
	}
	return t * 100
}

// oneBits is the bits of 1.0 as an int64.
const oneBits = 0x3ff0000000000000

// errUnlistedCategory is the error of a category the measure does not list
// when it has no default points. It never quotes the value: a category is
// the host's data.
var errUnlistedCategory = errors.New("category is not listed, and the measure has no default_points for unlisted categories")

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
			if !m.hasDefault {
				return 0, errUnlistedCategory
			}
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
			return 0, fmt.Errorf("want a number, got a %s", in.Kind())
		}
		return m.pointsOfNumber(x)
	case opBoolean:
		b, ok := in.Bool()
		if !ok {
			return 0, fmt.Errorf("want a bool, got a %s", in.Kind())
		}
		if b {
			return m.truePts, nil
		}
		return m.falsePts, nil
	case opCategorical:
		s, ok := in.Str()
		if !ok {
			return 0, fmt.Errorf("want a string category, got a %s", in.Kind())
		}
		if i := m.categoryIndex(s); i >= 0 {
			return m.catPoints[i], nil
		}
		if !m.hasDefault {
			return 0, errUnlistedCategory
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

// pointsBlock is the batch normalisation of one measure over a block of
// rows: it writes each row's points into pts and adds contribution(e,
// points) to acc. The points are NaN where the input is missing (NaN) or
// cannot be scored as it is (for a linear measure any non-finite input; a
// bad input of another kind; a host function's error), so the row's sum is
// NaN too and the caller looks at it again. The loops have no branches on
// the data where the kind allows, so a missing input costs no
// misprediction.
func (m *planMeasure) pointsBlock(col, pts, acc []float64, e float64) {
	pts, acc = pts[:len(col)], acc[:len(col)]
	switch m.kind {
	case opLinear:
		lo, inv := m.min, m.inv
		// x-x is +0 for a finite x, leaving the points as they are, and NaN
		// otherwise. The two directions are two loops, so neither tests it.
		if m.higher {
			for r, x := range col {
				pt := linearPoints(x, lo, inv, true) + (x - x)
				pts[r] = pt
				acc[r] += contribution(e, pt)
			}
		} else {
			for r, x := range col {
				pt := linearPoints(x, lo, inv, false) + (x - x)
				pts[r] = pt
				acc[r] += contribution(e, pt)
			}
		}
	case opTiers:
		// The lowest bound is at least -MaxFloat64, so -Inf is outside (bad,
		// as for Plan.Score) even when the first tier starts at -Inf.
		lo, hi, bounds, table := max(m.tiers[0].From, -math.MaxFloat64), m.tiers[len(m.tiers)-1].To, m.tierBounds, m.tierTable
		outside := len(table) - 1
		for r, x := range col {
			k := 0
			for _, b := range bounds {
				step := 0
				if x >= b { // written so the compiler emits a conditional move, not a branch
					step = 1
				}
				k += step
			}
			if !(x >= lo && x < hi) { // NaN or outside every tier
				k = outside
			}
			pt := table[k]
			pts[r] = pt
			acc[r] += contribution(e, pt)
		}
	case opBoolean:
		table := [3]float64{m.falsePts, m.truePts, math.NaN()}
		for r, x := range col {
			k := 2
			if x == 0 {
				k = 0
			}
			if x == 1 {
				k = 1
			}
			pt := table[k]
			pts[r] = pt
			acc[r] += contribution(e, pt)
		}
	case opCategorical:
		table := m.catTable
		listed := len(table) - 2
		for r, x := range col {
			k := listed + 1
			if x == -1 {
				k = listed
			}
			if i := int(x); float64(i) == x && uint(i) < uint(listed) {
				k = i
			}
			pt := table[k]
			pts[r] = pt
			acc[r] += contribution(e, pt)
		}
	default:
		for r, x := range col {
			pt := math.NaN()
			if x == x {
				if got, err := m.pointsOfNumber(x); err == nil {
					pt = got
				}
			}
			pts[r] = pt
			acc[r] += contribution(e, pt)
		}
	}
}

// linearPairBlock is pointsBlock for two linear measures a and b in
// consecutive columns, in one loop: each row's sum is loaded and stored once
// for both, and their contributions are added in column order as two
// pointsBlock calls would add them.
func linearPairBlock(a, b *planMeasure, colA, colB, ptsA, ptsB, acc []float64, eA, eB float64) {
	colB, ptsA, ptsB, acc = colB[:len(colA)], ptsA[:len(colA)], ptsB[:len(colA)], acc[:len(colA)]
	loA, invA, hiA := a.min, a.inv, a.higher
	loB, invB, hiB := b.min, b.inv, b.higher
	for r, x := range colA {
		y := colB[r]
		pa := linearPoints(x, loA, invA, hiA) + (x - x)
		pb := linearPoints(y, loB, invB, hiB) + (y - y)
		ptsA[r], ptsB[r] = pa, pb
		v := acc[r]
		v += contribution(eA, pa)
		v += contribution(eB, pb)
		acc[r] = v
	}
}

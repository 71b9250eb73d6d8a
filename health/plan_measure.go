package health

import (
	"errors"
	"fmt"

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
	tierPoints []float64 // Points of every tier
	truePts    float64
	falsePts   float64
	catNames   []string       // listed categories, in column-index order
	catIndex   map[string]int // category -> index, for long lists only
	catPoints  []float64
	defaultPts float64
	hasDefault bool // the normaliser opted into defaultPts for unlisted categories
	fn         PointsFunc
	subjective bool
	critical   bool
	critBelow  float64
	critBand   int
}

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

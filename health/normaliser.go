package health

import (
	"math"
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// NormaliserKind says how a measure turns its raw input into points 0..100.
type NormaliserKind string

const (
	// KindLinear maps a number linearly from [Min, Max] onto 0..100, clamped
	// outside the range; Direction says which end earns 100.
	KindLinear NormaliserKind = "linear"
	// KindTiers gives the points of the step tier whose range holds the number.
	KindTiers NormaliserKind = "tiers"
	// KindBoolean gives TruePoints or FalsePoints.
	KindBoolean NormaliserKind = "boolean"
	// KindCategorical gives the points listed for the category. A category
	// not listed is an error unless the normaliser opts into DefaultPoints.
	KindCategorical NormaliserKind = "categorical"
	// KindFunc calls a host-supplied PointsFunc.
	KindFunc NormaliserKind = "func"
)

// Validate reports whether k is one of the defined kinds.
func (k NormaliserKind) Validate() error {
	return enum.OneOf(k, "normaliser kind", ErrInvalid, KindLinear, KindTiers, KindBoolean, KindCategorical, KindFunc)
}

// Tier is one step of a KindTiers normaliser: inputs in [From, To) earn
// Points. The lower bound is inclusive and the upper bound exclusive, so a
// boundary value belongs to the higher tier. From may be -Inf on the first
// tier and To +Inf on the last (written as an omitted bound in JSON).
type Tier struct {
	From   float64
	To     float64
	Points float64
}

// CategoryPoints is one listed value of a KindCategorical normaliser and the
// points it earns (not a churn reason category, which is churn's).
type CategoryPoints struct {
	Name   string
	Points float64
}

// PointsFunc is a host-supplied normaliser: it turns a raw input into points
// 0..100. It must be deterministic and safe for concurrent use. Batch scoring
// passes column values as success.NumberValue. Returning an error, or points
// outside 0..100, makes the input invalid.
type PointsFunc func(in success.Value) (float64, error)

// Normaliser turns a measure's raw input into points 0..100. Only the fields
// of its Kind are used; build one with Linear, Tiers, Boolean, Categorical or
// Func.
type Normaliser struct {
	Kind NormaliserKind

	Min, Max  float64           // KindLinear
	Direction success.Direction // KindLinear

	Tiers []Tier // KindTiers, ordered and contiguous

	TruePoints, FalsePoints float64 // KindBoolean

	Categories []CategoryPoints // KindCategorical, in column-index order for batch scoring
	// DefaultPoints (KindCategorical) are the points of a category that is
	// not listed. nil, the default, makes such a category an error naming
	// the measure: a typo or a new plan tier in the host's data is reported,
	// not scored as if it were known. JSON: "default_points", optional.
	DefaultPoints *float64

	FuncName string     // KindFunc: the name the function is registered under for JSON
	Func     PointsFunc // KindFunc
}

// Linear maps [min, max] onto 0..100 (clamped), 100 at max when dir is
// success.HigherIsBetter and at min when success.LowerIsBetter.
func Linear(min, max float64, dir success.Direction) Normaliser {
	return Normaliser{Kind: KindLinear, Min: min, Max: max, Direction: dir}
}

// NPSNormaliser scores an account's latest Net Promoter Score, −100..100
// (success/voice's NPSFigure.Score), as points: −100 earns 0, 0 earns 50
// and 100 earns 100. Leave the measure's input missing when the figure has
// insufficient data, rather than passing its zero.
func NPSNormaliser() Normaliser { return Linear(-100, 100, success.HigherIsBetter) }

// NPSResponseNormaliser scores one respondent's latest answer, 0..10, as
// points: 0 earns 0 and 10 earns 100. Use it where an account has a single
// respondent; otherwise score the account's NPS with NPSNormaliser.
func NPSResponseNormaliser() Normaliser { return Linear(0, 10, success.HigherIsBetter) }

// CSATNormaliser scores an account's latest CSAT share, 0..1
// (success/voice's CSATFigure.Share), as points: 0 earns 0 and 1 earns 100.
func CSATNormaliser() Normaliser { return Linear(0, 1, success.HigherIsBetter) }

// Tiers returns a KindTiers normaliser of ordered step tiers; see Tier for
// which bound is inclusive.
func Tiers(tiers ...Tier) Normaliser { return Normaliser{Kind: KindTiers, Tiers: tiers} }

// Boolean gives truePoints for true and falsePoints for false.
func Boolean(truePoints, falsePoints float64) Normaliser {
	return Normaliser{Kind: KindBoolean, TruePoints: truePoints, FalsePoints: falsePoints}
}

// Categorical gives each listed category its points; any other category is
// an error.
func Categorical(categories ...CategoryPoints) Normaliser {
	return Normaliser{Kind: KindCategorical, Categories: categories}
}

// CategoricalWithDefault gives each listed category its points and any other
// category defaultPoints: the opt-in for measures whose unknown values are
// expected (a free-text field, say).
func CategoricalWithDefault(defaultPoints float64, categories ...CategoryPoints) Normaliser {
	return Normaliser{Kind: KindCategorical, Categories: categories, DefaultPoints: &defaultPoints}
}

// Func wraps a host function; name identifies it in JSON (see LoadOptions).
func Func(name string, fn PointsFunc) Normaliser {
	return Normaliser{Kind: KindFunc, FuncName: name, Func: fn}
}

func validPoints(p float64) bool { return p >= 0 && p <= 100 } // false for NaN

// finite reports whether x is neither NaN nor infinite: x-x is 0 exactly for
// finite x and NaN otherwise (one subtraction on the scoring hot path).
func finite(x float64) bool { return x-x == 0 }

// validate appends every problem with the normaliser, paths relative to it.
func (n Normaliser) validate() success.FieldErrors {
	var ps success.FieldErrors
	if err := n.Kind.Validate(); err != nil {
		fielderr.AddErr(&ps, ErrInvalid, "kind", err)
		return ps
	}
	pointsCheck := func(path string, p float64) {
		if !validPoints(p) {
			fielderr.Addf(&ps, ErrInvalid, path, "must be within 0..100, got %v", p)
		}
	}
	switch n.Kind {
	case KindLinear:
		if !finite(n.Min) {
			fielderr.Addf(&ps, ErrInvalid, "min", "must be finite, got %v", n.Min)
		}
		if !finite(n.Max) {
			fielderr.Addf(&ps, ErrInvalid, "max", "must be finite, got %v", n.Max)
		}
		if finite(n.Min) && finite(n.Max) {
			// Scoring multiplies by 1/(max-min): a width that overflows, or
			// so narrow that its reciprocal does, would score NaN.
			if width := n.Max - n.Min; !(width > 0) {
				fielderr.Addf(&ps, ErrInvalid, "max", "must be > min (%v), got %v", n.Min, n.Max)
			} else if !finite(width) || !finite(1/width) {
				fielderr.Addf(&ps, ErrInvalid, "max", "the range %v..%v is too wide or too narrow to score (max - min = %v)", n.Min, n.Max, width)
			}
		}
		if err := n.Direction.Validate(); err != nil {
			fielderr.AddErr(&ps, ErrInvalid, "direction", err)
		}
	case KindTiers:
		if len(n.Tiers) == 0 {
			fielderr.Addf(&ps, ErrInvalid, "tiers", "must have at least one tier")
		}
		for i, t := range n.Tiers {
			path := "tiers[" + strconv.Itoa(i) + "]"
			if math.IsNaN(t.From) || math.IsInf(t.From, 1) || (i > 0 && math.IsInf(t.From, -1)) {
				fielderr.Addf(&ps, ErrInvalid, path+".from", "must be finite (or -Inf on the first tier), got %v", t.From)
			}
			if math.IsNaN(t.To) || math.IsInf(t.To, -1) || (i < len(n.Tiers)-1 && math.IsInf(t.To, 1)) {
				fielderr.Addf(&ps, ErrInvalid, path+".to", "must be finite (or +Inf on the last tier), got %v", t.To)
			}
			if !(t.To > t.From) {
				fielderr.Addf(&ps, ErrInvalid, path+".to", "must be > from (%v), got %v", t.From, t.To)
			}
			if i > 0 && t.From != n.Tiers[i-1].To {
				fielderr.Addf(&ps, ErrInvalid, path+".from", "must equal the previous tier's to (%v) so tiers have no gap or overlap, got %v", n.Tiers[i-1].To, t.From)
			}
			pointsCheck(path+".points", t.Points)
		}
	case KindBoolean:
		pointsCheck("true_points", n.TruePoints)
		pointsCheck("false_points", n.FalsePoints)
	case KindCategorical:
		if len(n.Categories) == 0 {
			fielderr.Addf(&ps, ErrInvalid, "categories", "must list at least one category")
		}
		seen := make(map[string]int, len(n.Categories))
		for i, c := range n.Categories {
			path := "categories[" + strconv.Itoa(i) + "]"
			if c.Name == "" {
				fielderr.Addf(&ps, ErrInvalid, path+".name", "must not be empty")
			} else if j, dup := seen[c.Name]; dup {
				fielderr.Addf(&ps, ErrInvalid, path+".name", "duplicate category %q (also categories[%d])", c.Name, j)
			} else {
				seen[c.Name] = i
			}
			pointsCheck(path+".points", c.Points)
		}
		if n.DefaultPoints != nil {
			pointsCheck("default_points", *n.DefaultPoints)
		}
	case KindFunc:
		if n.FuncName == "" {
			fielderr.Addf(&ps, ErrInvalid, "func", "must name the host function")
		}
		if n.Func == nil {
			fielderr.Addf(&ps, ErrInvalid, "func", "host function %q is not provided", n.FuncName)
		}
	}
	return ps
}

// tierPoints returns the points of the tier holding x and false when x is
// outside every tier.
func tierPoints(x float64, tiers []Tier) (float64, bool) {
	for _, t := range tiers {
		if x >= t.From && x < t.To {
			return t.Points, true
		}
	}
	return 0, false
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (k *NormaliserKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// MarshalText implements encoding.TextMarshaler (flag.TextVar, text
// encoders); an invalid value is an error, so what is written reads back.
func (k NormaliserKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

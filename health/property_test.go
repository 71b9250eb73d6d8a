package health_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// cardGen draws a valid scorecard with groups nested up to three deep and
// every built-in normaliser kind. minWeight > 0 keeps every weight positive.
func cardGen(minWeight int) *rapid.Generator[health.Scorecard] {
	return rapid.Custom(func(t *rapid.T) health.Scorecard {
		next := 0
		id := func() string { next++; return fmt.Sprintf("n%d", next) }
		measure := func() health.Measure {
			m := health.Measure{ID: id(), Weight: float64(rapid.IntRange(minWeight, 5).Draw(t, "w"))}
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				lo := float64(rapid.IntRange(-50, 50).Draw(t, "min"))
				dir := rapid.SampledFrom([]success.Direction{success.HigherIsBetter, success.LowerIsBetter}).Draw(t, "dir")
				m.Normaliser = health.Linear(lo, lo+float64(rapid.IntRange(1, 100).Draw(t, "span")), dir)
			case 1:
				n := rapid.IntRange(1, 4).Draw(t, "tiers")
				tiers := make([]health.Tier, n)
				for i := range tiers {
					tiers[i] = health.Tier{From: float64(10 * i), To: float64(10 * (i + 1)), Points: float64(rapid.IntRange(0, 100).Draw(t, "pts"))}
				}
				tiers[0].From, tiers[n-1].To = math.Inf(-1), math.Inf(1)
				m.Normaliser = health.Tiers(tiers...)
			case 2:
				m.Normaliser = health.Boolean(float64(rapid.IntRange(0, 100).Draw(t, "t")), float64(rapid.IntRange(0, 100).Draw(t, "f")))
			default:
				n := rapid.IntRange(1, 3).Draw(t, "cats")
				cats := make([]health.CategoryPoints, n)
				for i := range cats {
					cats[i] = health.CategoryPoints{Name: fmt.Sprintf("c%d", i), Points: float64(rapid.IntRange(0, 100).Draw(t, "pts"))}
				}
				m.Normaliser = health.CategoricalWithDefault(float64(rapid.IntRange(0, 100).Draw(t, "default")), cats...)
			}
			if rapid.IntRange(0, 9).Draw(t, "critical") == 0 {
				m.Critical = &health.Critical{Below: 50, CapBand: "red"}
			}
			m.Subjective = rapid.IntRange(0, 4).Draw(t, "subjective") == 0
			return m
		}
		var children func(depth int) ([]health.Measure, []health.Group)
		children = func(depth int) ([]health.Measure, []health.Group) {
			var ms []health.Measure
			for range rapid.IntRange(1, 3).Draw(t, "measures") {
				ms = append(ms, measure())
			}
			ms[0].Weight = max(ms[0].Weight, 1) // never all zero
			var gs []health.Group
			if depth < 3 {
				for range rapid.IntRange(0, 2).Draw(t, "groups") {
					g := health.Group{ID: id(), Weight: float64(rapid.IntRange(minWeight, 5).Draw(t, "gw"))}
					g.Measures, g.Groups = children(depth + 1)
					gs = append(gs, g)
				}
			}
			return ms, gs
		}
		sc := health.Scorecard{ID: "prop", Version: rapid.IntRange(0, 9).Draw(t, "version")}
		sc.Measures, sc.Groups = children(0)
		switch rapid.IntRange(0, 5).Draw(t, "policy") {
		case 0:
			sc.Missing = health.MissingPolicy{Rule: health.FixedPoints, Points: float64(rapid.IntRange(0, 100).Draw(t, "mp"))}
		case 1:
			sc.Missing = health.MissingPolicy{Rule: health.Unavailable}
		}
		sc.Confidence = health.ConfidencePolicy{
			MinKnownShare: float64(rapid.IntRange(0, 10).Draw(t, "min known tenths")) / 10,
			Low:           rapid.SampledFrom([]health.LowConfidenceRule{"", health.FlagLowConfidence, health.UnavailableWhenLow}).Draw(t, "low"),
		}
		return sc
	})
}

// columnsFor draws n rows of column-encoded inputs for p, missing with
// probability about 1/6.
func columnsFor(t *rapid.T, p *health.Plan, n int) [][]float64 {
	sc := p.Scorecard()
	kinds := normalisersByID(sc)
	cols := make([][]float64, len(p.MeasureIDs()))
	for m, id := range p.MeasureIDs() {
		cols[m] = make([]float64, n)
		k := kinds[id]
		for i := range n {
			if rapid.IntRange(0, 5).Draw(t, "missing") == 0 {
				cols[m][i] = math.NaN()
				continue
			}
			switch k.Kind {
			case health.KindLinear:
				cols[m][i] = rapid.Float64Range(k.Min-20, k.Max+20).Draw(t, "x")
			case health.KindTiers:
				cols[m][i] = rapid.Float64Range(-10, 50).Draw(t, "x")
			case health.KindBoolean:
				cols[m][i] = float64(rapid.IntRange(0, 1).Draw(t, "b"))
			default:
				cols[m][i] = float64(rapid.IntRange(-1, len(k.Categories)-1).Draw(t, "c"))
			}
		}
	}
	return cols
}

func TestPropertyScoreBoundsAndContributions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := health.Compile(cardGen(0).Draw(t, "card"))
		require.NoError(t, err)
		cols := columnsFor(t, p, 1)
		s, err := p.Score("acct", toInputs(p, cols, 0), t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.False(t, s.Value < 0 || s.Value > 100 || math.IsNaN(s.Value), "value %v outside [0,100]", s.Value)
		require.InDelta(t, s.Value, sumContributions(s), 1e-9, "contributions")
		// The top-level groups and measures account for the whole value too.
		top := 0.0
		for _, g := range s.Groups() {
			if g.Parent() == "" {
				top += g.Contribution
			}
		}
		for _, m := range s.Measures() {
			if m.Group() == "" {
				top += m.Contribution()
			}
		}
		require.InDelta(t, s.Value, top, 1e-9, "top-level groups and measures")
		require.False(t, s.SubjectiveShare < 0 || s.SubjectiveShare > 1+1e-12 || s.MissingWeight < 0 || s.MissingWeight > 1+1e-12,
			"shares out of range: subjective %v missing %v", s.SubjectiveShare, s.MissingWeight)
	})
}

func TestPropertyBatchEqualsSingle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := health.Compile(cardGen(0).Draw(t, "card"))
		require.NoError(t, err)
		n := rapid.IntRange(1, 20).Draw(t, "rows")
		cols := columnsFor(t, p, n)
		values, bands, confident := make([]float64, n), make([]int8, n), make([]bool, n)
		require.NoError(t, p.ScoreColumns(cols, values, bands, confident, success.ColumnOptions{}))
		for i := range n {
			s, err := p.Score("acct", toInputs(p, cols, i), t0, health.ScoreOptions{})
			require.NoError(t, err)
			require.Equal(t, s.Confident, confident[i], "row %d: confident, single (known %v) vs batch", i, s.KnownShare)
			if !s.Available {
				require.True(t, math.IsNaN(values[i]), "row %d: unavailable single, batch %v", i, values[i])
				require.Equal(t, int8(-1), bands[i], "row %d: unavailable single, batch band", i)
				continue
			}
			// Bit for bit: the batch path computes the same value, not a close one.
			require.Equal(t, math.Float64bits(s.Value), math.Float64bits(values[i]), "row %d: single %v, batch %v", i, s.Value, values[i])
			require.Equal(t, s.Band, p.Bands()[bands[i]].Name, "row %d: band, single vs batch", i)
		}
	})
}

// Redistributing a missing measure's weight equals scoring the scorecard
// without that measure.
func TestPropertyRedistributeEqualsRemoval(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := cardGen(1).Draw(t, "card")
		sc.Missing = health.MissingPolicy{}
		// Removing a measure raises the known share; flagging keeps both
		// scores available whatever their confidence.
		sc.Confidence.Low = health.FlagLowConfidence
		// Remove a measure that has a sibling, so no group becomes empty.
		var candidates []*[]health.Measure
		var walk func(ms *[]health.Measure, gs []health.Group)
		walk = func(ms *[]health.Measure, gs []health.Group) {
			if len(*ms)+len(gs) > 1 {
				candidates = append(candidates, ms)
			}
			for i := range gs {
				walk(&gs[i].Measures, gs[i].Groups)
			}
		}
		walk(&sc.Measures, sc.Groups)
		if len(candidates) == 0 {
			t.Skip("no removable measure")
		}
		full, err := health.Compile(sc.Clone())
		require.NoError(t, err)
		cols := columnsFor(t, full, 1)
		in := toInputs(full, cols, 0)
		list := candidates[rapid.IntRange(0, len(candidates)-1).Draw(t, "list")]
		k := rapid.IntRange(0, len(*list)-1).Draw(t, "measure")
		removed := (*list)[k].ID
		*list = append((*list)[:k:k], (*list)[k+1:]...)
		if len(*list) == 0 {
			t.Skip("only subgroups left")
		}
		reduced, err := health.Compile(sc)
		if err != nil {
			t.Skip("removal left a group without measures: ", err)
		}
		delete(in, removed)
		a, err := full.Score("acct", in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		b, err := reduced.Score("acct", in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.Equal(t, a.Available, b.Available, "available: missing %s vs removed", removed)
		require.InDelta(t, a.Value, b.Value, 1e-9, "value: missing %s vs removed", removed)
	})
}

// Raising the input of a higher-is-better linear measure never lowers the score.
func TestPropertyMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := cardGen(0).Draw(t, "card")
		sc.Measures = append(sc.Measures, health.Measure{ID: "usage", Weight: float64(rapid.IntRange(0, 5).Draw(t, "w")),
			Normaliser: health.Linear(0, 100, success.HigherIsBetter)})
		p, err := health.Compile(sc)
		require.NoError(t, err)
		in := toInputs(p, columnsFor(t, p, 1), 0)
		lo := rapid.Float64Range(-10, 110).Draw(t, "lo")
		hi := lo + rapid.Float64Range(0, 50).Draw(t, "delta")
		in["usage"] = success.NumberValue(lo)
		a, err := p.Score("acct", in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		in["usage"] = success.NumberValue(hi)
		b, err := p.Score("acct", in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.False(t, b.Value < a.Value, "usage %v -> %v lowered the score %v -> %v", lo, hi, a.Value, b.Value)
	})
}

func TestPropertyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := cardGen(0).Draw(t, "card")
		data, err := json.Marshal(sc)
		require.NoError(t, err)
		back, err := health.LoadScorecard(bytes.NewReader(data), health.LoadOptions{})
		require.NoError(t, err, "%s", data)
		require.Equal(t, sc, back, "round trip changed the scorecard")
	})
}

// Damaged documents give errors, never panics.
func TestPropertyLoadNeverPanics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := []byte(validJSON)
		for range rapid.IntRange(1, 5).Draw(t, "edits") {
			i := rapid.IntRange(0, len(doc)-1).Draw(t, "at")
			switch rapid.IntRange(0, 2).Draw(t, "op") {
			case 0:
				doc = append(doc[:i:i], doc[i+1:]...)
			case 1:
				doc[i] = rapid.SampledFrom([]byte(`{}[]",:-0123456789.eE truefalsnul`)).Draw(t, "b")
			default:
				doc = append(doc[:i:i], append([]byte(`"x":1,`), doc[i:]...)...)
			}
		}
		sc, err := health.LoadScorecard(bytes.NewReader(doc), health.LoadOptions{Funcs: map[string]health.PointsFunc{"nps": npsFunc}})
		if err == nil {
			_, err := health.Compile(sc)
			require.NoError(t, err, "loaded scorecard does not compile")
			return
		}
		require.NotEmpty(t, success.AsFieldErrors(err), "error without field paths: %v", err)
	})
}

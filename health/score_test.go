package health_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func num(f float64) success.Value { return success.NumberValue(f) }

func TestScoreHandComputed(t *testing.T) {
	full := health.Inputs{"m1": num(5), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10)}
	without := func(ids ...string) health.Inputs {
		in := health.Inputs{}
		for k, v := range full {
			in[k] = v
		}
		for _, id := range ids {
			delete(in, id)
		}
		return in
	}
	tests := []struct {
		name          string
		missing       health.MissingPolicy
		in            health.Inputs
		available     bool
		value         float64
		band          string
		eff           map[string]float64
		missingIDs    []string
		missingWeight float64
	}{
		// a = 3/4 split 1:1, b = 1/4 split 2:2: 0.375*50 + 0.375*100 + 0.125*50 + 0.125*100 = 75.
		{name: "all present", in: full, available: true, value: 75, band: "green",
			eff: map[string]float64{"m1": 0.375, "m2": 0.375, "m3": 0.125, "m4": 0.125}},
		// m2's weight goes to m1, its only present sibling: 0.75*50 + 0.125*50 + 0.125*100.
		{name: "redistribute within group", in: without("m2"), available: true, value: 56.25, band: "yellow",
			eff: map[string]float64{"m1": 0.75, "m2": 0, "m3": 0.125, "m4": 0.125}, missingIDs: []string{"m2"}, missingWeight: 0.375},
		// group a is missing, so b carries everything: 0.5*50 + 0.5*100.
		{name: "whole group missing", in: without("m1", "m2"), available: true, value: 75, band: "green",
			eff: map[string]float64{"m1": 0, "m2": 0, "m3": 0.5, "m4": 0.5}, missingIDs: []string{"m1", "m2"}, missingWeight: 0.75},
		{name: "everything missing", in: health.Inputs{}, available: false,
			eff: map[string]float64{"m1": 0, "m2": 0, "m3": 0, "m4": 0}, missingIDs: []string{"m1", "m2", "m3", "m4"}, missingWeight: 1},
		// m2 counts as 20 points: 18.75 + 0.375*20 + 6.25 + 12.5.
		{name: "fixed points", missing: health.MissingPolicy{Rule: health.FixedPoints, Points: 20}, in: without("m2"), available: true, value: 45, band: "red",
			eff: map[string]float64{"m1": 0.375, "m2": 0.375, "m3": 0.125, "m4": 0.125}, missingIDs: []string{"m2"}, missingWeight: 0.375},
		{name: "unavailable", missing: health.MissingPolicy{Rule: health.Unavailable}, in: without("m4"), available: false,
			eff: map[string]float64{"m1": 0, "m2": 0, "m3": 0, "m4": 0}, missingIDs: []string{"m4"}, missingWeight: 0.125},
		{name: "explicit zero value is missing", in: func() health.Inputs { in := without(); in["m2"] = success.Value{}; return in }(),
			available: true, value: 56.25, band: "yellow", eff: map[string]float64{"m1": 0.75, "m2": 0, "m3": 0.125, "m4": 0.125},
			missingIDs: []string{"m2"}, missingWeight: 0.375},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := smallCard()
			sc.Missing = tt.missing
			s, err := mustCompile(t, sc).Score("acme", tt.in, t0, health.ScoreOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.available, s.Available)
			assert.InDelta(t, tt.value, s.Value, 1e-12)
			assert.Equal(t, tt.band, s.Band)
			assert.Equal(t, tt.missingIDs, s.Missing())
			assert.InDelta(t, tt.missingWeight, s.MissingWeight, 1e-12)
			for _, m := range s.Measures() {
				assert.InDelta(t, tt.eff[m.ID()], m.EffectiveWeight, 1e-12, m.ID())
			}
			assert.InDelta(t, s.Value, sumContributions(s), 1e-9)
			assert.Equal(t, success.AccountID("acme"), s.Account)
			assert.Equal(t, "small", s.ScorecardID)
			assert.Equal(t, 1, s.ScorecardVersion)
			assert.Equal(t, t0, s.AsOf)
		})
	}
}

func TestScoreGroupsAndInputs(t *testing.T) {
	p := mustCompile(t, smallCard())
	s, err := p.Score("acme", health.Inputs{"m1": num(5), "m3": success.StringValue("platinum"), "m4": num(4.999)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	byID := map[string]health.MeasureScore{}
	for _, m := range s.Measures() {
		byID[m.ID()] = m
	}
	assert.Equal(t, 0.0, byID["m3"].Points, "unlisted category gets the default points")
	assert.Equal(t, 0.0, byID["m4"].Points, "4.999 is below the [5,10) tier")
	assert.Equal(t, "a", byID["m1"].Group())
	assert.True(t, num(5).Equal(byID["m1"].Input()))
	groups := s.Groups()
	require.Len(t, groups, 2)
	assert.Equal(t, "a", groups[0].ID())
	assert.InDelta(t, 50, groups[0].Value(), 1e-12, "group a is m1 alone now")
	assert.InDelta(t, 0.75, groups[0].EffectiveWeight, 1e-12)
	assert.InDelta(t, 0, groups[1].Value(), 1e-12)
	assert.InDelta(t, s.Value, groups[0].Contribution+groups[1].Contribution, 1e-9)
}

func TestScoreCriticalCapAndSubjective(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	ok, err := p.Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Empty(t, ok.Caps)
	assert.Equal(t, ok.UncappedBand, ok.Band)
	// csm_sentiment is 2/4 of relationship (0.3): 0.15 of the score.
	assert.InDelta(t, 0.15, ok.SubjectiveShare, 1e-12)

	in["payment_ok"] = success.BoolValue(false)
	capped, err := p.Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, "red", capped.Band)
	assert.NotEqual(t, "red", capped.UncappedBand, "the average alone would not be red")
	require.Len(t, capped.Caps, 1)
	assert.Equal(t, health.Cap{Measure: "payment_ok", Points: 0, Below: 50, Band: "red"}, capped.Caps[0])

	delete(in, "payment_ok")
	missing, err := p.Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Empty(t, missing.Caps, "a missing critical measure never caps")
}

func TestScoreOverride(t *testing.T) {
	p := mustCompile(t, smallCard())
	in := health.Inputs{"m1": num(5), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10)}
	thirty := 30.0
	tests := []struct {
		name      string
		o         health.Override
		asOf      time.Time
		active    bool
		wantValue float64
		wantBand  string
	}{
		{name: "value in force", o: health.Override{Value: &thirty, Author: "kim", Reason: "exec left", Set: t0, Expires: t2}, asOf: t1, active: true, wantValue: 30, wantBand: "red"},
		{name: "band in force", o: health.Override{Band: "yellow", Author: "kim", Reason: "renewal risk", Set: t0, Expires: t2}, asOf: t0, active: true, wantValue: 75, wantBand: "yellow"},
		{name: "expired", o: health.Override{Value: &thirty, Author: "kim", Reason: "exec left", Set: t0, Expires: t2}, asOf: t2, wantValue: 75, wantBand: "green"},
		{name: "not yet set", o: health.Override{Value: &thirty, Author: "kim", Reason: "exec left", Set: t1, Expires: t2}, asOf: t0, wantValue: 75, wantBand: "green"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := p.Score("acme", in, tt.asOf, health.ScoreOptions{Override: &tt.o})
			require.NoError(t, err)
			assert.Equal(t, tt.active, s.Override != nil)
			assert.Equal(t, 75.0, s.Value, "the computed value is kept")
			assert.Equal(t, "green", s.Band)
			assert.Equal(t, tt.wantValue, s.ReportedValue)
			assert.Equal(t, tt.wantBand, s.ReportedBand)
		})
	}
	_, err := p.Score("acme", in, t0, health.ScoreOptions{Override: &health.Override{Value: &thirty, Band: "nope"}})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"override.band", "override.author", "override.reason", "override.expires"}, paths(err))
}

func TestScoreBadInput(t *testing.T) {
	p := mustCompile(t, smallCard())
	in := health.Inputs{
		"m1":    num(math.NaN()),
		"m2":    num(1),
		"m3":    num(3),
		"m4":    num(math.Inf(1)),
		"bogus": num(1),
	}
	_, err := p.Score("", in, time.Time{}, health.ScoreOptions{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, health.ErrInvalid))
	assert.ElementsMatch(t, []string{"account", "as_of", `inputs["bogus"]`, `inputs["m1"]`, `inputs["m2"]`, `inputs["m3"]`, `inputs["m4"]`}, paths(err))

	// A tiers normaliser without an open end rejects inputs outside it.
	sc := smallCard()
	sc.Groups[1].Measures[1].Normaliser = health.Tiers(health.Tier{From: 0, To: 10, Points: 50})
	_, err = mustCompile(t, sc).Score("acme", health.Inputs{"m4": num(10)}, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, err.Error(), "outside every tier")
}

func TestScoreFuncNormaliser(t *testing.T) {
	nps := func(in success.Value) (float64, error) {
		x, ok := in.Num()
		if !ok {
			return 0, errors.New("want a number")
		}
		return (x + 100) / 2, nil
	}
	sc := health.Scorecard{ID: "f", Measures: []health.Measure{{ID: "nps", Weight: 1, Normaliser: health.Func("nps", nps)}}}
	p := mustCompile(t, sc)
	s, err := p.Score("acme", health.Inputs{"nps": num(40)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, 70.0, s.Value)
	_, err = p.Score("acme", health.Inputs{"nps": num(300)}, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, err.Error(), "returned 200 points")
	_, err = p.Score("acme", health.Inputs{"nps": success.StringValue("x")}, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
}

func TestScoreJSONRoundTrip(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	delete(in, "dau_ratio")
	in["payment_ok"] = success.BoolValue(false)
	seventy := 70.0
	s, err := p.Score("acme", in, t0, health.ScoreOptions{Override: &health.Override{Value: &seventy, Author: "kim", Reason: "new champion", Set: t0, Expires: t2}})
	require.NoError(t, err)
	data, back := jsonRoundTrip(t, s)
	assert.Equal(t, s.Value, back.Value)
	assert.Equal(t, []string{"dau_ratio"}, back.Missing())
	assert.Len(t, back.Caps, 1)
	assert.True(t, s.Measures()[6].Input().Equal(back.Measures()[6].Input()))
	assert.Equal(t, 70.0, back.ReportedValue)
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &top))
	assert.NotContains(t, top, "id", "a score not yet stored has no ID")

	// A stored score's ID is written in canonical UUID text form.
	stored, err := health.NewMemoryStore().Append(context.Background(), s)
	require.NoError(t, err)
	data, err = json.Marshal(stored)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"id":"`+stored.ID.String()+`"`)
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, stored.ID, back.ID)
}

func TestSetPlanScore(t *testing.T) {
	ent := benchCard()
	sp, err := health.CompileSet(health.Set{Scorecards: []health.Scorecard{smallCard(), ent}, Rules: []health.Rule{{Segment: "enterprise", Scorecard: "bench"}}, Default: "small"})
	require.NoError(t, err)
	s, err := sp.Score(success.Account{ID: "big", Segment: "enterprise"}, benchInputs(), t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, "bench", s.ScorecardID)
	assert.Equal(t, success.AccountID("big"), s.Account)
	_, err = sp.Score(success.Account{ID: "small"}, benchInputs(), t0, health.ScoreOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid, "the small scorecard has no such measures")
	p, ok := sp.Plan("small")
	assert.True(t, ok)
	assert.Equal(t, "small", p.Scorecard().ID)
}

// A Plan that did not come from Compile, or a nil destination, is an error,
// not a panic.
func TestZeroPlanAndNilDestination(t *testing.T) {
	var zero health.Plan
	_, err := zero.Score("acme", health.Inputs{}, t0, health.ScoreOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	var dst health.Score
	assert.ErrorIs(t, zero.ScoreValues(&dst, "acme", nil, t0, health.ScoreOptions{}), health.ErrInvalid)
	assert.ErrorIs(t, zero.ScoreColumns(nil, make([]float64, 3), make([]int8, 3), nil, success.ColumnOptions{}), health.ErrInvalid)

	p := mustCompile(t, smallCard())
	assert.ErrorIs(t, p.ScoreInto(nil, "acme", health.Inputs{}, t0, health.ScoreOptions{}), health.ErrInvalid)
	assert.ErrorIs(t, p.ScoreValues(nil, "acme", nil, t0, health.ScoreOptions{}), health.ErrInvalid)
}

// Nil plans, sets and stores are errors (or empty answers), never panics.
func TestNilPlanSetAndStore(t *testing.T) {
	var nilPlan *health.Plan
	_, err := nilPlan.Score("acme", health.Inputs{}, t0, health.ScoreOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	var dst health.Score
	assert.ErrorIs(t, nilPlan.ScoreInto(&dst, "acme", health.Inputs{}, t0, health.ScoreOptions{}), health.ErrInvalid)
	assert.ErrorIs(t, nilPlan.ScoreColumns(nil, nil, nil, nil, success.ColumnOptions{}), health.ErrInvalid)
	assert.Nil(t, nilPlan.MeasureIDs())
	assert.Nil(t, nilPlan.Bands())
	assert.Equal(t, health.Scorecard{}, nilPlan.Scorecard())
	_, ok := nilPlan.BandRank("red")
	assert.False(t, ok)
	_, ok = nilPlan.CategoryIndex("m3", "gold")
	assert.False(t, ok)
	_, err = health.FitWeights(nilPlan, nil, nil, health.WeightFitOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.FitWeights(&health.Plan{}, nil, nil, health.WeightFitOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	assert.ErrorContains(t, err, "Compile")

	for name, sp := range map[string]*health.SetPlan{"nil": nil, "zero": {}} {
		_, err := sp.Score(success.Account{ID: "acme"}, health.Inputs{}, t0, health.ScoreOptions{})
		assert.ErrorIs(t, err, health.ErrInvalid, name)
		_, ok := sp.Plan("small")
		assert.False(t, ok, name)
	}

	_, err = health.StoreTrend(t.Context(), nil, "acme", t0, 24*time.Hour, health.TrendOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.OutcomeAsOf(t.Context(), nil, "acme", t0, 24*time.Hour, time.Time{}, success.MustMoney("1", "USD"))
	assert.ErrorIs(t, err, health.ErrInvalid)
}

// Short category lists are searched by name, long ones through an index; both
// give every listed category its points and any other the default.
func TestCategoricalShortAndLongLists(t *testing.T) {
	for _, n := range []int{1, 8, 9, 30} {
		var cats []health.CategoryPoints
		for i := range n {
			cats = append(cats, health.CategoryPoints{Name: fmt.Sprintf("c%d", i), Points: float64(i * 100 / n)})
		}
		p := mustCompile(t, health.Scorecard{ID: "cat", Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.CategoricalWithDefault(42, cats...)}}})
		for i, c := range cats {
			s, err := p.Score("acme", health.Inputs{"m": success.StringValue(c.Name)}, t0, health.ScoreOptions{})
			require.NoError(t, err)
			assert.Equal(t, c.Points, s.Value, "%d categories, %s", n, c.Name)
			idx, ok := p.CategoryIndex("m", c.Name)
			assert.True(t, ok)
			assert.Equal(t, float64(i), idx)
		}
		s, err := p.Score("acme", health.Inputs{"m": success.StringValue("unlisted")}, t0, health.ScoreOptions{})
		require.NoError(t, err)
		assert.Equal(t, 42.0, s.Value)
		idx, ok := p.CategoryIndex("m", "unlisted")
		assert.True(t, ok)
		assert.Equal(t, -1.0, idx)
	}
}

// A triggered cap is reported even when the score is already in a lower
// band: the CSM still needs to see that the critical measure failed.
func TestCapListedWhenBandAlreadyLower(t *testing.T) {
	p := mustCompile(t, health.Scorecard{ID: "c", Measures: []health.Measure{
		{ID: "usage", Weight: 3, Normaliser: health.Linear(0, 10, success.HigherIsBetter)},
		{ID: "paid", Weight: 1, Normaliser: health.Boolean(100, 0), Critical: &health.Critical{Below: 50, CapBand: "yellow"}},
	}})
	s, err := p.Score("a", health.Inputs{"usage": success.NumberValue(2), "paid": success.BoolValue(false)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.InDelta(t, 15, s.Value, 1e-12) // 0.75*20 + 0.25*0
	assert.Equal(t, "red", s.Band)
	assert.Equal(t, "red", s.UncappedBand, "the cap did not lower the band")
	assert.Equal(t, []health.Cap{{Measure: "paid", Points: 0, Below: 50, Band: "yellow"}}, s.Caps)
}

// A MeasureScore holds its input compactly (a listed category by its index,
// an unlisted one or a time in a box); every kind comes back as given,
// through Score, a reused ScoreInto (boxed to listed and back), Clone and
// JSON, and a clone keeps its boxed inputs when the Score it came from is
// reused.
func TestScoreInputsRoundTrip(t *testing.T) {
	sc := health.Scorecard{ID: "kinds", Version: 1, Measures: []health.Measure{
		{ID: "n", Weight: 1, Normaliser: health.Linear(0, 10, success.HigherIsBetter)},
		{ID: "b", Weight: 1, Normaliser: health.Boolean(100, 0)},
		{ID: "s", Weight: 1, Normaliser: health.CategoricalWithDefault(10, health.CategoryPoints{Name: "gold", Points: 100})},
		{ID: "f", Weight: 1, Normaliser: health.Func("any", func(success.Value) (float64, error) { return 50, nil })},
		{ID: "gone", Weight: 1, Normaliser: health.Linear(0, 10, success.HigherIsBetter)},
	}}
	p := mustCompile(t, sc)
	when := time.Date(2026, 2, 3, 4, 5, 6, 7, time.FixedZone("x", 3600))
	first := health.Inputs{"n": num(2.5), "b": success.BoolValue(true), "s": success.StringValue("tin"), "f": success.TimeValue(when)}
	second := health.Inputs{"n": num(7), "b": success.BoolValue(false), "s": success.StringValue("gold"), "f": success.TimeValue(when.Add(time.Hour))}
	// exact: the very Value, location included (JSON keeps the instant and
	// offset only).
	check := func(t *testing.T, in health.Inputs, s health.Score, exact bool) {
		t.Helper()
		for _, m := range s.Measures() {
			want, ok := in[m.ID()]
			assert.Equal(t, !ok, m.Missing, m.ID())
			assert.True(t, want.Equal(m.Input()), "%s: %v, want %v", m.ID(), m.Input(), want)
			if exact {
				assert.Equal(t, want, m.Input(), m.ID())
			}
		}
	}
	s, err := p.Score("acme", first, t0, health.ScoreOptions{})
	require.NoError(t, err)
	check(t, first, s, true)
	kept := s.Clone()
	require.NoError(t, p.ScoreInto(&s, "acme", second, t0, health.ScoreOptions{}))
	check(t, second, s, true)
	check(t, first, kept, true)
	require.NoError(t, p.ScoreInto(&s, "acme", first, t0, health.ScoreOptions{}))
	check(t, first, s, true)

	b, err := json.Marshal(kept)
	require.NoError(t, err)
	var back health.Score
	require.NoError(t, json.Unmarshal(b, &back))
	check(t, first, back, false)

	built := health.NewMeasureScore(health.NewMeasureInfo("f", "", 1, false), success.StringValue("first"), 50, 1)
	for _, v := range []success.Value{num(1), success.BoolValue(true), success.StringValue("x"), success.TimeValue(when), {}, success.StringValue("y")} {
		before, was := built, built.Input()
		built.SetInput(v)
		assert.Equal(t, v, built.Input())
		assert.Equal(t, "f", built.ID())
		assert.Equal(t, was, before.Input(), "a copy keeps its input")
	}
}

package health_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

func TestScorecardValidateReportsEveryProblem(t *testing.T) {
	sc := smallCard()
	sc.ID = ""
	sc.Groups[1].Measures[0].Weight = -1
	sc.Groups[1].Measures[1].ID = "m1"
	sc.Groups[0].Measures[0].Weight = 0
	sc.Groups[0].Measures[1].Weight = 0
	sc.Groups[0].Measures[1].Normaliser = health.Linear(5, 5, "sideways")
	sc.Bands = []health.Band{{Name: "red", Min: 0, Max: 40}, {Name: "green", Min: 50, Max: 100}}
	sc.Groups[0].Measures[0].Critical = &health.Critical{Below: 50, CapBand: "amber"}
	err := sc.Validate()
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{
		"id",
		"bands[1].min",
		"groups[0].measures[0].critical.cap_band",
		"groups[0].measures[1].normaliser.max",
		"groups[0].measures[1].normaliser.direction",
		"groups[0].weights",
		"groups[1].measures[0].weight",
		"groups[1].measures[1].id",
	}, paths(err))
	assert.Contains(t, err.Error(), "groups[1].measures[0].weight: must be >= 0")
	assert.Contains(t, err.Error(), `duplicate ID "m1" (also groups[0].measures[0])`)
	_, err = health.Compile(sc)
	require.ErrorIs(t, err, health.ErrInvalid)
}

func TestScorecardValidateNormalisers(t *testing.T) {
	tests := []struct {
		name string
		n    health.Normaliser
		want []string
	}{
		{"unknown kind", health.Normaliser{Kind: "cubic"}, []string{"kind"}},
		{"linear NaN", health.Linear(math.NaN(), 1, success.HigherIsBetter), []string{"min"}},
		// A width that overflows (or whose reciprocal does) would score NaN.
		{"linear width overflows", health.Linear(-1e308, 1e308, success.HigherIsBetter), []string{"max"}},
		{"linear width underflows", health.Linear(0, 5e-324, success.HigherIsBetter), []string{"max"}},
		{"tiers empty", health.Tiers(), []string{"tiers"}},
		{"tiers gap", health.Tiers(health.Tier{From: 0, To: 1, Points: 0}, health.Tier{From: 2, To: 3, Points: 200}), []string{"tiers[1].from", "tiers[1].points"}},
		{"tiers inf inside", health.Tiers(health.Tier{From: 0, To: math.Inf(1), Points: 0}, health.Tier{From: math.Inf(1), To: math.Inf(1), Points: 0}), []string{"tiers[0].to", "tiers[1].from", "tiers[1].to"}},
		{"boolean points", health.Boolean(101, -1), []string{"true_points", "false_points"}},
		{"categorical", health.CategoricalWithDefault(50, health.CategoryPoints{Name: "a", Points: 1}, health.CategoryPoints{Name: "a", Points: 2}, health.CategoryPoints{Points: 3}), []string{"categories[1].name", "categories[2].name"}},
		{"func missing", health.Func("", nil), []string{"func", "func"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := health.Scorecard{ID: "x", Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: tt.n}}}
			err := sc.Validate()
			require.ErrorIs(t, err, health.ErrInvalid)
			var want []string
			for _, p := range tt.want {
				want = append(want, "measures[0].normaliser."+p)
			}
			assert.ElementsMatch(t, want, paths(err))
		})
	}
}

func TestScorecardValidateStructure(t *testing.T) {
	tests := []struct {
		name string
		sc   health.Scorecard
		want []string
	}{
		{"empty", health.Scorecard{ID: "x"}, []string{"measures"}},
		{"empty group", health.Scorecard{ID: "x", Groups: []health.Group{{ID: "g", Weight: 1}}}, []string{"groups[0].measures"}},
		{"all zero", health.Scorecard{ID: "x", Measures: []health.Measure{{ID: "m", Normaliser: health.Boolean(1, 0)}}}, []string{"weights"}},
		{"bad policy", health.Scorecard{ID: "x", Missing: health.MissingPolicy{Rule: "guess"}, Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(1, 0)}}}, []string{"missing.rule"}},
		{"bad points", health.Scorecard{ID: "x", Missing: health.MissingPolicy{Rule: health.FixedPoints, Points: 120}, Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(1, 0)}}}, []string{"missing.points"}},
		{"bands", health.Scorecard{ID: "x", Version: -1, Bands: []health.Band{{Name: "a", Min: 1, Max: 60}, {Name: "a", Min: 60, Max: 99}}, Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(1, 0)}}},
			[]string{"version", "bands[0].min", "bands[1].name", "bands[1].max"}},
		{"no bands", health.Scorecard{ID: "x", Bands: []health.Band{}, Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(1, 0)}}}, []string{"bands"}},
		{"critical", health.Scorecard{ID: "x", Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(1, 0), Critical: &health.Critical{Below: 0, CapBand: "red"}}}}, []string{"measures[0].critical.below"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sc.Validate()
			require.ErrorIs(t, err, health.ErrInvalid)
			assert.ElementsMatch(t, tt.want, paths(err))
		})
	}
}

func TestBandsCustom(t *testing.T) {
	sc := smallCard()
	sc.Bands = []health.Band{{Name: "critical", Min: 0, Max: 20}, {Name: "poor", Min: 20, Max: 40}, {Name: "fair", Min: 40, Max: 60}, {Name: "good", Min: 60, Max: 80}, {Name: "great", Min: 80, Max: 100}}
	p := mustCompile(t, sc)
	for _, tt := range []struct {
		m1   float64
		band string
	}{{0, "fair"}, {5, "good"}, {10, "great"}} {
		// m1 carries 0.375; the rest contributes 37.5 + 6.25 + 12.5 = 56.25.
		s, err := p.Score("acme", health.Inputs{"m1": num(tt.m1), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10)}, t0, health.ScoreOptions{})
		require.NoError(t, err)
		assert.Equal(t, tt.band, s.Band)
	}
	s, err := mustCompile(t, health.Scorecard{ID: "one", Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(100, 0)}}}).
		Score("acme", health.Inputs{"m": success.BoolValue(true)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, "green", s.Band, "100 belongs to the last band")
}

const validJSON = `{
  "id": "smb", "name": "SMB health", "version": 2,
  "missing": {"rule": "points", "points": 40},
  "bands": [{"name": "red", "min": 0, "max": 40}, {"name": "green", "min": 40, "max": 100}],
  "measures": [{"id": "nps", "weight": 1, "critical": {"below": 20, "cap_band": "red"}, "normaliser": {"kind": "func", "func": "nps"}}],
  "groups": [{"id": "adoption", "name": "Adoption", "weight": 3, "measures": [
      {"id": "wau", "weight": 2, "normaliser": {"kind": "linear", "min": 0, "max": 0.8, "direction": "higher_is_better"}},
      {"id": "csm", "weight": 1, "subjective": true, "normaliser": {"kind": "tiers", "tiers": [{"to": 3, "points": 0}, {"from": 3, "points": 100}]}},
      {"id": "sso", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}],
    "groups": [{"id": "deep", "weight": 1, "measures": [
      {"id": "plan", "weight": 1, "normaliser": {"kind": "categorical", "categories": [{"name": "pro", "points": 100}], "default_points": 50}}]}]}]
}`

func npsFunc(in success.Value) (float64, error) {
	x, _ := in.Num()
	return (x + 100) / 2, nil
}

func TestLoadScorecard(t *testing.T) {
	sc, err := health.LoadScorecard(strings.NewReader(validJSON), health.LoadOptions{Funcs: map[string]health.PointsFunc{"nps": npsFunc}})
	require.NoError(t, err)
	assert.Equal(t, "smb", sc.ID)
	assert.Equal(t, 2, sc.Version)
	assert.Equal(t, health.MissingPolicy{Rule: health.FixedPoints, Points: 40}, sc.Missing)
	assert.Equal(t, []string{"nps", "wau", "csm", "sso", "plan"}, sc.MeasureIDs())
	csm := sc.Groups[0].Measures[1]
	assert.True(t, csm.Subjective)
	assert.Equal(t, []health.Tier{{From: math.Inf(-1), To: 3, Points: 0}, {From: 3, To: math.Inf(1), Points: 100}}, csm.Normaliser.Tiers)

	// Round trip: marshal, load again, marshal again: identical documents.
	out, err := json.Marshal(sc)
	require.NoError(t, err)
	again, err := health.LoadScorecard(bytes.NewReader(out), health.LoadOptions{Funcs: map[string]health.PointsFunc{"nps": npsFunc}})
	require.NoError(t, err)
	out2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.JSONEq(t, string(out), string(out2))

	// Without the host function the func measure is reported.
	_, err = health.LoadScorecard(strings.NewReader(validJSON), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"measures[0].normaliser.func"}, paths(err))
	var viaUnmarshal health.Scorecard
	require.ErrorIs(t, json.Unmarshal([]byte(validJSON), &viaUnmarshal), health.ErrInvalid)
}

func TestLoadScorecardReportsEveryProblem(t *testing.T) {
	doc := `{
  "id": "x", "versoin": 1, "version": 1.5,
  "bands": [{"name": "red", "min": 0, "max": 60}, {"name": "green", "min": 70, "max": 100}],
  "groups": [
    {"id": "a", "weight": 1, "measures": [{"id": "m1", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": "0"}}]},
    {"id": "b", "weight": 1, "measures": [{"id": "m1", "weight": -2, "normaliser": {"kind": "linear", "min": 0, "max": 1, "direction": "up", "extra": 1}}]},
    {"id": "c", "measures": [{"id": "m3", "weight": 1}]},
    {"id": "d", "weight": 1, "measures": [{"id": "m4", "weight": 1, "normaliser": {"kind": "spline"}}]}
  ]
}`
	_, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{
		"versoin",
		"version",
		"groups[0].measures[0].normaliser.false_points",
		"groups[1].measures[0].normaliser.extra",
		"groups[2].weight",
		"groups[2].measures[0].normaliser",
		"bands[1].min",
		"groups[1].measures[0].id",
		"groups[1].measures[0].weight",
		"groups[1].measures[0].normaliser.direction",
		"groups[3].measures[0].normaliser.kind",
	}, paths(err))
	assert.Contains(t, err.Error(), "groups[1].measures[0].weight: must be >= 0")

	// A missing weight is reported once, at its path, not again as "weights
	// are all zero".
	_, err = health.LoadScorecard(strings.NewReader(`{"id": "x", "measures": [{"id": "m", "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]}`), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"measures[0].weight"}, paths(err))

	for _, bad := range []string{``, `[]`, `{"id": "x"} {}`, `{"id": 1,`} {
		_, err := health.LoadScorecard(strings.NewReader(bad), health.LoadOptions{})
		assert.ErrorIs(t, err, health.ErrInvalid, bad)
	}
	// A document that is not an object is one problem, not also every rule
	// an empty scorecard breaks.
	_, err = health.LoadScorecard(strings.NewReader(`[1, 2]`), health.LoadOptions{})
	assert.Equal(t, []string{""}, paths(err))
}

func TestSet(t *testing.T) {
	smb := smallCard()
	smb.ID = "smb"
	ent := benchCard()
	ent.ID = "ent"
	onb := smallCard()
	onb.ID = "onboarding"
	sp, err := health.CompileSet(health.Set{
		Scorecards: []health.Scorecard{smb, ent, onb},
		Rules: []health.Rule{
			{Stage: success.StageOnboarding, Scorecard: "onboarding"},
			{Segment: "enterprise", Scorecard: "ent"},
		},
		Default: "smb",
	})
	require.NoError(t, err)
	for _, tt := range []struct {
		a    success.Account
		want string
	}{
		{success.Account{Segment: "enterprise", Stage: success.StageOnboarding}, "onboarding"},
		{success.Account{Segment: "enterprise", Stage: success.StageAdoption}, "ent"},
		{success.Account{Segment: "smb", Stage: success.StageRenewal}, "smb"},
	} {
		assert.Equal(t, tt.want, sp.For(tt.a).Scorecard().ID)
	}

	_, err = health.CompileSet(health.Set{
		Scorecards: []health.Scorecard{smb, smb, {ID: "bad"}},
		Rules:      []health.Rule{{Scorecard: "smb"}, {Stage: "sleeping", Scorecard: "nope"}},
		Default:    "none",
	})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"scorecards[1].id", "scorecards[2].measures", "rules[0]", "rules[1].stage", "rules[1].scorecard", "default"}, paths(err))

	setDoc := `{"scorecards": [` + validJSON + `], "rules": [{"segment": "smb", "scorecard": "smb"}], "default": "smb"}`
	s, err := health.LoadSet(strings.NewReader(setDoc), health.LoadOptions{Funcs: map[string]health.PointsFunc{"nps": npsFunc}})
	require.NoError(t, err)
	assert.Len(t, s.Scorecards, 1)
	_, err = health.LoadSet(strings.NewReader(`{"scorecards": [{"id": "x", "measures": []}], "rules": [{"segment": "a", "scorecard": "y"}], "default": "x", "more": 1}`), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"more", "scorecards[0].measures"}, paths(err))
}

func TestLoadScorecardDuplicateFieldsAndEmptyArrays(t *testing.T) {
	doc := `{"id": "x", "id": "y", "bands": [],
	  "measures": [{"id": "m", "weight": 1, "weight": 2, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]}`
	_, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"id", "measures[0].weight", "bands"}, paths(err))
	assert.Contains(t, err.Error(), "id: duplicate field")
}

func TestLoadScorecardStrictValues(t *testing.T) {
	doc := `{"id": "x", "name": null, "version": 1e3,
	  "measures": [{"id": "m", "weight": 1e400, "subjective": "yes", "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]}`
	_, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"name", "version", "measures[0].weight", "measures[0].subjective"}, paths(err))
	for _, want := range []string{
		"name: must be a string, got null",
		"version: must be a whole number in range, without fraction or exponent",
		"measures[0].weight: number is out of range",
		`measures[0].subjective: must be true or false, got a string`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestSetJSONRoundTrip(t *testing.T) {
	smb, ent := smallCard(), benchCard()
	smb.ID, ent.ID = "smb", "ent"
	s := health.Set{
		Scorecards: []health.Scorecard{smb, ent},
		Rules:      []health.Rule{{Segment: "enterprise", Stage: success.StageOnboarding, Scorecard: "ent"}},
		Default:    "smb",
	}
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back health.Set
	require.NoError(t, json.Unmarshal(data, &back), "%s", data)
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.Equal(t, s.Rules, back.Rules)
	assert.Equal(t, []string{"smb", "ent"}, []string{back.Scorecards[0].ID, back.Scorecards[1].ID})
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"scorecards": [], "default": "smb", "extra": 1}`), &back), health.ErrInvalid)
}

// The fixed points of missing inputs are written out, never assumed: a
// "points" rule without points is an error, and points under another rule
// would be silently ignored, so they are an error too.
func TestMissingPolicyPoints(t *testing.T) {
	measures := `"measures": [{"id": "m", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]`
	for doc, want := range map[string]string{
		`{"id": "x", "missing": {"rule": "points"}, ` + measures + `}`:                     "missing.points: is required",
		`{"id": "x", "missing": {"rule": "redistribute", "points": 40}, ` + measures + `}`: `missing.points: only applies to rule "points"`,
	} {
		_, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
		require.ErrorIs(t, err, health.ErrInvalid, doc)
		assert.Equal(t, []string{"missing.points"}, paths(err), doc)
		assert.Contains(t, err.Error(), want, doc)
	}
	sc := health.Scorecard{ID: "x", Missing: health.MissingPolicy{Rule: health.Unavailable, Points: 30},
		Measures: []health.Measure{{ID: "m", Weight: 1, Normaliser: health.Boolean(100, 0)}}}
	assert.Equal(t, []string{"missing.points"}, paths(sc.Validate()))

	// Zero fixed points survive a JSON round trip.
	sc.Missing = health.MissingPolicy{Rule: health.FixedPoints, Points: 0}
	data, err := json.Marshal(sc)
	require.NoError(t, err)
	back, err := health.LoadScorecard(bytes.NewReader(data), health.LoadOptions{})
	require.NoError(t, err, string(data))
	assert.Equal(t, sc.Missing, back.Missing)
}

// A rule that an earlier rule covers can never match: its scorecard would
// silently never be used, so the set is rejected and says which rule wins.
func TestSetRejectsShadowedRules(t *testing.T) {
	smb := smallCard()
	smb.ID = "smb"
	ent := smallCard()
	ent.ID = "ent"
	_, err := health.CompileSet(health.Set{
		Scorecards: []health.Scorecard{smb, ent},
		Rules: []health.Rule{
			{Segment: "enterprise", Scorecard: "ent"},
			{Segment: "enterprise", Stage: success.StageOnboarding, Scorecard: "smb"}, // covered by rules[0]
			{Stage: success.StageOnboarding, Scorecard: "smb"},                        // not covered: other segments
			{Segment: "enterprise", Scorecard: "smb"},                                 // covered by rules[0]
		},
		Default: "smb",
	})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"rules[1]", "rules[3]"}, paths(err))
	assert.Contains(t, err.Error(), "rules[1]: never matches: rules[0] comes first and matches every account it would")
}

// A compiled plan's scorecard does not share DefaultPoints with the one it
// was compiled from.
func TestCloneCopiesDefaultPoints(t *testing.T) {
	sc := health.Scorecard{ID: "c", Measures: []health.Measure{
		{ID: "plan", Weight: 1, Normaliser: health.CategoricalWithDefault(40, health.CategoryPoints{Name: "pro", Points: 100})},
	}}
	p := mustCompile(t, sc)
	*sc.Measures[0].Normaliser.DefaultPoints = 7
	assert.Equal(t, 40.0, *p.Scorecard().Measures[0].Normaliser.DefaultPoints)
}

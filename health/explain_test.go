package health_test

import (
	"math"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExplain(t *testing.T) {
	p := mustCompile(t, smallCard())
	before, err := p.Score("acme", health.Inputs{"m1": num(5), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	// m1 drops to 1 (50 -> 10 points, -15), m3 rises to gold (+6.25), m4 unchanged.
	after, err := p.Score("acme", health.Inputs{"m1": num(1), "m2": success.BoolValue(true), "m3": success.StringValue("gold"), "m4": num(12)}, t1, health.ScoreOptions{})
	require.NoError(t, err)
	c, err := health.Explain(before, after)
	require.NoError(t, err)
	assert.Equal(t, success.AccountID("acme"), c.Account)
	assert.Equal(t, t0, c.From)
	assert.Equal(t, t1, c.To)
	assert.InDelta(t, -8.75, c.Delta, 1e-12)
	assert.Equal(t, "green", c.BandBefore)
	assert.Equal(t, "yellow", c.BandAfter)
	assert.False(t, c.ScorecardChanged)
	require.Len(t, c.Measures, 2)
	assert.Equal(t, "m1", c.Measures[0].ID)
	assert.InDelta(t, -15, c.Measures[0].Effect, 1e-12)
	assert.Equal(t, 50.0, c.Measures[0].PointsBefore)
	assert.InDelta(t, 10, c.Measures[0].PointsAfter, 1e-12)
	assert.True(t, num(1).Equal(c.Measures[0].InputAfter))
	assert.Equal(t, "m3", c.Measures[1].ID)
	assert.InDelta(t, 6.25, c.Measures[1].Effect, 1e-12)
	sum := 0.0
	for _, m := range c.Measures {
		sum += m.Effect
	}
	assert.InDelta(t, c.Delta, sum, 1e-9)

	// A missing input moves weight to its sibling: both appear.
	missing, err := p.Score("acme", health.Inputs{"m1": num(5), "m3": success.StringValue("silver"), "m4": num(10)}, t1, health.ScoreOptions{})
	require.NoError(t, err)
	c, err = health.Explain(before, missing)
	require.NoError(t, err)
	require.Len(t, c.Measures, 2)
	assert.Equal(t, "m2", c.Measures[0].ID)
	assert.True(t, c.Measures[0].MissingAfter)
	assert.Equal(t, "m1", c.Measures[1].ID)

	other := after
	other.Account = "globex"
	_, err = health.Explain(before, other)
	assert.ErrorIs(t, err, health.ErrMismatch)
	unavailable, err := p.Score("acme", health.Inputs{}, t1, health.ScoreOptions{})
	require.NoError(t, err)
	_, err = health.Explain(before, unavailable)
	assert.ErrorIs(t, err, health.ErrInvalid)

	// A new scorecard version with a new measure is flagged and compared.
	v2 := smallCard()
	v2.Version = 2
	v2.Groups[1].Measures = append(v2.Groups[1].Measures, health.Measure{ID: "m5", Weight: 4, Normaliser: health.Boolean(100, 0)})
	newer, err := mustCompile(t, v2).Score("acme", health.Inputs{"m1": num(5), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10), "m5": success.BoolValue(true)}, t2, health.ScoreOptions{})
	require.NoError(t, err)
	c, err = health.Explain(before, newer)
	require.NoError(t, err)
	assert.True(t, c.ScorecardChanged)
	sum = 0
	for _, m := range c.Measures {
		sum += m.Effect
	}
	assert.InDelta(t, c.Delta, sum, 1e-9)
}

// Scores passed newest first would explain the change backwards (every
// effect with the wrong sign); that is an error, not a silent inversion.
// Two scores at one instant (a what-if under another scorecard) are fine.
func TestExplainRejectsScoresOutOfOrder(t *testing.T) {
	p := mustCompile(t, smallCard())
	in := health.Inputs{"m1": num(5), "m2": success.BoolValue(true), "m3": success.StringValue("silver"), "m4": num(10)}
	older, err := p.Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	newer, err := p.Score("acme", in, t1, health.ScoreOptions{})
	require.NoError(t, err)
	_, err = health.Explain(newer, older)
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, err.Error(), "is later than the after score")
	_, err = health.Explain(older, older)
	assert.NoError(t, err)
}

// A score built by hand with a NaN or infinite figure is ErrInvalid, not a
// change of NaN points.
func TestExplainRejectsNonFiniteScores(t *testing.T) {
	p := mustCompile(t, smallCard())
	before, err := p.Score("a", health.Inputs{"m1": success.NumberValue(2), "m2": success.BoolValue(true), "m3": success.StringValue("gold"), "m4": success.NumberValue(7)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	after, err := p.Score("a", health.Inputs{"m1": success.NumberValue(8), "m2": success.BoolValue(true), "m3": success.StringValue("gold"), "m4": success.NumberValue(7)}, t1, health.ScoreOptions{})
	require.NoError(t, err)
	_, err = health.Explain(before, after)
	require.NoError(t, err)

	for name, spoil := range map[string]func(s *health.Score){
		"value NaN": func(s *health.Score) { s.Value = math.NaN() },
		"value Inf": func(s *health.Score) { s.Value = math.Inf(1) },
		"contribution overflows": func(s *health.Score) {
			editMeasures(s, func(ms []health.MeasureScore) { ms[0].Points, ms[0].EffectiveWeight = 50, math.MaxFloat64 })
		},
		"points Inf": func(s *health.Score) { editMeasures(s, func(ms []health.MeasureScore) { ms[1].Points = math.Inf(-1) }) },
		"effective weight NaN": func(s *health.Score) {
			editMeasures(s, func(ms []health.MeasureScore) { ms[2].EffectiveWeight = math.NaN() })
		},
	} {
		bad := after.Clone()
		spoil(&bad)
		_, err := health.Explain(before, bad)
		require.ErrorIs(t, err, health.ErrInvalid, name)
		assert.Contains(t, err.Error(), "the after score", name)
	}
}

package health_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// thinCard has a measure of 36% of the weight and one of 64%: an account
// with only the first is scored on a bit over a third of what the scorecard
// was built to measure.
func thinCard(conf health.ConfidencePolicy) health.Scorecard {
	return health.Scorecard{ID: "thin", Confidence: conf, Measures: []health.Measure{
		{ID: "logins", Weight: 36, Normaliser: health.Linear(0, 100, success.HigherIsBetter)},
		{ID: "nps", Weight: 64, Normaliser: health.Linear(-100, 100, success.HigherIsBetter)},
	}}
}

func TestLowConfidenceIsFlagged(t *testing.T) {
	p := mustCompile(t, thinCard(health.ConfidencePolicy{}))
	s, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(5.4)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.True(t, s.Available)
	assert.InDelta(t, 5.4, s.Value, 1e-12)
	assert.Equal(t, "red", s.Band)
	assert.InDelta(t, 0.36, s.KnownShare, 1e-15)
	assert.False(t, s.Confident, "36% of the weight is below the default 50%")

	full, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(5.4), "nps": success.NumberValue(0)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1.0, full.KnownShare)
	assert.True(t, full.Confident)

	lenient := mustCompile(t, thinCard(health.ConfidencePolicy{MinKnownShare: 0.3}))
	s, err = lenient.Score("acme", health.Inputs{"logins": success.NumberValue(5.4)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.True(t, s.Confident)

	// Every input present is confident even under a policy of 1.
	strict := mustCompile(t, thinCard(health.ConfidencePolicy{MinKnownShare: 1}))
	s, err = strict.Score("acme", health.Inputs{"logins": success.NumberValue(5.4), "nps": success.NumberValue(0)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.True(t, s.Confident)
}

func TestLowConfidenceUnavailableByPolicy(t *testing.T) {
	p := mustCompile(t, thinCard(health.ConfidencePolicy{Low: health.UnavailableWhenLow}))
	s, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(5.4)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.False(t, s.Available)
	assert.False(t, s.Confident)
	assert.Equal(t, 0.0, s.Value)
	assert.Empty(t, s.Band)
	assert.InDelta(t, 0.36, s.KnownShare, 1e-15)
	for _, m := range s.Measures() {
		assert.Zero(t, m.Contribution())
	}

	values, bands, confident := make([]float64, 1), make([]int8, 1), make([]bool, 1)
	nan := 0.0
	nan /= nan
	require.NoError(t, p.ScoreColumns([][]float64{{5.4}, {nan}}, values, bands, confident, success.ColumnOptions{}))
	assert.True(t, values[0] != values[0])
	assert.Equal(t, int8(-1), bands[0])
	assert.False(t, confident[0])
}

func TestConfidencePolicyValidatedAndLoaded(t *testing.T) {
	_, err := health.Compile(thinCard(health.ConfidencePolicy{MinKnownShare: 1.5, Low: "hide"}))
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"confidence.min_known_share", "confidence.low"}, paths(err))

	doc := `{"id": "thin", "confidence": {"min_known_share": 0.7, "low": "unavailable"},
	  "measures": [{"id": "logins", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 1, "direction": "higher_is_better"}}]}`
	sc, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, health.ConfidencePolicy{MinKnownShare: 0.7, Low: health.UnavailableWhenLow}, sc.Confidence)

	_, err = health.LoadScorecard(strings.NewReader(`{"id": "x", "confidence": {"min_known": 1}, "measures": [{"id": "m", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 1, "false_points": 0}}]}`), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, paths(err), "confidence.min_known")
}

func TestUnlistedCategoryIsAnErrorUnlessOptedIn(t *testing.T) {
	strict := mustCompile(t, health.Scorecard{ID: "c", Measures: []health.Measure{
		{ID: "plan", Weight: 1, Normaliser: health.Categorical(health.CategoryPoints{Name: "pro", Points: 100})},
	}})
	_, err := strict.Score("acme", health.Inputs{"plan": success.StringValue("Entreprise secret")}, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{`inputs["plan"]`}, paths(err))
	assert.Contains(t, err.Error(), `measure "plan"`)
	assert.NotContains(t, err.Error(), "secret", "the error never quotes the value")

	values, bands := make([]float64, 1), make([]int8, 1)
	err = strict.ScoreColumns([][]float64{{-1}}, values, bands, nil, success.ColumnOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"columns[0][0]"}, paths(err))
	assert.Equal(t, int8(-1), bands[0])

	lenient := mustCompile(t, health.Scorecard{ID: "c", Measures: []health.Measure{
		{ID: "plan", Weight: 1, Normaliser: health.CategoricalWithDefault(40, health.CategoryPoints{Name: "pro", Points: 100})},
	}})
	s, err := lenient.Score("acme", health.Inputs{"plan": success.StringValue("other")}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, 40.0, s.Value)

	// In JSON, default_points is the opt-in.
	doc := `{"id": "c", "measures": [{"id": "plan", "weight": 1, "normaliser": {"kind": "categorical", "categories": [{"name": "pro", "points": 100}]}}]}`
	sc, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.NoError(t, err)
	assert.Nil(t, sc.Measures[0].Normaliser.DefaultPoints)
	_, err = mustCompile(t, sc).Score("acme", health.Inputs{"plan": success.StringValue("other")}, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
}

func TestPortfolioAndExplainShowLowConfidence(t *testing.T) {
	p := mustCompile(t, thinCard(health.ConfidencePolicy{}))
	thin, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(5.4)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	full, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(5.4), "nps": success.NumberValue(50)}, t1, health.ScoreOptions{})
	require.NoError(t, err)
	other := full
	other.Account = "globex"

	sum, err := health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{
		{Score: thin, ARR: success.MustMoney("700", "USD")},
		{Score: other, ARR: success.MustMoney("300", "USD")},
	}), p.Bands())
	require.NoError(t, err)
	assert.Equal(t, 1, sum.LowConfidence)
	assert.True(t, success.MustMoney("700", "USD").Equal(sum.LowConfidenceARR))
	assert.Equal(t, 2, sum.Bands[0].Count+sum.Bands[1].Count+sum.Bands[2].Count, "low-confidence scores stay in their bands")

	c, err := health.Explain(thin, full)
	require.NoError(t, err)
	assert.False(t, c.ConfidentBefore)
	assert.True(t, c.ConfidentAfter)
}

package health_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	t1 = time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)
	t2 = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	t3 = time.Date(2026, 3, 22, 0, 0, 0, 0, time.UTC)
)

// smallCard is the hand-computed scorecard of the table tests: group a
// (weight 3) holds m1 (linear 0..10) and m2 (boolean); group b (weight 1)
// holds m3 (categorical) and m4 (tiers).
func smallCard() health.Scorecard {
	return health.Scorecard{
		ID: "small", Version: 1,
		Groups: []health.Group{
			{ID: "a", Weight: 3, Measures: []health.Measure{
				{ID: "m1", Weight: 1, Normaliser: health.Linear(0, 10, success.HigherIsBetter)},
				{ID: "m2", Weight: 1, Normaliser: health.Boolean(100, 0)},
			}},
			{ID: "b", Weight: 1, Measures: []health.Measure{
				{ID: "m3", Weight: 2, Normaliser: health.CategoricalWithDefault(0, health.CategoryPoints{Name: "gold", Points: 100}, health.CategoryPoints{Name: "silver", Points: 50})},
				{ID: "m4", Weight: 2, Normaliser: health.Tiers(
					health.Tier{From: math.Inf(-1), To: 5, Points: 0},
					health.Tier{From: 5, To: 10, Points: 50},
					health.Tier{From: 10, To: math.Inf(1), Points: 100})},
			}},
		},
	}
}

// benchCard is the benchmark scorecard: 10 measures in 3 groups, with every
// built-in normaliser kind, a subjective and a critical measure.
func benchCard() health.Scorecard {
	return health.Scorecard{
		ID: "bench", Version: 3,
		Groups: []health.Group{
			{ID: "adoption", Weight: 40, Measures: []health.Measure{
				{ID: "logins_per_week", Weight: 3, Normaliser: health.Linear(0, 20, success.HigherIsBetter)},
				{ID: "feature_breadth", Weight: 2, Normaliser: health.Linear(0, 1, success.HigherIsBetter)},
				{ID: "seat_utilisation", Weight: 2, Normaliser: health.Tiers(
					health.Tier{From: math.Inf(-1), To: 0.3, Points: 0},
					health.Tier{From: 0.3, To: 0.6, Points: 40},
					health.Tier{From: 0.6, To: 0.85, Points: 75},
					health.Tier{From: 0.85, To: math.Inf(1), Points: 100})},
				{ID: "dau_ratio", Weight: 1, Normaliser: health.Linear(0, 0.5, success.HigherIsBetter)},
			}},
			{ID: "relationship", Weight: 30, Measures: []health.Measure{
				{ID: "csm_sentiment", Weight: 2, Subjective: true, Normaliser: health.Tiers(
					health.Tier{From: 1, To: 2, Points: 0},
					health.Tier{From: 2, To: 3, Points: 25},
					health.Tier{From: 3, To: 4, Points: 50},
					health.Tier{From: 4, To: 5, Points: 75},
					health.Tier{From: 5, To: math.Inf(1), Points: 100})},
				{ID: "exec_sponsor", Weight: 1, Normaliser: health.Boolean(100, 20)},
				{ID: "plan", Weight: 1, Normaliser: health.CategoricalWithDefault(40,
					health.CategoryPoints{Name: "enterprise", Points: 100},
					health.CategoryPoints{Name: "pro", Points: 70},
					health.CategoryPoints{Name: "starter", Points: 30})},
			}},
			{ID: "support", Weight: 30, Measures: []health.Measure{
				{ID: "open_tickets", Weight: 2, Normaliser: health.Linear(0, 10, success.LowerIsBetter)},
				{ID: "payment_ok", Weight: 1, Normaliser: health.Boolean(100, 0), Critical: &health.Critical{Below: 50, CapBand: "red"}},
				{ID: "sla_breaches", Weight: 1, Normaliser: health.Linear(0, 5, success.LowerIsBetter)},
			}},
		},
	}
}

func benchInputs() health.Inputs {
	return health.Inputs{
		"logins_per_week":  success.NumberValue(12),
		"feature_breadth":  success.NumberValue(0.55),
		"seat_utilisation": success.NumberValue(0.7),
		"dau_ratio":        success.NumberValue(0.2),
		"csm_sentiment":    success.NumberValue(4),
		"exec_sponsor":     success.BoolValue(true),
		"plan":             success.StringValue("pro"),
		"open_tickets":     success.NumberValue(3),
		"payment_ok":       success.BoolValue(true),
		"sla_breaches":     success.NumberValue(1),
	}
}

func mustCompile(t testing.TB, sc health.Scorecard) *health.Plan {
	t.Helper()
	p, err := health.Compile(sc)
	require.NoError(t, err)
	return p
}

// sumContributions adds the contributions in column order.
func sumContributions(s health.Score) float64 {
	v := 0.0
	for _, m := range s.Measures() {
		v += m.Contribution()
	}
	return v
}

func paths(err error) []string {
	var out []string
	for _, e := range success.AsFieldErrors(err) {
		out = append(out, e.Path)
	}
	return out
}

// normalisersByID maps every measure ID of sc to its normaliser.
func normalisersByID(sc health.Scorecard) map[string]health.Normaliser {
	kinds := map[string]health.Normaliser{}
	var walk func([]health.Measure, []health.Group)
	walk = func(ms []health.Measure, gs []health.Group) {
		for _, m := range ms {
			kinds[m.ID] = m.Normaliser
		}
		for _, g := range gs {
			walk(g.Measures, g.Groups)
		}
	}
	walk(sc.Measures, sc.Groups)
	return kinds
}

// editMeasures changes s's measures through f, as a host building or
// spoiling a score by hand would.
func editMeasures(s *health.Score, f func([]health.MeasureScore)) {
	ms := s.Measures()
	f(ms)
	s.SetMeasures(ms)
}

// jsonRoundTrip writes s as JSON, reads it back, and checks that what it
// read writes the same bytes.
func jsonRoundTrip(t *testing.T, s health.Score) ([]byte, health.Score) {
	t.Helper()
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back health.Score
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
	return data, back
}

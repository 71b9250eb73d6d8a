package health_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func outcome(id string, v float64, band string, churned bool, arr string) health.Outcome {
	s := snap(id, t0, v)
	s.Band = band
	return health.Outcome{Score: s, Churned: churned, ARR: success.MustMoney(arr, "USD")}
}

// twenty returns 20 outcomes scored 5, 10, ..., 100; the churners are the
// accounts scored 5, 10, 15, 20, 25 and 60.
func twenty() []health.Outcome {
	var out []health.Outcome
	for i := 1; i <= 20; i++ {
		v := float64(5 * i)
		band := "red"
		if v >= 75 {
			band = "green"
		} else if v >= 50 {
			band = "yellow"
		}
		churned := i <= 5 || i == 12
		out = append(out, outcome(fmt.Sprintf("a%02d", i), v, band, churned, "1000"))
	}
	return out
}

func TestBacktest(t *testing.T) {
	r, err := health.Backtest(slices.Values(twenty()), health.DefaultBands())
	require.NoError(t, err)
	assert.Equal(t, 20, r.Accounts)
	assert.Equal(t, 6, r.Churned)
	assert.InDelta(t, 0.3, r.ChurnRate, 1e-15)
	// Stayers vs churners: every stayer beats the five low churners (14*5 = 70
	// pairs); against the churner at 60, the 8 stayers above it win: 78/84.
	assert.InDelta(t, 78.0/84, r.AUC, 1e-12)
	assert.False(t, r.Inverted)
	require.Len(t, r.Bands, 3)
	red := r.Bands[0]
	assert.Equal(t, "red", red.Band)
	assert.Equal(t, 9, red.Accounts)
	assert.Equal(t, 5, red.Churned)
	assert.InDelta(t, 5.0/9, red.ChurnRate, 1e-15)
	assert.True(t, success.MustMoney("9000", "USD").Equal(red.ARR))
	assert.True(t, success.MustMoney("5000", "USD").Equal(red.ARRLost))
	assert.InDelta(t, 5.0/6, red.LostShare, 1e-15)
	assert.Equal(t, 1, r.Bands[1].Churned)
	assert.Equal(t, 0, r.Bands[2].Churned)
	// Deciles of two accounts: the lowest two (5, 10) both churned.
	assert.Equal(t, 2, r.Lift[0].Accounts)
	assert.Equal(t, 2, r.Lift[0].Churned)
	assert.InDelta(t, 1/0.3, r.Lift[0].Lift, 1e-12)
	assert.InDelta(t, 2.0/6, r.Lift[0].Capture, 1e-12)
	assert.Equal(t, 5.0, r.Lift[0].MinScore)
	assert.Equal(t, 10.0, r.Lift[0].MaxScore)
	assert.InDelta(t, 1, r.Lift[9].Capture, 1e-12)
	// Calibration: the observed rate falls with the score, as does the model.
	assert.Less(t, r.Model.Slope, 0.0)
	assert.Equal(t, 1.0, r.Calibration[0].Observed)
	assert.Greater(t, r.Calibration[0].Predicted, r.Calibration[9].Predicted)
	total := 0
	for _, b := range r.Calibration {
		total += b.Accounts
	}
	assert.Equal(t, 20, total)

	// Shards merged (through the coder) equal the single pass.
	var left, right health.BacktestAccumulator
	for i, o := range twenty() {
		acc := &left
		if i%3 == 0 {
			acc = &right
		}
		require.NoError(t, acc.Add(o))
	}
	data, err := left.MarshalBinary()
	require.NoError(t, err)
	var decoded health.BacktestAccumulator
	require.NoError(t, decoded.UnmarshalBinary(data))
	require.NoError(t, right.Merge(&decoded))
	merged, err := right.Result(health.DefaultBands())
	require.NoError(t, err)
	assert.Equal(t, r, merged)
}

func TestBacktestInvertedAndBadInput(t *testing.T) {
	flipped := twenty()
	for i := range flipped {
		flipped[i].Churned = !flipped[i].Churned
	}
	r, err := health.Backtest(slices.Values(flipped), nil)
	require.NoError(t, err)
	assert.True(t, r.Inverted)
	assert.InDelta(t, 6.0/84, r.AUC, 1e-12)
	require.NotEmpty(t, r.Warnings)
	assert.Contains(t, r.Warnings[0], "inverted")

	unavailable := outcome("u", 0, "", true, "10")
	unavailable.Score.Available = false
	r, err = health.Backtest(slices.Values(append(twenty(), unavailable)), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Unavailable)
	assert.Equal(t, 20, r.Accounts)

	allStay := twenty()
	for i := range allStay {
		allStay[i].Churned = false
	}
	_, err = health.Backtest(slices.Values(allStay), nil)
	assert.ErrorIs(t, err, health.ErrInvalid)

	for name, bad := range map[string]health.Outcome{
		"empty account": outcome("", 50, "yellow", false, "1"),
		"negative ARR":  outcome("x", 50, "yellow", false, "-1"),
		"no currency":   {Score: snap("x", t0, 50)},
	} {
		_, err := health.Backtest(slices.Values(append(twenty(), bad)), nil)
		assert.ErrorIs(t, err, health.ErrInvalid, name)
		assert.ErrorContains(t, err, "outcomes[20]", name)
	}
	eur := outcome("x", 50, "yellow", false, "1")
	eur.ARR = success.MustMoney("1", "EUR")
	_, err = health.Backtest(slices.Values(append(twenty(), eur)), nil)
	assert.ErrorIs(t, err, success.ErrCurrencyMismatch)
}

func TestFitWeightsBadInput(t *testing.T) {
	p := mustCompile(t, smallCard())
	_, err := health.FitWeights(p, nil, nil, health.WeightFitOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	other := mustCompile(t, benchCard())
	s, err := other.Score("x", benchInputs(), t0, health.ScoreOptions{})
	require.NoError(t, err)
	_, err = health.FitWeights(p, []health.Outcome{{Score: s, ARR: success.MustMoney("1", "USD")}}, nil, health.WeightFitOptions{})
	assert.ErrorIs(t, err, health.ErrMismatch)
	assert.Equal(t, []string{"train[0]"}, paths(err))

	_, err = health.FitWeights(p, nil, nil, health.WeightFitOptions{L2: -1, Tolerance: math.NaN(), MaxIterations: -1})
	assert.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"l2", "tolerance", "max_iterations"}, paths(err))

	// A caller-supplied count has a cap: each Newton step is a pass over the data.
	for _, n := range []int{health.MaxWeightFitIterations + 1, math.MaxInt} {
		_, err = health.FitWeights(p, nil, nil, health.WeightFitOptions{MaxIterations: n})
		assert.ErrorIs(t, err, health.ErrInvalid)
		assert.Equal(t, []string{"max_iterations"}, paths(err))
	}
}

// Training outcomes of one class cannot fit a churn model; the error says
// so instead of blaming a singular Hessian or the measures' directions.
func TestFitWeightsOneClassTraining(t *testing.T) {
	p := mustCompile(t, smallCard())
	for _, churned := range []bool{true, false} {
		var train []health.Outcome
		for i, x := range []float64{1, 4, 7, 9} {
			s, err := p.Score(success.AccountID(fmt.Sprint("a", i)), health.Inputs{
				"m1": success.NumberValue(x), "m2": success.BoolValue(i%2 == 0),
				"m3": success.StringValue("gold"), "m4": success.NumberValue(10 - x),
			}, t0, health.ScoreOptions{})
			require.NoError(t, err)
			train = append(train, health.Outcome{Score: s, Churned: churned, ARR: success.MustMoney("1", "USD")})
		}
		_, err := health.FitWeights(p, train, nil, health.WeightFitOptions{})
		require.ErrorIs(t, err, health.ErrInvalid, "churned=%v", churned)
		want := "0 of 4 churned"
		if churned {
			want = "4 of 4 churned"
		}
		assert.Contains(t, err.Error(), "training outcomes need both churned and retained accounts ("+want+")")
	}
}

// A fit stopped by MaxIterations is ErrNotConverged with the last iterate,
// never an approximate fit with a warning.
func TestFitWeightsNotConverged(t *testing.T) {
	p := mustCompile(t, smallCard())
	var train []health.Outcome
	for i, x := range []float64{1, 4, 7, 9, 2, 8} {
		s, err := p.Score(success.AccountID(fmt.Sprint("a", i)), health.Inputs{
			"m1": success.NumberValue(x), "m2": success.BoolValue(i%2 == 0),
			"m3": success.StringValue("gold"), "m4": success.NumberValue(10 - x),
		}, t0, health.ScoreOptions{})
		require.NoError(t, err)
		train = append(train, health.Outcome{Score: s, Churned: x < 5, ARR: success.MustMoney("1", "USD")})
	}
	fit, err := health.FitWeights(p, train, nil, health.WeightFitOptions{MaxIterations: 1})
	require.ErrorIs(t, err, health.ErrNotConverged)
	require.ErrorIs(t, err, success.ErrNotConverged, "the SDK's one sentinel")
	var nc *success.NotConvergedError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, 1, nc.Iterations)
	assert.Equal(t, []string{"intercept", "m1", "m2", "m3", "m4"}, nc.Names)
	assert.Len(t, nc.Last, 5)
	assert.Zero(t, fit.Iterations, "no approximate fit is returned")

	_, err = health.FitWeights(p, train, nil, health.WeightFitOptions{})
	require.NoError(t, err)
}

func TestOutcomeAsOf(t *testing.T) {
	ctx := context.Background()
	st := health.NewMemoryStore()
	for _, s := range []health.Score{snap("a", t0, 40), snap("a", t2, 80)} {
		_, err := st.Append(ctx, s)
		require.NoError(t, err)
	}
	arr := success.MustMoney("1200", "USD")
	horizon := 14 * 24 * time.Hour
	tests := []struct {
		name      string
		asOf      time.Time
		churnedAt time.Time
		value     float64
		churned   bool
	}{
		{"churned inside the horizon", t1, t3, 40, true},
		{"churned at the horizon's end", t1, t1.Add(horizon), 40, true},
		{"churned after the horizon", t1, t1.Add(horizon + time.Second), 40, false},
		{"never churned", t3, time.Time{}, 80, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := health.OutcomeAsOf(ctx, st, "a", tt.asOf, horizon, tt.churnedAt, arr)
			require.NoError(t, err)
			assert.Equal(t, tt.value, o.Score.Value)
			assert.Equal(t, tt.churned, o.Churned)
			assert.True(t, arr.Equal(o.ARR))
		})
	}
	_, err := health.OutcomeAsOf(ctx, st, "a", t2, horizon, t1, arr)
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.OutcomeAsOf(ctx, st, "a", t2, 0, time.Time{}, arr)
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.OutcomeAsOf(ctx, st, "b", t2, horizon, time.Time{}, arr)
	assert.ErrorIs(t, err, health.ErrNotFound)
}

// A backtest is an estimate: with no account to estimate from it is ErrEmpty
// (the SDK's empty-input rule), not a report of zeros.
func TestBacktestOfNothingIsErrEmpty(t *testing.T) {
	_, err := health.Backtest(slices.Values([]health.Outcome(nil)), health.DefaultBands())
	require.ErrorIs(t, err, health.ErrEmpty)
}

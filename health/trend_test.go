package health_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func snap(account string, at time.Time, v float64) health.Score {
	return health.Score{Account: success.AccountID(account), ScorecardID: "c", AsOf: at, Available: true, Value: v, ReportedValue: v, Band: "x", ReportedBand: "x", KnownShare: 1, Confident: true}
}

func TestComputeTrend(t *testing.T) {
	week := 7 * 24 * time.Hour
	tests := []struct {
		name      string
		scores    []health.Score
		window    time.Duration
		opts      health.TrendOptions
		direction health.TrendDirection
		change    float64
		slope     float64
		points    int
	}{
		// 60 -> 74 over 14 days, linear: slope 1 point per day.
		{name: "up", scores: []health.Score{snap("a", t2, 67), snap("a", t1, 60), snap("a", t3, 74)}, window: 2 * week,
			direction: health.TrendUp, change: 14, slope: 1, points: 3},
		{name: "down", scores: []health.Score{snap("a", t1, 80), snap("a", t3, 66)}, window: 3 * week,
			direction: health.TrendDown, change: -14, slope: -1, points: 2},
		{name: "flat under threshold", scores: []health.Score{snap("a", t1, 60), snap("a", t3, 64)}, window: 3 * week,
			direction: health.TrendFlat, change: 4, slope: 4.0 / 14, points: 2},
		{name: "custom threshold", scores: []health.Score{snap("a", t1, 60), snap("a", t3, 64)}, window: 3 * week, opts: health.TrendOptions{Threshold: 2},
			direction: health.TrendUp, change: 4, slope: 4.0 / 14, points: 2},
		// t0 lies outside a two-week window ending at t3 and is ignored.
		{name: "window excludes old", scores: []health.Score{snap("a", t0, 10), snap("a", t1, 60), snap("a", t3, 60)}, window: 2 * week,
			direction: health.TrendFlat, change: 0, slope: 0, points: 2},
		{name: "too few", scores: []health.Score{snap("a", t3, 60)}, window: week, direction: health.TrendUnknown, points: 1},
		{name: "none", window: week, direction: health.TrendUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := health.ComputeTrend(tt.scores, t3, tt.window, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.direction, tr.Direction)
			assert.InDelta(t, tt.change, tr.Change, 1e-12)
			assert.InDelta(t, tt.slope, tr.SlopePerDay, 1e-12)
			assert.Equal(t, tt.points, tr.Points)
		})
	}
	unavailable := snap("a", t2, 0)
	unavailable.Available = false
	tr, err := health.ComputeTrend([]health.Score{snap("a", t1, 50), unavailable, snap("a", t3, 50)}, t3, 3*week, health.TrendOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, tr.Unavailable)
	assert.Equal(t, 2, tr.Points)

	_, err = health.ComputeTrend(nil, t3, 0, health.TrendOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.ComputeTrend(nil, t3, week, health.TrendOptions{Threshold: -1})
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.ComputeTrend([]health.Score{snap("a", t1, 1), snap("b", t2, 1)}, t3, week, health.TrendOptions{})
	assert.ErrorIs(t, err, health.ErrMismatch)
}

func TestStoreTrend(t *testing.T) {
	ctx := context.Background()
	st := health.NewMemoryStore()
	for _, s := range []health.Score{snap("a", t0, 90), snap("a", t1, 80), snap("a", t2, 70), snap("a", t3, 60)} {
		_, err := st.Append(ctx, s)
		require.NoError(t, err)
	}
	tr, err := health.StoreTrend(ctx, st, "a", t3, 14*24*time.Hour, health.TrendOptions{})
	require.NoError(t, err)
	assert.Equal(t, health.TrendDown, tr.Direction)
	assert.Equal(t, 3, tr.Points, "t1, t2 and t3 are inside [t3-14d, t3]")
	assert.InDelta(t, -20, tr.Change, 1e-12)
	assert.InDelta(t, -10.0/7, tr.SlopePerDay, 1e-12)
}

// rangeStore is a host store whose Range returns what it holds, unchecked.
type rangeStore struct {
	health.Store
	scores []health.Score
}

func (s rangeStore) Range(context.Context, success.AccountID, time.Time, time.Time) ([]health.Score, error) {
	return s.scores, nil
}

// A NaN made the slope NaN and the direction "flat"; NaN, ±Inf and values
// outside 0..100 are ErrInvalid naming the score's position and as-of.
func TestComputeTrendRejectsNonFiniteScores(t *testing.T) {
	week := 7 * 24 * time.Hour
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, 101} {
		scores := []health.Score{snap("a", t1, 60), snap("a", t2, v), snap("a", t3, 64)}
		_, err := health.ComputeTrend(scores, t3, 3*week, health.TrendOptions{})
		require.ErrorIs(t, err, health.ErrInvalid, "%v", v)
		assert.Contains(t, err.Error(), "scores[1] (as of "+t2.Format(time.RFC3339Nano)+")")

		_, err = health.StoreTrend(context.Background(), rangeStore{scores: scores}, "a", t3, 3*week, health.TrendOptions{})
		require.ErrorIs(t, err, health.ErrInvalid, "%v", v)
	}
	// An unavailable score's value is not read.
	unavailable := snap("a", t2, math.NaN())
	unavailable.Available = false
	tr, err := health.ComputeTrend([]health.Score{snap("a", t1, 60), unavailable, snap("a", t3, 64)}, t3, 3*week, health.TrendOptions{})
	require.NoError(t, err)
	assert.Equal(t, health.TrendFlat, tr.Direction)
}

package health

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Result must not panic on a state that neither Add nor UnmarshalBinary
// lets in (issue 17: a row with a score of -50 indexed bucket -5). Such a
// state can only be built inside the package, so this test is internal.
func TestBacktestResultRejectsRowsOutsideRange(t *testing.T) {
	for _, v := range []float64{-50, 150, math.NaN(), math.Inf(1), math.Inf(-1)} {
		var a BacktestAccumulator
		a.s.Currency = "USD"
		a.s.Rows = []backtestRow{
			{Account: "a", Value: 20, Band: "red", Churned: true, ARR: decimal.NewFromInt(1)},
			{Account: "b", Value: v, Band: "green", Churned: false, ARR: decimal.NewFromInt(1)},
			{Account: "c", Value: 80, Band: "green", Churned: false, ARR: decimal.NewFromInt(1)},
		}
		require.NotPanics(t, func() {
			_, err := a.Result(DefaultBands())
			require.ErrorIs(t, err, ErrInvalid, "%v", v)
			assert.Contains(t, err.Error(), `account "b"`)
		}, "%v", v)
	}
}

func TestBucketOf(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want int
	}{{0, 0}, {9.99, 0}, {10, 1}, {89.9, 8}, {90, 9}, {100, 9}, {-50, 0}, {150, 9}, {math.NaN(), 0}, {math.Inf(1), 9}, {math.Inf(-1), 0}} {
		assert.Equal(t, c.want, bucketOf(c.v), "%v", c.v)
	}
}

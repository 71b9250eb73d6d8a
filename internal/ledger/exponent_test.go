package ledger

import (
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/calendar"
)

// TestExtremeExponents: a host-built decimal can carry any int32 exponent.
// The difference of two such exponents used to overflow int32 before
// indexing pow10, and panic.
func TestExtremeExponents(t *testing.T) {
	tests := []struct {
		name string
		c    int64
		e    int32
		want Problem
	}{
		{"finest int32 exponent", 1, math.MinInt32, TooFine},
		{"coarsest int32 exponent", 1, math.MaxInt32, TooLarge},
		{"negative, finest", -7, math.MinInt32 + 1, TooFine},
		{"just finer than MaxPlaces", 1, -MaxPlaces - 1, TooFine},
		{"trailing zeros bring it back", 100_000_000_000_000_000, -MaxPlaces - 17, OK},
		{"finest kept", 1, -MaxPlaces, OK},
		{"zero with any exponent", 0, math.MinInt32, OK},
		{"zero, coarsest", 0, math.MaxInt32, OK},
		{"just past the range", 5, 19, TooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(calendar.Month)
			day := int32(calendar.Day(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)))
			require.Equal(t, OK, b.Add("a", day, 1, -2))
			assert.Equal(t, tt.want, b.Add("b", day, tt.c, tt.e))
			assert.GreaterOrEqual(t, b.Exp(), int32(-MaxPlaces), "a book never keeps finer than MaxPlaces")
		})
	}
	assert.Equal(t, int64(-math.MinInt32), Places(1, math.MinInt32))
}

// TestBookNeverGoesFinerThanMaxPlaces: steps finer than MaxPlaces one at a
// time used to be taken, and gave a state Restore refuses.
func TestBookNeverGoesFinerThanMaxPlaces(t *testing.T) {
	b := New(calendar.Month)
	day := int32(calendar.Day(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)))
	require.Equal(t, OK, b.Add("a", day, 1, -MaxPlaces+1))
	assert.Equal(t, TooFine, b.Add("a", day+31, 1, -MaxPlaces-2))
	assert.Equal(t, int32(-MaxPlaces+1), b.Exp())
	_, problems := Restore(calendar.Month, b.State())
	assert.Empty(t, problems)
}

func TestSumExtremeExponents(t *testing.T) {
	for _, e := range []int32{math.MinInt32, math.MaxInt32} {
		var s Sum
		s.Add(decimal.New(0, e)) // zero at an extreme exponent
		s.Add(decimal.New(5, -2))
		s.Add(decimal.New(0, e))
		assert.Equal(t, "0.05", s.Decimal().String())
	}
}

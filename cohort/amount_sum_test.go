package cohort

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestAmountSumIsExactRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s amountSum
		var want decimal.Decimal
		for range rapid.IntRange(0, 30).Draw(t, "n") {
			// Mixed exponents (some finer than micro-units), and now and then a
			// coefficient too large for the fast path.
			coef := rapid.Int64Range(0, 1_000_000).Draw(t, "coef")
			if rapid.IntRange(0, 20).Draw(t, "huge") == 0 {
				coef = rapid.Int64Range(1e17, 9e18).Draw(t, "hugeCoef")
			}
			d := decimal.New(coef, int32(rapid.IntRange(-8, 3).Draw(t, "exp")))
			s.add(d)
			want = want.Add(d)
		}
		require.True(t, s.decimal().Equal(want), "sum %s, want %s", s.decimal(), want)
		// Equal floats pass first, so an exact zero needs no relative error.
		if got, exact := s.float(), want.InexactFloat64(); got != exact {
			require.InEpsilon(t, exact, got, 1e-15, "float")
		}
	})
}

package cohort

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// Every count a caller passes is capped: past its cap the call returns
// ErrInvalid at once instead of allocating or looping for minutes (or
// panicking in makeslice, as Project(1000, math.MaxInt) did).
func TestCallerCountsPastTheirCapsAreInvalid(t *testing.T) {
	sbg := SBG{Alpha: 0.668, Beta: 3.806}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	c := CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly}
	margin := success.MustMoney("10", "USD")
	noDiscount := func(periods int) Valuation {
		return Valuation{Periods: periods, PeriodLength: 30.0 / 7}
	}
	counts := []int{MaxPeriods + 1, math.MaxInt32, math.MaxInt, -1, math.MinInt}
	tests := map[string]func(n int) error{
		"SBG.Project horizon": func(n int) error { _, err := sbg.Project(1000, n); return err },
		"SBG.DERL renewals":   func(n int) error { _, err := sbg.DERL(0.1, n); return err },
		"SBG.ResidualCLV renewals": func(n int) error {
			_, err := sbg.ResidualCLV(margin, 0.1, n)
			return err
		},
		"CustomerLifetimeValue periods": func(n int) error {
			_, err := CustomerLifetimeValue(cdnowPublished, gg, c, noDiscount(n))
			return err
		},
		"Valuation.Validate periods": func(n int) error { return noDiscount(n).Validate() },
		"PurchaseCountProbability n": func(n int) error {
			if n == MaxPeriods+1 {
				n = MaxPurchaseCount + 1
			}
			_, err := cdnowPublished.PurchaseCountProbability(c, n, 52)
			return err
		},
		"PopulationPurchaseCountProbability n": func(n int) error {
			if n == MaxPeriods+1 {
				n = MaxPurchaseCount + 1
			}
			_, err := cdnowPublished.PopulationPurchaseCountProbability(n, 52)
			return err
		},
		"FitOptions.MaxIterations": func(n int) error {
			if n == MaxPeriods+1 || n == -1 || n == math.MinInt {
				n = MaxFitIterations + 1 // negative bounds were always rejected
			}
			_, err := FitSBG([][]float64{{1000, 631, 468, 382, 326}}, FitOptions{MaxIterations: n})
			return err
		},
	}
	for name, call := range tests {
		for _, n := range counts {
			start := time.Now()
			var err error
			require.NotPanics(t, func() { err = call(n) }, "%s = %d", name, n)
			require.ErrorIs(t, err, ErrInvalid, "%s = %d", name, n)
			assert.Less(t, time.Since(start), time.Second, "%s = %d: rejected only after the work", name, n)
		}
	}
}

// At their caps the calls still answer, and quickly: the caps bound the cost.
func TestCallerCountsAtTheirCapsAnswer(t *testing.T) {
	sbg := SBG{Alpha: 0.668, Beta: 3.806}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	c := CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly}
	start := time.Now()
	p, err := sbg.Project(1000, MaxPeriods)
	require.NoError(t, err)
	require.Len(t, p, MaxPeriods+1)
	_, err = sbg.DERL(0.1, MaxPeriods)
	require.NoError(t, err)
	_, err = cdnowPublished.PurchaseCountProbability(c, MaxPurchaseCount, 52)
	require.NoError(t, err)
	_, err = cdnowPublished.PopulationPurchaseCountProbability(MaxPurchaseCount, 52)
	require.NoError(t, err)
	_, err = CustomerLifetimeValue(cdnowPublished, gg, c, Valuation{Periods: MaxPeriods, PeriodLength: 30.0 / 7})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 10*time.Second)
}

// A valuation's series share one budget of terms, so a period length or a
// customer that makes every period's series long (here each needs millions
// of terms) costs a bounded time and ends in ErrNotConverged, not in
// minutes of work.
func TestValuationCostIsBoundedWhateverThePeriodLength(t *testing.T) {
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	heavy := CustomerSummary{Account: "1", Frequency: 500, Recency: 38, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly}
	start := time.Now()
	_, err := CustomerLifetimeValue(cdnowPublished, gg, heavy, Valuation{Periods: MaxPeriods, PeriodLength: 200})
	require.ErrorIs(t, err, ErrNotConverged)
	assert.Less(t, time.Since(start), 30*time.Second, "about a second; 40 s before the budget")
}

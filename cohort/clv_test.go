package cohort

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func TestCustomerLifetimeValue(t *testing.T) {
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	v := Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01}
	// Reference: the sum in the CustomerLifetimeValue doc evaluated with
	// mpmath 1.3.0 (30 digits, FHL 2005 eq. 10 via mpmath.hyp2f1, note 025 eq. 5)
	// at the published CDNOW parameters, twelve 30-day months, 1% a month.
	tests := []struct {
		c     CustomerSummary
		value float64
		money string
	}{
		{CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly},
			35.8816526475673088, "35.88"},
		{CustomerSummary{Account: "3", Age: 38.86, Currency: "USD", Unit: success.Weekly}, 8.26824163857068497, "8.27"},
	}
	for _, tc := range tests {
		got, err := lifetimeValue(cdnowPublished, gg, tc.c, v)
		require.NoError(t, err)
		assert.InDelta(t, tc.value, got, 1e-10, "customer %s: value", tc.c.Account)
		money, err := CustomerLifetimeValue(cdnowPublished, gg, tc.c, v)
		require.NoError(t, err)
		assert.True(t, money.Equal(success.MustMoney(tc.money, "USD")), "customer %s: CLV %s, want %s USD", tc.c.Account, money, tc.money)
		// A margin scales the value; discounting lowers it.
		half := v
		half.Margin = 0.5
		h, err := lifetimeValue(cdnowPublished, gg, tc.c, half)
		require.NoError(t, err)
		assert.InDelta(t, tc.value/2, h, 1e-10, "half margin")
		flat := v
		flat.DiscountRate = 0
		f, err := lifetimeValue(cdnowPublished, gg, tc.c, flat)
		require.NoError(t, err)
		assert.Greater(t, f, tc.value, "the undiscounted value must exceed the discounted one")
	}
}

// directLifetimeValue is the CustomerLifetimeValue sum over every period,
// without the early stop.
func directLifetimeValue(t *testing.T, bg BGNBD, gg GammaGamma, c CustomerSummary, v Valuation) float64 {
	t.Helper()
	spend, err := gg.ExpectedAverageSpend(c)
	require.NoError(t, err)
	var total, prev float64
	for i := 1; i <= v.Periods; i++ {
		e, err := bg.ExpectedPurchases(c, float64(i)*v.PeriodLength)
		require.NoError(t, err)
		total += (e - prev) / math.Pow(1+v.DiscountRate, float64(i))
		prev = e
	}
	return spend * total
}

func TestCustomerLifetimeValueEarlyStopKeepsTheSum(t *testing.T) {
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	customers := []CustomerSummary{
		{Account: "active", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly},
		{Account: "one-time", Age: 38.86, Currency: "USD", Unit: success.Weekly},
		// Bought often, then went quiet: almost surely gone, so the sum
		// settles after a few periods.
		{Account: "lapsed", Frequency: 20, Recency: 5, Age: 38.86, MeanRepeatSpend: 40, Currency: "USD", Unit: success.Weekly},
	}
	for _, c := range customers {
		for _, v := range []Valuation{
			{Periods: 600, PeriodLength: 30.0 / 7, DiscountRate: 0.01}, // 50 years of months
			{Periods: 120, PeriodLength: 30.0 / 7},                     // undiscounted
			{Periods: 3, PeriodLength: 1, DiscountRate: 0.2},
		} {
			got, err := lifetimeValue(cdnowPublished, gg, c, v)
			require.NoError(t, err)
			want := directLifetimeValue(t, cdnowPublished, gg, c, v)
			assert.InDelta(t, want, got, 1e-11*want, "%s over %d periods at %v against the full sum", c.Account, v.Periods, v.DiscountRate)
		}
	}
}

func TestCustomerLifetimeValueRejectsBadInput(t *testing.T) {
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	c := CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly}
	_, err := CustomerLifetimeValue(cdnowPublished, gg, c, Valuation{PeriodLength: math.NaN(), DiscountRate: -1, Margin: 2})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"periods", "period_length", "discount_rate", "margin"}, paths(err))
	v := Valuation{Periods: 3, PeriodLength: 4, DiscountRate: 0.01}
	day := c
	day.Unit = success.Daily
	_, err = CustomerLifetimeValue(cdnowPublished, GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}, day, v)
	assert.ErrorIs(t, err, ErrInvalid, "unit mismatch")
	noCurrency := gg
	noCurrency.Currency = ""
	c.Currency = ""
	_, err = CustomerLifetimeValue(cdnowPublished, noCurrency, c, v)
	assert.ErrorIs(t, err, ErrInvalid, "no currency")
}

func TestCustomerLifetimeValuesIntoEqualsSingle(t *testing.T) {
	customers, bad := batchCustomers(t)
	// A spender in another currency is valued by neither.
	customers = append(customers, CustomerSummary{Account: "eur", Frequency: 1, Recency: 2, Age: 30, MeanRepeatSpend: 9, Currency: "EUR", Unit: success.Weekly})
	bad[len(customers)-1] = fmt.Sprintf("customers[%d].currency", len(customers)-1)
	gg := cdnowGammaGamma
	dst := make([]float64, len(customers))
	for _, v := range []Valuation{
		{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01},
		{Periods: 24, PeriodLength: 30.0 / 7, Margin: 0.3}, // undiscounted
		{Periods: 3, PeriodLength: 1, DiscountRate: 0.2},
	} {
		err := CustomerLifetimeValuesInto(dst, cdnowPublished, gg, customers, v)
		requireBatchEqual(t, fmt.Sprintf("CLV %+v", v), customers, bad, dst, err,
			func(c CustomerSummary) (float64, error) { return lifetimeValue(cdnowPublished, gg, c, v) })
		// The Money is the batch's number rounded at the minor unit.
		unit := success.MustMoney("1", "USD")
		for i := 0; i < len(customers); i += 97 {
			if _, isBad := bad[i]; isBad {
				continue
			}
			money, err := CustomerLifetimeValue(cdnowPublished, gg, customers[i], v)
			require.NoError(t, err)
			want, err := scaleMoney(unit, dst[i])
			require.NoError(t, err)
			require.True(t, money.Equal(want), "customer %d: %s against %s", i, money, want)
		}
	}
	v := Valuation{Periods: 12, PeriodLength: 30.0 / 7}
	require.ErrorIs(t, CustomerLifetimeValuesInto(dst[:1], cdnowPublished, gg, customers, v), ErrInvalid, "short dst")
	require.ErrorIs(t, CustomerLifetimeValuesInto(dst, cdnowPublished, GammaGamma{P: 1, Q: 0.5, Gamma: 1}, customers, v), ErrInvalid, "q <= 1")
	require.ErrorIs(t, CustomerLifetimeValuesInto(dst, cdnowPublished, gg, customers, Valuation{Periods: 1000, PeriodLength: 1e306}), ErrInvalid, "horizon overflows")
	_, err := CustomerLifetimeValue(cdnowPublished, gg, customers[0], Valuation{Periods: 1000, PeriodLength: 1e306})
	require.ErrorIs(t, err, ErrInvalid, "horizon overflows")
}

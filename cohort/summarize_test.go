package cohort

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func TestSummarizeRebuildsCDNOWSummary(t *testing.T) {
	txs := readCDNOWTransactions(t)
	require.Len(t, txs, 6919, "transactions")
	// shared/data/README.md: the calibration period is 1997-01-01..1997-09-30;
	// merge same-day purchases, x = distinct purchase days − 1, t_x and T in
	// weeks from the first purchase to 1997-09-30.
	end := time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	got, err := Summarize(slices.Values(txs), end, success.Weekly, SummaryOptions{})
	require.NoError(t, err)
	// The published summary (lifetimes' cdnow_customers_summary_with_transactions.csv)
	// prints t_x, T and zbar to two decimals.
	want := readCDNOWSummaries(t, "cdnow_customers_summary_with_transactions.csv")
	byID := make(map[success.AccountID]CustomerSummary, len(got))
	for _, c := range got {
		byID[c.Account] = c
	}
	assert.Len(t, got, len(want), "rebuilt customers, as published")
	const printed = 0.005 + 1e-9
	mismatches := 0
	for _, w := range want {
		g, ok := byID[w.Account]
		if !assert.True(t, ok, "customer %s missing from the rebuild", w.Account) {
			continue
		}
		if g.Frequency != w.Frequency || math.Abs(g.Recency-w.Recency) > printed ||
			math.Abs(g.Age-w.Age) > printed || math.Abs(g.MeanRepeatSpend-w.MeanRepeatSpend) > printed {
			mismatches++
			if mismatches <= 10 { // the first few in full, then a count
				assert.Failf(t, "rebuilt summary differs", "customer %s: rebuilt x=%d t_x=%.4f T=%.4f zbar=%.4f; published x=%d t_x=%.2f T=%.2f zbar=%.2f",
					w.Account, g.Frequency, g.Recency, g.Age, g.MeanRepeatSpend, w.Frequency, w.Recency, w.Age, w.MeanRepeatSpend)
			}
		}
	}
	assert.Zero(t, mismatches, "customers that differ, of %d", len(want))
}

func TestSummarizeMergesSameDayAndMeasuresInUnits(t *testing.T) {
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	at := func(day, hour int) time.Time { return time.Date(2024, 3, day, hour, 0, 0, 0, time.UTC) }
	txs := []Transaction{
		{Account: "b", At: at(10, 9), Amount: usd("5")},
		{Account: "a", At: at(1, 9), Amount: usd("10")},
		{Account: "a", At: at(8, 23), Amount: usd("20")},
		{Account: "a", At: at(8, 1), Amount: usd("15")}, // same day as the one above: merged
		{Account: "a", At: at(15, 12), Amount: usd("25")},
		{Account: "a", At: at(30, 12), Amount: usd("99")}, // after the calibration end: hold-out
	}
	end := at(29, 0)
	tests := []struct {
		unit success.Grain
		want []CustomerSummary
	}{
		{success.Daily, []CustomerSummary{
			{Account: "a", Frequency: 2, Recency: 14, Age: 28, MeanRepeatSpend: 30, Currency: "USD", Unit: success.Daily},
			{Account: "b", Frequency: 0, Recency: 0, Age: 19, Currency: "USD", Unit: success.Daily},
		}},
		{success.Weekly, []CustomerSummary{
			{Account: "a", Frequency: 2, Recency: 2, Age: 4, MeanRepeatSpend: 30, Currency: "USD", Unit: success.Weekly},
			{Account: "b", Frequency: 0, Recency: 0, Age: 19.0 / 7, Currency: "USD", Unit: success.Weekly},
		}},
	}
	for _, tc := range tests {
		got, err := Summarize(slices.Values(txs), end, tc.unit, SummaryOptions{})
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, tc.unit)
	}
	// In New York, 2024-03-08 01:00 UTC is still 7 March: the two purchases on
	// the 8th (UTC) fall on different local days.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	got, err := Summarize(slices.Values(txs), end, success.Daily, SummaryOptions{Location: ny})
	require.NoError(t, err)
	assert.Equal(t, 3, got[0].Frequency, "New York days: frequency")
}

// Summarize stops at the first bad transaction and names it, as every
// accumulator does.
func TestSummarizeStopsAtTheFirstBadTransaction(t *testing.T) {
	end := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	txs := []Transaction{
		{Account: "a", At: day, Amount: success.MustMoney("10", "USD")},
		{Account: "", At: day, Amount: success.MustMoney("10", "USD")},
		{Account: "b", At: time.Time{}, Amount: success.MustMoney("-1", "USD")},
		{Account: "c", At: day, Amount: success.MustMoney("3", "EUR")},
		{Account: "d", At: day}, // the zero Money: a count-only purchase, valid
	}
	_, err := Summarize(slices.Values(txs), end, success.Daily, SummaryOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, `transactions[1]: (account "").account: must not be empty`)
	_, err = Summarize(slices.Values(slices.Delete(slices.Clone(txs), 1, 2)), end, success.Daily, SummaryOptions{})
	assert.EqualError(t, err, `transactions[1]: (account "b").at: must be set; (account "b").amount: must be >= 0, got a negative amount`)
	_, err = Summarize(slices.Values(append(slices.Clone(txs[:1]), txs[3:]...)), end, success.Daily, SummaryOptions{})
	assert.ErrorIs(t, err, ErrCurrencyMismatch)
	_, err = Summarize(slices.Values(txs[:1]), end, "month", SummaryOptions{})
	assert.ErrorIs(t, err, ErrInvalid, "unknown unit")
}

// Summaries are counts and sums: empty input is an empty result, not an
// error (the estimates, KaplanMeier and the model fits, report ErrEmpty).
func TestSummarizeOfNothingIsNoSummaries(t *testing.T) {
	end := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	later := Transaction{Account: "a", At: end.AddDate(0, 0, 1), Amount: success.MustMoney("10", "USD")}
	for name, txs := range map[string][]Transaction{
		"no transaction":              nil,
		"none by the calibration end": {later},
	} {
		got, err := Summarize(slices.Values(txs), end, success.Daily, SummaryOptions{})
		assert.NoError(t, err, name)
		assert.NotNil(t, got, name)
		assert.Empty(t, got, name)
	}
}

func TestCDNOWRebuildReproducesPublishedFits(t *testing.T) {
	txs := readCDNOWTransactions(t)
	end := time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	customers, err := Summarize(slices.Values(txs), end, success.Weekly, SummaryOptions{})
	require.NoError(t, err)
	bg, err := FitBGNBD(customers, FitOptions{})
	require.NoError(t, err)
	gg, err := FitGammaGamma(customers, FitOptions{})
	require.NoError(t, err)
	t.Logf("BG/NBD r=%.5f alpha=%.5f a=%.5f b=%.5f LL=%.4f; Gamma-Gamma p=%.5f q=%.5f gamma=%.5f",
		bg.R, bg.Alpha, bg.A, bg.B, bg.Fit.LogLikelihood, gg.P, gg.Q, gg.Gamma)
	// Published: Fader, Hardie & Lee (2005a) Marketing Science 24(2) for BG/NBD
	// (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4) and Fader,
	// Hardie & Lee (2005b) J. Marketing Research 42(4) / note 025 for
	// Gamma-Gamma (p = 6.25, q = 3.74, gamma = 15.44), both on these customers.
	checkPrinted(t,
		printedEstimate{"r", bg.R, 0.243, 3}, printedEstimate{"alpha", bg.Alpha, 4.414, 3},
		printedEstimate{"a", bg.A, 0.793, 3}, printedEstimate{"b", bg.B, 2.426, 3},
		printedEstimate{"BG/NBD log-likelihood", bg.Fit.LogLikelihood, -9582.4, 1},
		printedEstimate{"p", gg.P, 6.25, 2}, printedEstimate{"q", gg.Q, 3.74, 2}, printedEstimate{"gamma", gg.Gamma, 15.44, 2},
		// CLVTools (CRAN) tests/testthat/test_correctness_gg.R: correct.LL = -4055.9177
		// for the Gamma-Gamma fit on CDNOW.
		printedEstimate{"Gamma-Gamma log-likelihood", gg.Fit.LogLikelihood, -4055.9177, 4})
	// CLVTools (CRAN) tests/testthat/test_correctness_bgnbd.R, its own estimates
	// on the same rebuilt CDNOW data: r = 0.2425945, alpha = 4.4136019,
	// a = 0.7929199, b = 2.4258881, LL = -9582.429. Two optimisers agree to
	// about six significant digits.
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", bg.R, 0.2425945}, {"alpha", bg.Alpha, 4.4136019}, {"a", bg.A, 0.7929199}, {"b", bg.B, 2.4258881}} {
		assert.InDelta(t, c.want, c.got, 1e-5*c.want, "%s, CLVTools", c.name)
	}
	checkPrinted(t, printedEstimate{"BG/NBD log-likelihood (CLVTools)", bg.Fit.LogLikelihood, -9582.429, 3})
}

func TestSummarizeNilSequenceIsInvalid(t *testing.T) {
	// A nil iter.Seq is a host bug, reported as ErrInvalid, not a panic.
	_, err := Summarize(nil, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), success.Weekly, SummaryOptions{})
	require.ErrorIs(t, err, ErrInvalid)
}

func TestSummarizeAcceptsZeroMoneyForCountOnlyHosts(t *testing.T) {
	// Transaction's doc lets hosts that model purchase counts only pass a
	// zero amount; the zero Money (no currency) is such an amount, as it is
	// for a cohort table's Fact. It sets no currency, so real amounts in any
	// one currency may still follow.
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	txs := []Transaction{
		{Account: "a", At: end.AddDate(0, 0, -14)},
		{Account: "a", At: end.AddDate(0, 0, -7)},
		{Account: "b", At: end, Amount: success.MustMoney("4", "EUR")},
	}
	got, err := Summarize(slices.Values(txs), end, success.Weekly, SummaryOptions{})
	require.NoError(t, err)
	want := []CustomerSummary{
		{Account: "a", Frequency: 1, Recency: 1, Age: 2, Currency: "EUR", Unit: success.Weekly},
		{Account: "b", Currency: "EUR", Unit: success.Weekly},
	}
	assert.Equal(t, want, got)
}

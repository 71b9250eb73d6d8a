package health_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func entry(account string, v float64, band, arr string) health.PortfolioEntry {
	s := snap(account, t0, v)
	s.Band, s.ReportedBand = band, band
	return health.PortfolioEntry{Score: s, ARR: success.MustMoney(arr, "USD")}
}

func TestSummarizePortfolio(t *testing.T) {
	unavailable := entry("e", 0, "", "500")
	unavailable.Score.Available = false
	overridden := entry("f", 90, "green", "100")
	overridden.Score.ReportedValue, overridden.Score.ReportedBand = 20, "red"
	twenty := 20.0
	overridden.Score.Override = &health.Override{Value: &twenty, Author: "csm", Reason: "exec sponsor left", Expires: t0.AddDate(0, 1, 0)}
	entries := []health.PortfolioEntry{
		entry("a", 20, "red", "1000"),
		entry("b", 60, "yellow", "3000"),
		entry("c", 80, "green", "4000.50"),
		entry("d", 100, "green", "1500"),
		unavailable,
		overridden,
	}
	sum, err := health.SummarizePortfolio(slices.Values(entries), health.DefaultBands())
	require.NoError(t, err)
	assert.Equal(t, 6, sum.Count)
	assert.True(t, success.MustMoney("10100.50", "USD").Equal(sum.ARR))
	assert.Equal(t, 1, sum.Unavailable)
	assert.True(t, success.MustMoney("500", "USD").Equal(sum.UnavailableARR))
	require.Len(t, sum.Bands, 3)
	assert.Equal(t, "red", sum.Bands[0].Band)
	assert.Equal(t, 2, sum.Bands[0].Count, "the override moves f to red")
	assert.True(t, success.MustMoney("1100", "USD").Equal(sum.Bands[0].ARR))
	assert.Equal(t, 2, sum.Bands[2].Count)
	assert.True(t, success.MustMoney("5500.50", "USD").Equal(sum.Bands[2].ARR))
	// (1000*20 + 3000*60 + 4000.5*80 + 1500*100 + 100*20) / 9600.5
	assert.InDelta(t, (20000.0+180000+320040+150000+2000)/9600.5, sum.ARRWeightedMean, 1e-12)
	assert.InDelta(t, (20.0+60+80+100+20)/5, sum.Mean, 1e-12)
	assert.Equal(t, [10]int{0, 0, 2, 0, 0, 0, 1, 0, 1, 1}, sum.Deciles)

	// Shards merge into the one-pass result, also through JSON.
	var left, right health.PortfolioAccumulator
	for i, e := range entries {
		acc := &left
		if i%2 == 1 {
			acc = &right
		}
		require.NoError(t, acc.Add(e))
	}
	data, err := right.MarshalBinary()
	require.NoError(t, err)
	var decoded health.PortfolioAccumulator
	require.NoError(t, decoded.UnmarshalBinary(data))
	require.NoError(t, left.Merge(&decoded))
	assert.Equal(t, sum, left.Result(health.DefaultBands()))

	bad := append(slices.Clone(entries), health.PortfolioEntry{Score: snap("g", t0, 50), ARR: success.MustMoney("1", "EUR")})
	_, err = health.SummarizePortfolio(slices.Values(bad), nil)
	assert.ErrorIs(t, err, success.ErrCurrencyMismatch)
	assert.ErrorIs(t, err, health.ErrCurrencyMismatch, "the package's own sentinel too")
	assert.Contains(t, err.Error(), "entries[6]")
	_, err = health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{{Score: snap("h", t0, 50)}}), nil)
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{entry("i", 50, "x", "-1")}), nil)
	assert.ErrorIs(t, err, health.ErrInvalid)
	var eur health.PortfolioAccumulator
	require.NoError(t, eur.Add(health.PortfolioEntry{Score: snap("g", t0, 50), ARR: success.MustMoney("1", "EUR")}))
	assert.ErrorIs(t, left.Merge(&eur), success.ErrCurrencyMismatch)
}

func TestPlanBandRank(t *testing.T) {
	plan, err := health.Compile(health.Scorecard{ID: "s", Version: 1, Measures: []health.Measure{
		{ID: "m", Name: "m", Weight: 1, Normaliser: health.Boolean(100, 0)},
	}})
	require.NoError(t, err)
	for name, want := range map[string]int{"red": 1, "yellow": 2, "green": 3} {
		got, ok := plan.BandRank(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	_, ok := plan.BandRank("blue")
	assert.False(t, ok)
	b, err := json.Marshal(plan.Bands()[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"red","min":0,"max":50}`, string(b), "bands marshal as LoadScorecard reads them")
}

// An unavailable score that carries a value override is counted at the
// override; its reported value is checked like any other, never used as a
// bucket index unchecked (a NaN or negative value used to panic).
func TestPortfolioRejectsBadReportedValueOfOverriddenUnavailableScore(t *testing.T) {
	v := 40.0
	for _, reported := range []float64{math.NaN(), -15, 150, math.Inf(1)} {
		e := entry("u", 0, "", "10")
		e.Score.Available = false
		e.Score.Override = &health.Override{Value: &v, Author: "csm", Reason: "r", Expires: t1}
		e.Score.ReportedValue, e.Score.ReportedBand = reported, "red"
		var a health.PortfolioAccumulator
		err := a.Add(e)
		require.ErrorIs(t, err, health.ErrInvalid, "reported %v", reported)
		assert.Contains(t, err.Error(), `account "u": reported value`)
		assert.Zero(t, a.Result(nil).Count, "a rejected entry changes nothing")
	}
	e := entry("u", 0, "", "10")
	e.Score.Available = false
	e.Score.Override = &health.Override{Value: &v, Author: "csm", Reason: "r", Expires: t1}
	e.Score.ReportedValue, e.Score.ReportedBand = v, "red"
	sum, err := health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{e}), health.DefaultBands())
	require.NoError(t, err)
	assert.Equal(t, 0, sum.Unavailable)
	assert.Equal(t, [10]int{4: 1}, sum.Deciles)
	assert.InDelta(t, 40, sum.ARRWeightedMean, 0)
}

// Decile cut points by the nearest-rank method, checked by hand: with n = 12
// the p-th percentile is the ceil(12p)-th lowest score, so ranks 2, 3, 4, 5,
// 6, 8, 9, 10 and 11 for p = 0.1 ... 0.9.
func TestPortfolioDecileCuts(t *testing.T) {
	var entries []health.PortfolioEntry
	for i, v := range []float64{90, 2.3, 5, 100, 10, 20, 20, 35.55, 50, 60, 70, 80} {
		entries = append(entries, entry(fmt.Sprint("a", i), v, "any", "1"))
	}
	sum, err := health.SummarizePortfolio(slices.Values(entries), nil)
	require.NoError(t, err)
	assert.Equal(t, [9]float64{5, 10, 20, 20, 35.5, 60, 70, 80, 90}, sum.DecileCuts, "35.55 rounds down to 35.5")
	assert.Equal(t, [10]int{2, 1, 2, 1, 0, 1, 1, 1, 1, 2}, sum.Deciles, "the fixed buckets stay beside the cuts")

	// One account is every percentile.
	one, err := health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{entry("x", 2.3, "red", "1")}), nil)
	require.NoError(t, err)
	assert.Equal(t, [9]float64{2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3}, one.DecileCuts)

	// Shards merge into the one-pass cuts.
	var left, right health.PortfolioAccumulator
	for i, e := range entries {
		acc := &left
		if i < 5 {
			acc = &right
		}
		require.NoError(t, acc.Add(e))
	}
	require.NoError(t, left.Merge(&right))
	assert.Equal(t, sum.DecileCuts, left.Result(nil).DecileCuts)
}

// Pipelines that build Scores by hand must set what is reported; a score that
// sets only Value and Band would be counted in a band named "" at value 0.
func TestPortfolioRejectsInconsistentReportedFigures(t *testing.T) {
	var a health.PortfolioAccumulator
	handBuilt := health.PortfolioEntry{
		Score: health.Score{Account: "a", Available: true, Value: 40, Band: "red"},
		ARR:   success.MustMoney("100", "USD"),
	}
	assert.ErrorIs(t, a.Add(handBuilt), health.ErrInvalid)
	handBuilt.Score.ReportedBand = "red"
	assert.ErrorContains(t, a.Add(handBuilt), "differs from computed", "ReportedValue 0 disagrees with Value 40")
	handBuilt.Score.ReportedValue = 40
	assert.NoError(t, a.Add(handBuilt))
	assert.Equal(t, 1, a.Result(nil).Count)
}

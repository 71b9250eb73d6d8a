package health_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
)

// drawScore draws an account's score: available or not, a value with up to
// two decimals (some on bucket edges), one of three bands, and sometimes a
// value override standing in for an unavailable score.
func drawScore(t *rapid.T, account int) health.Score {
	v := float64(rapid.IntRange(0, 10000).Draw(t, "hundredths")) / 100
	if rapid.Bool().Draw(t, "on an edge") {
		v = float64(10 * rapid.IntRange(0, 10).Draw(t, "edge"))
	}
	s := snap(fmt.Sprint("acct-", account), t0, v)
	s.Band = rapid.SampledFrom([]string{"red", "yellow", "green"}).Draw(t, "band")
	s.ReportedBand = s.Band
	s.Confident = rapid.IntRange(0, 3).Draw(t, "low confidence") != 0
	if rapid.IntRange(0, 5).Draw(t, "unavailable") == 0 {
		s.Confident = false
		s.Available = false
		if rapid.Bool().Draw(t, "overridden") {
			s.Override = &health.Override{Value: &v, Author: "csm", Reason: "r", Expires: t1}
		}
	}
	return s
}

func drawARR(t *rapid.T) success.Money {
	return success.MustMoney(fmt.Sprintf("%d.%02d", rapid.IntRange(0, 50000).Draw(t, "arr"), rapid.IntRange(0, 99).Draw(t, "cents")), "USD")
}

// drawShards splits n items into 1..4 shards and draws the order they are
// merged in.
func drawShards(t *rapid.T, n int) (shardOf, order []int) {
	k := rapid.IntRange(1, 4).Draw(t, "shards")
	shardOf = make([]int, n)
	for i := range shardOf {
		shardOf[i] = rapid.IntRange(0, k-1).Draw(t, "shard")
	}
	return shardOf, rapid.Permutation(accumtest.ShardNumbers(k)).Draw(t, "merge order")
}

// resultJSON encodes an extract result, so that decimals compare by value
// whatever their exponent.
func resultJSON(t require.TestingT, v any, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Shards encoded, decoded and merged in any order give exactly the one-pass
// backtest.
func TestBacktestShardsMergeIntoOnePass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		outcomes := make([]health.Outcome, rapid.IntRange(0, 40).Draw(t, "outcomes"))
		for i := range outcomes {
			outcomes[i] = health.Outcome{Score: drawScore(t, i), Churned: rapid.Bool().Draw(t, "churned"), ARR: drawARR(t)}
		}
		var one health.BacktestAccumulator
		require.NoError(t, one.AddAll(slices.Values(outcomes)))
		shardOf, order := drawShards(t, len(outcomes))
		merged, err := accumtest.MergeShards(func() *health.BacktestAccumulator { return new(health.BacktestAccumulator) }, outcomes, shardOf, order)
		require.NoError(t, err)
		want, err := one.Result(health.DefaultBands())
		got, err2 := merged.Result(health.DefaultBands())
		require.Equal(t, resultJSON(t, want, err), resultJSON(t, got, err2))
	})
}

// Shards encoded, decoded and merged in any order give exactly the one-pass
// portfolio summary.
func TestPortfolioShardsMergeIntoOnePass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		entries := make([]health.PortfolioEntry, rapid.IntRange(0, 40).Draw(t, "entries"))
		for i := range entries {
			entries[i] = health.PortfolioEntry{Score: drawScore(t, i), ARR: drawARR(t)}
		}
		var one health.PortfolioAccumulator
		require.NoError(t, one.AddAll(slices.Values(entries)))
		shardOf, order := drawShards(t, len(entries))
		merged, err := accumtest.MergeShards(func() *health.PortfolioAccumulator { return new(health.PortfolioAccumulator) }, entries, shardOf, order)
		require.NoError(t, err)
		require.Equal(t, resultJSON(t, one.Result(health.DefaultBands()), nil), resultJSON(t, merged.Result(health.DefaultBands()), nil))
	})
}

func TestAccumulatorContract(t *testing.T) {
	var b health.BacktestAccumulator
	require.NoError(t, b.AddAll(slices.Values(twenty())))
	require.NoError(t, accumtest.CheckContract(&b, health.ErrInvalid))

	unavailable := entry("u", 0, "", "7")
	unavailable.Score.Available = false
	var p health.PortfolioAccumulator
	require.NoError(t, p.AddAll(slices.Values([]health.PortfolioEntry{entry("a", 20, "red", "10.5"), entry("b", 95.5, "green", "3"), unavailable})))
	require.NoError(t, accumtest.CheckContract(&p, health.ErrInvalid))

	// A failed merge (another currency) leaves the receiver unchanged.
	var eur health.PortfolioAccumulator
	require.NoError(t, eur.Add(health.PortfolioEntry{Score: snap("e", t0, 50), ARR: success.MustMoney("1", "EUR")}))
	before, err := p.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, p.Merge(&eur), health.ErrCurrencyMismatch)
	after, err := p.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
}

// Hand-edited states that Add and Merge could not have built are rejected
// with the path of each problem.
func TestAccumulatorStatesRejected(t *testing.T) {
	for _, c := range []struct {
		name, state string
		into        interface{ UnmarshalBinary([]byte) error }
		paths       []string
	}{
		{"backtest row", `{"currency":"USD","rows":[{"account":"","value":101,"band":"red","churned":true,"arr":"-1"}],"unavailable":-1,"unavailable_churned":0}`,
			new(health.BacktestAccumulator), []string{"rows[0].account", "rows[0].value", "rows[0].arr", "unavailable"}},
		{"backtest churned unavailable", `{"currency":"USD","rows":[],"unavailable":1,"unavailable_churned":2}`,
			new(health.BacktestAccumulator), []string{"unavailable_churned"}},
		{"backtest currency", `{"rows":[{"account":"a","value":1,"band":"red","churned":true,"arr":"1"}],"unavailable":0,"unavailable_churned":0}`,
			new(health.BacktestAccumulator), []string{"currency"}},
		{"backtest unknown field", `{"currency":"USD","rowz":[]}`, new(health.BacktestAccumulator), nil},
		{"portfolio sums", `{"currency":"USD","count":2,"arr":"10","band_count":{"red":1},"band_arr":{"red":"4","blue":"1"},"unavailable":0,"unavailable_arr":"0","scored_arr":"5","weighted_sum":"600","value_sum":"300","deciles":[1,0,0,0,0,0,0,0,0,0],"tenths":{"1001":1}}`,
			new(health.PortfolioAccumulator), []string{"arr", "value_sum", "weighted_sum", "band_arr.blue", "band_arr", "tenths.1001", "band_count", "deciles", "tenths"}},
		{"portfolio count", `{"currency":"USD","count":1,"arr":"0","unavailable":2,"unavailable_arr":"0","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":[0,0,0,0,0,0,0,0,0,0]}`,
			new(health.PortfolioAccumulator), []string{"unavailable"}},
	} {
		err := c.into.UnmarshalBinary([]byte(c.state))
		require.ErrorIs(t, err, health.ErrInvalid, c.name)
		if c.paths != nil {
			assert.ElementsMatch(t, c.paths, paths(err), c.name)
		}
	}
}

package health_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	backtest := func(state string) string { return `{"kind":"health.backtest","version":1,"state":` + state + `}` }
	portfolio := func(state string) string { return `{"kind":"health.portfolio","version":1,"state":` + state + `}` }
	for _, c := range []struct {
		name, state string
		into        interface{ UnmarshalBinary([]byte) error }
		paths       []string
	}{
		{"backtest row", backtest(`{"currency":"USD","rows":[{"account":"","value":101,"band":"red","churned":true,"arr":"-1"}],"unavailable":[]}`),
			new(health.BacktestAccumulator), []string{"rows[0].account", "rows[0].value", "rows[0].arr"}},
		{"backtest duplicate", backtest(`{"currency":"USD","rows":[{"account":"a","value":1,"band":"red","churned":true,"arr":"1"}],"unavailable":[{"account":"a","churned":false}]}`),
			new(health.BacktestAccumulator), []string{"unavailable[0].account"}},
		{"backtest currency", backtest(`{"rows":[{"account":"a","value":1,"band":"red","churned":true,"arr":"1"}],"unavailable":[]}`),
			new(health.BacktestAccumulator), []string{"currency"}},
		{"backtest unknown field", backtest(`{"currency":"USD","rowz":[]}`), new(health.BacktestAccumulator), nil},
		{"backtest as portfolio", portfolio(`{}`), new(health.BacktestAccumulator), nil},
		{"portfolio sums", portfolio(`{"currency":"USD","accounts":["a","b"],"arr":"10","band_count":{"red":1},"band_arr":{"red":"4","blue":"1"},"unavailable":0,"unavailable_arr":"0","scored_arr":"5","weighted_sum":"600","value_sum":"300","deciles":[1,0,0,0,0,0,0,0,0,0],"low_confidence":0,"low_confidence_arr":"0","tenths":{"1001":1}}`),
			new(health.PortfolioAccumulator), []string{"arr", "value_sum", "weighted_sum", "band_arr.blue", "band_arr", "tenths.1001", "band_count", "deciles", "tenths"}},
		{"portfolio count", portfolio(`{"currency":"USD","accounts":["a"],"arr":"0","unavailable":2,"unavailable_arr":"0","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":[0,0,0,0,0,0,0,0,0,0],"low_confidence":-1,"low_confidence_arr":"0"}`),
			new(health.PortfolioAccumulator), []string{"unavailable", "low_confidence"}},
		{"portfolio accounts", portfolio(`{"currency":"USD","accounts":["a","a",""],"arr":"0","unavailable":3,"unavailable_arr":"0","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":[0,0,0,0,0,0,0,0,0,0],"low_confidence":0,"low_confidence_arr":"0"}`),
			new(health.PortfolioAccumulator), []string{"accounts[1]", "accounts[2]"}},
	} {
		err := c.into.UnmarshalBinary([]byte(c.state))
		require.ErrorIs(t, err, health.ErrInvalid, c.name)
		if c.paths != nil {
			assert.ElementsMatch(t, c.paths, paths(err), c.name)
		}
	}
}

// The same account twice is an error naming it, in one pass (even once
// churned and once retained) and across merged shards; a failed merge
// changes nothing.
func TestAccumulatorsRejectDuplicateAccounts(t *testing.T) {
	churned := health.Outcome{Score: snap("acme", t0, 20), Churned: true, ARR: success.MustMoney("10", "USD")}
	retained := health.Outcome{Score: snap("acme", t1, 80), Churned: false, ARR: success.MustMoney("10", "USD")}
	_, err := health.Backtest(slices.Values([]health.Outcome{churned, retained}), nil)
	require.ErrorIs(t, err, health.ErrDuplicate)
	assert.Contains(t, err.Error(), `outcomes[1]`)
	assert.Contains(t, err.Error(), `account "acme"`)

	unavailable := retained
	unavailable.Score.Available = false
	var left, right health.BacktestAccumulator
	require.NoError(t, left.Add(churned))
	require.NoError(t, right.Add(unavailable))
	before, err := left.MarshalBinary()
	require.NoError(t, err)
	err = left.Merge(&right)
	require.ErrorIs(t, err, health.ErrDuplicate)
	assert.Contains(t, err.Error(), `account "acme"`)
	after, err := left.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "a failed merge changes nothing")

	// Across shards that went through the coder.
	data, err := right.MarshalBinary()
	require.NoError(t, err)
	var decoded health.BacktestAccumulator
	require.NoError(t, decoded.UnmarshalBinary(data))
	require.ErrorIs(t, left.Merge(&decoded), health.ErrDuplicate)

	a, b := entry("acme", 20, "red", "10"), entry("acme", 90, "green", "5")
	_, err = health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{a, b}), nil)
	require.ErrorIs(t, err, health.ErrDuplicate)
	assert.Contains(t, err.Error(), `entries[1]`)
	assert.Contains(t, err.Error(), `account "acme"`)
	var p, q health.PortfolioAccumulator
	require.NoError(t, p.Add(a))
	require.NoError(t, q.Add(entry("globex", 50, "yellow", "1")))
	require.NoError(t, q.Add(b))
	data, err = q.MarshalBinary()
	require.NoError(t, err)
	var qd health.PortfolioAccumulator
	require.NoError(t, qd.UnmarshalBinary(data))
	before, _ = p.MarshalBinary()
	err = p.Merge(&qd)
	require.ErrorIs(t, err, health.ErrDuplicate)
	assert.Contains(t, err.Error(), `account "acme"`)
	after, _ = p.MarshalBinary()
	assert.Equal(t, string(before), string(after))

	var empty health.PortfolioAccumulator
	require.ErrorIs(t, empty.Add(health.PortfolioEntry{Score: snap("", t0, 1), ARR: success.MustMoney("1", "USD")}), health.ErrInvalid)
}

// The From forms stop at the host's read error and return it.
func TestFromFormsStopAtReadErrors(t *testing.T) {
	readErr := errors.New("disk gone")
	entries := func(yield func(health.PortfolioEntry, error) bool) {
		if !yield(entry("a", 20, "red", "1"), nil) {
			return
		}
		yield(health.PortfolioEntry{}, readErr)
	}
	_, err := health.SummarizePortfolioFrom(entries, nil)
	require.ErrorIs(t, err, readErr)
	assert.Contains(t, err.Error(), "entries[1]")
	var p health.PortfolioAccumulator
	require.ErrorIs(t, p.AddFrom(entries), readErr)
	assert.Equal(t, 1, p.Result(nil).Count, "the entries before the error stay added")

	outcomes := func(yield func(health.Outcome, error) bool) {
		yield(health.Outcome{}, readErr)
	}
	_, err = health.BacktestFrom(outcomes, nil)
	require.ErrorIs(t, err, readErr)
	require.ErrorIs(t, new(health.BacktestAccumulator).AddFrom(nil), health.ErrInvalid)
}

// Forged states of issue 17: counts whose sum wraps round to a consistent
// total, bucket arrays of the wrong length, and amounts too long to sum
// cheaply are rejected, not reported as huge or dropped.
func TestAccumulatorStatesRejectOverflowAndExtraBuckets(t *testing.T) {
	portfolio := func(state string) []byte {
		return []byte(`{"kind":"health.portfolio","version":1,"state":` + state + `}`)
	}
	empty := func(deciles, extra string) []byte {
		return portfolio(`{"accounts":[],"arr":"0","unavailable":0,"unavailable_arr":"0","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":` + deciles + `,"low_confidence":0,"low_confidence_arr":"0"` + extra + `}`)
	}
	zeros := "[0,0,0,0,0,0,0,0,0,0]"
	require.NoError(t, new(health.PortfolioAccumulator).UnmarshalBinary(empty(zeros, "")), "the empty state itself is fine")

	for _, c := range []struct {
		name  string
		state []byte
		paths []string
	}{
		// MaxInt + MaxInt + 2 wraps round to 0, the number of scored accounts.
		{"band counts overflow", empty(zeros, `,"band_count":{"a":9223372036854775807,"b":9223372036854775807,"c":2},"band_arr":{"a":"0","b":"0","c":"0"}`),
			[]string{"band_count.b"}},
		{"bucket counts overflow", empty("[9223372036854775807,9223372036854775807,2,0,0,0,0,0,0,0]", ""), []string{"deciles[1]"}},
		{"tenth counts overflow", empty(zeros, `,"tenths":{"1":9223372036854775807,"2":9223372036854775807,"3":2}`), []string{"tenths.2"}},
	} {
		var p health.PortfolioAccumulator
		err := p.UnmarshalBinary(c.state)
		require.ErrorIs(t, err, health.ErrInvalid, c.name)
		assert.ElementsMatch(t, c.paths, paths(err), c.name)
		assert.Zero(t, p.Result(nil).Count, c.name)
	}

	for _, deciles := range []string{"[0,0,0,0,0,0,0,0,0,0,5]", "[0,0,0,0,0,0,0,0,0]"} {
		err := new(health.PortfolioAccumulator).UnmarshalBinary(empty(deciles, ""))
		require.ErrorIs(t, err, health.ErrInvalid, deciles)
		assert.Contains(t, err.Error(), "deciles", deciles)
	}

	// An amount with 2,000 digits, or an exponent of 5,000, is beyond what
	// Add builds; the error names the field and not the amount.
	long := "1" + strings.Repeat("0", 2000)
	err := new(health.PortfolioAccumulator).UnmarshalBinary(portfolio(`{"currency":"USD","accounts":["a"],"arr":"` + long + `","unavailable":1,"unavailable_arr":"` + long + `","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":` + zeros + `,"low_confidence":0,"low_confidence_arr":"0"}`))
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{"arr", "unavailable_arr"}, paths(err))
	assert.Less(t, len(err.Error()), 300)
	err = new(health.BacktestAccumulator).UnmarshalBinary([]byte(`{"kind":"health.backtest","version":1,"state":{"currency":"USD","rows":[{"account":"a","value":1,"band":"red","churned":true,"arr":"1e5000"}],"unavailable":[]}}`))
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"rows[0].arr"}, paths(err))
}

// The largest and the finest valid ARR, times the tiniest score, make a
// state that reads back within the state bounds (the state fuzzer found
// "1e1100" accepted by the bounds but written out as 1,101 digits, so the
// bounds count digits as written).
func TestAccumulatorStatesOfExtremeValuesReadBack(t *testing.T) {
	for _, amount := range []string{"999999999999999999", "0.000000000001", "123456.123456789012"} {
		for _, v := range []float64{5e-324, 100, 33.333333333333336} {
			var p health.PortfolioAccumulator
			require.NoError(t, p.Add(health.PortfolioEntry{Score: snap("a", t0, v), ARR: success.MustMoney(amount, "USD")}), amount)
			state, err := p.MarshalBinary()
			require.NoError(t, err)
			require.NoError(t, new(health.PortfolioAccumulator).UnmarshalBinary(state), "%s %v", amount, v)
		}
	}
	err := new(health.BacktestAccumulator).UnmarshalBinary([]byte(`{"kind":"health.backtest","version":1,"state":{"currency":"USD","rows":[{"account":"a","value":1,"band":"red","churned":true,"arr":"1e1001"}],"unavailable":[]}}`))
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"rows[0].arr"}, paths(err))
}

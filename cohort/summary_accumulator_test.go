package cohort

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
)

func TestSummaryAccumulatorMergeEqualsOnePassRapid(t *testing.T) {
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "n")
		txs := make([]Transaction, n)
		for i := range txs {
			txs[i] = Transaction{
				Account: success.AccountID(fmt.Sprint(rapid.IntRange(0, 5).Draw(t, "customer"))),
				At:      end.Add(-time.Duration(rapid.IntRange(-100, 4000).Draw(t, "hoursBefore")) * time.Hour),
				Amount:  success.MustMoney(fmt.Sprint(rapid.IntRange(0, 10000).Draw(t, "cents")), "USD"),
			}
		}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		whole, err := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
		require.NoError(t, err)
		require.NoError(t, whole.AddAll(slices.Values(txs)))
		// Shards encoded, decoded and merged in any order.
		shardOf := make([]int, len(txs))
		for i := range shardOf {
			shardOf[i] = rapid.IntRange(0, shards-1).Draw(t, "shard")
		}
		order := rapid.Permutation(accumtest.ShardNumbers(shards)).Draw(t, "merge order")
		merged, err := accumtest.MergeShards(func() *SummaryAccumulator {
			a, err := NewSummaryAccumulator(end, whole.unit, SummaryOptions{})
			require.NoError(t, err)
			return a
		}, txs, shardOf, order)
		require.NoError(t, err)
		require.Equal(t, whole.Summaries(), merged.Summaries(), "merged shards, one pass")
		require.Equal(t, whole.After(), merged.After(), "after the calibration period: merged shards, one pass")
		// The state survives its encoding, into a zero accumulator.
		encoded, err := merged.MarshalBinary()
		require.NoError(t, err)
		restored := new(SummaryAccumulator)
		require.NoError(t, restored.UnmarshalBinary(encoded), "restore %s", encoded)
		require.Equal(t, whole.Summaries(), restored.Summaries(), "restored, one pass")
		require.Equal(t, whole.After(), restored.After(), "after the calibration period: restored, one pass")
		for _, c := range whole.Summaries() {
			require.NoError(t, c.Validate(), "summary %+v", c)
		}
	})
}

func TestSummaryAccumulatorMergeRejectsMismatch(t *testing.T) {
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	build := func(g success.Grain) *SummaryAccumulator {
		a, err := NewSummaryAccumulator(end, g, SummaryOptions{})
		require.NoError(t, err)
		return a
	}
	a, b := build(success.Daily), build(success.Weekly)
	assert.ErrorIs(t, a.Merge(b), ErrInvalid, "unit mismatch")
	c := build(success.Daily)
	require.NoError(t, a.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "USD")}))
	require.NoError(t, c.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "EUR")}))
	assert.ErrorIs(t, a.Merge(c), ErrCurrencyMismatch, "currency mismatch, as for tables")
	d := build(success.Daily)
	require.NoError(t, d.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "USD")}))
	assert.ErrorIs(t, d.Add(Transaction{Account: "y", At: end, Amount: success.MustMoney("1", "EUR")}), ErrCurrencyMismatch, "adding a second currency")
	_, err := NewSummaryAccumulator(time.Time{}, success.Daily, SummaryOptions{})
	assert.ErrorIs(t, err, ErrInvalid, "zero end")
}

func TestRestoreSummaryAccumulatorRejectsBadState(t *testing.T) {
	state := summaryState{
		CalibrationEnd: "2024-06-30", Location: "UTC", Unit: success.Weekly, Currency: "USD",
		Accounts: []accountDays{
			{Account: "a", Days: []purchaseDay{{Date: "2024-07-01", Amount: decimal.NewFromInt(5)}}},
			{Account: "a", Days: []purchaseDay{{Date: "June 3", Amount: decimal.NewFromInt(-1)}}},
			{Account: "", Days: nil},
		},
	}
	_, err := restoreSummary(state, time.UTC)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"accounts[0].days[0].date", "accounts[1].account",
		"accounts[1].days[0].date", "accounts[2].account", "accounts[2].days"}, paths(err))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	_, err = restoreSummary(summaryState{CalibrationEnd: "2024-06-30", Location: "UTC", Unit: success.Daily}, ny)
	assert.ErrorIs(t, err, ErrInvalid, "location mismatch")
}

func TestSummaryAccumulatorMisuseIsAnError(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	tx := Transaction{Account: "a", At: end, Amount: success.MustMoney("1", "USD")}
	var zero SummaryAccumulator
	assert.ErrorIs(t, zero.Add(tx), ErrInvalid, "Add to the zero accumulator")
	a, err := NewSummaryAccumulator(end, success.Weekly, SummaryOptions{})
	require.NoError(t, err)
	require.NoError(t, a.Add(tx))
	for name, b := range map[string]*SummaryAccumulator{"nil": nil, "itself": a, "zero": {}} {
		assert.ErrorIs(t, a.Merge(b), ErrInvalid, "Merge(%s)", name)
	}
	// The failed merges left a intact: one purchase of 1.
	got := a.Summaries()
	want := []CustomerSummary{{Account: "a", Currency: "USD", Unit: success.Weekly}}
	assert.Equal(t, want, got, "after failed merges")
	s := a.state()
	require.Len(t, s.Accounts, 1, "after failed merges: state %+v", s)
	require.Len(t, s.Accounts[0].Days, 1, "after failed merges: state %+v", s)
	assert.True(t, s.Accounts[0].Days[0].Amount.Equal(decimal.NewFromInt(1)), "after failed merges: state %+v", s)
}

func TestSummariesMeasureInDaysOrWeeksOnly(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, g := range []success.Grain{success.Monthly, success.Quarterly, success.Yearly, "fortnight", ""} {
		_, err := NewSummaryAccumulator(end, g, SummaryOptions{})
		assert.ErrorIs(t, err, ErrInvalid, "grain %q", g)
		assert.ErrorContains(t, err, "want day or week", "grain %q", g)
		assert.ErrorIs(t, (CustomerSummary{Account: "a", Age: 1, Unit: g}).Validate(), ErrInvalid, "summary in %q", g)
	}
}

// A host calling Add in its own loop learns which record failed: every
// problem names the account, as a cohort table's row errors do.
func TestSummaryAccumulatorAddNamesTheAccount(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	a, err := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
	require.NoError(t, err)
	require.NoError(t, a.Add(Transaction{Account: "acme", At: end, Amount: success.MustMoney("1", "USD")}))
	for _, tc := range []struct {
		tx    Transaction
		is    error
		paths []string
	}{
		{Transaction{Account: "globex", Amount: success.MustMoney("-2", "USD")}, ErrInvalid,
			[]string{`(account "globex").at`, `(account "globex").amount`}},
		{Transaction{Account: "initech", At: end, Amount: success.MustMoney("2", "EUR")}, ErrCurrencyMismatch,
			[]string{`(account "initech").amount`}},
		{Transaction{At: end}, ErrInvalid, []string{`(account "").account`}},
	} {
		err := a.Add(tc.tx)
		assert.ErrorIs(t, err, tc.is, "%+v", tc.tx)
		assert.Equal(t, tc.paths, paths(err), "%+v", tc.tx)
	}
	assert.Len(t, a.Summaries(), 1, "no rejected transaction is recorded")
}

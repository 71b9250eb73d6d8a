package churn_test

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	internalledger "github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/internal/ledgertest"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// TestAddColumnsIsAddAll: batches added as columns or as rows, into two
// shards, compacted or not between batches, then merged, give the report,
// the movement log and the encoded state of adding every row one by one,
// errors included.
func TestAddColumnsIsAddAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var want, got [2]*churn.Movements
		for s := range 2 {
			want[s], _ = churn.NewMovements(churn.MovementOptions{})
			got[s], _ = churn.NewMovements(churn.MovementOptions{})
		}
		for range rapid.IntRange(1, 5).Draw(t, "batches") {
			c := ledgertest.DrawColumns(t)
			s := rapid.IntRange(0, 1).Draw(t, "shard")
			werr := ledgertest.AddRows(want[s].Add, c)
			var gerr error
			if rapid.IntRange(0, 3).Draw(t, "asRows") == 0 {
				gerr = ledgertest.AddRows(got[s].Add, c)
			} else {
				gerr = got[s].AddColumns(c, success.ColumnOptions{})
			}
			require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
			if rapid.Bool().Draw(t, "compare") {
				sameMovementState(t, want[s], got[s])
			}
		}
		werr, gerr := want[0].Merge(want[1]), got[0].Merge(got[1])
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		sameMovementState(t, want[0], got[0])
		require.Equal(t, want[0].Accounts(), got[0].Accounts())
		wr, werr := want[0].Report(time.Time{})
		gr, gerr := got[0].Report(time.Time{})
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		require.Equal(t, wr, gr)
	})
}

func sameMovementState(t require.TestingT, want, got *churn.Movements) {
	wb, err := want.MarshalBinary()
	require.NoError(t, err)
	gb, err := got.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, string(wb), string(gb))
}

// TestAddColumnsConverts: a batch in another currency than the report's
// goes through Rates, as its rows would.
func TestAddColumnsConverts(t *testing.T) {
	rates := fixedRate(decimal.RequireFromString("1.1"))
	opts := churn.MovementOptions{Currency: "USD", Rates: rates}
	want, _ := churn.NewMovements(opts)
	got, _ := churn.NewMovements(opts)
	c := &success.LedgerColumns{Accounts: []success.AccountID{"a", "b"}, Account: []int32{0, 1, 0}, Day: []int32{19000, 19001, 19040},
		Minor: []int64{1000, 2050, 999}, Currency: "EUR"}
	require.NoError(t, ledgertest.AddRows(want.Add, c))
	require.NoError(t, got.AddColumns(c, success.ColumnOptions{}))
	sameMovementState(t, want, got)
	require.True(t, strings.HasPrefix(ledgertest.ErrText(got.AddColumns(&success.LedgerColumns{Account: []int32{0}, Day: []int32{0}, Minor: []int64{0}}, success.ColumnOptions{})), "rows[0]: account: index 0"))
	_ = math.MaxInt32
}

func TestAddColumnsNil(t *testing.T) {
	m, _ := churn.NewMovements(churn.MovementOptions{})
	require.ErrorIs(t, m.AddColumns(nil, success.ColumnOptions{}), churn.ErrInvalid)
}

// TestAddColumnsWorkersEqualOne: batches split among any number of workers
// (every batch of one row or more split, GOMAXPROCS raised so that the
// goroutines are real) give the report, the movement log, the encoded state
// and the errors of one worker, bad rows in any range included.
func TestAddColumnsWorkersEqualOne(t *testing.T) {
	defer internalledger.SetMinRowsPerWorker(1)()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(8, runtime.GOMAXPROCS(0))))
	rapid.Check(t, func(t *rapid.T) {
		one, _ := churn.NewMovements(churn.MovementOptions{})
		many, _ := churn.NewMovements(churn.MovementOptions{})
		for range rapid.IntRange(1, 5).Draw(t, "batches") {
			c := ledgertest.DrawColumns(t)
			w := rapid.IntRange(0, 7).Draw(t, "workers")
			werr := one.AddColumns(c, success.ColumnOptions{})
			gerr := many.AddColumns(c, success.ColumnOptions{Workers: w})
			require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
			sameMovementState(t, one, many)
		}
		require.Equal(t, one.Accounts(), many.Accounts())
		wr, werr := one.Report(time.Time{})
		gr, gerr := many.Report(time.Time{})
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		require.Equal(t, wr, gr)
	})
}

func TestAddColumnsNegativeWorkers(t *testing.T) {
	m, _ := churn.NewMovements(churn.MovementOptions{})
	err := m.AddColumns(&success.LedgerColumns{}, success.ColumnOptions{Workers: -1})
	require.ErrorIs(t, err, churn.ErrInvalid)
	require.Contains(t, err.Error(), "opts.workers")
}

package churn_test

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	internalledger "github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// drawColumns draws a columnar batch of the awkward kind: dictionaries
// sharing IDs with other batches (and now and then repeating one), lines
// on one date, superseded dates, negative lines, amounts that need a finer
// exponent or do not fit, a bad index, a day outside the calendar, an empty
// ID, a currency other batches do not have.
func drawColumns(t *rapid.T) *success.LedgerColumns {
	rare := func(label string) bool { return rapid.IntRange(0, 99).Draw(t, label) < 3 }
	nd := rapid.IntRange(1, 12).Draw(t, "dict")
	off, stride := rapid.IntRange(0, 15).Draw(t, "off"), 2*rapid.IntRange(0, 7).Draw(t, "stride")+1
	c := &success.LedgerColumns{Accounts: make([]success.AccountID, nd),
		Currency: rapid.SampledFrom([]success.Currency{"USD", "USD", "USD", "USD", "JPY", "", "XXQ"}).Draw(t, "currency")}
	for i := range c.Accounts {
		c.Accounts[i] = success.AccountID(fmt.Sprintf("acct-%d", (off+i*stride)%16))
	}
	if rare("repeat") && nd > 1 {
		c.Accounts[nd-1] = c.Accounts[0]
	}
	if rare("empty") {
		c.Accounts[rapid.IntRange(0, nd-1).Draw(t, "emptyAt")] = ""
	}
	n := rapid.IntRange(0, 40).Draw(t, "rows")
	for range n {
		a := int32(rapid.IntRange(0, nd-1).Draw(t, "account"))
		if rare("badIndex") {
			a = rapid.SampledFrom([]int32{-1, int32(nd), math.MaxInt32}).Draw(t, "bad")
		}
		day := int32(19000 + rapid.IntRange(0, 400).Draw(t, "day"))
		if rare("badDay") {
			day = rapid.SampledFrom([]int32{-800000, 3000000, math.MinInt32}).Draw(t, "badDay")
		}
		var m int64
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
		case 1, 2:
			m = 100 * rapid.Int64Range(0, 500).Draw(t, "whole")
		case 3:
			m = -rapid.Int64Range(0, 5000).Draw(t, "discount")
		case 4:
			if rare("huge") {
				m = rapid.SampledFrom([]int64{1 << 62, math.MaxInt64, math.MinInt64, 1<<62 - 1, 4e18}).Draw(t, "hugeV")
			}
		default:
			m = rapid.Int64Range(0, 60000).Draw(t, "cents")
		}
		if c.Currency == "" && !rare("noCurrency") {
			m = 0
		}
		c.Account, c.Day, c.Minor = append(c.Account, a), append(c.Day, day), append(c.Minor, m)
	}
	return c
}

// addRows adds the batch's rows one by one, as AddAll would, naming a bad
// index as AddColumns does.
func addRows(add func(success.LedgerRow) error, c *success.LedgerColumns) error {
	for i := range c.Len() {
		r, ok := c.Row(i)
		if !ok {
			return fmt.Errorf("rows[%d]: account: index %d is outside the dictionary of %d accounts", i, c.Account[i], len(c.Accounts))
		}
		if err := add(r); err != nil {
			return fmt.Errorf("rows[%d]: %w", i, err)
		}
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

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
			c := drawColumns(t)
			s := rapid.IntRange(0, 1).Draw(t, "shard")
			werr := addRows(want[s].Add, c)
			var gerr error
			if rapid.IntRange(0, 3).Draw(t, "asRows") == 0 {
				gerr = addRows(got[s].Add, c)
			} else {
				gerr = got[s].AddColumns(c, success.ColumnOptions{})
			}
			require.Equal(t, errText(werr), errText(gerr))
			if rapid.Bool().Draw(t, "compare") {
				sameMovementState(t, want[s], got[s])
			}
		}
		werr, gerr := want[0].Merge(want[1]), got[0].Merge(got[1])
		require.Equal(t, errText(werr), errText(gerr))
		sameMovementState(t, want[0], got[0])
		require.Equal(t, want[0].Accounts(), got[0].Accounts())
		wr, werr := want[0].Report(time.Time{})
		gr, gerr := got[0].Report(time.Time{})
		require.Equal(t, errText(werr), errText(gerr))
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
	require.NoError(t, addRows(want.Add, c))
	require.NoError(t, got.AddColumns(c, success.ColumnOptions{}))
	sameMovementState(t, want, got)
	require.True(t, strings.HasPrefix(errText(got.AddColumns(&success.LedgerColumns{Account: []int32{0}, Day: []int32{0}, Minor: []int64{0}}, success.ColumnOptions{})), "rows[0]: account: index 0"))
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
			c := drawColumns(t)
			w := rapid.IntRange(0, 7).Draw(t, "workers")
			werr := one.AddColumns(c, success.ColumnOptions{})
			gerr := many.AddColumns(c, success.ColumnOptions{Workers: w})
			require.Equal(t, errText(werr), errText(gerr))
			sameMovementState(t, one, many)
		}
		require.Equal(t, one.Accounts(), many.Accounts())
		wr, werr := one.Report(time.Time{})
		gr, gerr := many.Report(time.Time{})
		require.Equal(t, errText(werr), errText(gerr))
		require.Equal(t, wr, gr)
	})
}

func TestAddColumnsNegativeWorkers(t *testing.T) {
	m, _ := churn.NewMovements(churn.MovementOptions{})
	err := m.AddColumns(&success.LedgerColumns{}, success.ColumnOptions{Workers: -1})
	require.ErrorIs(t, err, churn.ErrInvalid)
	require.Contains(t, err.Error(), "opts.workers")
}

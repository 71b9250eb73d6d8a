package cohort_test

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/internal/ledgertest"
	"github.com/secondsale/secondsale/success"
)

// TestAddColumnsIsAddAll: batches added as columns or as rows, into two
// shards, compacted or not between batches, then merged, give the table and
// the encoded state of adding every row one by one, errors included.
func TestAddColumnsIsAddAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var want, got [2]*cohort.TableAccumulator
		for s := range 2 {
			want[s], _ = cohort.NewTableAccumulator(cohort.TableOptions{})
			got[s], _ = cohort.NewTableAccumulator(cohort.TableOptions{})
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
				sameTableState(t, want[s], got[s])
			}
		}
		werr, gerr := want[0].Merge(want[1]), got[0].Merge(got[1])
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		sameTableState(t, want[0], got[0])
		asOf := time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
		wt, werr := want[0].Table(asOf)
		gt, gerr := got[0].Table(asOf)
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		require.Equal(t, wt, gt)
	})
}

func sameTableState(t require.TestingT, want, got *cohort.TableAccumulator) {
	wb, err := want.MarshalBinary()
	require.NoError(t, err)
	gb, err := got.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, string(wb), string(gb))
}

func TestAddColumnsErrors(t *testing.T) {
	a, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
	c := &success.LedgerColumns{Accounts: []success.AccountID{"a"}, Account: []int32{0, 0}, Day: []int32{19000}, Minor: []int64{1, 2}, Currency: "USD"}
	err := a.AddColumns(c, success.ColumnOptions{})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	require.Contains(t, err.Error(), "different lengths")

	c = &success.LedgerColumns{Accounts: []success.AccountID{"a"}, Account: []int32{0, 1, 0}, Day: []int32{19000, 19000, 19000},
		Minor: []int64{100, 200, 300}, Currency: "USD"}
	err = a.AddColumns(c, success.ColumnOptions{})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	require.True(t, strings.HasPrefix(err.Error(), "rows[1]: account: index 1"), err.Error())
	tab, err := a.Table(time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Equal(t, "1.00", tab.Cohorts[0].Cells[0].MRR.Amount().StringFixed(2)) // row 0 stays added, row 2 not

	require.ErrorIs(t, a.AddColumns(nil, success.ColumnOptions{}), cohort.ErrInvalid)

	c.Account[1], c.Currency = 0, "EUR"
	err = a.AddColumns(c, success.ColumnOptions{})
	require.ErrorIs(t, err, cohort.ErrCurrencyMismatch)
	require.True(t, strings.HasPrefix(err.Error(), "rows[0]: "), err.Error())
}

// TestTableProblemsInOrderFirstSeen: the table reads the book partition by
// partition, and still lists the accounts' problems in the order the
// accounts were first seen.
func TestTableProblemsInOrderFirstSeen(t *testing.T) {
	a, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
	var want []string
	for i := range 700 {
		id := success.AccountID(fmt.Sprintf("acct-%d", (i*7919)%1000))
		day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
		require.NoError(t, a.Add(success.LedgerRow{Account: id, Date: day, Minor: 100, Currency: "USD"}))
		if i%3 == 0 {
			require.NoError(t, a.Add(success.LedgerRow{Account: id, Date: day.AddDate(0, 1, 0), Minor: -5, Currency: "USD"}))
			want = append(want, fmt.Sprintf("(account %q, period 2022-02).mrr", string(id)))
		}
	}
	_, err := a.Table(time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC))
	var es success.FieldErrors
	require.ErrorAs(t, err, &es)
	got := make([]string, len(es))
	for i, e := range es {
		got[i] = e.Path
	}
	require.Equal(t, want, got)
}

// TestAddColumnsOverflow: lines of one date summing beyond the exact range,
// split over two batches and a row, are reported as the row path reports
// them, and a later date supersedes them.
func TestAddColumnsOverflow(t *testing.T) {
	big := int64(1<<62 - 1)
	c := &success.LedgerColumns{Accounts: []success.AccountID{"a", "b"}, Account: []int32{0, 0, 1, 1, 1},
		Day: []int32{19000, 19000, 19000, 19000, 19020}, Minor: []int64{big, big, big, big, 500}, Currency: "USD"}
	want, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
	got, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
	for range 2 {
		require.NoError(t, ledgertest.AddRows(want.Add, c))
		require.NoError(t, got.AddColumns(c, success.ColumnOptions{}))
	}
	r, _ := c.Row(0)
	require.NoError(t, want.Add(r))
	require.NoError(t, got.Add(r))
	sameTableState(t, want, got)
	asOf := time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	_, werr := want.Table(asOf)
	_, gerr := got.Table(asOf)
	require.Error(t, werr)
	require.Equal(t, werr.Error(), gerr.Error())
	require.Contains(t, gerr.Error(), `(account "a", period 2022-01).mrr`)
	require.NotContains(t, gerr.Error(), `"b"`)
}

// TestAddColumnsWorkersEqualOne: batches split among any number of workers
// (every batch of one row or more split, GOMAXPROCS raised so that the
// goroutines are real) give the table, the encoded state and the errors of
// one worker, bad rows in any range included; and so does a table read by
// any number of workers (TableOptions.Workers), its problems (sums below
// zero or beyond the exact range) listed in the same order.
func TestAddColumnsWorkersEqualOne(t *testing.T) {
	defer ledger.SetMinRowsPerWorker(1)()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(8, runtime.GOMAXPROCS(0))))
	rapid.Check(t, func(t *rapid.T) {
		one, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
		many, _ := cohort.NewTableAccumulator(cohort.TableOptions{Workers: rapid.IntRange(0, 7).Draw(t, "tableWorkers")})
		for range rapid.IntRange(1, 5).Draw(t, "batches") {
			c := ledgertest.DrawColumns(t)
			w := rapid.IntRange(0, 7).Draw(t, "workers")
			werr := one.AddColumns(c, success.ColumnOptions{})
			gerr := many.AddColumns(c, success.ColumnOptions{Workers: w})
			require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
			sameTableState(t, one, many)
		}
		asOf := time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
		wt, werr := one.Table(asOf)
		gt, gerr := many.Table(asOf)
		require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
		require.Equal(t, wt, gt)
	})
}

func TestTableNegativeWorkers(t *testing.T) {
	_, err := cohort.NewTableAccumulator(cohort.TableOptions{Workers: -1})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	require.Contains(t, err.Error(), "workers")
}

func TestAddColumnsNegativeWorkers(t *testing.T) {
	a, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
	err := a.AddColumns(&success.LedgerColumns{}, success.ColumnOptions{Workers: -1})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	require.Contains(t, err.Error(), "opts.workers")
}

// TestAddColumnsWorkersOddRow: one odd row (a bad index, a bad day, an
// amount beyond the exact range, one needing a finer exponent) at every
// position of a batch split among 1 to 4 workers gives the state and the
// error of one worker: the ranges' checks, spans and exponents join as one
// scan's.
func TestAddColumnsWorkersOddRow(t *testing.T) {
	defer ledger.SetMinRowsPerWorker(1)()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(8, runtime.GOMAXPROCS(0))))
	const n = 9
	odd := []func(c *success.LedgerColumns, i int){
		func(c *success.LedgerColumns, i int) { c.Account[i] = 5 },
		func(c *success.LedgerColumns, i int) { c.Day[i] = math.MinInt32 },
		func(c *success.LedgerColumns, i int) { c.Minor[i] = math.MaxInt64 },
		func(c *success.LedgerColumns, i int) { c.Minor[i] = 4e18 },
		func(c *success.LedgerColumns, i int) { c.Minor[i] = 12345 },
		func(c *success.LedgerColumns, i int) { c.Day[i] = 30000 },
	}
	for k, set := range odd {
		for i := range n {
			for w := 1; w <= 4; w++ {
				c := &success.LedgerColumns{Accounts: []success.AccountID{"a", "b", "c"}, Currency: "USD"}
				for r := range n {
					c.Account = append(c.Account, int32(r%3))
					c.Day = append(c.Day, int32(19000+31*r))
					c.Minor = append(c.Minor, 100*int64(r+1))
				}
				set(c, i)
				one, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
				many, _ := cohort.NewTableAccumulator(cohort.TableOptions{})
				whole := &success.LedgerColumns{Accounts: []success.AccountID{"c"}, Account: []int32{0}, Day: []int32{19124}, Minor: []int64{100}, Currency: "USD"}
				require.NoError(t, one.AddColumns(whole, success.ColumnOptions{}))
				require.NoError(t, many.AddColumns(whole, success.ColumnOptions{Workers: w}))
				werr := one.AddColumns(c, success.ColumnOptions{})
				gerr := many.AddColumns(c, success.ColumnOptions{Workers: w})
				require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr), "odd %d at %d, %d workers", k, i, w)
				sameTableState(t, one, many)
				asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
				wt, werr := one.Table(asOf)
				gt, gerr := many.Table(asOf)
				require.Equal(t, ledgertest.ErrText(werr), ledgertest.ErrText(gerr))
				require.Equal(t, wt, gt)
			}
		}
	}
}

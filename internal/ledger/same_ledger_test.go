package ledger_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// key is an account in a period, the unit both readers of a ledger count.
type key struct {
	account success.AccountID
	period  int
}

// reference applies success.LedgerRow's convention directly: an account's
// MRR in a period is the sum of its lines on its last date in the period.
func reference(rows []success.LedgerRow, g calendar.Grain) map[key]decimal.Decimal {
	last := map[key]int{}
	sum := map[key]decimal.Decimal{}
	for _, r := range rows {
		k := key{r.Account, calendar.Of(g, r.Date)}
		y, m, dd := r.Date.Date()
		d := int(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		prev, seen := last[k]
		switch {
		case !seen || d > prev:
			last[k], sum[k] = d, r.MRR.Amount()
		case d == prev:
			sum[k] = sum[k].Add(r.MRR.Amount())
		}
	}
	return sum
}

// The same ledger at the same grain gives the same customers and MRR in
// churn.Movements and a cohort table, equal to the convention applied by
// hand, for any input order, after sharding, encoding and merging.
func TestSameLedgerSameCustomersAndMRR(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		grain := rapid.SampledFrom([]success.Grain{success.Monthly, success.Quarterly, success.Yearly}).Draw(t, "grain")
		cal, _ := calendar.Named(string(grain))
		var rows []success.LedgerRow
		for range rapid.IntRange(0, 40).Draw(t, "rows") {
			at := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 500).Draw(t, "day"))
			if rapid.Bool().Draw(t, "zone") {
				at = at.Add(23 * time.Hour).In(time.FixedZone("east", 3*3600)) // the next calendar day there
			}
			cents := rapid.Int64Range(0, 50_000).Draw(t, "cents")
			r := success.LedgerRow{Account: success.AccountID(fmt.Sprintf("a%d", rapid.IntRange(0, 5).Draw(t, "account"))), Date: at}
			if rapid.Bool().Draw(t, "minor") {
				r.Minor, r.Currency = cents, "USD"
			} else {
				r.MRR = success.MustMoney(decimal.New(cents, -2).String(), "USD")
			}
			rows = append(rows, r)
			if rapid.IntRange(0, 5).Draw(t, "repeat") == 0 {
				rows = append(rows, r) // an exact duplicate adds, as a line does
			}
		}
		// The reference reads MRR; give minor-unit rows their Money too.
		ref := make([]success.LedgerRow, len(rows))
		for i, r := range rows {
			if r.Currency != "" {
				r.MRR, r.Minor, r.Currency = success.MustMoney(decimal.New(r.Minor, -2).String(), "USD"), 0, ""
			}
			ref[i] = r
		}
		want := reference(ref, cal)

		order := rapid.Permutation(rows).Draw(t, "order")
		k := rapid.IntRange(1, 4).Draw(t, "shards")
		shardOf := make([]int, len(order))
		for i := range shardOf {
			shardOf[i] = rapid.IntRange(0, k-1).Draw(t, "shard")
		}
		merge := rapid.Permutation(accumtest.ShardNumbers(k)).Draw(t, "merge order")

		m, err := accumtest.MergeShards(func() *churn.Movements {
			m, err := churn.NewMovements(churn.MovementOptions{Grain: grain})
			require.NoError(t, err)
			return m
		}, order, shardOf, merge)
		require.NoError(t, err)
		asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		rep, err := m.Report(asOf)
		require.NoError(t, err)

		a, err := accumtest.MergeShards(func() *cohort.TableAccumulator {
			a, err := cohort.NewTableAccumulator(cohort.TableOptions{Grain: grain})
			require.NoError(t, err)
			return a
		}, order, shardOf, merge)
		require.NoError(t, err)
		tab, err := a.Table(asOf)
		require.NoError(t, err)

		// Customers and MRR per period: by hand, in movements, in the table.
		type totals struct {
			customers int64
			mrr       string
		}
		byHand := map[int]totals{}
		sums := map[int]decimal.Decimal{}
		for k, v := range want {
			if v.IsPositive() {
				t := byHand[k.period]
				t.customers++
				byHand[k.period] = t
				sums[k.period] = sums[k.period].Add(v)
			}
		}
		for p, s := range sums {
			t := byHand[p]
			t.mrr = s.StringFixed(2)
			byHand[p] = t
		}
		fromMovements := map[int]totals{}
		for _, pr := range rep.Periods {
			if pr.EndCustomers > 0 {
				fromMovements[calendar.Of(cal, pr.Period)] = totals{pr.EndCustomers, pr.EndMRR.Amount().StringFixed(2)}
			}
		}
		fromTable := map[int]totals{}
		tableSums := map[int]decimal.Decimal{}
		for _, row := range tab.Cohorts {
			start := calendar.Of(cal, row.Start)
			for _, c := range row.Cells {
				if c.Retained > 0 {
					p := start + c.Offset
					t := fromTable[p]
					t.customers += c.Retained
					fromTable[p] = t
					tableSums[p] = tableSums[p].Add(c.MRR.Amount())
				}
			}
		}
		for p, s := range tableSums {
			t := fromTable[p]
			t.mrr = s.StringFixed(2)
			fromTable[p] = t
		}
		require.Equal(t, byHand, fromMovements, "movements")
		require.Equal(t, byHand, fromTable, "cohort table")

		// And each cohort's size is the number of accounts that first paid in its period.
		first := map[success.AccountID]int{}
		for k, v := range want {
			if p, seen := first[k.account]; v.IsPositive() && (!seen || k.period < p) {
				first[k.account] = k.period
			}
		}
		var enrolled int64
		for _, row := range tab.Cohorts {
			enrolled += row.Customers
		}
		require.Equal(t, int64(len(first)), enrolled)
	})
}

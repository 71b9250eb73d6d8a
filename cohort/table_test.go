package cohort_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// line is one ledger row in USD.
func line(account string, at time.Time, mrr string) success.LedgerRow {
	return success.LedgerRow{Account: success.AccountID(account), Date: at, MRR: success.MustMoney(mrr, "USD")}
}

// smallLedger: January cohort a (100 → 150 → 150) and b (200 → 100 → gone),
// February cohort c (50 → 0), March cohort d (80), as of 20 March. a pays
// on two lines; b's January has an earlier snapshot that its 31 January one
// supersedes.
func smallLedger() []success.LedgerRow {
	return []success.LedgerRow{
		line("a", date(2026, 1, 31), "60"), line("a", date(2026, 1, 31), "40"),
		line("b", date(2026, 1, 10), "500"), line("b", date(2026, 1, 31), "200"),
		line("a", date(2026, 2, 28), "150"), line("b", date(2026, 2, 28), "100"), line("c", date(2026, 2, 28), "50"),
		line("a", date(2026, 3, 20), "150"), line("c", date(2026, 3, 20), "0"), line("d", date(2026, 3, 20), "80"),
	}
}

// cellView is a cell as the tests compare it.
type cellView struct {
	Observable              bool
	Customers, Retained     int64
	StartMRR, MRR, GrossMRR string
}

func view(row cohort.CohortRow) []cellView {
	out := make([]cellView, len(row.Cells))
	for i, c := range row.Cells {
		out[i] = cellView{c.Observable, c.Customers, c.Retained, c.StartMRR.Amount().String(), c.MRR.Amount().String(), c.GrossMRR.Amount().String()}
	}
	return out
}

func build(t *testing.T, rows []success.LedgerRow, asOf time.Time, opts cohort.TableOptions) *cohort.Table {
	t.Helper()
	tab, err := cohort.BuildTable(slices.Values(rows), asOf, opts)
	require.NoError(t, err)
	return tab
}

// Every figure computed by hand from smallLedger.
func TestCohortTableMonthly(t *testing.T) {
	tab := build(t, smallLedger(), date(2026, 3, 20), cohort.TableOptions{})
	require.Len(t, tab.Cohorts, 3)
	assert.Equal(t, success.Currency("USD"), tab.Currency)
	assert.Equal(t, success.Monthly, tab.Grain)

	jan := tab.Cohorts[0]
	assert.Equal(t, "2026-01", jan.Label)
	assert.Equal(t, date(2026, 1, 1), jan.Start)
	assert.Equal(t, int64(2), jan.Customers)
	assert.Equal(t, "300.00 USD", jan.StartMRR.String())
	assert.Equal(t, []cellView{
		{true, 2, 2, "300", "300", "300"},
		{true, 2, 2, "300", "250", "200"}, // a expands to 150 (capped at 100), b contracts to 100
		{true, 2, 1, "300", "150", "100"}, // b churned: no row in March
	}, view(jan))

	feb := tab.Cohorts[1]
	assert.Equal(t, []cellView{
		{true, 1, 1, "50", "50", "50"},
		{true, 1, 0, "50", "0", "0"}, // c's explicit zero row
		{false, 0, 0, "0", "0", "0"}, // unobservable, not zero
	}, view(feb))

	mar := tab.Cohorts[2]
	assert.Equal(t, "2026-03", mar.Label)
	assert.Equal(t, []cellView{{true, 1, 1, "80", "80", "80"}, {}, {}}[:1], view(mar)[:1])
	assert.False(t, mar.Cells[1].Observable)

	rate, ok := jan.Cells[2].LogoRetention()
	assert.True(t, ok)
	assert.Equal(t, 0.5, rate)
	_, ok = feb.Cells[2].NetRevenueRetention()
	assert.False(t, ok)
}

// The review's case: two customers with monthly rows in a quarterly table,
// and an exact duplicate row, are two customers, not six or seven.
func TestCohortTableCountsCustomersNotRows(t *testing.T) {
	rows := []success.LedgerRow{
		line("a", date(2025, 1, 31), "100"), line("a", date(2025, 2, 28), "100"), line("a", date(2025, 3, 31), "100"),
		line("b", date(2025, 1, 31), "200"), line("b", date(2025, 2, 28), "200"), line("b", date(2025, 3, 31), "200"),
		line("b", date(2025, 3, 31), "200"), // a repeated row: b is still one customer
		line("a", date(2025, 4, 30), "100"), line("b", date(2025, 5, 31), "200"),
	}
	tab := build(t, rows, date(2025, 6, 30), cohort.TableOptions{Grain: success.Quarterly})
	require.Len(t, tab.Cohorts, 1)
	q1 := tab.Cohorts[0]
	assert.Equal(t, "2025-Q1", q1.Label)
	assert.Equal(t, int64(2), q1.Customers)
	// The quarter's MRR is each customer's lines on its last date in it:
	// a 100 on 31 March, b 200 + 200 on 31 March.
	assert.Equal(t, "500.00 USD", q1.StartMRR.String())
	assert.Equal(t, []cellView{
		{true, 2, 2, "500", "500", "500"},
		{true, 2, 2, "500", "300", "300"}, // Q2: a 100 (30 April), b 200 (31 May)
	}, view(q1))
}

// A customer's cohort is the first period in which it pays: zero rows before
// do not enrol it, and a customer that never pays is in no cohort.
func TestCohortTableStartIsFirstPayingPeriod(t *testing.T) {
	rows := []success.LedgerRow{
		line("trial", date(2026, 1, 31), "0"), line("trial", date(2026, 2, 28), "30"),
		line("never", date(2026, 1, 31), "0"),
		{Account: "free", Date: date(2026, 2, 28)}, // a zero amount may have no currency
	}
	tab := build(t, rows, date(2026, 2, 28), cohort.TableOptions{})
	require.Len(t, tab.Cohorts, 1)
	assert.Equal(t, "2026-02", tab.Cohorts[0].Label)
	assert.Equal(t, int64(1), tab.Cohorts[0].Customers)
}

// Rows in any order, split into shards any way, encoded and merged, give the
// one-pass table.
func TestCohortTableOrderAndShards(t *testing.T) {
	rows := smallLedger()
	want := build(t, rows, date(2026, 3, 20), cohort.TableOptions{})
	back := slices.Clone(rows)
	slices.Reverse(back)
	assert.Equal(t, want, build(t, back, date(2026, 3, 20), cohort.TableOptions{}))

	create := func() *cohort.TableAccumulator {
		a, err := cohort.NewTableAccumulator(cohort.TableOptions{})
		require.NoError(t, err)
		return a
	}
	shardOf := make([]int, len(rows))
	for i := range shardOf {
		shardOf[i] = i % 3 // one account's lines, even on one date, split across shards
	}
	merged, err := accumtest.MergeShards(create, rows, shardOf, []int{2, 0, 1})
	require.NoError(t, err)
	got, err := merged.Table(date(2026, 3, 20))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestCohortTableByKey(t *testing.T) {
	plans := map[success.AccountID]string{"a": "pro", "b": "basic", "c": "pro", "d": "pro"}
	tab := build(t, smallLedger(), date(2026, 3, 20), cohort.TableOptions{
		Grouping: cohort.ByKey, Key: func(id success.AccountID) string { return plans[id] },
	})
	require.Len(t, tab.Cohorts, 2)
	assert.Equal(t, "basic", tab.Cohorts[0].Label)
	pro := tab.Cohorts[1]
	assert.Equal(t, "pro", pro.Label)
	assert.True(t, pro.Start.IsZero())
	assert.Equal(t, []cellView{
		{true, 3, 3, "230", "230", "230"}, // a, c, d at their own starts
		{true, 2, 1, "150", "150", "100"}, // a and c reached offset 1; d has not
		{true, 1, 1, "100", "150", "100"}, // only a reached offset 2
	}, view(pro))

	// An empty key names the account.
	_, err := cohort.BuildTable(slices.Values(smallLedger()), date(2026, 3, 20), cohort.TableOptions{
		Grouping: cohort.ByKey, Key: func(id success.AccountID) string { return "" },
	})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Contains(t, err.Error(), `(account "a").key: is empty`)
}

func TestCohortTableBadInput(t *testing.T) {
	tests := []struct {
		name     string
		rows     []success.LedgerRow
		sentinel error
		want     string
	}{
		{"no date", []success.LedgerRow{{Account: "a", MRR: success.MustMoney("1", "USD")}},
			cohort.ErrInvalid, `rows[0]: (account "a", period unset).date: must be set`},
		{"no account", []success.LedgerRow{line("", date(2026, 1, 31), "1")},
			cohort.ErrInvalid, `rows[0]: (account "", period 2026-01).account: must not be empty`},
		{"mixed currency", []success.LedgerRow{line("a", date(2026, 1, 31), "1"), {Account: "b", Date: date(2026, 1, 31), MRR: success.MustMoney("1", "EUR")}},
			cohort.ErrCurrencyMismatch, `rows[1]: (account "b", period 2026-01).mrr: currency EUR differs from the table's USD`},
		{"a mistyped year", []success.LedgerRow{line("a", time.Date(20260, 1, 31, 0, 0, 0, 0, time.UTC), "1")},
			cohort.ErrInvalid, `rows[0]: (account "a", period out of range).date: 20260-01-31T00:00:00Z is outside the years 1 to 9999`},
		{"minor units without currency", []success.LedgerRow{{Account: "a", Date: date(2026, 1, 31), Minor: 100}},
			cohort.ErrInvalid, `rows[0]: (account "a", period 2026-01).currency: is required with minor`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cohort.BuildTable(slices.Values(tt.rows), date(2026, 3, 31), cohort.TableOptions{})
			require.ErrorIs(t, err, tt.sentinel)
			assert.Equal(t, tt.want, err.Error())
		})
	}

	// Discounts larger than their lines are an error at extraction.
	_, err := cohort.BuildTable(slices.Values([]success.LedgerRow{line("a", date(2026, 1, 31), "10"), line("a", date(2026, 1, 31), "-11")}), date(2026, 3, 31), cohort.TableOptions{})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Contains(t, err.Error(), `(account "a", period 2026-01).mrr: the account's lines on its last date in the period sum below zero`)

	// A read error stops the table.
	readErr := fmt.Errorf("disk")
	_, err = cohort.BuildTableFrom(func(yield func(success.LedgerRow, error) bool) {
		if yield(line("a", date(2026, 1, 31), "1"), nil) {
			yield(success.LedgerRow{}, readErr)
		}
	}, date(2026, 3, 31), cohort.TableOptions{})
	require.ErrorIs(t, err, readErr)
	assert.Equal(t, "reading rows[1]: disk", err.Error())

	_, err = cohort.NewTableAccumulator(cohort.TableOptions{Grain: success.Weekly, Grouping: cohort.ByKey})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Len(t, success.AsFieldErrors(err), 2) // the grain, and the missing key function

	_, err = cohort.BuildTable(slices.Values(smallLedger()), time.Time{}, cohort.TableOptions{})
	require.ErrorIs(t, err, cohort.ErrInvalid)

	// A customer who started centuries before the as-of date would make a
	// cell per period since: refused, naming the account.
	_, err = cohort.BuildTable(slices.Values([]success.LedgerRow{line("old", date(1026, 1, 31), "1")}), date(2026, 3, 31), cohort.TableOptions{})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Contains(t, err.Error(), `(account "old", period 1026-01): starts more than 2400 periods before the as-of date`)
}

// Empty input is a table with no cohorts, not an error (the empty-input rule).
func TestCohortTableEmpty(t *testing.T) {
	tab := build(t, nil, date(2026, 3, 31), cohort.TableOptions{})
	assert.Empty(t, tab.Cohorts)
}

// Rows after the as-of date's period are not read; the period containing it
// counts with every row given for it.
func TestCohortTableAsOf(t *testing.T) {
	tab := build(t, smallLedger(), date(2026, 2, 1), cohort.TableOptions{})
	require.Len(t, tab.Cohorts, 2)
	assert.Equal(t, int64(2), tab.Cohorts[0].Cells[1].Retained)
	assert.Equal(t, "250", tab.Cohorts[0].Cells[1].MRR.Amount().String())
}

func TestCohortTableJSONAndCSV(t *testing.T) {
	tab := build(t, smallLedger(), date(2026, 3, 20), cohort.TableOptions{})
	data, err := json.Marshal(tab)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"grain":"month"`)
	assert.Contains(t, string(data), `"logo_retention":null`)
	var back cohort.Table
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"grain":"week","grouping":"start_period"}`), &back), cohort.ErrInvalid)

	var buf bytes.Buffer
	require.NoError(t, tab.WriteCSV(&buf))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Len(t, lines, 1+3*3)
	assert.Equal(t, "2026-02,2026-02-01T00:00:00Z,2,false,,,,,,,,,USD", lines[6])
}

// The accumulator has the SDK's accumulator shape and rejects corrupted
// states without panicking.
func TestTableAccumulatorContract(t *testing.T) {
	a, err := cohort.NewTableAccumulator(cohort.TableOptions{})
	require.NoError(t, err)
	require.NoError(t, a.AddAll(slices.Values(smallLedger())))
	require.NoError(t, accumtest.CheckContract(a, cohort.ErrInvalid))

	// A zero accumulator is usable and decodes any state.
	var zero cohort.TableAccumulator
	data, err := a.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, zero.UnmarshalBinary(data))
	got, err := zero.Table(date(2026, 3, 20))
	require.NoError(t, err)
	assert.Equal(t, build(t, smallLedger(), date(2026, 3, 20), cohort.TableOptions{}), got)

	err = zero.UnmarshalBinary([]byte(`{"kind":"churn.movements","version":1,"state":{}}`))
	require.ErrorIs(t, err, cohort.ErrInvalid)
	err = zero.UnmarshalBinary([]byte(`{"kind":"cohort.table","version":2,"state":{"grain":"month","grouping":"start_period","currency":"XYZ","ledger":{"exp":0,"ids":[],"cells":""}}}`))
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Contains(t, err.Error(), "currency")
}

// A by-key state decoded into a zero accumulator has no Key function: the
// table says so instead of calling nil.
func TestTableByKeyStateNeedsItsKey(t *testing.T) {
	key := func(id success.AccountID) string { return "k" }
	a, err := cohort.NewTableAccumulator(cohort.TableOptions{Grouping: cohort.ByKey, Key: key})
	require.NoError(t, err)
	require.NoError(t, a.AddAll(slices.Values(smallLedger())))
	data, err := a.MarshalBinary()
	require.NoError(t, err)

	var zero cohort.TableAccumulator
	require.NoError(t, zero.UnmarshalBinary(data))
	_, err = zero.Table(date(2026, 3, 20))
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.Contains(t, err.Error(), "needs TableOptions.Key")

	keyed, err := cohort.NewTableAccumulator(cohort.TableOptions{Grouping: cohort.ByKey, Key: key})
	require.NoError(t, err)
	require.NoError(t, keyed.UnmarshalBinary(data))
	tab, err := keyed.Table(date(2026, 3, 20))
	require.NoError(t, err)
	require.Len(t, tab.Cohorts, 1)
	assert.Equal(t, int64(4), tab.Cohorts[0].Customers)
}

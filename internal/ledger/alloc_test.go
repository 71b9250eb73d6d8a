package ledger_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Rows with amounts in integer minor units cost no allocation once their
// account and period are known: the ledger's fast path, for both readers.
func TestLedgerRowsInMinorUnitsDoNotAllocate(t *testing.T) {
	row := success.LedgerRow{Account: "acme", Date: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Minor: 12_345, Currency: "USD"}
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	require.NoError(t, m.Add(row))
	require.Zero(t, testing.AllocsPerRun(1000, func() { _ = m.Add(row) }), "churn.Movements.Add")

	tab, err := cohort.NewTableAccumulator(cohort.TableOptions{})
	require.NoError(t, err)
	require.NoError(t, tab.Add(row))
	require.Zero(t, testing.AllocsPerRun(1000, func() { _ = tab.Add(row) }), "cohort.TableAccumulator.Add")
}

// In the steady state of a shuffled ledger (known accounts, rows in any
// order, the log growing by slabs) a row costs no allocation: the slabs
// are amortised over thousands of rows, and AddAll adds nothing per row.
func TestShuffledRowsDoNotAllocate(t *testing.T) {
	const accounts = 5_000
	ids := make([]success.AccountID, accounts)
	for i := range ids {
		ids[i] = success.AccountID(fmt.Sprintf("acct-%d", i))
	}
	months := make([]time.Time, 24)
	for i := range months {
		months[i] = time.Date(2024, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	row := func() success.LedgerRow {
		return success.LedgerRow{Account: ids[rng.IntN(accounts)], Date: months[rng.IntN(len(months))], Minor: rng.Int64N(100_000), Currency: "USD"}
	}
	rows := func(yield func(success.LedgerRow) bool) {
		for range 100_000 {
			if !yield(row()) {
				return
			}
		}
	}
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	tab, err := cohort.NewTableAccumulator(cohort.TableOptions{})
	require.NoError(t, err)
	for _, id := range ids { // every account known
		require.NoError(t, m.Add(success.LedgerRow{Account: id, Date: months[0], Minor: 1, Currency: "USD"}))
		require.NoError(t, tab.Add(success.LedgerRow{Account: id, Date: months[0], Minor: 1, Currency: "USD"}))
	}
	// A few allocations per call (the iterator's closure, a slab now and
	// then), none per row.
	assert.Less(t, testing.AllocsPerRun(5, func() { _ = m.AddAll(rows) })/100_000, 0.01, "churn.Movements.AddAll, per row")
	assert.Less(t, testing.AllocsPerRun(5, func() { _ = tab.AddAll(rows) })/100_000, 0.01, "cohort.TableAccumulator.AddAll, per row")
}

package ledger_test

import (
	"testing"
	"time"

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

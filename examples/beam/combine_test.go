package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { ptest.Main(m) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func smallLedger() []success.LedgerRow {
	row := func(acct string, d time.Time, amt string) success.LedgerRow {
		return success.LedgerRow{Account: success.AccountID(acct), Date: d, MRR: success.MustMoney(amt, "USD")}
	}
	return []success.LedgerRow{
		row("a", day(2026, 1, 5), "100.00"), row("a", day(2026, 2, 5), "120.00"), row("a", day(2026, 3, 5), "120.00"),
		row("b", day(2026, 1, 9), "50.00"), row("b", day(2026, 2, 9), "0"),
		row("c", day(2026, 2, 1), "80.10"), row("c", day(2026, 3, 1), "40.05"),
		row("d", day(2026, 3, 20), "10.00"),
	}
}

func reportJSON(m *churn.Movements, through time.Time) (string, error) {
	r, err := m.Report(through)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(r)
	return string(b), err
}

func TestCombineMovementsEqualsOnePass(t *testing.T) {
	rows := smallLedger()
	through := day(2026, 3, 31)
	one, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, one.Add(r))
	}
	want, err := reportJSON(one, through)
	require.NoError(t, err)

	p, s := beam.NewPipelineWithRoot()
	col := beam.CreateList(s, rows)
	empty, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	acc, err := combineAll(s, empty, col)
	require.NoError(t, err)
	got := beam.ParDo(s, &movementsReportFn{Through: through}, acc)
	passert.Equals(s, got, want)
	ptest.RunAndValidate(t, p)
}

package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// A row the accumulator refuses, in the columns or on the row path, is a
// reject naming its line and field without its value, and the rows after
// it are still added.
func TestAddToRejectsRefusedRowsAndKeepsTheRest(t *testing.T) {
	const ledger = "account,date,amount,currency\n" +
		"a,2026-01-31,10.00,USD\n" + // line 2
		"b,2026-01-31,20.00,USD\n" + // line 3
		"c,2026-01-31,7.00,EUR\n" + // line 4: another currency, the row path, refused without rates
		"a,2026-02-28,10.00,USD\n" // line 5
	r, err := records.NewLedgerReader(strings.NewReader(ledger), "l.csv", "csv", records.LedgerMapping{})
	require.NoError(t, err)
	var b records.LedgerBatch
	require.True(t, r.Next(&b, 100))
	require.Empty(t, b.Rejects)
	require.Len(t, b.Rows, 1, "the EUR row takes the row path")
	// Break the columns' row 1 (line 3): an account index outside the
	// dictionary, which the columnar reader refuses.
	b.Columns.Account[1] = 99

	m, err := churn.NewMovements(churn.MovementOptions{Grain: success.Monthly})
	require.NoError(t, err)
	var rejects []records.Reject
	require.NoError(t, b.AddTo(m, "l.csv", success.ColumnOptions{}, func(r records.Reject) { rejects = append(rejects, r) }))

	require.Len(t, rejects, 2)
	assert.Equal(t, records.Reject{File: "l.csv", Line: 3, Field: "account", Reason: "index 99 is outside the dictionary of 2 accounts"}, rejects[0])
	assert.Equal(t, "l.csv", rejects[1].File)
	assert.Equal(t, int64(4), rejects[1].Line)
	assert.Equal(t, `(account "c", period 2026-01).mrr`, rejects[1].Field, "the SDK's path of the row")
	assert.NotContains(t, rejects[1].Reason, "7.00", "a reject never copies the amount")

	rep, err := m.Report(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	last := rep.Periods[len(rep.Periods)-1]
	assert.Equal(t, "10.00 USD", last.EndMRR.String(), "line 5, after the refused rows, was added")
}

// RejectOf keeps a whole message when the error is more than one field's
// problem, and names the first field.
func TestRejectOf(t *testing.T) {
	one := &success.FieldError{Path: "date", Problem: "is in the future"}
	assert.Equal(t, records.Reject{File: "f", Line: 7, Field: "date", Reason: "is in the future"},
		records.RejectOf("f", 7, one))
	two := success.FieldErrors{one, {Path: "mrr", Problem: "must be >= 0"}}
	r := records.RejectOf("f", 7, two)
	assert.Equal(t, "date", r.Field)
	assert.Equal(t, two.Error(), r.Reason)
}

package churn_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
)

type logLine struct {
	Account, Label, Kind, From, To, Amount string
}

func collectLog(t tb, rows []success.LedgerRow, through time.Time, opts churn.MovementOptions) []logLine {
	t.Helper()
	var out []logLine
	for mv, err := range churn.MovementLog(slices.Values(rows), through, opts) {
		require.NoError(t, err)
		out = append(out, logLine{string(mv.Account), mv.Label, string(mv.Kind),
			mv.From.Amount().String(), mv.To.Amount().String(), mv.Amount.Amount().String()})
	}
	return out
}

// The log of the hand-computed ledger of TestMovementsHandComputed, line by
// line: account by account in the order the accounts first appear, each
// account's movements in period order.
func TestMovementLogHandComputed(t *testing.T) {
	got := collectLog(t, ledger, month(5), churn.MovementOptions{})
	want := []logLine{
		{"A", "2026-01", "new", "0", "100", "100"},
		{"A", "2026-02", "expansion", "100", "150", "50"},
		{"A", "2026-03", "contraction", "150", "120", "30"},
		{"A", "2026-05", "churn", "120", "0", "120"}, // no row in May: churn
		{"B", "2026-01", "new", "0", "200", "200"},
		{"B", "2026-02", "churn", "200", "0", "200"}, // downgrade to zero: churn
		{"B", "2026-04", "reactivation", "0", "250", "250"},
		{"B", "2026-05", "churn", "250", "0", "250"},
		{"D", "2026-01", "new", "0", "50", "50"},
		{"D", "2026-02", "churn", "50", "0", "50"},
		{"D", "2026-03", "reactivation", "0", "70", "70"},
		{"D", "2026-05", "churn", "70", "0", "70"},
		{"C", "2026-02", "new", "0", "80", "80"},
		{"C", "2026-04", "churn", "80", "0", "80"},
		{"E", "2026-04", "new", "0", "30", "30"},
		{"E", "2026-05", "churn", "30", "0", "30"},
	}
	assert.Equal(t, want, got)
}

// The log is the drill-down of the report: per period and kind, its amounts
// sum exactly to the report's movement and their number is its count.
func TestMovementLogMatchesReport(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := drawLedger(t)
		opts := churn.MovementOptions{TrailingPeriods: rapid.IntRange(1, 4).Draw(t, "window")}
		through := time.Date(2024, time.Month(l.periods+rapid.IntRange(0, 2).Draw(t, "extra")), 1, 0, 0, 0, 0, time.UTC)
		rep, err := movements(t, opts, l.rows...).Report(through)
		require.NoError(t, err)

		type key struct{ label, kind string }
		sums := map[key]decimal.Decimal{}
		counts := map[key]int64{}
		for mv, err := range churn.MovementLog(slices.Values(l.rows), through, opts) {
			require.NoError(t, err)
			require.True(t, mv.Amount.IsPositive(), "%+v: amount must be > 0", mv)
			diff := mv.To.Amount().Sub(mv.From.Amount()).Abs()
			require.True(t, diff.Equal(mv.Amount.Amount()), "%+v: amount != |to - from|", mv)
			k := key{mv.Label, string(mv.Kind)}
			sums[k] = sums[k].Add(mv.Amount.Amount())
			counts[k]++
		}
		for _, p := range rep.Periods {
			for _, c := range []struct {
				kind churn.MovementKind
				mv   churn.Movement
			}{{churn.MovementNew, p.New}, {churn.MovementExpansion, p.Expansion}, {churn.MovementContraction, p.Contraction},
				{churn.MovementChurn, p.Churn}, {churn.MovementReactivation, p.Reactivation}} {
				k := key{p.Label, string(c.kind)}
				require.True(t, sums[k].Equal(c.mv.MRR.Amount()), "%s %s: log sums to %s, report says %s", p.Label, c.kind, sums[k], c.mv.MRR)
				require.Equal(t, c.mv.Count, counts[k], "%s %s count", p.Label, c.kind)
				delete(sums, k)
			}
		}
		require.Empty(t, sums, "log lines outside the report's periods: %v", sums)
	})
}

func TestMovementLogErrorsAndEarlyStop(t *testing.T) {
	// A bad row ends the log with the error AddAll would give.
	rows := []success.LedgerRow{row("a", month(1), "10"), row("a", month(1), "11", "EUR")}
	var lines int
	var last error
	for _, err := range churn.MovementLog(slices.Values(rows), time.Time{}, churn.MovementOptions{}) {
		lines++
		last = err
	}
	assert.Equal(t, 1, lines)
	require.ErrorIs(t, last, churn.ErrCurrencyMismatch)
	assert.Equal(t, `rows[1]: (account "a", period 2026-01).mrr: currency EUR differs from the report currency USD and no Rates were given`, last.Error())

	// Bad options are errors too; a through before the ledger's end reads
	// the ledger as it stood then.
	for _, err := range churn.MovementLog(slices.Values(rows[:1]), time.Time{}, churn.MovementOptions{Grain: "fortnight"}) {
		require.ErrorIs(t, err, churn.ErrInvalid)
	}
	for mv, err := range churn.MovementLog(slices.Values(ledger), month(2), churn.MovementOptions{}) {
		require.NoError(t, err)
		assert.False(t, mv.Period.After(month(2)), "a movement after through: %+v", mv)
	}

	// Breaking out of the loop stops the log (range-over-func would panic if
	// the log kept yielding).
	n := 0
	for range churn.MovementLog(slices.Values(ledger), month(6), churn.MovementOptions{}) {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	var k churn.MovementKind
	require.NoError(t, json.Unmarshal([]byte(`"reactivation"`), &k))
	require.ErrorIs(t, json.Unmarshal([]byte(`"upgrade"`), &k), churn.ErrInvalid)
}

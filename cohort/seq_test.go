package cohort

import (
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// errDisk stands for a host's read failure (a truncated file, a lost
// connection).
var errDisk = errors.New("disk read failed")

// failingAt yields items then, at position len(items), the host's error; a
// consumer that does not stop there gets more items, which must be ignored.
func failingAt[T any](items []T, extra T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range items {
			if !yield(v, nil) {
				return
			}
		}
		var zero T
		if !yield(zero, errDisk) {
			return
		}
		yield(extra, nil)
	}
}

func TestFromFormsStopAtTheHostsReadError(t *testing.T) {
	obs := []Observation{
		{Duration: 1, Churned: true, Stratum: "a"}, {Duration: 2, Stratum: "b"},
		{Duration: 3, Churned: true, Stratum: "b"},
	}
	more := Observation{Duration: 4, Churned: true, Stratum: "a"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	spells := []Spell{{Account: "a", Start: start}, {Account: "b", Start: start, End: start.AddDate(0, 2, 0)}}
	txs := []Transaction{{Account: "a", At: start}, {Account: "a", At: start.AddDate(0, 0, 3)}}
	for _, tc := range []struct {
		name string
		run  func() (any, error)
		at   string
	}{
		{"KaplanMeierFrom", func() (any, error) { return KaplanMeierFrom(failingAt(obs, more), SurvivalOptions{}) }, "observations[3]: "},
		{"KaplanMeierByStratumFrom", func() (any, error) {
			return KaplanMeierByStratumFrom(failingAt(obs, more), SurvivalOptions{})
		}, "observations[3]: "},
		{"LogRankFrom", func() (any, error) { return LogRankFrom(failingAt(obs, more)) }, "observations[3]: "},
		{"ObserveSpellsFrom", func() (any, error) {
			return ObserveSpellsFrom(failingAt(spells, Spell{Account: "c", Start: start}), asOf, success.Monthly)
		}, "spells[2]: "},
		{"SummarizeFrom", func() (any, error) {
			return SummarizeFrom(failingAt(txs, Transaction{Account: "b", At: start}), asOf, success.Daily, SummaryOptions{})
		}, "transactions[2]: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.run()
			require.ErrorIs(t, err, errDisk)
			assert.ErrorContains(t, err, tc.at+"disk read failed")
			assert.Zero(t, got, "no result is built on part of the input")
		})
	}
}

func TestFromFormsReportProblemsBeforeTheReadError(t *testing.T) {
	obs := []Observation{{Duration: -1}, {Duration: 2, Churned: true}}
	_, err := KaplanMeierFrom(failingAt(obs, Observation{}), SurvivalOptions{})
	require.ErrorIs(t, err, errDisk)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "observations[0].duration")

	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, err := NewSummaryAccumulator(start.AddDate(0, 1, 0), success.Daily, SummaryOptions{})
	require.NoError(t, err)
	// An accumulator stops at its first bad item (the accumulator contract):
	// the read error after it is never reached.
	txs := []Transaction{{Account: "a", At: start}, {At: start}}
	err = a.AddFrom(failingAt(txs, Transaction{Account: "b", At: start}))
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotErrorIs(t, err, errDisk)
	assert.EqualError(t, err, `transactions[1]: (account "").account: must not be empty`)
	// The valid transaction before it stays recorded.
	assert.Equal(t, []CustomerSummary{{Account: "a", Age: 31, Unit: success.Daily}}, a.Summaries())
}

func TestFromFormsWithoutErrorsMatchTheSeqForms(t *testing.T) {
	obs := []Observation{
		{Duration: 1, Churned: true, Stratum: "a"}, {Duration: 2, Stratum: "b"},
		{Duration: 3, Churned: true, Stratum: "b"}, {Duration: 5, Churned: true, Stratum: "a"},
	}
	fromSlice := func(yield func(Observation, error) bool) {
		for _, o := range obs {
			if !yield(o, nil) {
				return
			}
		}
	}
	want, err := KaplanMeierByStratum(func(yield func(Observation) bool) {
		for _, o := range obs {
			if !yield(o) {
				return
			}
		}
	}, SurvivalOptions{})
	require.NoError(t, err)
	got, err := KaplanMeierByStratumFrom(fromSlice, SurvivalOptions{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// A nil sequence is a host bug, reported as ErrInvalid by every entry point
// that reads one (ObserveSpells returned no observations and no error).
func TestNilSequencesAreInvalid(t *testing.T) {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := map[string]func() error{
		"ObserveSpells":     func() error { _, err := ObserveSpells(nil, asOf, success.Monthly); return err },
		"ObserveSpellsFrom": func() error { _, err := ObserveSpellsFrom(nil, asOf, success.Monthly); return err },
		"KaplanMeier":       func() error { _, err := KaplanMeier(nil, SurvivalOptions{}); return err },
		"KaplanMeierFrom":   func() error { _, err := KaplanMeierFrom(nil, SurvivalOptions{}); return err },
		"KaplanMeierByStratum": func() error {
			_, err := KaplanMeierByStratum(nil, SurvivalOptions{})
			return err
		},
		"LogRank":       func() error { _, err := LogRank(nil); return err },
		"LogRankFrom":   func() error { _, err := LogRankFrom(nil); return err },
		"BuildTable":    func() error { _, err := BuildTable(nil, asOf, TableOptions{}); return err },
		"Summarize":     func() error { _, err := Summarize(nil, asOf, success.Weekly, SummaryOptions{}); return err },
		"SummarizeFrom": func() error { _, err := SummarizeFrom(nil, asOf, success.Weekly, SummaryOptions{}); return err },
	}
	for name, call := range calls {
		err := call()
		require.ErrorIs(t, err, ErrInvalid, name)
		assert.NotErrorIs(t, err, ErrEmpty, name)
		assert.ErrorContains(t, err, "nil sequence", name)
	}
}

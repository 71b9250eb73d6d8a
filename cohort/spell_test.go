package cohort

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Spells longer than time.Duration's 292 years are measured exactly: days
// from 0001-01-02 to 2026-01-15 are DaysFromCivil(2026, 1, 15) −
// DaysFromCivil(1, 1, 2) = 20,468 + 719,161 = 739,629 (time.Time.Sub
// saturated at 106,752). (0001-01-01 00:00 UTC is the zero time.Time, which
// means "no start".)
func TestObserveSpellsOverCenturies(t *testing.T) {
	asOf := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	year1 := time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		unit success.Grain
		want float64
	}{
		{success.Daily, 739_629},
		{success.Weekly, 739_629.0 / 7},
		{success.Monthly, 2025*12 + 13.0/31},
		{success.Yearly, 2025 + 13.0/31/12},
	}
	for _, tc := range tests {
		for _, open := range []bool{true, false} {
			s := Spell{Account: "a", Start: year1}
			if !open {
				s.End = asOf
			}
			got, err := ObserveSpells(slices.Values([]Spell{s}), asOf, tc.unit)
			require.NoError(t, err, tc.unit)
			near(t, string(tc.unit), got[0].Duration, tc.want, 1e-9)
		}
	}
	// Half a day, with nanoseconds, stays exact over ten centuries.
	got, err := ObserveSpells(slices.Values([]Spell{{Account: "a", Start: time.Date(1026, 1, 15, 0, 0, 0, 0, time.UTC)}}),
		asOf.Add(12*time.Hour+500*time.Millisecond), success.Daily)
	require.NoError(t, err)
	days := calendar.DaysFromCivil(2026, 1, 15) - calendar.DaysFromCivil(1026, 1, 15)
	near(t, "days", got[0].Duration, float64(days)+(12*3600+0.5)/86400, 1e-9)
}

// Dates outside the years 1 to 9999 are rejected: they bound every
// duration, and RFC 3339 (hence JSON) cannot write them.
func TestObserveSpellsRejectsYearsOutsideRFC3339(t *testing.T) {
	asOf := time.Date(2026, 1, 14, 0, 0, 0, 0, time.UTC)
	_, err := ObserveSpells(slices.Values([]Spell{{Account: "a", Start: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)}}), asOf, success.Daily)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"spells[0].start"}, paths(err))
	_, err = ObserveSpells(slices.Values([]Spell{{Account: "a", Start: asOf}}), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), success.Daily)
	require.ErrorIs(t, err, ErrInvalid)
}

// Summaries count days between civil dates, so a first purchase in year 1
// gets its exact age, and the state round-trips it; dates past the years 1
// to 9999 are rejected (the state writes YYYY-MM-DD).
func TestSummarizeOverCenturies(t *testing.T) {
	end := time.Date(2026, 1, 15, 18, 0, 0, 0, time.UTC)
	txs := []Transaction{
		{Account: "a", At: time.Date(1, 1, 2, 9, 0, 0, 0, time.UTC)},
		{Account: "a", At: time.Date(1026, 1, 15, 0, 0, 0, 0, time.UTC)},
	}
	acc, err := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
	require.NoError(t, err)
	require.NoError(t, acc.AddAll(slices.Values(txs)))
	got := acc.Summaries()
	require.Len(t, got, 1)
	assert.Equal(t, 739_629.0, got[0].Age)
	assert.Equal(t, float64(calendar.DaysFromCivil(1026, 1, 15)-calendar.DaysFromCivil(1, 1, 2)), got[0].Recency)
	state, err := acc.MarshalBinary()
	require.NoError(t, err)
	var back SummaryAccumulator
	require.NoError(t, back.UnmarshalBinary(state))
	assert.Equal(t, got, back.Summaries())

	err = acc.Add(Transaction{Account: "b", At: time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC)})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{`(account "b").at`}, paths(err))
	_, err = NewSummaryAccumulator(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), success.Daily, SummaryOptions{})
	require.ErrorIs(t, err, ErrInvalid)
}

package calendar

import (
	"testing"
	"time"
	_ "time/tzdata" // the Havana test must not depend on the machine's zoneinfo

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestNumberStartLabel(t *testing.T) {
	tests := []struct {
		g     Grain
		date  time.Time
		label string
		start time.Time
	}{
		{Month, time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC), "2026-03", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{Quarter, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), "2026-Q2", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
		{Year, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		// 2026-01-01 is a Thursday: ISO week 1 of 2026 starts Monday 2025-12-29.
		{Week, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2026-W01", time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC)},
		// 2027-01-01 is a Friday, in ISO week 53 of 2026.
		{Week, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "2026-W53", time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)},
		{Week, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), "1970-W01", time.Date(1969, 12, 29, 0, 0, 0, 0, time.UTC)},
		// Beyond 2262 a time.Duration since 1970 saturates; weeks must not.
		{Week, time.Date(2262, 4, 21, 0, 0, 0, 0, time.UTC), "2262-W17", time.Date(2262, 4, 21, 0, 0, 0, 0, time.UTC)},
		{Month, time.Date(-1, 12, 1, 0, 0, 0, 0, time.UTC), "-001-12", time.Date(-1, 12, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		n := Of(tc.g, tc.date)
		assert.Equal(t, tc.label, Label(tc.g, n), "%v", tc.date)
		assert.Equal(t, tc.start, Start(tc.g, n, time.UTC), "%v", tc.date)
	}
}

// Every instant lies in the period its number names: at or after the
// period's start and before the next period's start, in any location.
func TestNumberBracketsTheDate(t *testing.T) {
	locs := []*time.Location{time.UTC, time.FixedZone("UTC+14", 14*3600), time.FixedZone("UTC-11", -11*3600)}
	for _, name := range []string{"America/Havana", "America/Asuncion", "America/New_York"} {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		locs = append(locs, loc)
	}
	rapid.Check(t, func(t *rapid.T) {
		g := Grain(rapid.IntRange(0, 3).Draw(t, "grain"))
		loc := rapid.SampledFrom(locs).Draw(t, "loc")
		at := time.Unix(rapid.Int64Range(-62135596800, 253402300799).Draw(t, "unix"), 0).In(loc)
		n := Of(g, at)
		require.False(t, at.Before(Start(g, n, loc)), "%v: period %d (%s) starts %v", at, n, Label(g, n), Start(g, n, loc))
		require.True(t, at.Before(Start(g, n+1, loc)), "%v: period %d (%s) ends %v", at, n, Label(g, n), Start(g, n+1, loc))
	})
}

// In Havana, daylight saving began at midnight on 1 April 2012: there was no
// 00:00 that day, and April began at 01:00 CDT (05:00 UTC).
func TestStartWhereMidnightIsSkipped(t *testing.T) {
	havana, err := time.LoadLocation("America/Havana")
	require.NoError(t, err)
	april := Number(Month, 2012, time.April, 1)
	start := Start(Month, april, havana)
	assert.True(t, start.Equal(time.Date(2012, 4, 1, 5, 0, 0, 0, time.UTC)), "April 2012 starts %v", start)
	lastMarch := time.Date(2012, 4, 1, 4, 30, 0, 0, time.UTC).In(havana) // 23:30 CST on 31 March
	assert.Equal(t, april-1, Of(Month, lastMarch))
	assert.True(t, lastMarch.Before(start))
}

func TestFloorDiv(t *testing.T) {
	assert.Equal(t, -1, FloorDiv(-1, 7))
	assert.Equal(t, 6, FloorMod(-1, 7))
	assert.Equal(t, -1, FloorDiv(-7, 7))
	assert.Equal(t, 0, FloorMod(-7, 7))
	assert.Equal(t, 1, FloorDiv(7, 7))
}

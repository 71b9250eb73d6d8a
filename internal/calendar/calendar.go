// Package calendar numbers calendar periods (ISO weeks, months, quarters,
// years) so that consecutive periods have consecutive numbers. The revenue
// ledger in churn and the cohort tables in cohort both count in these
// numbers; keeping one definition means a "2026-Q1" is the same quarter in
// both.
package calendar

import (
	"fmt"
	"time"
)

// Grain is the length of a calendar period.
type Grain uint8

// The grains.
const (
	Month   Grain = iota // calendar months
	Quarter              // calendar quarters starting January, April, July, October
	Year                 // calendar years
	Week                 // ISO weeks, Monday to Sunday
)

// mondayEpoch is a Monday; weeks are counted from it.
var mondayEpoch = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

// Number returns the number of the period that contains the calendar date
// y-m-d. Months count y·12+m−1 and quarters y·4+(m−1)/3 from year 0, years
// are the year, and weeks count Mondays from 1970-01-05.
func Number(g Grain, y int, m time.Month, d int) int {
	switch g {
	case Quarter:
		return y*4 + (int(m)-1)/3
	case Year:
		return y
	case Week:
		// Unix seconds, not time.Sub: a Duration saturates after 292 years.
		days := (time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - mondayEpoch.Unix()) / 86400
		return FloorDiv(int(days), 7)
	}
	return y*12 + int(m) - 1
}

// Of returns the number of the period containing t's calendar date in t's location.
func Of(g Grain, t time.Time) int {
	y, m, d := t.Date()
	return Number(g, y, m, d)
}

// Start returns the first instant of period n in loc.
func Start(g Grain, n int, loc *time.Location) time.Time {
	switch g {
	case Quarter:
		return midnight(FloorDiv(n, 4), time.Month(FloorMod(n, 4)*3+1), 1, loc)
	case Year:
		return midnight(n, time.January, 1, loc)
	case Week:
		y, m, d := mondayEpoch.AddDate(0, 0, n*7).Date()
		return midnight(y, m, d, loc)
	}
	return midnight(FloorDiv(n, 12), time.Month(FloorMod(n, 12)+1), 1, loc)
}

// midnight returns the first instant of the date y-m-d in loc. Where a
// daylight-saving change skips local midnight (Havana, Asuncion, Santiago),
// time.Date picks an instant of the previous day; the day then begins at
// the change itself.
func midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != d {
		_, t = t.ZoneBounds()
	}
	return t
}

// Label names period n for people and error messages: "2026-03",
// "2026-Q1", "2026", "2026-W10" (the ISO week-numbering year and week).
func Label(g Grain, n int) string {
	switch g {
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", FloorDiv(n, 4), FloorMod(n, 4)+1)
	case Year:
		return fmt.Sprintf("%04d", n)
	case Week:
		y, w := Start(Week, n, time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return fmt.Sprintf("%04d-%02d", FloorDiv(n, 12), FloorMod(n, 12)+1)
}

// FloorDiv divides rounding toward negative infinity, so that period
// arithmetic works the same before year 0 and before the week epoch.
func FloorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// FloorMod is the remainder of FloorDiv: always in [0, b) for b > 0.
func FloorMod(a, b int) int { return a - FloorDiv(a, b)*b }

// Named returns the grain of a success.Grain's name ("week", "month",
// "quarter", "year"); ok is false for any other name.
func Named(name string) (g Grain, ok bool) {
	switch name {
	case "week":
		return Week, true
	case "month":
		return Month, true
	case "quarter":
		return Quarter, true
	case "year":
		return Year, true
	}
	return 0, false
}

// The calendar the SDK reads: years 1 to 9999, which RFC 3339 and JSON can
// write, and which keeps every grain's period number far inside an int32, so
// that a mistyped year (20260) is an error rather than a wrapped index or a
// record that cannot be encoded later.
const (
	MinYear = 1
	MaxYear = 9999
)

// InRange reports whether t's year, in t's location, is within MinYear to
// MaxYear. The zero time is year 1, so it is in range; callers that need a
// date say "must be set" themselves.
func InRange(t time.Time) bool {
	y := t.Year()
	return y >= MinYear && y <= MaxYear
}

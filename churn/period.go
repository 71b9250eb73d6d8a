package churn

import (
	"fmt"
	"time"
)

// Grain is the calendar interval of a revenue ledger: MRR is recorded once per
// account per period.
type Grain string

// The grains. A period is identified by the calendar date of any instant in
// it, in that instant's location.
const (
	Month   Grain = "month"   // calendar months (the default)
	Quarter Grain = "quarter" // calendar quarters starting January, April, July, October
	Year    Grain = "year"    // calendar years
	Week    Grain = "week"    // ISO weeks, Monday to Sunday
)

// Validate reports whether g is one of the defined grains.
func (g Grain) Validate() error {
	switch g {
	case Month, Quarter, Year, Week:
		return nil
	}
	return fmt.Errorf("%w: unknown grain %q (want month, quarter, year or week)", ErrInvalid, string(g))
}

// PeriodsPerYear is the number of periods in twelve months: the trailing
// window of the TTM metrics (12 months, 4 quarters, 1 year, 52 weeks).
func (g Grain) PeriodsPerYear() int {
	switch g {
	case Quarter:
		return 4
	case Year:
		return 1
	case Week:
		return 52
	}
	return 12
}

// The calendar a ledger may use: years 1 to 9999, as in RFC 3339. Period
// indexes are int32; this range keeps every grain's index far inside it, so a
// mistyped year is rejected instead of wrapping around.
const (
	minYear = 1
	maxYear = 9999
)

var (
	calendarStart = time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)
	calendarEnd   = time.Date(maxYear, 12, 31, 0, 0, 0, 0, time.UTC)
)

// checkPeriod reports a period outside the supported calendar.
func checkPeriod(t time.Time) error {
	if inCalendar(t) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalid, outsideCalendar(t))
}

func inCalendar(t time.Time) bool {
	y := t.Year()
	return y >= minYear && y <= maxYear
}

func outsideCalendar(t time.Time) string {
	return fmt.Sprintf("%s is outside the years %d to %d", t.Format(time.RFC3339), minYear, maxYear)
}

// mondayEpoch is a Monday; weeks are counted from it.
var mondayEpoch = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

// index numbers the period containing t's calendar date (in t's location), so
// consecutive periods have consecutive indexes.
func (g Grain) index(t time.Time) int32 {
	y, m, d := t.Date()
	switch g {
	case Quarter:
		return int32(y)*4 + int32(m-1)/3
	case Year:
		return int32(y)
	case Week:
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(mondayEpoch) / (24 * time.Hour)
		w := days / 7
		if days < 0 && days%7 != 0 {
			w--
		}
		return int32(w)
	}
	return int32(y)*12 + int32(m-1)
}

// start returns the first day of period i, at midnight UTC.
func (g Grain) start(i int32) time.Time {
	switch g {
	case Quarter:
		return time.Date(int(floorDiv(i, 4)), time.Month(mod(i, 4)*3+1), 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(int(i), 1, 1, 0, 0, 0, 0, time.UTC)
	case Week:
		return mondayEpoch.AddDate(0, 0, int(i)*7)
	}
	return time.Date(int(floorDiv(i, 12)), time.Month(mod(i, 12)+1), 1, 0, 0, 0, 0, time.UTC)
}

// label names period i for people and error messages: "2026-03", "2026-Q1",
// "2026", "2026-W10".
func (g Grain) label(i int32) string {
	s := g.start(i)
	switch g {
	case Quarter:
		return fmt.Sprintf("%d-Q%d", s.Year(), mod(i, 4)+1)
	case Year:
		return fmt.Sprintf("%d", s.Year())
	case Week:
		y, w := s.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	}
	return s.Format("2006-01")
}

func floorDiv(a, b int32) int32 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int32) int32 { return a - floorDiv(a, b)*b }

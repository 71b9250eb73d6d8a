package churn

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/enum"
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
	return enum.OneOf(g, "grain", ErrInvalid, Month, Quarter, Year, Week)
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

// cal is the calendar grain behind g.
func (g Grain) cal() calendar.Grain {
	switch g {
	case Quarter:
		return calendar.Quarter
	case Year:
		return calendar.Year
	case Week:
		return calendar.Week
	}
	return calendar.Month
}

// index numbers the period containing t's calendar date (in t's location), so
// consecutive periods have consecutive indexes. The supported calendar keeps
// every index within int32.
func (g Grain) index(t time.Time) int32 { return int32(calendar.Of(g.cal(), t)) }

// start returns the first day of period i, at midnight UTC.
func (g Grain) start(i int32) time.Time { return calendar.Start(g.cal(), int(i), time.UTC) }

// label names period i for people and error messages: "2026-03", "2026-Q1",
// "2026", "2026-W10".
func (g Grain) label(i int32) string { return calendar.Label(g.cal(), int(i)) }

// mod is the non-negative remainder of a by b, for ring positions.
func mod(a, b int32) int32 { return int32(calendar.FloorMod(int(a), int(b))) }

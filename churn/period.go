package churn

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// checkLedgerGrain reports a grain a revenue ledger cannot have: a ledger
// is weekly, monthly (the default), quarterly or yearly.
func checkLedgerGrain(g success.Grain) error {
	return g.OneOf(success.Weekly, success.Monthly, success.Quarterly, success.Yearly)
}

// calendarOf is the calendar grain behind a valid ledger grain.
func calendarOf(g success.Grain) calendar.Grain {
	c, _ := calendar.Named(string(g))
	return c
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

// checkPeriod reports a date outside the supported calendar.
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

// periodStart returns the first day of period i, at midnight UTC.
func periodStart(g calendar.Grain, i int32) time.Time { return calendar.Start(g, int(i), time.UTC) }

// periodLabel names period i for people and error messages: "2026-03",
// "2026-Q1", "2026", "2026-W10".
func periodLabel(g calendar.Grain, i int32) string { return calendar.Label(g, int(i)) }

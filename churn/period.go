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

// checkPeriod reports a date outside the calendar a ledger may use
// (calendar.MinYear to MaxYear).
func checkPeriod(t time.Time) error {
	if calendar.InRange(t) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalid, outsideCalendar(t))
}

func outsideCalendar(t time.Time) string {
	return fmt.Sprintf("%s is outside the years %d to %d", t.Format(time.RFC3339), calendar.MinYear, calendar.MaxYear)
}

// periodStart returns the first day of period i, at midnight UTC.
func periodStart(g calendar.Grain, i int32) time.Time { return calendar.Start(g, int(i), time.UTC) }

// periodLabel names period i for people and error messages: "2026-03",
// "2026-Q1", "2026", "2026-W10".
func periodLabel(g calendar.Grain, i int32) string { return calendar.Label(g, int(i)) }

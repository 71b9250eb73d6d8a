package ledger

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Line is a ledger row placed in a book's calendar: its period and day,
// and its amount as c × 10^e in currency Currency (empty for a zero amount
// given without one).
type Line struct {
	Period, Day int32
	C           int64
	E           int32
	Currency    success.Currency
}

// Read checks what every reader of the ledger requires of a row (a date in
// the calendar, an account, an amount in one of its two forms) and places
// it in the book's calendar. A problem is a FieldError wrapping sentinel
// that names the row's account and period. The book is not changed.
func (b *Book) Read(r *success.LedgerRow, sentinel error) (Line, *success.FieldError) {
	if r.Date.IsZero() {
		return Line{}, b.RowError(r, 0, sentinel, "date", "must be set")
	}
	if !calendar.InRange(r.Date) {
		return Line{}, b.RowError(r, 0, sentinel, "date", "%s is outside the years %d to %d",
			r.Date.Format(time.RFC3339), calendar.MinYear, calendar.MaxYear)
	}
	p, day := b.Where(r.Date)
	if r.Account == "" {
		return Line{}, b.RowError(r, p, sentinel, "account", "must not be empty")
	}
	c, e, cur, err := r.Units()
	if err != nil {
		fe := success.AsFieldErrors(err)[0]
		return Line{}, b.RowError(r, p, sentinel, fe.Path, "%s", fe.Problem)
	}
	return Line{Period: p, Day: day, C: c, E: e, Currency: cur}, nil
}

// RowError is the problem of row r, whose period is p, at field: its path
// names the account and the period ("unset" or "out of range" for a date
// that has none), so a host finds the row in its export.
func (b *Book) RowError(r *success.LedgerRow, p int32, sentinel error, field, format string, args ...any) *success.FieldError {
	period := "unset"
	if !r.Date.IsZero() {
		period = "out of range"
		if calendar.InRange(r.Date) {
			period = calendar.Label(b.grain, int(p))
		}
	}
	return &success.FieldError{
		Path:    fmt.Sprintf("(account %q, period %s).%s", string(r.Account), period, field),
		Problem: fmt.Sprintf(format, args...),
		Err:     sentinel,
	}
}

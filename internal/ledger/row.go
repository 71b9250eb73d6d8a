package ledger

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Line is a ledger row placed in the calendar: its day, and its amount as
// c × 10^e in currency Currency (empty for a zero amount given without
// one).
type Line struct {
	Day      int32
	C        int64
	E        int32
	Currency success.Currency
}

// Read checks what every reader of the ledger requires of a row (a date in
// the calendar, an account, an amount in one of its two forms) and places
// it in the calendar. A problem is a FieldError wrapping sentinel that names
// the row's account and period. The book is not changed, but for the
// currency it remembers: rows in minor units mostly share one, which is
// then not looked up again.
func (b *Book) Read(r *success.LedgerRow, sentinel error) (Line, *success.FieldError) {
	if r.Date.IsZero() {
		return Line{}, b.RowError(r, sentinel, "date", "must be set")
	}
	d := int64(calendar.Day(r.Date))
	if d < minDay || d > maxDay { // the years 1 to 9999 in the date's own location
		return Line{}, b.RowError(r, sentinel, "date", "%s is outside the years %d to %d",
			r.Date.Format(time.RFC3339), calendar.MinYear, calendar.MaxYear)
	}
	if r.Account == "" {
		return Line{}, b.RowError(r, sentinel, "account", "must not be empty")
	}
	// The forms Units reads, for a currency already seen valid.
	if r.Currency == b.cur && b.cur != "" && r.MRR.Currency() == "" && r.MRR.IsZero() {
		return Line{Day: int32(d), C: r.Minor, E: b.curExp, Currency: b.cur}, nil
	}
	if cur := r.MRR.Currency(); cur == b.mrrCur && cur != "" && r.Minor == 0 && r.Currency == "" {
		if a := r.MRR.Amount(); a.NumDigits() <= 18 {
			return Line{Day: int32(d), C: a.CoefficientInt64(), E: a.Exponent(), Currency: cur}, nil
		}
	}
	c, e, cur, err := r.Units()
	if err != nil {
		fe := success.AsFieldErrors(err)[0]
		return Line{}, b.RowError(r, sentinel, fe.Path, "%s", fe.Problem)
	}
	if r.Currency != "" { // the minor-unit form, with a valid currency
		b.cur, b.curExp = r.Currency, e
	} else if cur != "" {
		b.mrrCur = cur
	}
	return Line{Day: int32(d), C: c, E: e, Currency: cur}, nil
}

// RowError is the problem of row r at field: its path names the account and
// the period ("unset" or "out of range" for a date that has none), so a
// host finds the row in its export.
func (b *Book) RowError(r *success.LedgerRow, sentinel error, field, format string, args ...any) *success.FieldError {
	period := "unset"
	if !r.Date.IsZero() {
		period = "out of range"
		if d := int64(calendar.Day(r.Date)); d >= minDay && d <= maxDay {
			period = calendar.Label(b.grain, int(b.PeriodOf(int32(d))))
		}
	}
	return &success.FieldError{
		Path:    fmt.Sprintf("(account %q, period %s).%s", string(r.Account), period, field),
		Problem: fmt.Sprintf(format, args...),
		Err:     sentinel,
	}
}

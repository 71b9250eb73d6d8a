package success

import (
	"fmt"
	"iter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/strictjson"
)

// Subscription is one line of a customer's subscription as a billing system
// holds it: a price per billing interval from a start date until an end
// date (or open). NormalizeSubscriptions turns lines into the monthly MRR
// ledger (LedgerRow values) that churn.Movements and cohort tables read, the
// way ChartMogul normalises plans to MRR.
//
// A discount is a line of its own with a negative amount: its MRR is
// negative and, summed with the account's other lines on the same dates,
// reduces the account's MRR. Lines are independent; the ledger's readers
// add up an account's lines (and reject currencies that differ).
type Subscription struct {
	Account AccountID `json:"account"`
	// ID names the line; it becomes LedgerRow.Line and names the line in
	// errors. Optional, but without it errors name the line by position only.
	ID string `json:"id,omitempty"`
	// Start is when the line begins to bill; End when it stops (exclusive),
	// zero while the line is open. Both are read as calendar dates in their
	// own locations; the ledger's snapshot dates are in Start's location.
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
	// Amount is the price of one unit for one billing interval, negative
	// for a discount.
	Amount Money `json:"amount"`
	// Interval is the billing interval: Monthly, Quarterly or Yearly.
	Interval Grain `json:"interval"`
	// Quantity is the number of units (seats, say). 0 means 1, so that a
	// line without a quantity (a JSON record without the field) is one
	// unit; a line of zero units is simply left out. Negative is an error.
	Quantity int `json:"quantity,omitempty"`
}

// UnmarshalJSON decodes a line strictly: unknown fields (a misspelt
// "quantiy" would otherwise bill one seat), repeated keys and wrongly typed
// values are errors with their path, wrapping ErrInvalid. The rules beyond
// the shape are Validate's.
func (s *Subscription) UnmarshalJSON(b []byte) error { return decodeRecord(b, s) }

// MaxSubscriptionMonths bounds the rows one line may produce: 100 years of
// monthly snapshots. A line beyond it (a start date in year 1, say) is an
// error rather than a silent million rows.
const MaxSubscriptionMonths = 1200

// Validate reports every problem with the line, each with its field's path
// ("interval", "quantity"). Amounts are never quoted.
func (s Subscription) Validate() error {
	var p FieldErrors
	add := func(path, format string, args ...any) {
		p = append(p, &FieldError{Path: path, Problem: fmt.Sprintf(format, args...), Err: ErrInvalid})
	}
	if s.Account == "" {
		add("account", "is required")
	}
	switch {
	case s.Start.IsZero():
		add("start", "is required")
	case !calendar.InRange(s.Start):
		add("start", "%s", outsideYears)
	case !calendar.InRange(s.End):
		add("end", "%s", outsideYears)
	case !s.End.IsZero() && !s.End.After(s.Start):
		add("end", "must be after start")
	}
	if s.Amount.Currency() == "" {
		add("amount", "is required (an amount and a currency)")
	} else if err := s.Amount.Validate(); err != nil {
		p = append(p, &FieldError{Path: "amount.currency", Problem: strictjson.WithoutSentinel(err), Err: err})
	}
	if s.Interval == "" {
		add("interval", "is required (month, quarter or year)")
	} else if err := s.Interval.OneOf(Monthly, Quarterly, Yearly); err != nil {
		add("interval", "%s", strictjson.WithoutSentinel(err))
	}
	if s.Quantity < 0 {
		add("quantity", "must be >= 0 (0 means 1)")
	}
	return p.Err()
}

// MRR returns the line's monthly recurring revenue: Amount × Quantity
// divided by the months in the interval (1, 3 or 12), rounded half to even
// to the currency's minor unit, as ChartMogul reports MRR in cents. An
// annual 12,000.00 USD is exactly 1,000.00 a month; an annual 1,000.00 USD
// is 83.33 (83.333... rounded), and a discount of the same amount rounds to
// -83.33, so the two still cancel. It returns Validate's error for an
// invalid line.
func (s Subscription) MRR() (Money, error) {
	if err := s.Validate(); err != nil {
		return Money{}, err
	}
	return s.mrr()
}

// mrr is MRR for a line already validated.
func (s Subscription) mrr() (Money, error) {
	q := int64(max(s.Quantity, 1))
	months := int64(12 / s.Interval.PeriodsPerYear())
	c := s.Amount.Currency()
	return s.Amount.Mul(decimal.NewFromInt(q)).Div(decimal.NewFromInt(months), c.MinorUnits(), RoundHalfEven)
}

// SubscriptionOptions are the settings of NormalizeSubscriptions; nil and
// the zero value mean the defaults.
type SubscriptionOptions struct {
	// Unobserved, when set, is called with the position and the line of each
	// line that started and ended between two snapshot dates (a line from 3
	// to 20 January, with snapshots on 31 December and 31 January): the
	// month-end ledger never sees it, so it yields no rows. When nil, such a
	// line is an error, so that its revenue is never lost silently.
	Unobserved func(index int, line Subscription)
}

// NormalizeSubscriptions streams the monthly MRR ledger of subs as of
// through, ready for an accumulator's AddFrom. See
// NormalizeSubscriptionsFrom for the rules.
func NormalizeSubscriptions(subs iter.Seq[Subscription], through time.Time, opts *SubscriptionOptions) iter.Seq2[LedgerRow, error] {
	return NormalizeSubscriptionsFrom(accum.Values(subs), through, opts)
}

// NormalizeSubscriptionsFrom streams the monthly MRR ledger of subs as of
// through: for each line, a row on each snapshot date on which it is
// active, dated in the line's Start location and carrying the line's MRR
// (Subscription.MRR) and ID. Rows come line by line, in date order within
// a line, so memory stays constant whatever the number of lines.
//
// The snapshot dates are the last day of each calendar month, and through
// itself for the month containing it: the ledger of a month in progress is
// the ledger as of through. Through, like Start and End, is read as a
// calendar date in its own location. A line is active on a snapshot date when
// Start <= date < End, as calendar dates. So:
//
//   - a line that starts mid-month counts, in full, from that month's
//     snapshot; one that ends mid-month is absent from that month's
//     snapshot, and the ledger shows it churned in that month;
//   - an account whose lines leave a gap of whole snapshots between them
//     has no rows in the gap, so its movements show churn, then
//     reactivation;
//   - a line that starts and ends between two snapshot dates is never
//     active on one: an error, or reported to opts.Unobserved;
//   - a line starting after through yields no rows, and no error.
//
// A line that is invalid (Subscription.Validate) or would produce more than
// MaxSubscriptionMonths rows yields an error naming it by position and ID
// (`subscriptions[3] (id "sub_9"): quantity: ...`), wrapping ErrInvalid;
// a read error from subs is yielded wrapped with its position
// (`reading subscriptions[3]: ...`), so errors.Is finds it. Either ends
// the sequence, after the rows of the lines before it: a partial line
// never yields rows. A zero through or a nil subs yields one error.
func NormalizeSubscriptionsFrom(subs iter.Seq2[Subscription, error], through time.Time, opts *SubscriptionOptions) iter.Seq2[LedgerRow, error] {
	return func(yield func(LedgerRow, error) bool) {
		switch {
		case subs == nil:
			yield(LedgerRow{}, accum.NilSequence("subscriptions", ErrInvalid))
			return
		case through.IsZero():
			yield(LedgerRow{}, &FieldError{Path: "through", Problem: "is required", Err: ErrInvalid})
			return
		case !calendar.InRange(through):
			yield(LedgerRow{}, &FieldError{Path: "through", Problem: outsideYears, Err: ErrInvalid})
			return
		}
		i := 0
		for s, err := range subs {
			if err != nil {
				yield(LedgerRow{}, accum.ReadError("subscriptions", i, err))
				return
			}
			if !normalizeLine(i, s, through, opts, yield) {
				return
			}
			i++
		}
	}
}

// normalizeLine yields the rows of line i, or its error; it returns false
// when the sequence must stop.
func normalizeLine(i int, s Subscription, through time.Time, opts *SubscriptionOptions, yield func(LedgerRow, error) bool) bool {
	lineErr := func(err error) bool {
		if s.ID == "" {
			yield(LedgerRow{}, fmt.Errorf("subscriptions[%d]: %w", i, err))
		} else {
			yield(LedgerRow{}, fmt.Errorf("subscriptions[%d] (id %q): %w", i, s.ID, err))
		}
		return false
	}
	if err := s.Validate(); err != nil {
		return lineErr(err)
	}
	mrr, err := s.mrr()
	if err != nil {
		return lineErr(err)
	}
	span := snapshotsOf(s, through)
	switch {
	case span.future:
		return true
	case span.months() > MaxSubscriptionMonths:
		return lineErr(&FieldError{Path: "start", Problem: fmt.Sprintf(
			"the line is active on %d monthly snapshots up to through, more than MaxSubscriptionMonths (%d)",
			span.months(), MaxSubscriptionMonths), Err: ErrInvalid})
	case span.months() == 0:
		if opts == nil || opts.Unobserved == nil {
			return lineErr(&FieldError{Path: "end", Problem: "the line starts and ends between two month-end snapshots, " +
				"so the ledger would never see it (set SubscriptionOptions.Unobserved to skip such lines)", Err: ErrInvalid})
		}
		opts.Unobserved(i, s)
		return true
	}
	loc := s.Start.Location()
	for n := span.first; n <= span.last; n++ {
		y, m := calendar.FloorDiv(n, 12), time.Month(calendar.FloorMod(n, 12)+1)
		d := daysIn(y, m)
		if n == span.throughMonth {
			d = span.throughDay
		}
		row := LedgerRow{Account: s.Account, Date: dayStart(y, m, d, loc), Line: s.ID, MRR: mrr}
		if !yield(row, nil) {
			return false
		}
	}
	return true
}

// lineSpan is the months (calendar.Number) whose snapshot a line is active on.
type lineSpan struct {
	first, last  int
	throughMonth int
	throughDay   int  // the day of the month of through
	future       bool // the line starts after through
}

func (sp lineSpan) months() int { return max(sp.last-sp.first+1, 0) }

// snapshotsOf finds the snapshots a valid line is active on. Every snapshot
// from the start's month on is on or after the start's date, so the active
// ones run from that month to the last snapshot before the end's date.
func snapshotsOf(s Subscription, through time.Time) lineSpan {
	ty, tm, td := through.Date()
	sy, sm, sd := s.Start.Date()
	sp := lineSpan{
		first:        calendar.Number(calendar.Month, sy, sm, sd),
		last:         calendar.Number(calendar.Month, ty, tm, td),
		throughMonth: calendar.Number(calendar.Month, ty, tm, td),
		throughDay:   td,
	}
	if dayNumber(sy, sm, sd) > dayNumber(ty, tm, td) {
		sp.future = true
		return sp
	}
	if !s.End.IsZero() {
		ey, em, ed := s.End.Date()
		if dayNumber(ey, em, ed) <= dayNumber(ty, tm, td) {
			// The end's own month has its snapshot on or after the end's
			// date (its last day, or through), so it is not active there.
			sp.last = calendar.Number(calendar.Month, ey, em, ed) - 1
		}
	}
	return sp
}

// dayNumber counts days from 1970-01-01 to the calendar date y-m-d.
func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dayStart returns the first instant of the date y-m-d in loc, even where a
// daylight-saving change skips local midnight (the day then begins at the
// change), so that the row's Date is always on the snapshot's date.
func dayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != d {
		_, t = t.ZoneBounds()
	}
	return t
}

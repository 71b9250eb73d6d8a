package cohort

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/success"
)

// summaryUnitDays returns the length in calendar days of the units in which
// customer summaries are measured: Day or Week. Months and years are refused
// because their lengths differ, so a rate "per month" would not be a rate.
func summaryUnitDays(u TimeUnit) (float64, error) {
	switch u {
	case Day:
		return 1, nil
	case Week:
		return 7, nil
	}
	return 0, fmt.Errorf("%w: customer summaries are measured in %q or %q, got %q", ErrInvalid, Day, Week, string(u))
}

// Transaction is one purchase. Amount is what was paid (refunds netted by the
// host; never negative); hosts that only model purchase counts may pass a zero
// amount in any currency.
type Transaction struct {
	Customer success.AccountID
	At       time.Time
	Amount   success.Money
}

// CustomerSummary is a customer's purchase history in the form the BG/NBD and
// Gamma-Gamma models read (often called RFM: recency, frequency, monetary
// value). Purchases on the same calendar day count as one.
type CustomerSummary struct {
	Customer success.AccountID
	// Frequency is the number of repeat purchase days: distinct days with a
	// purchase, minus the first.
	Frequency int
	// Recency is the time from the first purchase day to the last, in Unit;
	// 0 when Frequency is 0.
	Recency float64
	// Age is the time from the first purchase day to the end of the
	// calibration period, in Unit (the "T" of the literature); 0 for a
	// customer whose first purchase is on the last day.
	Age float64
	// MeanRepeatSpend is the mean amount of the repeat purchase days (the
	// first day excluded, as the Gamma-Gamma model requires), in Currency; 0
	// when Frequency is 0.
	MeanRepeatSpend float64
	Currency        success.Currency
	Unit            TimeUnit
}

// Validate reports every problem with the summary as success.FieldErrors.
func (c CustomerSummary) Validate() error {
	var problems success.FieldErrors
	if _, err := summaryUnitDays(c.Unit); err != nil {
		problems.Addf(ErrInvalid, "unit", "%v", err)
	}
	if c.Frequency < 0 {
		problems.Addf(ErrInvalid, "frequency", "must be >= 0, got %d", c.Frequency)
	}
	switch {
	case !finiteFloat(c.Age) || c.Age < 0:
		problems.Addf(ErrInvalid, "age", "must be a finite number >= 0, got %v", c.Age)
	case !finiteFloat(c.Recency) || c.Recency < 0 || c.Recency > c.Age:
		problems.Addf(ErrInvalid, "recency", "must be within [0, age = %v], got %v", c.Age, c.Recency)
	case c.Frequency == 0 && c.Recency != 0:
		problems.Addf(ErrInvalid, "recency", "must be 0 when frequency is 0, got %v", c.Recency)
	case c.Frequency > 0 && c.Recency == 0:
		problems.Addf(ErrInvalid, "recency", "must be > 0 when frequency is %d (repeat purchases fall on later days)", c.Frequency)
	}
	if !finiteFloat(c.MeanRepeatSpend) || c.MeanRepeatSpend < 0 {
		problems.Addf(ErrInvalid, "mean_repeat_spend", "must be a finite number >= 0, got %v", c.MeanRepeatSpend)
	}
	return problems.Err()
}

// SummaryOptions tunes Summarize. The zero value means the defaults.
type SummaryOptions struct {
	// Location is the time zone whose calendar days merge same-day purchases
	// and measure recency and age. Default UTC.
	Location *time.Location
}

// SummaryAccumulator builds customer summaries from transactions in any
// order. Accumulators fed disjoint shards of the transactions Merge into
// exactly the accumulator of the whole: its state is, per customer, the
// amount bought on each calendar day of the calibration period.
//
// An accumulator is not safe for concurrent use.
type SummaryAccumulator struct {
	end      int64 // last calibration day (day number in loc), inclusive
	unit     TimeUnit
	unitDays float64
	loc      *time.Location
	currency success.Currency
	days     map[success.AccountID]map[int64]decimal.Decimal
	after    int // transactions after the calibration period, counted not kept
}

// NewSummaryAccumulator returns an accumulator for the calibration period
// ending on the calendar day of calibrationEnd (inclusive), measuring time in
// unit.
func NewSummaryAccumulator(calibrationEnd time.Time, unit TimeUnit, opts SummaryOptions) (*SummaryAccumulator, error) {
	unitDays, err := summaryUnitDays(unit)
	if err != nil {
		return nil, err
	}
	if calibrationEnd.IsZero() {
		return nil, fmt.Errorf("%w: calibration end must be set", ErrInvalid)
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	return &SummaryAccumulator{
		end: dayNumber(calibrationEnd, loc), unit: unit, unitDays: unitDays, loc: loc,
		days: make(map[success.AccountID]map[int64]decimal.Decimal),
	}, nil
}

// dayNumber is the count of calendar days since 1970-01-01 of t's date in loc,
// so that day differences ignore daylight-saving shifts.
func dayNumber(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Add records one transaction. A transaction after the calibration period is
// counted (see After) but not summarised: it belongs to the hold-out period.
// Invalid transactions are rejected with an error naming the field.
func (a *SummaryAccumulator) Add(tx Transaction) error {
	var problems success.FieldErrors
	if tx.Customer == "" {
		problems.Addf(ErrInvalid, "customer", "must not be empty")
	}
	if tx.At.IsZero() {
		problems.Addf(ErrInvalid, "at", "must be set")
	}
	if err := tx.Amount.Validate(); err != nil {
		problems.Addf(ErrInvalid, "amount", "%v", err)
	} else if tx.Amount.IsNegative() {
		problems.Addf(ErrInvalid, "amount", "must be >= 0, got %s", tx.Amount)
	} else if a.currency != "" && tx.Amount.Currency() != a.currency {
		problems.Addf(ErrInvalid, "amount", "currency %s differs from %s of earlier transactions", tx.Amount.Currency(), a.currency)
	}
	if len(problems) > 0 {
		return problems
	}
	a.currency = tx.Amount.Currency()
	day := dayNumber(tx.At, a.loc)
	if day > a.end {
		a.after++
		return nil
	}
	byDay := a.days[tx.Customer]
	if byDay == nil {
		byDay = make(map[int64]decimal.Decimal)
		a.days[tx.Customer] = byDay
	}
	byDay[day] = byDay[day].Add(tx.Amount.Amount())
	return nil
}

// After returns the number of transactions added that fell after the
// calibration period.
func (a *SummaryAccumulator) After() int { return a.after }

// Merge adds the transactions of b into a. Both must share calibration end,
// unit, time zone and currency.
func (a *SummaryAccumulator) Merge(b *SummaryAccumulator) error {
	if a.end != b.end || a.unit != b.unit || a.loc.String() != b.loc.String() {
		return fmt.Errorf("%w: cannot merge summaries with different calibration end, unit or time zone", ErrInvalid)
	}
	if a.currency != "" && b.currency != "" && a.currency != b.currency {
		return fmt.Errorf("%w: cannot merge transactions in %s with transactions in %s", ErrInvalid, a.currency, b.currency)
	}
	if a.currency == "" {
		a.currency = b.currency
	}
	a.after += b.after
	for id, bDays := range b.days {
		aDays := a.days[id]
		if aDays == nil {
			aDays = make(map[int64]decimal.Decimal, len(bDays))
			a.days[id] = aDays
		}
		for day, amt := range bDays {
			aDays[day] = aDays[day].Add(amt)
		}
	}
	return nil
}

// Summaries returns one summary per customer with a purchase in the
// calibration period, ordered by customer ID.
func (a *SummaryAccumulator) Summaries() []CustomerSummary {
	ids := slices.Sorted(maps.Keys(a.days))
	out := make([]CustomerSummary, 0, len(ids))
	unitDays := a.unitDays
	for _, id := range ids {
		byDay := a.days[id]
		days := slices.Sorted(maps.Keys(byDay))
		first, last := days[0], days[len(days)-1]
		s := CustomerSummary{
			Customer:  id,
			Frequency: len(days) - 1,
			Recency:   float64(last-first) / unitDays,
			Age:       float64(a.end-first) / unitDays,
			Currency:  a.currency,
			Unit:      a.unit,
		}
		if s.Frequency > 0 {
			var total decimal.Decimal
			for _, d := range days[1:] {
				total = total.Add(byDay[d])
			}
			s.MeanRepeatSpend = total.InexactFloat64() / float64(s.Frequency)
		}
		out = append(out, s)
	}
	return out
}

// Summarize builds the summaries of every customer who bought in the
// calibration period ending on the day of calibrationEnd, from transactions
// in any order. Every invalid transaction is reported (as success.FieldErrors
// with paths like "transactions[12].amount") and then nothing is returned: a
// summary built on part of a customer's purchases would be wrong. A customer
// whose first purchase falls on the last calibration day has age 0; the
// models accept that (such a customer carries no information yet).
func Summarize(transactions iter.Seq[Transaction], calibrationEnd time.Time, unit TimeUnit, opts SummaryOptions) ([]CustomerSummary, error) {
	acc, err := NewSummaryAccumulator(calibrationEnd, unit, opts)
	if err != nil {
		return nil, err
	}
	var problems success.FieldErrors
	i := 0
	for tx := range transactions {
		if err := acc.Add(tx); err != nil {
			problems = append(problems, success.AsFieldErrors(err).Prefix(fmt.Sprintf("transactions[%d]", i))...)
		}
		i++
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(acc.days) == 0 {
		return nil, fmt.Errorf("%w: no transaction on or before %s", ErrEmpty, calibrationEnd.In(acc.loc).Format(time.DateOnly))
	}
	return acc.Summaries(), nil
}

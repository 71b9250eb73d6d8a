package churn

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// Converter gives the rate that turns one unit of currency from into the
// report currency, for the period starting at period (midnight UTC on the
// period's first day). ok is false when the host has no rate; the row is then
// rejected (ErrCurrencyMismatch), never summed unconverted. A rate must be
// positive: one <= 0 is rejected (ErrInvalid) where it is used.
type Converter interface {
	Rate(from success.Currency, period time.Time) (rate decimal.Decimal, ok bool)
}

// RateTable is an in-memory Converter: one rate per currency per period.
// Build it with NewRateTable and fill it with Set; the zero RateTable is an
// empty table of monthly rates. Rate may be called concurrently once the
// table is filled; Set may not run alongside other calls.
type RateTable struct {
	grain calendar.Grain
	rates map[rateKey]decimal.Decimal
}

type rateKey struct {
	currency success.Currency
	period   int32
}

// NewRateTable returns an empty table for periods of grain g (weekly,
// monthly, quarterly or yearly).
func NewRateTable(g success.Grain) (*RateTable, error) {
	if err := checkLedgerGrain(g); err != nil {
		return nil, err
	}
	return &RateTable{grain: calendarOf(g), rates: make(map[rateKey]decimal.Decimal)}, nil
}

// Set records that one unit of from is worth rate units of the report
// currency during the period containing period. The rate must be positive.
// Setting into a nil *RateTable is an error.
func (t *RateTable) Set(from success.Currency, period time.Time, rate decimal.Decimal) error {
	if t == nil {
		return fmt.Errorf("%w: rate: nil rate table (use NewRateTable)", ErrInvalid)
	}
	if err := from.Validate(); err != nil {
		return fmt.Errorf("%w: rate: %w", ErrInvalid, err)
	}
	if err := checkPeriod(period); err != nil {
		return fmt.Errorf("rate for %s: %w", from, err)
	}
	if rate.Sign() <= 0 {
		return fmt.Errorf("%w: rate for %s in %s must be > 0, got %s", ErrInvalid, from, periodLabel(t.grain, int32(calendar.Of(t.grain, period))), rate)
	}
	if t.rates == nil {
		t.rates = make(map[rateKey]decimal.Decimal)
	}
	t.rates[rateKey{from, int32(calendar.Of(t.grain, period))}] = rate
	return nil
}

// Rate implements Converter. A nil *RateTable, like the zero one, has no
// rates.
func (t *RateTable) Rate(from success.Currency, period time.Time) (decimal.Decimal, bool) {
	if t == nil {
		return decimal.Decimal{}, false
	}
	r, ok := t.rates[rateKey{from, int32(calendar.Of(t.grain, period))}]
	return r, ok
}

// rateProblem is why a Converter gave no usable rate: the sentinel to wrap
// and the problem for the field error.
type rateProblem struct {
	sentinel error
	text     string
}

// lookupRate asks rates for the rate from one currency into to for the
// period starting at period (label names it). A host Converter, unlike
// RateTable.Set, may return a rate <= 0: zero would turn a paying account
// into churn, so it is refused here, where every caller meets it.
func lookupRate(rates Converter, from, to success.Currency, period time.Time, label string) (decimal.Decimal, *rateProblem) {
	rate, ok := rates.Rate(from, period)
	switch {
	case !ok:
		return decimal.Decimal{}, &rateProblem{ErrCurrencyMismatch, fmt.Sprintf("no rate from %s to %s for %s", from, to, label)}
	case rate.Sign() <= 0:
		return decimal.Decimal{}, &rateProblem{ErrInvalid, fmt.Sprintf("the rate from %s to %s for %s must be > 0, got %s", from, to, label, rate)}
	}
	return rate, nil
}

// convert returns amount (in currency from) in currency to at rate, rounded
// half to even to to's minor unit: the one rounding a conversion makes,
// before any sum.
func convert(amount decimal.Decimal, rate decimal.Decimal, to success.Currency) decimal.Decimal {
	return amount.Mul(rate).RoundBank(to.MinorUnits())
}

// checkReportCurrency checks an options' report currency and rates: rates
// are quoted into one currency, so the currency must be named with them
// (letting the first amount pick it would convert a USD amount "into" EUR
// when the first one happened to be in euros).
func checkReportCurrency(currency success.Currency, rates Converter, problems *success.FieldErrors) {
	switch {
	case currency != "":
		if err := currency.Validate(); err != nil {
			fielderr.AddErr(problems, ErrInvalid, "currency", err)
		}
	case rates != nil:
		fielderr.Addf(problems, ErrInvalid, "currency", "must be set when rates are given: it is the currency the rates convert into")
	}
}

package churn

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// Converter gives the rate that turns one unit of currency from into the
// report currency, for the period starting at period (midnight UTC on the
// period's first day). ok is false when the host has no rate; the row is then
// rejected (ErrCurrencyMismatch), never summed unconverted. A rate must be
// positive, with at most 18 significant digits, between 1e-18 and 1e18:
// another is rejected (ErrInvalid) where it is used.
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
	if problem := rateProblemOf(rate); problem != "" {
		return fmt.Errorf("%w: rate for %s in %s %s", ErrInvalid, from, periodLabel(t.grain, int32(calendar.Of(t.grain, period))), problem)
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
	}
	if problem := rateProblemOf(rate); problem != "" {
		return decimal.Decimal{}, &rateProblem{ErrInvalid, fmt.Sprintf("the rate from %s to %s for %s %s", from, to, label, problem)}
	}
	return rate, nil
}

// Bounds of a rate: at most maxRateDigits significant digits, and at least
// 10^-maxRateMagnitude and below 10^maxRateMagnitude, so that converting an
// amount the ledger can hold stays a small exact multiplication (a host's
// decimal.New(1, -1e7) would otherwise cost seconds, and one with an
// exponent near the int32 limit would panic in decimal's Mul).
const (
	maxRateDigits    = 18
	maxRateMagnitude = 18
)

// rateProblemOf says what is wrong with a rate ("must be > 0, got -1"), or
// "" when it is usable.
func rateProblemOf(rate decimal.Decimal) string {
	if rate.Sign() <= 0 {
		return "must be > 0, got " + rate.String()
	}
	digits := rate.NumDigits()
	if digits > maxRateDigits {
		return fmt.Sprintf("has %d significant digits, more than %d", digits, maxRateDigits)
	}
	if top := int64(rate.Exponent()) + int64(digits); top-1 < -maxRateMagnitude || top > maxRateMagnitude {
		return fmt.Sprintf("must be between 1e-%d and 1e%d", maxRateMagnitude, maxRateMagnitude)
	}
	return ""
}

// convert returns amount (in currency from) in currency to at rate, rounded
// half to even to to's minor unit: the one rounding a conversion makes,
// before any sum. rate must have passed rateProblemOf. ok is false for an
// amount no ledger can hold exactly (more than 18 significant digits, or
// an exponent beyond -36..18), which a host can build with decimal.New:
// multiplying it would panic or take seconds.
func convert(amount decimal.Decimal, rate decimal.Decimal, to success.Currency) (converted decimal.Decimal, ok bool) {
	if amount.IsZero() {
		return decimal.Zero, true
	}
	if e := amount.Exponent(); e < -2*ledger.MaxPlaces || e > 18 || amount.NumDigits() > 18 {
		return decimal.Decimal{}, false
	}
	return amount.Mul(rate).RoundBank(to.MinorUnits()), true
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

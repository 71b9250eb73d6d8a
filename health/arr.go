package health

import (
	"fmt"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// checkARR validates one account's ARR for an accumulator whose amounts are
// in currency (empty before the first account): it must be a valid,
// non-negative amount in the same currency, never silently summed across
// currencies.
func checkARR(account success.AccountID, arr success.Money, currency success.Currency, what string) error {
	if err := arr.Validate(); err != nil {
		return fmt.Errorf("%w: account %q: ARR: %w", ErrInvalid, account, err)
	}
	if arr.IsNegative() {
		return fmt.Errorf("%w: account %q: ARR must be >= 0, got %s", ErrInvalid, account, arr)
	}
	if currency != "" && arr.Currency() != currency {
		return fmt.Errorf("%w: account %q: ARR in %s, %s in %s", ErrCurrencyMismatch, account, arr.Currency(), what, currency)
	}
	return nil
}

// checkCurrencies rejects merging accumulators in two currencies.
func checkCurrencies(into, other success.Currency, what string) error {
	if into != "" && other != "" && into != other {
		return fmt.Errorf("%w: merging a %s in %s into one in %s", ErrCurrencyMismatch, what, other, into)
	}
	return nil
}

// checkStateCurrency requires a valid currency in a decoded state once
// anything was counted (Add takes it from the first ARR) and allows none
// before.
func checkStateCurrency(ps *success.FieldErrors, c success.Currency, counted bool) {
	switch {
	case c != "":
		if err := c.Validate(); err != nil {
			fielderr.AddErr(ps, ErrInvalid, "currency", err)
		}
	case counted:
		fielderr.Addf(ps, ErrInvalid, "currency", "is required once accounts are counted")
	}
}

// Bounds of the amounts of a decoded state. Add only ever sums valid Money
// (success.MaxAmountDigits, MaxAmountPlaces) and its products with a score
// (whose shortest decimal form has at most 17 digits and an exponent of -340
// or more), so an amount past them is forged; they keep every later sum and
// comparison cheap. Digits are counted as written out, since
// decimal.Decimal.String writes a positive exponent in full.
const (
	maxStateDigits   = 1000 // digits of an amount of a state, written out
	maxStateExponent = 1100 // magnitude of the most negative exponent of a state's amount
)

// writtenDigits returns how many digits d has written out without an
// exponent, counting no leading zeros after the point; ok is false when they
// are more than limit (found without writing a huge coefficient out).
func writtenDigits(d decimal.Decimal, limit int) (n int, ok bool) {
	coef := d.Coefficient()
	if coef.BitLen() > 4*limit { // more than limit digits: 4 bits per digit is more than log2(10)
		return 0, false
	}
	n = len(coef.Abs(coef).String()) + max(int(d.Exponent()), 0)
	return n, n <= limit
}

// checkAmountDigits reports an amount beyond digits digits written out or
// with more than -minExp digits after the point. It names the path, never
// the amount, which could be megabytes long.
func checkAmountDigits(d decimal.Decimal, digits, minExp int) error {
	if d.Exponent() < int32(minExp) {
		return fmt.Errorf("has more than %d digits after the point", -minExp)
	}
	if int(d.Exponent()) > digits {
		return fmt.Errorf("has more than %d digits", digits)
	}
	if _, ok := writtenDigits(d, digits); !ok {
		return fmt.Errorf("has more than %d digits", digits)
	}
	return nil
}

// checkStateAmount reports an amount of a decoded state that is negative or
// beyond the state bounds.
func checkStateAmount(ps *success.FieldErrors, path string, d decimal.Decimal) bool {
	if err := checkAmountDigits(d, maxStateDigits, -maxStateExponent); err != nil {
		fielderr.AddErr(ps, ErrInvalid, path, err)
		return false
	}
	if d.IsNegative() {
		fielderr.Addf(ps, ErrInvalid, path, "must be >= 0")
		return false
	}
	return true
}

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

// Bounds of an amount in a decoded accumulator state. Add only ever sums
// validated ARR and products of ARR with a score (a float64 has at most 767
// significant decimal digits and an exponent of -1074), so a state past them
// is forged; they keep every later sum and comparison cheap.
const (
	maxStateDigits   = 1000 // significant digits of an amount's coefficient
	maxStateExponent = 1100 // magnitude of an amount's decimal exponent
)

// checkStateAmount reports an amount of a decoded state that is negative or
// beyond the bounds above. It names the field, never the amount, which a
// forged state could make megabytes long.
func checkStateAmount(ps *success.FieldErrors, path string, d decimal.Decimal) bool {
	switch {
	case d.Exponent() > maxStateExponent || d.Exponent() < -maxStateExponent:
		fielderr.Addf(ps, ErrInvalid, path, "exponent %d is beyond ±%d", d.Exponent(), maxStateExponent)
	case d.Coefficient().BitLen() > maxStateDigits*3322/1000: // log2(10) = 3.3219...
		fielderr.Addf(ps, ErrInvalid, path, "has more than %d digits", maxStateDigits)
	case d.IsNegative():
		fielderr.Addf(ps, ErrInvalid, path, "must be >= 0")
	default:
		return true
	}
	return false
}

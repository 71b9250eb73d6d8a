package health

import (
	"fmt"

	"github.com/secondsale/secondsale/success"
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

// mergeCurrency sets *into to the currency two merged accumulators share.
func mergeCurrency(into *success.Currency, other success.Currency, what string) error {
	if *into != "" && other != "" && *into != other {
		return fmt.Errorf("%w: merging a %s in %s into one in %s", ErrCurrencyMismatch, what, other, *into)
	}
	if *into == "" {
		*into = other
	}
	return nil
}

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

func checkNotNegative(ps *success.FieldErrors, path string, d decimal.Decimal) {
	if d.IsNegative() {
		fielderr.Addf(ps, ErrInvalid, path, "must be >= 0, got %s", d)
	}
}

package expansion

import (
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can test with errors.Is. Validation problems come as
// success.FieldErrors whose entries unwrap to ErrInvalid.
var (
	// ErrInvalid reports input that breaks a documented rule: a negative
	// quantity, an NPS outside 0..10, a NaN, a purchase before the first sale.
	ErrInvalid = errors.New("expansion: invalid input")
	// ErrCurrencyMismatch reports a price list and an account in different
	// currencies. It also matches success.ErrCurrencyMismatch.
	ErrCurrencyMismatch = fmt.Errorf("expansion: %w", success.ErrCurrencyMismatch)
	// ErrDuplicate reports an account counted twice by a backtest
	// accumulator, in one pass or across merged shards.
	ErrDuplicate = errors.New("expansion: duplicate")
	// ErrEmpty reports a backtest with no outcome: the AUC needs data.
	ErrEmpty = errors.New("expansion: empty input")
)

// errMismatch is the error of an amount in currency got where want is required.
func errMismatch(got, want success.Currency) error {
	return fmt.Errorf("%w: %s, not the price list's %s", ErrCurrencyMismatch, codeOf(got), codeOf(want))
}

// codeOf names a currency for an error: the code when it has a code's
// shape, its length otherwise (a misplaced value is never repeated).
func codeOf(c success.Currency) string {
	if c.Validate() == nil {
		return string(c)
	}
	return fmt.Sprintf("(a currency of %d bytes)", len(c))
}

package churn

import (
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can test with errors.Is. Validation problems come as
// success.FieldErrors whose entries unwrap to these sentinels.
var (
	// ErrInvalid reports input that breaks a documented rule: a negative MRR,
	// an empty account ID, periods out of order, a duplicate row, a NaN count.
	ErrInvalid = errors.New("churn: invalid input")
	// ErrUnknownReason reports a reason code the taxonomy does not define.
	// It also matches ErrInvalid.
	ErrUnknownReason = fmt.Errorf("%w: unknown reason code", ErrInvalid)
	// ErrCurrencyMismatch reports amounts in different currencies with no
	// conversion to combine them. It also matches success.ErrCurrencyMismatch.
	ErrCurrencyMismatch = fmt.Errorf("churn: %w", success.ErrCurrencyMismatch)
	// ErrOverlap reports a merge of two accumulators that both hold the same
	// account: shards must hold disjoint sets of accounts. It also matches
	// ErrInvalid.
	ErrOverlap = fmt.Errorf("%w: shards overlap", ErrInvalid)
	// ErrOverflow reports an amount or total beyond the exact range of the
	// movements accumulator (about 9.2e18 units of its finest decimal place).
	// Nothing is rounded to make it fit.
	ErrOverflow = errors.New("churn: amount out of exact range")
)

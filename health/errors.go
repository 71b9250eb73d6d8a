package health

import (
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can test with errors.Is. Validation problems are reported as
// success.FieldErrors whose entries unwrap to ErrInvalid.
var (
	// ErrInvalid reports input that breaks a documented rule: a scorecard with
	// duplicate IDs, bands with a gap, a NaN input, an unknown measure ID.
	ErrInvalid = errors.New("health: invalid input")
	// ErrEmpty reports a backtest with no account whose score is available:
	// an estimate (the AUC, the calibration) needs data. Aggregates of nothing
	// (SummarizePortfolio of no entries) are empty results, not errors.
	ErrEmpty = errors.New("health: empty input")
	// ErrNotFound reports a store read that found no score.
	ErrNotFound = errors.New("health: not found")
	// ErrDuplicate reports a second score for the same account at the same
	// as-of instant, a second score with the same ID, or an account counted
	// twice by a backtest or portfolio accumulator (in one pass or across
	// merged shards).
	ErrDuplicate = errors.New("health: duplicate")
	// ErrMismatch reports an operation on scores that cannot be compared, such
	// as explaining the change between two different accounts.
	ErrMismatch = errors.New("health: mismatch")
	// ErrCurrencyMismatch reports ARR in two currencies in one accumulator.
	// It also matches success.ErrCurrencyMismatch.
	ErrCurrencyMismatch = fmt.Errorf("health: %w", success.ErrCurrencyMismatch)
	// ErrNotConverged reports a fit (FitWeights) that stopped before meeting
	// its tolerance. It is success.ErrNotConverged itself, the one
	// non-convergence sentinel of the SDK; the error is a
	// *success.NotConvergedError carrying the last iterate.
	ErrNotConverged = success.ErrNotConverged
)

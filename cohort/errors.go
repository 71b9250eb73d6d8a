package cohort

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/secondsale/secondsale/success"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can test with errors.Is. Validation problems are reported as
// success.FieldErrors whose entries unwrap to ErrInvalid or ErrEmpty.
var (
	// ErrInvalid reports input that breaks a documented rule: a negative
	// duration, a NaN, an event after the as-of date, survivor counts that
	// increase, an unknown enumeration value.
	ErrInvalid = errors.New("cohort: invalid input")
	// ErrNotConverged reports a model fit whose optimiser stopped before
	// meeting its tolerance, or a series behind a prediction that did not
	// settle. It is success.ErrNotConverged itself, the SDK's one
	// non-convergence sentinel, so errors.Is matches it under either name. A
	// failed fit returns a *success.NotConvergedError carrying the last
	// iterate; the parameters are never returned as if they were a result.
	ErrNotConverged = success.ErrNotConverged
	// ErrEmpty reports an input with nothing to estimate from: no subjects,
	// an empty cohort, a stratum without observations.
	ErrEmpty = errors.New("cohort: empty input")
	// ErrCurrencyMismatch reports amounts in two currencies where one sum is
	// kept. It also matches success.ErrCurrencyMismatch.
	ErrCurrencyMismatch = fmt.Errorf("cohort: %w", success.ErrCurrencyMismatch)
)

// indexPath names a field of one record of a list, e.g. "facts[12].mrr".
func indexPath(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}

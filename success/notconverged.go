package success

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotConverged reports an iterative computation (a likelihood maximisation, a
// logistic regression, a series) that stopped before meeting its tolerance.
// It is the one non-convergence sentinel of the SDK: health.ErrNotConverged
// and cohort.ErrNotConverged are this same value, so errors.Is works with
// whichever package's name the caller has at hand.
var ErrNotConverged = errors.New("secondsale: did not converge")

// NotConvergedError is the error of a fit that did not converge. It carries
// the last iterate so a caller can inspect it; the values it holds are not
// estimates. It unwraps to ErrNotConverged.
type NotConvergedError struct {
	Model         string    // what was fitted: "sBG", "BG/NBD", "Gamma-Gamma", "logistic regression"
	Names         []string  // parameter names, in the order of Last
	Last          []float64 // the last iterate, on the parameters' natural scale
	LogLikelihood float64   // at Last
	Reason        string    // why the optimiser stopped
	Iterations    int
}

// Error says which fit stopped, why, and where.
func (e *NotConvergedError) Error() string {
	parts := make([]string, len(e.Last))
	for i, v := range e.Last {
		name := fmt.Sprintf("x[%d]", i)
		if i < len(e.Names) {
			name = e.Names[i]
		}
		parts[i] = fmt.Sprintf("%s=%.6g", name, v)
	}
	return fmt.Sprintf("%v: %s: %s after %d iterations; last iterate %s (log-likelihood %.6g)",
		ErrNotConverged, e.Model, e.Reason, e.Iterations, strings.Join(parts, ", "), e.LogLikelihood)
}

// Unwrap returns ErrNotConverged.
func (e *NotConvergedError) Unwrap() error { return ErrNotConverged }

package optimize

import "fmt"

// Status says why a search stopped.
type Status int

const (
	// NotTerminated is the zero Status: the search has not run.
	NotTerminated Status = iota
	// GradientConverged: the gradient met GradientTol (success).
	GradientConverged
	// FunctionConverged: f stopped changing by more than FunctionTol (and for
	// Nelder-Mead the simplex shrank below StepTol) (success).
	FunctionConverged
	// IterationLimit: MaxIterations ran out first (failure).
	IterationLimit
	// LineSearchFailed: no step along the search direction decreases f,
	// usually because the gradient is inaccurate or f is flat or
	// discontinuous there (failure).
	LineSearchFailed
	// NotFinite: f or its gradient was NaN or infinite at the starting point
	// (failure).
	NotFinite
	// NotPositiveDefinite: Newton met a Hessian that is not positive
	// definite, so the point is not near a strict minimum (failure).
	NotPositiveDefinite
	// NoProgress: Newton's steps stopped shrinking before the gradient met
	// GradientTol, so rounding noise in the gradient, not the distance to
	// the minimum, now sets them: the tolerance is below what f's rounding
	// lets the gradient reach (failure).
	NoProgress
)

var statusNames = [...]string{"not terminated", "gradient converged", "function converged",
	"iteration limit reached", "line search failed", "objective not finite",
	"Hessian not positive definite", "no progress: the gradient is at its rounding floor"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Converged reports whether the status is a success.
func (s Status) Converged() bool { return s == GradientConverged || s == FunctionConverged }

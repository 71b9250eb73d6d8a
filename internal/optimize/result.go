package optimize

import "github.com/secondsale/secondsale/success"

// Result is where a search stopped and why. X and F are the best point found
// and its value, even when Status is a failure, so a caller can report the
// last iterate.
type Result struct {
	X        []float64
	F        float64
	Gradient []float64 // at X; nil for Nelder-Mead
	// Hessian is the matrix of second derivatives Newton last took: when it
	// converged, at a point within 1e-4 of X in every coordinate; nil for
	// the other methods.
	Hessian     [][]float64
	Status      Status
	Iterations  int
	Evaluations int // calls of Func, Grad or FuncGrad (those of finite differences included)
}

// Err returns nil when the search converged and otherwise a
// *success.NotConvergedError (which unwraps to success.ErrNotConverged)
// holding a copy of the last iterate X. The objectives minimised in this SDK
// are negative log-likelihoods, so its LogLikelihood is −F; a model fit
// that searches on a transformed scale builds its own error instead, with the
// model's name and the parameters on their natural scale.
func (r Result) Err() error {
	if r.Status.Converged() {
		return nil
	}
	return &success.NotConvergedError{Model: "minimisation", Last: append([]float64(nil), r.X...),
		LogLikelihood: -r.F, Reason: r.Status.String(), Iterations: r.Iterations}
}

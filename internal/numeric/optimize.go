package numeric

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/success"
)

// Problem is a function to minimise over R^n. Func must be defined everywhere
// the search may step; returning +Inf or NaN marks a point as infeasible and
// makes the search step back. Grad, when not nil, writes the gradient at x
// into grad; when nil, BFGS uses central finite differences. FuncGrad, when
// not nil, returns f at x and writes its gradient in one pass: BFGS then
// evaluates each trial point with it, since a trial is usually accepted and
// its gradient needed, and the shared work (for a likelihood, the terms both
// need) is done once. Nelder-Mead uses Func only.
type Problem struct {
	Func     func(x []float64) float64
	Grad     func(grad, x []float64)
	FuncGrad func(grad, x []float64) float64
}

// Settings are the stopping rules. The zero value means the defaults noted on
// each field.
type Settings struct {
	// GradientTol stops BFGS when every component of the gradient is at most
	// GradientTol in absolute value. Default 1e-6; models scale their
	// objective per observation, so this is a tolerance on the mean.
	GradientTol float64
	// FunctionTol stops Nelder-Mead when the simplex's function values differ
	// by at most FunctionTol·(|f|+FunctionTol) and stops BFGS when a step
	// changes f by no more than that. Default 1e-12.
	FunctionTol float64
	// StepTol stops Nelder-Mead when every vertex is within StepTol of the
	// best one in every coordinate. Default 1e-9.
	StepTol float64
	// MaxIterations bounds the iterations. Default 1,000 for BFGS and 20,000
	// for Nelder-Mead.
	MaxIterations int
}

func (s Settings) withDefaults(maxIter int) Settings {
	if s.GradientTol <= 0 {
		s.GradientTol = 1e-6
	}
	if s.FunctionTol <= 0 {
		s.FunctionTol = 1e-12
	}
	if s.StepTol <= 0 {
		s.StepTol = 1e-9
	}
	if s.MaxIterations <= 0 {
		s.MaxIterations = maxIter
	}
	return s
}

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
	// LineSearchFailed: BFGS found no step that decreases f, usually because
	// the gradient is inaccurate or f is flat or discontinuous there (failure).
	LineSearchFailed
	// NotFinite: f or its gradient was NaN or infinite at the starting point
	// (failure).
	NotFinite
)

var statusNames = [...]string{"not terminated", "gradient converged", "function converged",
	"iteration limit reached", "line search failed", "objective not finite"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Converged reports whether the status is a success.
func (s Status) Converged() bool { return s == GradientConverged || s == FunctionConverged }

// Result is where a search stopped and why. X and F are the best point found
// and its value, even when Status is a failure, so a caller can report the
// last iterate.
type Result struct {
	X           []float64
	F           float64
	Gradient    []float64 // nil for Nelder-Mead
	Status      Status
	Iterations  int
	Evaluations int // calls of Func or FuncGrad (gradient evaluations by finite differences included)
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

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// objective wraps a Problem, counts evaluations and maps NaN to +Inf so that
// comparisons treat it as "worse than anything".
type objective struct {
	p     Problem
	evals int
	tmp   []float64
}

func (o *objective) f(x []float64) float64 {
	o.evals++
	v := o.p.Func(x)
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

// fg returns f at x and writes the gradient into g: in one call when the
// problem has FuncGrad, otherwise by f and grad.
func (o *objective) fg(g, x []float64) float64 {
	if o.p.FuncGrad == nil {
		v := o.f(x)
		o.grad(g, x)
		return v
	}
	o.evals++
	v := o.p.FuncGrad(g, x)
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

// trial returns f at a trial point of a line search, and writes the gradient
// into g when that comes at no extra cost (FuncGrad), reporting whether it did.
func (o *objective) trial(g, x []float64) (float64, bool) {
	if o.p.FuncGrad == nil {
		return o.f(x), false
	}
	return o.fg(g, x), true
}

func (o *objective) grad(g, x []float64) {
	if o.p.Grad != nil {
		o.p.Grad(g, x)
		return
	}
	if o.tmp == nil {
		o.tmp = make([]float64, len(x))
	}
	copy(o.tmp, x)
	for i := range x {
		h := 1e-6 * math.Max(1, math.Abs(x[i]))
		o.tmp[i] = x[i] + h
		fp := o.f(o.tmp)
		o.tmp[i] = x[i] - h
		fm := o.f(o.tmp)
		o.tmp[i] = x[i]
		g[i] = (fp - fm) / (2 * h)
	}
}

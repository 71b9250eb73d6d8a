package optimize

import "math"

// Problem is a function to minimise over R^n. Func must be defined everywhere
// the search may step; returning +Inf or NaN marks a point as infeasible and
// makes the search step back. Grad, when not nil, writes the gradient at x
// into grad; when nil, BFGS and Newton use central finite differences.
// FuncGrad, when not nil, returns f at x and writes its gradient in one pass:
// BFGS then evaluates each trial point with it, since a trial is usually
// accepted and its gradient needed, and the shared work (for a likelihood,
// the terms both need) is done once. Nelder-Mead uses Func only.
type Problem struct {
	Func     func(x []float64) float64
	Grad     func(grad, x []float64)
	FuncGrad func(grad, x []float64) float64
}

// finiteDifferenceStep is the relative step of the central differences that
// stand in for a missing gradient: about the cube root of the float64
// epsilon, which balances truncation error O(h²) against rounding O(ε/h).
const finiteDifferenceStep = 1e-6

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

// start returns f at the starting point x and writes its gradient into g,
// from s.InitValues when the caller supplied them.
func (o *objective) start(g, x []float64, s Settings) float64 {
	if v := s.InitValues; v != nil && len(v.Gradient) == len(g) {
		copy(g, v.Gradient)
		if math.IsNaN(v.F) {
			return math.Inf(1)
		}
		return v.F
	}
	return o.fg(g, x)
}

// begin starts a gradient method at a copy of x0: it returns the Result the
// method fills in (its X and Gradient hold the current point) and f there;
// ok is false, with Status NotFinite, when f or the gradient is not finite.
func (o *objective) begin(x0 []float64, s Settings) (res Result, f float64, ok bool) {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x0))
	res = Result{X: x, Gradient: g}
	f = o.start(g, x, s)
	if math.IsInf(f, 0) || !allFinite(g) {
		res.F, res.Status = f, NotFinite
		return res, f, false
	}
	return res, f, true
}

// trial returns f at a trial point of a line search, and writes the gradient
// into g when that comes at no extra cost (FuncGrad), reporting whether it did.
func (o *objective) trial(g, x []float64) (float64, bool) {
	if o.p.FuncGrad == nil {
		return o.f(x), false
	}
	return o.fg(g, x), true
}

// grad writes the gradient at x into g: Grad, else FuncGrad, else central
// finite differences of Func.
func (o *objective) grad(g, x []float64) {
	switch {
	case o.p.Grad != nil:
		o.evals++
		o.p.Grad(g, x)
		return
	case o.p.FuncGrad != nil:
		o.evals++
		o.p.FuncGrad(g, x)
		return
	}
	if o.tmp == nil {
		o.tmp = make([]float64, len(x))
	}
	copy(o.tmp, x)
	for i := range x {
		h := finiteDifferenceStep * math.Max(1, math.Abs(x[i]))
		o.tmp[i] = x[i] + h
		fp := o.f(o.tmp)
		o.tmp[i] = x[i] - h
		fm := o.f(o.tmp)
		o.tmp[i] = x[i]
		g[i] = (fp - fm) / (2 * h)
	}
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

package numeric

import "math"

// BFGS minimises p from x0 with the Broyden–Fletcher–Goldfarb–Shanno
// quasi-Newton method and a backtracking line search that enforces the Armijo
// (sufficient decrease) condition. The inverse-Hessian update is skipped when
// the curvature condition yᵀs > 0 fails, so the approximation stays positive
// definite. Stopping rules are in Settings; x0 is not modified.
func BFGS(p Problem, x0 []float64, s Settings) Result {
	s = s.withDefaults(1000)
	n := len(x0)
	obj := &objective{p: p}
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	res := Result{X: x, Gradient: g}
	f := obj.fg(g, x)
	if math.IsInf(f, 0) || !allFinite(g) {
		res.F, res.Status, res.Evaluations = f, NotFinite, obj.evals
		return res
	}
	h := identity(n) // inverse Hessian approximation
	dir := make([]float64, n)
	xNew := make([]float64, n)
	gNew := make([]float64, n)
	sv := make([]float64, n)
	yv := make([]float64, n)
	hy := make([]float64, n)
	status := IterationLimit
	iter := 0
	for ; iter < s.MaxIterations; iter++ {
		if maxAbs(g) <= s.GradientTol {
			status = GradientConverged
			break
		}
		for i := range dir {
			dir[i] = -dot(h[i], g)
		}
		slope := dot(dir, g)
		if slope >= 0 { // not a descent direction: restart from steepest descent
			h = identity(n)
			for i := range dir {
				dir[i] = -g[i]
			}
			slope = dot(dir, g)
		}
		// The first step of a fresh search is scaled so it moves at most 1
		// in any coordinate: parameters are logarithms, so that is a factor e.
		step := 1.0
		if iter == 0 {
			step = math.Min(1, 1/maxAbs(dir))
		}
		var fNew float64
		accepted, haveGrad := false, false
		for range 60 {
			moved := false
			for i := range xNew {
				xNew[i] = x[i] + step*dir[i]
				moved = moved || xNew[i] != x[i]
			}
			if !moved { // the step is below the resolution of x: give up
				break
			}
			fNew, haveGrad = obj.trial(gNew, xNew)
			if fNew <= f+1e-4*step*slope {
				accepted = true
				break
			}
			step *= 0.5
		}
		if !accepted {
			status = LineSearchFailed
			break
		}
		if !haveGrad {
			obj.grad(gNew, xNew)
		}
		if !allFinite(gNew) {
			status = LineSearchFailed
			break
		}
		for i := range sv {
			sv[i] = xNew[i] - x[i]
			yv[i] = gNew[i] - g[i]
		}
		fOld := f
		copy(x, xNew)
		copy(g, gNew)
		f = fNew
		if sy := dot(sv, yv); sy > 1e-12*math.Sqrt(dot(sv, sv)*dot(yv, yv)) {
			if iter == 0 { // scale the initial guess to the observed curvature
				scale := sy / dot(yv, yv)
				for i := range h {
					h[i][i] = scale
				}
			}
			updateInverseHessian(h, sv, yv, hy, sy)
		}
		if math.Abs(fOld-f) <= s.FunctionTol*(math.Abs(f)+s.FunctionTol) {
			if maxAbs(g) <= s.GradientTol {
				status = GradientConverged
			} else {
				status = FunctionConverged
			}
			iter++
			break
		}
	}
	res.F, res.Status, res.Iterations, res.Evaluations = f, status, iter, obj.evals
	return res
}

// updateInverseHessian applies the BFGS update
// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs), expanded so it
// needs one matrix-vector product.
func updateInverseHessian(h [][]float64, s, y, hy []float64, sy float64) {
	rho := 1 / sy
	for i := range hy {
		hy[i] = dot(h[i], y)
	}
	yhy := dot(y, hy)
	for i := range h {
		for j := range h[i] {
			h[i][j] += rho * ((1+rho*yhy)*s[i]*s[j] - hy[i]*s[j] - s[i]*hy[j])
		}
	}
}

func identity(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	return m
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

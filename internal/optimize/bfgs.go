package optimize

import "math"

// BFGS is the Broyden–Fletcher–Goldfarb–Shanno quasi-Newton method: it
// builds an approximation of the inverse Hessian from the gradients it
// observes and steps along it with a Backtracking line search. The
// approximation starts as the identity scaled to the curvature seen on the
// first step, and an update is skipped when the curvature condition yᵀs > 0
// fails (to within curvatureTol), so it stays positive definite. The zero
// value is ready to use.
type BFGS struct {
	// LineSearch chooses the step along each search direction.
	LineSearch Backtracking
}

// curvatureTol is the relative size yᵀs must exceed, against |s|·|y|, for a
// BFGS update to be made: below it the pair carries only rounding noise.
const curvatureTol = 1e-12

// firstStepMax bounds the move of the first step in any coordinate.
// Parameters are logarithms, so 1 is a factor of e.
const firstStepMax = 1.0

func (m BFGS) minimize(obj *objective, x0 []float64, s Settings) Result {
	s = s.withDefaults(1000)
	res, f, ok := obj.begin(x0, s)
	if !ok {
		return res
	}
	x, g, n := res.X, res.Gradient, len(x0)
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
		step := 1.0
		if iter == 0 {
			step = math.Min(1, firstStepMax/maxAbs(dir))
		}
		fNew, haveGrad, ok := m.LineSearch.search(obj, x, dir, f, slope, step, xNew, gNew)
		if !ok {
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
		if sy := dot(sv, yv); sy > curvatureTol*math.Sqrt(dot(sv, sv)*dot(yv, yv)) {
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
	res.F, res.Status, res.Iterations = f, status, iter
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

package optimize

import (
	"math"

	"github.com/secondsale/secondsale/internal/linalg"
)

// Newton is Newton's method on the Hessian, taken by central differences of
// the gradient (see Hessian). It is the polish after BFGS: along a long,
// nearly flat ridge (weakly identified parameters) BFGS's approximate
// Hessian is poor, the gradient is already below its tolerance, and the
// search stops far along the ridge from the minimum; Newton's steps, from
// the true curvature, converge quadratically there. It stops with
// GradientConverged when the gradient meets GradientTol and the next Newton
// step would move no coordinate by more than StepTol, so the minimum is
// pinned in x as well as in f; or, with the gradient met, when the next step
// is no longer less than half the one before and the decrease it predicts is
// below f's rounding: convergence has then given way to rounding noise in
// the gradient, which sets the floor of what any method can pin on a ridge
// that flat. The step it would take is not taken, so the
// test costs no evaluation. When either happens with the
// gradient still above GradientTol, the tolerance cannot be met and it stops
// with NoProgress. A Hessian that is not positive definite stops it with
// NotPositiveDefinite. The zero value is ready to use.
//
// A Hessian costs 2n gradients, so it is kept from step to step (the chord
// method, which near the minimum still gains several digits a step) and only
// taken afresh when the steps stop shrinking. Settings.InitValues saves the
// evaluation at x0 when the caller has it (the point where BFGS stopped).
// Result.Hessian is the last one taken, which serves the caller's standard
// errors.
//
// Steps are damped by halving only to keep f from rising: since the search
// starts near the minimum, where f changes by less than its rounding, a
// step may raise f by up to newtonNoise·(1+|f|).
type Newton struct{}

// newtonNoise is the relative rise of f a Newton step may cause and still be
// taken: a few units of float64 rounding of a sum of many terms.
const newtonNoise = 1e-13

// hessianReuse is how far, in any coordinate, the point where the kept
// Hessian was taken may lie from the converged X for Result.Hessian to be
// that one; farther, it is taken afresh at X. Second derivatives change by
// about that share over such a distance, well within the accuracy a
// standard error needs.
const hessianReuse = 1e-4

// newtonMaxHalvings bounds the halvings of one Newton step.
const newtonMaxHalvings = 30

func (Newton) minimize(obj *objective, x0 []float64, s Settings) Result {
	s = s.withDefaults(50)
	res, f, ok := obj.begin(x0, s)
	if !ok {
		return res
	}
	x, g, n := res.X, res.Gradient, len(x0)
	work := make([]float64, 4*n+n*n) // one allocation for the buffers below
	xNew, gNew, dir, hessianAt, flat := work[:n:n], work[n:2*n:2*n], work[2*n:3*n:3*n], work[3*n:4*n:4*n], work[4*n:]
	var chol linalg.Cholesky
	needHessian, fresh := true, false
	status := IterationLimit
	iter := 0               // steps taken
	prevStep := math.Inf(1) // the size of the last full step
	stop := func() Status { // at the minimum to the resolution the steps allow
		if maxAbs(g) > s.GradientTol {
			return NoProgress
		}
		return GradientConverged
	}
	for iter < s.MaxIterations {
		if needHessian {
			h := Hessian(obj.f, obj.grad, x)
			for i := range h {
				copy(flat[i*n:], h[i])
			}
			c, err := linalg.FactorSPD(flat, n)
			if err != nil {
				status = NotPositiveDefinite
				break
			}
			chol, res.Hessian = c, h
			copy(hessianAt, x)
			needHessian, fresh = false, true
		}
		for i := range dir {
			dir[i] = -g[i]
		}
		chol.SolveTo(dir, dir)
		if !allFinite(dir) {
			status = NotPositiveDefinite
			break
		}
		size := maxAbs(dir)
		if size <= s.StepTol && maxAbs(g) <= s.GradientTol {
			status = GradientConverged
			break
		}
		if size > prevStep/2 { // the steps stopped shrinking
			if !fresh { // the kept Hessian may have gone stale: retake it
				needHessian = true
				continue
			}
			// With the decrease the step predicts, −gᵀd/2, below f's
			// rounding, noise in the gradient now sets the steps.
			if -dot(g, dir)/2 <= newtonNoise*(1+math.Abs(f)) {
				status = stop()
				break
			}
		}
		step, accepted := 1.0, false
		var fNew float64
		for range newtonMaxHalvings {
			for i := range xNew {
				xNew[i] = x[i] + step*dir[i]
			}
			fNew = obj.fg(gNew, xNew)
			if fNew <= f+newtonNoise*(1+math.Abs(f)) && allFinite(gNew) {
				accepted = true
				break
			}
			step /= 2
		}
		if !accepted {
			if !fresh {
				needHessian = true
				continue
			}
			status = LineSearchFailed
			break
		}
		copy(x, xNew)
		copy(g, gNew)
		f = fNew
		iter++
		fresh = false
		prevStep = math.Inf(1) // a damped step says nothing of convergence
		if step == 1 {
			prevStep = size
		}
	}
	if status.Converged() {
		for i := range x {
			if math.Abs(x[i]-hessianAt[i]) > hessianReuse {
				res.Hessian = Hessian(obj.f, obj.grad, x)
				break
			}
		}
	}
	res.F, res.Status, res.Iterations = f, status, iter
	return res
}

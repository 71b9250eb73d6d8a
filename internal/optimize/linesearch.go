package optimize

// Backtracking is the line search of BFGS: it tries a step t along a descent
// direction d and multiplies t by ContractionFactor until the Armijo
// (sufficient decrease) condition
//
//	f(x + t·d) ≤ f(x) + DecreaseFactor · t · ∇f(x)ᵀd
//
// holds. It does not enforce the Wolfe curvature condition (there is no c2):
// BFGS instead skips its update whenever the curvature yᵀs it observes is not
// positive, which keeps its inverse Hessian positive definite just the same.
// The zero value means the defaults noted on each field; a field outside its
// range also means its default.
type Backtracking struct {
	// DecreaseFactor is c1 of the Armijo condition, in (0, 1). Default 1e-4,
	// the customary value (Nocedal & Wright, Numerical Optimization, §3.1):
	// almost any decrease is accepted, so full quasi-Newton steps usually are.
	DecreaseFactor float64
	// ContractionFactor multiplies a rejected step, in (0, 1). Default 0.5.
	ContractionFactor float64
	// MaxSteps bounds the trials of one search. Default 60: 0.5⁶⁰ ≈ 1e-18 is
	// below the resolution of a unit step, so more trials could not move x.
	MaxSteps int
}

const (
	defaultDecreaseFactor    = 1e-4
	defaultContractionFactor = 0.5
	defaultMaxSteps          = 60
)

func (b Backtracking) withDefaults() Backtracking {
	if !(b.DecreaseFactor > 0 && b.DecreaseFactor < 1) {
		b.DecreaseFactor = defaultDecreaseFactor
	}
	if !(b.ContractionFactor > 0 && b.ContractionFactor < 1) {
		b.ContractionFactor = defaultContractionFactor
	}
	if b.MaxSteps <= 0 {
		b.MaxSteps = defaultMaxSteps
	}
	return b
}

// search steps from x (where f is fx and the directional derivative along
// dir is slope < 0) starting with step, writing the accepted point into xNew.
// It returns f there and whether the gradient was written into gNew as well
// (with FuncGrad it comes with f), or ok = false when no trial met the
// condition or the step fell below the resolution of x.
func (b Backtracking) search(obj *objective, x, dir []float64, fx, slope, step float64, xNew, gNew []float64) (fNew float64, haveGrad, ok bool) {
	b = b.withDefaults()
	for range b.MaxSteps {
		moved := false
		for i := range xNew {
			xNew[i] = x[i] + step*dir[i]
			moved = moved || xNew[i] != x[i]
		}
		if !moved {
			return fx, false, false
		}
		fNew, haveGrad = obj.trial(gNew, xNew)
		if fNew <= fx+b.DecreaseFactor*step*slope {
			return fNew, haveGrad, true
		}
		step *= b.ContractionFactor
	}
	return fx, false, false
}

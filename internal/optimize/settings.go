package optimize

// Settings are the stopping rules shared by the methods. The zero value means
// the defaults noted on each field.
type Settings struct {
	// GradientTol stops BFGS and Newton when every component of the gradient
	// is at most GradientTol in absolute value (Newton also needs its step
	// below StepTol). Default 1e-6; models scale their objective per
	// observation, so this is a tolerance on the mean.
	GradientTol float64
	// FunctionTol stops Nelder-Mead when the simplex's function values differ
	// by at most FunctionTol·(|f|+FunctionTol), and stops BFGS when a step
	// changes f by no more than that. Default 1e-12.
	FunctionTol float64
	// StepTol stops Nelder-Mead when every vertex is within StepTol of the
	// best one in every coordinate, and Newton when its step moves no
	// coordinate by more than StepTol. For log-parameters it is a relative
	// change of the parameter. Default 1e-9.
	StepTol float64
	// InitValues, when not nil, holds f and its gradient at x0, which the
	// caller already has (from an earlier search), so BFGS and Newton do not
	// evaluate them again. Its Gradient must have len(x0) entries.
	InitValues *Location
	// MaxIterations bounds the iterations. Default 1,000 for BFGS, 20,000
	// for Nelder-Mead and 50 for Newton.
	MaxIterations int
}

// Location is the value and gradient of the objective at a point.
type Location struct {
	F        float64
	Gradient []float64
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

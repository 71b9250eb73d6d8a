package cohort

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/linalg"
	"github.com/secondsale/secondsale/internal/optimize"
	"github.com/secondsale/secondsale/success"
)

// FitOptions tunes a maximum-likelihood fit. The zero value means the
// defaults; fits reject options that Validate rejects.
type FitOptions struct {
	// GradientTol is the convergence tolerance on the gradient of the mean
	// negative log-likelihood per customer with respect to the logarithms of
	// the parameters: the fit stops when every component is at most this.
	// Default 1e-7. The fit then polishes the estimates with Newton steps
	// until a step changes no parameter by more than 1e-10 relative, so they
	// sit at the maximum even where the likelihood is a long flat ridge
	// (weakly identified parameters). A tolerance below what rounding in the
	// log-likelihood lets the gradient reach is reported as
	// *success.NotConvergedError saying so, with the gradient reached.
	GradientTol float64
	// MaxIterations bounds the quasi-Newton iterations, at most
	// MaxFitIterations. Default 1,000.
	MaxIterations int
}

// Validate reports every problem with the options as success.FieldErrors
// unwrapping to ErrInvalid: a tolerance that is negative or not finite, or
// an iteration bound outside 0..MaxFitIterations. Zero values are valid and
// mean the defaults.
func (o FitOptions) Validate() error {
	var problems success.FieldErrors
	if !finiteFloat(o.GradientTol) || o.GradientTol < 0 {
		fielderr.Addf(&problems, ErrInvalid, "gradient_tol", "must be a finite number >= 0 (0 means 1e-7), got %s", numberKind(o.GradientTol))
	}
	if o.MaxIterations < 0 || o.MaxIterations > MaxFitIterations {
		fielderr.Addf(&problems, ErrInvalid, "max_iterations", "must be within 0..%d (0 means 1,000), got %s", MaxFitIterations, countKind(o.MaxIterations, MaxFitIterations))
	}
	if err := problems.Err(); err != nil {
		return fmt.Errorf("fit options: %w", err)
	}
	return nil
}

// FitReport says how a fit went: the maximised log-likelihood and the work
// the optimiser did.
type FitReport struct {
	LogLikelihood float64 `json:"log_likelihood"` // at the estimates, including every constant term of the model's likelihood
	Iterations    int     `json:"iterations"`     // quasi-Newton and Newton iterations (plus simplex iterations when the fallback ran)
	Evaluations   int     `json:"evaluations"`    // evaluations of the log-likelihood or its gradient
	Method        string  `json:"method"`         // "BFGS", or "Nelder-Mead, then BFGS" when the fallback was needed; Newton steps polish either
}

// maxLogParam bounds |ln θ| of an accepted estimate. Beyond e^±25 a parameter
// is running off to a boundary (the likelihood has no interior maximum), and
// the "converged" point is only where the gradient became too flat to see.
const maxLogParam = 25

// positiveModel is a log-likelihood over strictly positive parameters.
type positiveModel struct {
	name  string
	names []string
	// logLik returns the log-likelihood at θ and, when grad is not nil,
	// writes its gradient with respect to θ: one pass serves both, since
	// they share most of their terms.
	logLik func(grad, theta []float64) float64
	// scale divides the negative log-likelihood so the gradient tolerance is
	// per customer.
	scale float64
}

// negLL returns the negative log-likelihood at θ.
func (m positiveModel) negLL(theta []float64) float64 { return -m.logLik(nil, theta) }

// negLLGrad returns the negative log-likelihood at θ and writes its gradient.
func (m positiveModel) negLLGrad(g, theta []float64) float64 {
	v := -m.logLik(g, theta)
	for i := range g {
		g[i] = -g[i]
	}
	return v
}

// fitPositive maximises m's likelihood over ln θ starting from start (natural
// scale). It runs BFGS; if that fails it runs Nelder-Mead from the start and
// then BFGS again. BFGS's gradient test alone can stop far along a ridge of
// weakly identified parameters, so Newton steps on the Hessian then polish
// the point until the gradient meets the tolerance and a step moves no
// parameter by more than polishStepTol relative. It returns the estimates,
// their standard errors (from the inverse of the Hessian the polish took, or
// of one taken afresh in θ when the polish could not finish) and a report,
// or a
// *success.NotConvergedError whose Reason tells a boundary (no interior
// maximum) from a tolerance that rounding keeps the gradient from meeting.
func fitPositive(m positiveModel, start []float64, opts FitOptions) (theta, se []float64, rep FitReport, err error) {
	if err := opts.Validate(); err != nil {
		return nil, nil, rep, err
	}
	n := len(start)
	settings := optimize.Settings{GradientTol: opts.GradientTol, MaxIterations: opts.MaxIterations}
	if settings.GradientTol <= 0 {
		settings.GradientTol = defaultGradientTol
	}
	th := make([]float64, n)
	gth := make([]float64, n)
	toTheta := func(x []float64) {
		for i := range x {
			th[i] = math.Exp(x[i])
		}
	}
	// chain writes the gradient in ln θ from the one in θ: d/d ln θ = θ d/dθ.
	chain := func(g []float64) {
		for i := range g {
			g[i] = gth[i] * th[i] / m.scale
		}
	}
	problem := optimize.Problem{
		Func: func(x []float64) float64 {
			toTheta(x)
			return m.negLL(th) / m.scale
		},
		Grad: func(g, x []float64) {
			toTheta(x)
			m.negLLGrad(gth, th)
			chain(g)
		},
		FuncGrad: func(g, x []float64) float64 {
			toTheta(x)
			v := m.negLLGrad(gth, th)
			chain(g)
			return v / m.scale
		},
	}
	x0 := make([]float64, n)
	for i, v := range start {
		x0[i] = math.Log(v)
	}
	// polish runs Newton from where BFGS stopped. When Newton cannot finish
	// (a Hessian that is not positive definite, or steps that keep going, as
	// in a homogeneous population's limit, where the maximum lies at
	// infinity along a ridge) a point BFGS found acceptable stands as it did
	// before the polish, and the standard errors judge it.
	polish := func(r optimize.Result) optimize.Result {
		if !polishable(r) {
			return r
		}
		p := optimize.Minimize(problem, r.X, optimize.Settings{GradientTol: settings.GradientTol, StepTol: polishStepTol,
			MaxIterations: polishMaxIterations, InitValues: &optimize.Location{F: r.F, Gradient: r.Gradient}}, optimize.Newton{})
		rep.Iterations += p.Iterations
		rep.Evaluations += p.Evaluations
		switch {
		case p.Status.Converged():
			return p
		case p.Status == optimize.NoProgress && acceptable(r, settings.GradientTol):
			// At the rounding floor, yet within the slack a BFGS point is
			// allowed: Newton's point is the better one.
			p.Status = r.Status
			return p
		case p.Status == optimize.NotPositiveDefinite || acceptable(r, settings.GradientTol):
			return r
		case p.Status != optimize.NoProgress && p.F > r.F:
			// Keep the better point, with the polish's verdict.
			p.X, p.F, p.Gradient = r.X, r.F, r.Gradient
		}
		return p
	}
	rep = FitReport{Method: "BFGS"}
	bfgs := func(from []float64) optimize.Result {
		r := optimize.Minimize(problem, from, settings, optimize.BFGS{})
		rep.Iterations += r.Iterations
		rep.Evaluations += r.Evaluations
		return polish(r)
	}
	res := bfgs(x0)
	// At the rounding floor of an interior point, a restart cannot do better.
	if res.Status != optimize.NoProgress && !acceptable(res, settings.GradientTol) {
		nm := optimize.Minimize(problem, x0, optimize.Settings{MaxIterations: opts.MaxIterations}, optimize.NelderMead{})
		rep.Method = "Nelder-Mead, then BFGS"
		rep.Iterations += nm.Iterations
		rep.Evaluations += nm.Evaluations
		if allFinite(nm.X) {
			res = bfgs(nm.X)
		}
	}
	theta = make([]float64, n)
	for i, x := range res.X {
		theta[i] = math.Exp(x)
	}
	rep.LogLikelihood = -res.F * m.scale
	notConverged := func(reason string) error {
		return &success.NotConvergedError{Model: m.name, Names: m.names, Last: theta,
			LogLikelihood: rep.LogLikelihood, Reason: reason, Iterations: rep.Iterations}
	}
	if reason := failure(res, settings.GradientTol); reason != "" {
		return nil, nil, rep, notConverged(reason)
	}
	if res.Hessian != nil {
		se, err = standardErrorsFromLog(res.Hessian, res.Gradient, theta, m.scale)
	} else {
		se, err = standardErrors(m, theta)
	}
	if err != nil {
		return nil, nil, rep, notConverged("the Hessian is not positive definite at the optimum (or its inverse is not finite), so it is not a strict maximum")
	}
	return theta, se, rep, nil
}

// defaultGradientTol is FitOptions.GradientTol's default.
const defaultGradientTol = 1e-7

// polishStepTol is the largest change of ln θ (so the relative change of a
// parameter) that the last Newton step of a fit may make: the estimates are
// then pinned to about this accuracy, far below their standard errors.
const polishStepTol = 1e-10

// polishMaxIterations bounds the Newton steps of the polish. From a point
// BFGS accepted, Newton needs two to five.
const polishMaxIterations = 50

// acceptable reports whether a result is an estimate: converged, finite,
// inside the boundary, and with a gradient near the tolerance even when BFGS
// stopped because f stopped changing and Newton could not polish the point
// (a stalled line search can stop f changing far from the optimum).
func acceptable(r optimize.Result, gradTol float64) bool {
	if !polishable(r) {
		return false
	}
	for _, g := range r.Gradient {
		if math.Abs(g) > 100*gradTol {
			return false
		}
	}
	return true
}

// polishable reports whether Newton steps may start from r: a finite point
// inside the boundary where BFGS stopped for a good reason.
func polishable(r optimize.Result) bool {
	return r.Status.Converged() && allFinite(r.X) && finiteFloat(r.F) && insideBoundary(r.X)
}

func insideBoundary(x []float64) bool {
	for _, v := range x {
		if math.Abs(v) > maxLogParam {
			return false
		}
	}
	return true
}

// failure returns why r is not an estimate, or "" when it is one.
func failure(r optimize.Result, gradTol float64) string {
	switch {
	case !allFinite(r.X) || !finiteFloat(r.F):
		return r.Status.String()
	case !insideBoundary(r.X):
		return "parameters diverge to a boundary (no interior maximum)"
	case r.Status == optimize.IterationLimit || r.Status == optimize.NotFinite || r.Status == optimize.LineSearchFailed:
		return r.Status.String()
	case r.Status == optimize.NotPositiveDefinite:
		return "the Hessian is not positive definite at the last iterate, so it is not a strict maximum"
	case r.Status == optimize.NoProgress || maxAbsFloat(r.Gradient) > 100*gradTol:
		// Interior, and no step improves the log-likelihood any more: what
		// is left of the gradient is rounding error in the log-likelihood.
		return fmt.Sprintf("the gradient tolerance %g cannot be met at this interior point: the largest gradient component "+
			"(per customer, in log-parameters) reached %.3g, where rounding in the log-likelihood stops further progress",
			gradTol, maxAbsFloat(r.Gradient))
	}
	return ""
}

func maxAbsFloat(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// standardErrors returns the square roots of the diagonal of the inverse
// Hessian of the negative log-likelihood at θ: the asymptotic standard errors
// of the maximum-likelihood estimates. A Hessian so near singular that a
// variance overflows is refused like a singular one: an infinite standard
// error is no estimate, and a fitted model must encode as JSON.
func standardErrors(m positiveModel, theta []float64) ([]float64, error) {
	h := optimize.Hessian(m.negLL, func(g, th []float64) { m.negLLGrad(g, th) }, theta)
	cov, err := linalg.InverseSPD(h)
	if err != nil {
		return nil, err
	}
	se := make([]float64, len(theta))
	for i := range se {
		se[i] = math.Sqrt(cov[i][i])
	}
	if !allFinite(se) {
		return nil, fmt.Errorf("%w: a variance is not finite", linalg.ErrNotPositiveDefinite)
	}
	return se, nil
}

// standardErrorsFromLog returns the standard errors from the Hessian hx and
// gradient gx of the scaled negative log-likelihood f in x = ln θ, which
// Newton's polish has already taken, so no second Hessian is needed. With
// D = diag(θ), the Hessian in θ is D⁻¹(hx − diag(gx))D⁻¹·scale, so the
// variance of θ_i is θ_i² times the i-th diagonal entry of
// ((hx − diag(gx))·scale)⁻¹. A Hessian so near singular that a variance
// overflows is refused like a singular one.
func standardErrorsFromLog(hx [][]float64, gx, theta []float64, scale float64) ([]float64, error) {
	a := make([][]float64, len(hx))
	for i := range hx {
		a[i] = make([]float64, len(hx[i]))
		for j, v := range hx[i] {
			a[i][j] = v * scale
		}
		a[i][i] -= gx[i] * scale
	}
	cov, err := linalg.InverseSPD(a)
	if err != nil {
		return nil, err
	}
	se := make([]float64, len(theta))
	for i := range se {
		se[i] = theta[i] * math.Sqrt(cov[i][i])
	}
	if !allFinite(se) {
		return nil, fmt.Errorf("%w: a variance is not finite", linalg.ErrNotPositiveDefinite)
	}
	return se, nil
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func finiteFloat(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

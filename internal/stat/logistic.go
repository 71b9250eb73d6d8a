package stat

import (
	"errors"
	"fmt"
	"math"

	"github.com/secondsale/secondsale/internal/linalg"
	"github.com/secondsale/secondsale/success"
)

// LogisticOptions are the settings of Logistic; the zero value means the
// documented defaults.
type LogisticOptions struct {
	// L2 is the ridge penalty λ: the fit maximises
	// loglik(β) - λ/2 · Σ_{j≥1} β_j², leaving the intercept β_0 unpenalised.
	// 0 means no penalty (plain maximum likelihood).
	L2 float64
	// Tolerance ends the iteration when every Newton step satisfies
	// |Δβ_j| <= Tolerance·(1+|β_j|); 0 means 1e-10.
	Tolerance float64
	// MaxIterations bounds the Newton steps; 0 means 100.
	MaxIterations int
	// PenaltyFactors scale L2 per column of X (glmnet's penalty.factor):
	// column j's coefficient is penalised by L2·PenaltyFactors[j]. nil means
	// 1 for every column; otherwise it has one finite factor >= 0 per column.
	PenaltyFactors []float64
}

// LogisticResult is a fitted logistic regression.
type LogisticResult struct {
	// Coef holds β: Coef[0] is the intercept, Coef[j] the weight of column
	// j-1 of X. StdErr holds their standard errors, the square roots of the
	// diagonal of the inverse penalised Hessian at the optimum (for λ = 0,
	// the usual Wald standard errors); after a converged fit it is the
	// Hessian of the last Newton step, whose point is within the tolerance.
	Coef   []float64
	StdErr []float64
	// LogLik is the log-likelihood at the optimum (without the penalty).
	LogLik     float64
	Iterations int
	Converged  bool
}

// ErrNotConverged reports a fit that hit MaxIterations. It is
// success.ErrNotConverged, the SDK's one non-convergence sentinel; Logistic
// returns it as a *success.NotConvergedError holding the last iterate, and
// the result so far beside it.
var ErrNotConverged = success.ErrNotConverged

// Logistic fits P(y=1|x) = σ(β_0 + Σ β_j x_j) by Newton's method, which for
// the logistic likelihood is iteratively reweighted least squares. Each step
// solves (XᵀWX + λĨ)Δ = Xᵀ(y-p) - λβ̃ by Cholesky factorisation and is
// halved until the penalised log-likelihood does not decrease (beyond its
// rounding; see worse), so the iteration is monotone and deterministic. x
// has one row per observation; every row must have the same length and
// finite values. It copies x into the column-major layout of
// LogisticColumns, which fits.
func Logistic(x [][]float64, y []bool, opts LogisticOptions) (LogisticResult, error) {
	if len(x) != len(y) || len(x) == 0 {
		return LogisticResult{}, fmt.Errorf("stat: logistic: %d rows and %d labels", len(x), len(y))
	}
	n, k := len(x), len(x[0])
	cols := make([]float64, n*k)
	for i, row := range x {
		if len(row) != k {
			return LogisticResult{}, fmt.Errorf("stat: logistic: row %d has %d columns, want %d", i, len(row), k)
		}
		for j, v := range row {
			cols[j*n+i] = v
		}
	}
	return LogisticColumns(cols, y, opts)
}

// LogisticColumns is Logistic on a design stored column by column: with
// n = len(y) observations, column j of X is cols[j·n : (j+1)·n]. This is
// the layout the Newton step reads (the linear predictor is a sum of
// scaled columns, and XᵀWX is formed from blocks of rows taken from every
// column), so a caller that builds the design itself avoids a copy.
func LogisticColumns(cols []float64, y []bool, opts LogisticOptions) (LogisticResult, error) {
	return logisticColumns(cols, y, opts, layoutAuto)
}

// layout chooses how the Newton steps form XᵀWX: by the cost estimate of
// newLogisticFit, or (for the tests of both) dense blocks or sparse rows.
type layout int

const (
	layoutAuto layout = iota
	layoutDense
	layoutSparse
)

func logisticColumns(cols []float64, y []bool, opts LogisticOptions, lay layout) (LogisticResult, error) {
	n := len(y)
	if n == 0 || len(cols)%n != 0 {
		return LogisticResult{}, fmt.Errorf("stat: logistic: %d values do not make columns of %d labels", len(cols), n)
	}
	p := len(cols)/n + 1
	for idx, v := range cols {
		if v-v != 0 { // NaN or ±Inf: v-v is 0 exactly for finite v
			return LogisticResult{}, fmt.Errorf("stat: logistic: row %d column %d is %v", idx%n, idx/n, v)
		}
	}
	lambda, tol, maxIter := opts.L2, opts.Tolerance, opts.MaxIterations
	if !(lambda >= 0) || math.IsInf(lambda, 1) {
		return LogisticResult{}, fmt.Errorf("stat: logistic: L2 must be >= 0 and finite, got %v", lambda)
	}
	if !(tol >= 0) || math.IsInf(tol, 1) {
		return LogisticResult{}, fmt.Errorf("stat: logistic: tolerance must be >= 0 and finite, got %v", tol)
	}
	if maxIter < 0 {
		return LogisticResult{}, fmt.Errorf("stat: logistic: max iterations must be >= 0, got %d", maxIter)
	}
	if opts.PenaltyFactors != nil && len(opts.PenaltyFactors) != p-1 {
		return LogisticResult{}, fmt.Errorf("stat: logistic: %d penalty factors for %d columns", len(opts.PenaltyFactors), p-1)
	}
	pen := make([]float64, p)
	for j := 1; j < p; j++ {
		pen[j] = lambda
		if opts.PenaltyFactors != nil {
			f := opts.PenaltyFactors[j-1]
			if !(f >= 0) || math.IsInf(f, 1) {
				return LogisticResult{}, fmt.Errorf("stat: logistic: penalty factor %d must be >= 0 and finite, got %v", j-1, f)
			}
			pen[j] = lambda * f
		}
	}
	if tol == 0 {
		tol = 1e-10
	}
	if maxIter == 0 {
		maxIter = 100
	}
	f := newLogisticFit(cols, y, pen)
	if lay != layoutAuto {
		f.setLayout(lay == layoutSparse, f.rowNonzeros())
	}
	beta := make([]float64, p)
	next := make([]float64, p)
	step := make([]float64, p)
	obj := f.objective(beta, f.eta, f.ex)
	res := LogisticResult{}
	var chol linalg.Cholesky
	for res.Iterations < maxIter {
		res.Iterations++
		f.gradientHessian(beta, f.eta, f.ex)
		var err error
		chol, err = linalg.FactorSPD(f.hess, p)
		if err != nil {
			return LogisticResult{}, errors.New("stat: logistic: Hessian is singular (collinear or constant columns); add an L2 penalty")
		}
		chol.SolveTo(step, f.grad)
		for halvings := 0; ; halvings++ {
			for j := range beta {
				next[j] = beta[j] + step[j]
			}
			if o := f.objective(next, f.etaNext, f.exNext); !worse(o, obj) || halvings == 30 {
				obj = o
				break
			}
			for j := range step {
				step[j] /= 2
			}
		}
		done := true
		for j := range beta {
			if math.Abs(next[j]-beta[j]) > tol*(1+math.Abs(beta[j])) {
				done = false
			}
		}
		beta, next = next, beta
		f.eta, f.etaNext = f.etaNext, f.eta
		f.ex, f.exNext = f.exNext, f.ex
		if done {
			res.Converged = true
			break
		}
	}
	if !res.Converged || res.Iterations == 0 {
		// The standard errors need the Hessian at the returned point. After
		// a converged step it is the one just factored: the step moved no
		// coefficient by more than the tolerance, relative to its size.
		f.gradientHessian(beta, f.eta, f.ex)
		var err error
		chol, err = linalg.FactorSPD(f.hess, p)
		if err != nil {
			return LogisticResult{}, errors.New("stat: logistic: Hessian is singular at the optimum; add an L2 penalty")
		}
	}
	res.Coef = beta
	inv := chol.Inverse()
	res.StdErr = make([]float64, p)
	for j := range res.StdErr {
		res.StdErr[j] = math.Sqrt(inv[j*p+j])
	}
	res.LogLik = f.logLik(f.eta, f.ex)
	if !res.Converged {
		names := make([]string, p)
		names[0] = "intercept"
		for j := 1; j < p; j++ {
			names[j] = fmt.Sprintf("x[%d]", j-1)
		}
		return res, &success.NotConvergedError{Model: "logistic regression", Names: names,
			Last: append([]float64(nil), beta...), LogLikelihood: res.LogLik,
			Reason:     fmt.Sprintf("a Newton step still moved a coefficient by more than the tolerance %g", tol),
			Iterations: res.Iterations}
	}
	return res, nil
}

// worse reports whether a trial objective o is below the current one by
// more than the rounding of a sum of thousands of terms (relative 1e-12;
// R's glm.fit allows 1e-8). Near the optimum a full Newton step changes the
// objective by less than that rounding; halving it then on the noise of the
// last bits made the convergence linear, and a step halved many times met
// the tolerance while the point was still ~1e-8 from the optimum.
func worse(o, current float64) bool {
	return o < current-1e-12*(1+math.Abs(current))
}

// logSigmoid returns log σ(t) without overflow.
func logSigmoid(t float64) float64 {
	if t >= 0 {
		return -math.Log1p(math.Exp(-t))
	}
	return t - math.Log1p(math.Exp(t))
}

// Sigmoid returns 1/(1+e^-t).
func Sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}

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
}

// LogisticResult is a fitted logistic regression.
type LogisticResult struct {
	// Coef holds β: Coef[0] is the intercept, Coef[j] the weight of column
	// j-1 of X. StdErr holds their standard errors, the square roots of the
	// diagonal of the inverse penalised Hessian at the optimum (for λ = 0,
	// the usual Wald standard errors).
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
// halved until the penalised log-likelihood does not decrease, so the
// iteration is monotone and deterministic. x has one row per observation;
// every row must have the same length and finite values.
func Logistic(x [][]float64, y []bool, opts LogisticOptions) (LogisticResult, error) {
	if len(x) != len(y) || len(x) == 0 {
		return LogisticResult{}, fmt.Errorf("stat: logistic: %d rows and %d labels", len(x), len(y))
	}
	p := len(x[0]) + 1
	for i, row := range x {
		if len(row) != p-1 {
			return LogisticResult{}, fmt.Errorf("stat: logistic: row %d has %d columns, want %d", i, len(row), p-1)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return LogisticResult{}, fmt.Errorf("stat: logistic: row %d column %d is %v", i, j, v)
			}
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
	if tol == 0 {
		tol = 1e-10
	}
	if maxIter == 0 {
		maxIter = 100
	}
	beta := make([]float64, p)
	obj := penalisedLogLik(x, y, beta, lambda)
	res := LogisticResult{}
	for res.Iterations < maxIter {
		res.Iterations++
		grad, hess := gradientHessian(x, y, beta, lambda)
		chol, err := linalg.FactorSPD(hess, p)
		if err != nil {
			return LogisticResult{}, errors.New("stat: logistic: Hessian is singular (collinear or constant columns); add an L2 penalty")
		}
		step := chol.Solve(grad)
		next := make([]float64, p)
		for halvings := 0; ; halvings++ {
			for j := range beta {
				next[j] = beta[j] + step[j]
			}
			if o := penalisedLogLik(x, y, next, lambda); o >= obj || halvings == 30 {
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
		beta = next
		if done {
			res.Converged = true
			break
		}
	}
	_, hess := gradientHessian(x, y, beta, lambda)
	chol, err := linalg.FactorSPD(hess, p)
	if err != nil {
		return LogisticResult{}, errors.New("stat: logistic: Hessian is singular at the optimum; add an L2 penalty")
	}
	res.Coef = beta
	inv := chol.Inverse()
	res.StdErr = make([]float64, p)
	for j := range res.StdErr {
		res.StdErr[j] = math.Sqrt(inv[j*p+j])
	}
	res.LogLik = penalisedLogLik(x, y, beta, 0)
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

func linear(row, beta []float64) float64 {
	eta := beta[0]
	for j, v := range row {
		eta += beta[j+1] * v
	}
	return eta
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

func penalisedLogLik(x [][]float64, y []bool, beta []float64, lambda float64) float64 {
	ll := 0.0
	for i, row := range x {
		eta := linear(row, beta)
		if y[i] {
			ll += logSigmoid(eta)
		} else {
			ll += logSigmoid(-eta)
		}
	}
	for _, b := range beta[1:] {
		ll -= lambda / 2 * b * b
	}
	return ll
}

// gradientHessian returns the gradient of the penalised log-likelihood and
// its negated Hessian XᵀWX + λĨ (row-major), which is positive definite.
func gradientHessian(x [][]float64, y []bool, beta []float64, lambda float64) ([]float64, []float64) {
	p := len(beta)
	grad := make([]float64, p)
	hess := make([]float64, p*p)
	feat := make([]float64, p)
	for i, row := range x {
		feat[0] = 1
		copy(feat[1:], row)
		mu := Sigmoid(linear(row, beta))
		r := -mu
		if y[i] {
			r = 1 - mu
		}
		w := mu * (1 - mu)
		for a := range p {
			grad[a] += feat[a] * r
			for b := 0; b <= a; b++ {
				hess[a*p+b] += w * feat[a] * feat[b]
			}
		}
	}
	for a := range p {
		for b := 0; b < a; b++ {
			hess[b*p+a] = hess[a*p+b]
		}
	}
	for j := 1; j < p; j++ {
		grad[j] -= lambda * beta[j]
		hess[j*p+j] += lambda
	}
	return grad, hess
}

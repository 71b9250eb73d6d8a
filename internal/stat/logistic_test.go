package stat

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/linalg"
)

// plainGradientHessian is the row-at-a-time reference the blocked
// gradientHessian must reproduce: the gradient of the penalised
// log-likelihood and its negated Hessian XᵀWX + λĨ, row-major.
func plainGradientHessian(x [][]float64, y []bool, beta []float64, lambda float64) ([]float64, []float64) {
	p := len(beta)
	grad := make([]float64, p)
	hess := make([]float64, p*p)
	feat := make([]float64, p)
	for i, row := range x {
		feat[0] = 1
		copy(feat[1:], row)
		eta := beta[0]
		for j, v := range row {
			eta += beta[j+1] * v
		}
		mu := Sigmoid(eta)
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

// plainLogistic is the Newton iteration as it was written before the
// blocked cross-product and the reuse of the linear predictor and of the
// last factorisation: a fresh gradient and Hessian per step, the standard
// errors from the Hessian at the returned point. (It shares worse, the
// step acceptance.)
func plainLogistic(x [][]float64, y []bool, lambda, tol float64, maxIter int) (beta, se []float64, iterations int, converged bool) {
	p := len(x[0]) + 1
	objective := func(beta []float64) float64 {
		ll := 0.0
		for i, row := range x {
			eta := beta[0]
			for j, v := range row {
				eta += beta[j+1] * v
			}
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
	beta = make([]float64, p)
	obj := objective(beta)
	for iterations < maxIter {
		iterations++
		grad, hess := plainGradientHessian(x, y, beta, lambda)
		chol, err := linalg.FactorSPD(hess, p)
		if err != nil {
			return nil, nil, iterations, false
		}
		step := chol.Solve(grad)
		next := make([]float64, p)
		for halvings := 0; ; halvings++ {
			for j := range beta {
				next[j] = beta[j] + step[j]
			}
			if o := objective(next); !worse(o, obj) || halvings == 30 {
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
			converged = true
			break
		}
	}
	_, hess := plainGradientHessian(x, y, beta, lambda)
	chol, err := linalg.FactorSPD(hess, p)
	if err != nil {
		return nil, nil, iterations, false
	}
	inv := chol.Inverse()
	se = make([]float64, p)
	for j := range se {
		se[j] = math.Sqrt(inv[j*p+j])
	}
	return beta, se, iterations, converged
}

// drawDesign draws a design with the structure of scorecard points: 0/1
// columns (one-hot levels, booleans), values on a few levels, continuous
// values, rows that repeat, and a row count that is rarely a multiple of
// the block.
func drawDesign(t *rapid.T) ([][]float64, []bool) {
	n := rapid.IntRange(2, 3*hessianBlock+5).Draw(t, "n")
	k := rapid.IntRange(1, 11).Draw(t, "k")
	kinds := make([]int, k)
	for j := range kinds {
		kinds[j] = rapid.IntRange(0, 2).Draw(t, "kind")
	}
	seed := rapid.Uint64().Draw(t, "seed")
	r := newSplitMix(seed)
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		if i > 0 && r.float() < 0.1 {
			x[i] = append([]float64(nil), x[i-1]...) // a duplicate row
		} else {
			x[i] = make([]float64, k)
			for j := range x[i] {
				switch kinds[j] {
				case 0:
					x[i][j] = math.Floor(r.float() * 1.3) // mostly 0, as one-hot levels
				case 1:
					x[i][j] = math.Floor(r.float()*5) / 4
				default:
					x[i][j] = r.float()
				}
			}
		}
		eta := -0.5
		for j, v := range x[i] {
			eta += float64(j%3-1) * 2 * v
		}
		y[i] = r.float() < Sigmoid(eta)
	}
	y[0], y[1] = true, false
	return x, y
}

// splitMix is a tiny deterministic generator, so a rapid seed draws a whole
// design without thousands of draws.
type splitMix struct{ s uint64 }

func newSplitMix(seed uint64) *splitMix { return &splitMix{seed} }

func (r *splitMix) float() float64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// The gradient and Hessian, from dense blocks or from sparse rows, equal the
// row-at-a-time sums.
func TestGradientHessianMatchesPlain(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x, y := drawDesign(t)
		n, k := len(x), len(x[0])
		beta := make([]float64, k+1)
		for j := range beta {
			beta[j] = rapid.Float64Range(-3, 3).Draw(t, "beta")
		}
		lambda := rapid.Float64Range(0, 5).Draw(t, "lambda")
		cols := make([]float64, n*k)
		pen := make([]float64, k+1)
		for i, row := range x {
			for j, v := range row {
				cols[j*n+i] = v
			}
		}
		for j := 1; j <= k; j++ {
			pen[j] = lambda
		}
		grad, hess := plainGradientHessian(x, y, beta, lambda)
		f := newLogisticFit(cols, y, pen)
		var denseEta, denseGrad []float64
		for _, sparse := range []bool{false, true} {
			f.setLayout(sparse, f.rowNonzeros())
			f.objective(beta, f.eta, f.ex)
			f.gradientHessian(beta, f.eta, f.ex)
			for j := range grad {
				require.InDelta(t, grad[j], f.grad[j], 1e-11*(1+math.Abs(grad[j])), "sparse %v grad %d", sparse, j)
			}
			for j := range hess {
				require.InDelta(t, hess[j], f.hess[j], 1e-11*(1+math.Abs(hess[j])), "sparse %v hess %d", sparse, j)
			}
			if !sparse {
				denseEta, denseGrad = slices.Clone(f.eta), slices.Clone(f.grad)
				continue
			}
			// The sparse rows leave out zero terms only: the linear predictor
			// and the gradient are the same to the last bit.
			require.Equal(t, denseEta, f.eta)
			require.Equal(t, denseGrad, f.grad)
		}
	})
}

// The fit, in either layout, equals the plain Newton iteration it replaced:
// the same steps, coefficients and standard errors to far below the
// tolerance.
func TestLogisticMatchesPlainIteration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x, y := drawDesign(t)
		lambda := rapid.SampledFrom([]float64{0.1, 1, 10}).Draw(t, "lambda")
		lay := rapid.SampledFrom([]layout{layoutAuto, layoutDense, layoutSparse}).Draw(t, "layout")
		n, k := len(x), len(x[0])
		cols := make([]float64, n*k)
		for i, row := range x {
			for j, v := range row {
				cols[j*n+i] = v
			}
		}
		res, err := logisticColumns(cols, y, LogisticOptions{L2: lambda}, lay)
		beta, se, iterations, converged := plainLogistic(x, y, lambda, 1e-10, 100)
		require.NoError(t, err)
		require.True(t, converged)
		require.Equal(t, iterations, res.Iterations)
		for j := range beta {
			require.InDelta(t, beta[j], res.Coef[j], 1e-9*(1+math.Abs(beta[j])), "coef %d", j)
			require.InDelta(t, se[j], res.StdErr[j], 1e-8*se[j], "se %d", j)
		}
	})
}

// Penalty factors scale the penalty per column: a column with factor f and
// penalty λ fits as the same column with penalty λ·f would alone, which is
// the same as the column divided by √f under penalty λ (coefficient times
// √f). A factor of 0 leaves the column unpenalised.
func TestLogisticPenaltyFactors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x, y := drawDesign(t)
		k := len(x[0])
		factors := make([]float64, k)
		for j := range factors {
			factors[j] = rapid.SampledFrom([]float64{0.25, 1, 4}).Draw(t, "factor")
		}
		scaled := make([][]float64, len(x))
		for i, row := range x {
			scaled[i] = make([]float64, k)
			for j, v := range row {
				scaled[i][j] = v / math.Sqrt(factors[j])
			}
		}
		a, err := Logistic(x, y, LogisticOptions{L2: 1, PenaltyFactors: factors})
		require.NoError(t, err)
		b, err := Logistic(scaled, y, LogisticOptions{L2: 1})
		require.NoError(t, err)
		require.InDelta(t, b.Coef[0], a.Coef[0], 1e-7*(1+math.Abs(b.Coef[0])))
		for j := range factors {
			want := b.Coef[j+1] / math.Sqrt(factors[j])
			require.InDelta(t, want, a.Coef[j+1], 1e-7*(1+math.Abs(want)), "coef %d", j+1)
		}
		require.InDelta(t, b.LogLik, a.LogLik, 1e-8*(1+math.Abs(b.LogLik)))
	})
	x := [][]float64{{0}, {1}, {2}, {3}, {1}, {2}}
	y := []bool{false, true, false, true, true, false}
	for _, f := range [][]float64{{-1}, {math.NaN()}, {math.Inf(1)}, {1, 1}} {
		_, err := Logistic(x, y, LogisticOptions{L2: 1, PenaltyFactors: f})
		require.Error(t, err, "%v", f)
	}
	free, err := Logistic(x, y, LogisticOptions{L2: 5, PenaltyFactors: []float64{0}})
	require.NoError(t, err)
	plain, err := Logistic(x, y, LogisticOptions{})
	require.NoError(t, err)
	require.InDelta(t, plain.Coef[1], free.Coef[1], 1e-9, "a factor of 0 leaves the column unpenalised")
}

// The sigmoid and log-sigmoid from a shared exp(-|t|) are exactly Sigmoid
// and logSigmoid.
func TestSharedExpIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		eta := []float64{rapid.Float64Range(-800, 800).Draw(t, "t")}
		y := rapid.Bool().Draw(t, "y")
		f := &logisticFit{y: []bool{y}}
		ex := make([]float64, 1)
		ll := f.logLik(eta, ex)
		want := logSigmoid(eta[0])
		if !y {
			want = logSigmoid(-eta[0])
		}
		require.Equal(t, want, ll)
		require.Equal(t, Sigmoid(eta[0]), sigmoidOf(eta[0], ex[0]))
	})
}

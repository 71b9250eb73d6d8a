package stat

import (
	"math"

	"github.com/secondsale/secondsale/internal/linalg"
)

// hessianBlock is the number of rows whose √w-scaled values are gathered
// before their cross-products are added to XᵀWX: 128 rows of 50 columns
// are 50 KB, well inside L2, and long enough dot products to hide the loop.
const hessianBlock = 128

// logisticFit holds the design and the buffers of one Newton iteration, so
// the iteration allocates nothing per step. The linear predictor of the
// accepted point (eta) is kept from the objective's pass, which the
// gradient and Hessian then reuse instead of recomputing Xβ.
type logisticFit struct {
	n, p       int       // observations, coefficients (intercept first)
	cols       []float64 // column-major design without the intercept column
	y          []bool
	pen        []float64 // penalty per coefficient; pen[0] = 0
	eta        []float64 // Xβ at the current point
	etaNext    []float64 // Xβ at the trial point
	r          []float64 // residuals y - μ
	block      []float64 // √w-scaled rows of one block, column by column
	grad, hess []float64
}

func newLogisticFit(cols []float64, y []bool, pen []float64) *logisticFit {
	n, p := len(y), len(pen)
	return &logisticFit{n: n, p: p, cols: cols, y: y, pen: pen,
		eta: make([]float64, n), etaNext: make([]float64, n), r: make([]float64, n),
		block: make([]float64, p*hessianBlock), grad: make([]float64, p), hess: make([]float64, p*p)}
}

// predict writes Xβ into eta, adding the columns in order, so each value is
// the same sum, in the same order, as β_0 + Σ_j β_j x_j taken row by row.
func (f *logisticFit) predict(beta, eta []float64) {
	n := f.n
	for i := range eta {
		eta[i] = beta[0]
	}
	for j := 1; j < f.p; j++ {
		b, col := beta[j], f.cols[(j-1)*n:j*n]
		for i, v := range col {
			eta[i] += b * v
		}
	}
}

// logLik is the log-likelihood of the linear predictor eta.
func (f *logisticFit) logLik(eta []float64) float64 {
	ll := 0.0
	for i, e := range eta {
		if f.y[i] {
			ll += logSigmoid(e)
		} else {
			ll += logSigmoid(-e)
		}
	}
	return ll
}

// objective sets eta to Xβ and returns the penalised log-likelihood at β.
func (f *logisticFit) objective(beta, eta []float64) float64 {
	f.predict(beta, eta)
	ll := f.logLik(eta)
	for j, b := range beta[1:] {
		ll -= f.pen[j+1] / 2 * b * b
	}
	return ll
}

// gradientHessian sets grad to the gradient of the penalised log-likelihood
// at β and hess to its negated Hessian XᵀWX + diag(pen) (row-major, full),
// which is positive definite; eta must be Xβ. XᵀWX is formed as SᵀS with
// S = √W·X, one block of rows at a time, upper triangle only, then mirrored.
func (f *logisticFit) gradientHessian(beta, eta []float64) {
	n, p, B := f.n, f.p, hessianBlock
	clear(f.hess)
	for i0 := 0; i0 < n; i0 += B {
		m := min(B, n-i0)
		sw := f.block[:m] // column 0, the intercept: √w itself
		for k := range m {
			mu := Sigmoid(eta[i0+k])
			if f.y[i0+k] {
				f.r[i0+k] = 1 - mu
			} else {
				f.r[i0+k] = -mu
			}
			sw[k] = math.Sqrt(mu * (1 - mu))
		}
		for a := 1; a < p; a++ {
			dst, col := f.block[a*B:a*B+m], f.cols[(a-1)*n+i0:(a-1)*n+i0+m]
			for k, v := range col {
				dst[k] = sw[k] * v
			}
		}
		linalg.AddGram(f.hess, p, f.block, B, m)
	}
	linalg.MirrorUpper(f.hess, p)
	g := 0.0
	for _, r := range f.r {
		g += r
	}
	f.grad[0] = g
	for a := 1; a < p; a++ {
		g, col := 0.0, f.cols[(a-1)*n:a*n]
		for i, v := range col {
			g += v * f.r[i]
		}
		f.grad[a] = g - f.pen[a]*beta[a]
		f.hess[a*p+a] += f.pen[a]
	}
}

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
	ex, exNext []float64 // exp(-|η|) of eta and etaNext, for the sigmoid
	r          []float64 // residuals y - μ (dense layout)
	block      []float64 // √w-scaled rows of one block, column by column
	grad, hess []float64
	// The nonzero values row by row (the intercept's 1 first), when the
	// design is sparse enough that adding each row's outer product over its
	// nonzero entries is cheaper than the dense blocks: row i's are
	// idx[start[i]:start[i+1]] and val[...]. nil for a dense design.
	start []int
	idx   []int32
	val   []float64
}

// sparseCostFactor is how many times more an update of a row's sparse
// outer product costs than a multiply-add of the dense blocks (an indexed
// load and store per update against register tiles): 3.3 to 3.8 measured
// in CPU time on the Telco design and on dense designs of 12 and 45
// columns, rounded up so that a design only a little sparser than dense
// keeps the dense blocks.
const sparseCostFactor = 4

func newLogisticFit(cols []float64, y []bool, pen []float64) *logisticFit {
	n, p := len(y), len(pen)
	f := &logisticFit{n: n, p: p, cols: cols, y: y, pen: pen,
		eta: make([]float64, n), etaNext: make([]float64, n), r: make([]float64, n),
		ex: make([]float64, n), exNext: make([]float64, n),
		grad: make([]float64, p), hess: make([]float64, p*p)}
	nnz := f.rowNonzeros()
	var sparseCost float64
	for _, k := range nnz {
		sparseCost += float64(k) * float64(k+1) / 2
	}
	f.setLayout(sparseCostFactor*sparseCost < float64(n)*float64(p)*float64(p+1)/2, nnz)
	return f
}

// rowNonzeros counts each row's nonzero values, the intercept's included.
func (f *logisticFit) rowNonzeros() []int {
	n := f.n
	nnz := make([]int, n)
	for i := range nnz {
		nnz[i] = 1
	}
	for j := 1; j < f.p; j++ {
		col := f.cols[(j-1)*n : j*n]
		nnz := nnz[:len(col)]
		for i, v := range col {
			nnz[i] += nonzero(v)
		}
	}
	return nnz
}

// nonzero is 1 for v != 0 and 0 otherwise, without a branch to mispredict
// on the zeros and ones of one-hot columns.
func nonzero(v float64) int {
	c := 0
	if v != 0 {
		c = 1
	}
	return c
}

// setLayout prepares the buffers of the sparse rows (sparse) or of the
// dense blocks that gradientHessian will use; nnz are the rowNonzeros.
func (f *logisticFit) setLayout(sparse bool, nnz []int) {
	n, p := f.n, f.p
	f.start, f.idx, f.val, f.block = nil, nil, nil, nil
	if !sparse {
		f.block = make([]float64, p*hessianBlock)
		return
	}
	f.start = make([]int, n+1)
	for i, k := range nnz {
		f.start[i+1] = f.start[i] + k
	}
	// Row by row, so the writes are sequential (the reads take one value
	// from each column, whose cache lines serve the next rows too). Every
	// value is written at the next free slot, which advances only past a
	// nonzero one (no branch): a row's trailing zeros land on the next
	// row's first slot, which that row then sets to the intercept's 1, and
	// the last row's on one spare slot at the end.
	f.idx = make([]int32, f.start[n]+1)
	f.val = make([]float64, f.start[n]+1)
	k := 0
	for i := range n {
		f.idx[k], f.val[k] = 0, 1
		k++
		for j := 1; j < p; j++ {
			v := f.cols[(j-1)*n+i]
			f.idx[k], f.val[k] = int32(j), v
			k += nonzero(v)
		}
	}
	f.idx, f.val = f.idx[:f.start[n]], f.val[:f.start[n]]
}

// predict writes Xβ into eta, adding the columns in order, so each value is
// the same sum, in the same order, as β_0 + Σ_j β_j x_j taken row by row.
//
// On sparse rows it adds the nonzero terms only, in the same order: the
// terms left out are zeros, so every value is the same to the last bit.
func (f *logisticFit) predict(beta, eta []float64) {
	n := f.n
	if f.start != nil {
		for i := range eta {
			lo, hi := f.start[i]+1, f.start[i+1] // after the intercept's 1
			e := beta[0]
			val := f.val[lo:hi]
			for k, j := range f.idx[lo:hi] {
				e += beta[j] * val[k]
			}
			eta[i] = e
		}
		return
	}
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

// logLik is the log-likelihood of the linear predictor eta, the sum of
// logSigmoid(±η); it sets ex to exp(-|η|), which the sigmoid of the next
// gradient reuses (logSigmoid and Sigmoid both start from it).
func (f *logisticFit) logLik(eta, ex []float64) float64 {
	ll := 0.0
	ex = ex[:len(eta)]
	for i, t := range eta {
		e := math.Exp(-math.Abs(t))
		ex[i] = e
		if !f.y[i] {
			t = -t
		}
		if t >= 0 {
			ll += -math.Log1p(e)
		} else {
			ll += t - math.Log1p(e)
		}
	}
	return ll
}

// sigmoidOf is Sigmoid(t) given e = exp(-|t|).
func sigmoidOf(t, e float64) float64 {
	if t >= 0 {
		return 1 / (1 + e)
	}
	return e / (1 + e)
}

// objective sets eta to Xβ (and ex) and returns the penalised
// log-likelihood at β.
func (f *logisticFit) objective(beta, eta, ex []float64) float64 {
	f.predict(beta, eta)
	ll := f.logLik(eta, ex)
	for j, b := range beta[1:] {
		ll -= f.pen[j+1] / 2 * b * b
	}
	return ll
}

// gradientHessian sets grad to the gradient of the penalised log-likelihood
// at β and hess to its negated Hessian XᵀWX + diag(pen) (row-major, full),
// which is positive definite; eta must be Xβ and ex exp(-|Xβ|). XᵀWX is
// formed upper triangle only, then mirrored: for a sparse design as the sum
// of each row's w·xxᵀ over its nonzero values, otherwise as SᵀS with
// S = √W·X, one block of rows at a time.
func (f *logisticFit) gradientHessian(beta, eta, ex []float64) {
	n, p, B := f.n, f.p, hessianBlock
	clear(f.hess)
	if f.start != nil {
		clear(f.grad)
		for i, t := range eta {
			mu := sigmoidOf(t, ex[i])
			r := -mu
			if f.y[i] {
				r = 1 - mu
			}
			lo, hi := f.start[i], f.start[i+1]
			idx, val := f.idx[lo:hi], f.val[lo:hi]
			linalg.AddOuterSparse(f.hess, p, idx, val, mu*(1-mu))
			val = val[:len(idx)]
			for k, j := range idx { // the same sums, in the same order, as the column dots below
				f.grad[j] += r * val[k]
			}
		}
		f.finish(beta)
		return
	}
	for i0 := 0; i0 < n; i0 += B {
		m := min(B, n-i0)
		sw := f.block[:m] // column 0, the intercept: √w itself
		for k := range m {
			mu := sigmoidOf(eta[i0+k], ex[i0+k])
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
		f.grad[a] = g
	}
	f.finish(beta)
}

// finish mirrors XᵀWX and adds the penalty to it and to the gradient.
func (f *logisticFit) finish(beta []float64) {
	p := f.p
	linalg.MirrorUpper(f.hess, p)
	for a := 1; a < p; a++ {
		f.grad[a] -= f.pen[a] * beta[a]
		f.hess[a*p+a] += f.pen[a]
	}
}

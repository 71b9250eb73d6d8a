package numeric

import (
	"fmt"
	"math"
)

// Hessian returns the matrix of second derivatives of f at x by central finite
// differences with a relative step of 1e-4 (the step that balances truncation
// error, O(h²), against rounding error, O(ε/h²), for a smooth f of moderate
// scale). When grad is not nil it differentiates the gradient instead, which
// is more accurate. The result is symmetrised. It evaluates f about 2n² times
// (or grad 2n times).
func Hessian(f func(x []float64) float64, grad func(g, x []float64), x []float64) [][]float64 {
	n := len(x)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	step := make([]float64, n)
	for i := range x {
		step[i] = 1e-4 * math.Max(1, math.Abs(x[i]))
	}
	xx := append([]float64(nil), x...)
	if grad != nil {
		gp, gm := make([]float64, n), make([]float64, n)
		for i := range x {
			xx[i] = x[i] + step[i]
			grad(gp, xx)
			xx[i] = x[i] - step[i]
			grad(gm, xx)
			xx[i] = x[i]
			for j := range x {
				h[i][j] = (gp[j] - gm[j]) / (2 * step[i])
			}
		}
	} else {
		at := func(di, dj float64, i, j int) float64 {
			copy(xx, x)
			xx[i] += di * step[i]
			xx[j] += dj * step[j]
			return f(xx)
		}
		f0 := f(x)
		for i := range x {
			h[i][i] = (at(1, 0, i, i) - 2*f0 + at(-1, 0, i, i)) / (step[i] * step[i])
			for j := range i {
				v := (at(1, 1, i, j) - at(1, -1, i, j) - at(-1, 1, i, j) + at(-1, -1, i, j)) / (4 * step[i] * step[j])
				h[i][j], h[j][i] = v, v
			}
		}
	}
	for i := range h {
		for j := range i {
			avg := (h[i][j] + h[j][i]) / 2
			h[i][j], h[j][i] = avg, avg
		}
	}
	return h
}

// InverseSPD returns the inverse of a symmetric positive-definite matrix by
// Cholesky decomposition, or an error wrapping ErrDomain when the matrix is
// not positive definite (for a Hessian of a negative log-likelihood: the point
// is not a strict minimum, so no standard errors exist there).
func InverseSPD(a [][]float64) ([][]float64, error) {
	n := len(a)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
	}
	for j := range n {
		d := a[j][j]
		for k := range j {
			d -= l[j][k] * l[j][k]
		}
		if !(d > 0) {
			return nil, fmt.Errorf("%w: matrix is not positive definite (pivot %d is %g)", ErrDomain, j, d)
		}
		l[j][j] = math.Sqrt(d)
		for i := j + 1; i < n; i++ {
			v := a[i][j]
			for k := range j {
				v -= l[i][k] * l[j][k]
			}
			l[i][j] = v / l[j][j]
		}
	}
	// Solve L Lᵀ X = I column by column.
	inv := make([][]float64, n)
	for i := range inv {
		inv[i] = make([]float64, n)
	}
	col := make([]float64, n)
	for c := range n {
		for i := range n {
			v := 0.0
			if i == c {
				v = 1
			}
			for k := range i {
				v -= l[i][k] * col[k]
			}
			col[i] = v / l[i][i]
		}
		for i := n - 1; i >= 0; i-- {
			v := col[i]
			for k := i + 1; k < n; k++ {
				v -= l[k][i] * col[k]
			}
			col[i] = v / l[i][i]
		}
		for i := range n {
			inv[i][c] = col[i]
		}
	}
	return inv, nil
}

package optimize

import "math"

// Hessian returns the matrix of second derivatives of f at x by central finite
// differences with a relative step of 1e-4 (the step that balances truncation
// error, O(h²), against rounding error, O(ε/h²), for a smooth f of moderate
// scale). When grad is not nil it differentiates the gradient instead, which
// is more accurate. The result is symmetrised. It evaluates f about 2n² times
// (or grad 2n times).
func Hessian(f func(x []float64) float64, grad func(g, x []float64), x []float64) [][]float64 {
	n := len(x)
	h := make([][]float64, n)
	back := make([]float64, n*n+4*n) // the rows, then the scratch vectors
	for i := range h {
		h[i] = back[i*n : (i+1)*n : (i+1)*n]
	}
	scratch := back[n*n:]
	step, xx := scratch[:n:n], scratch[n:2*n:2*n]
	for i := range x {
		step[i] = 1e-4 * math.Max(1, math.Abs(x[i]))
	}
	copy(xx, x)
	if grad != nil {
		gp, gm := scratch[2*n:3*n:3*n], scratch[3*n:]
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

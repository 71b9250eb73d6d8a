package stat

import "math"

// cholesky factors the symmetric positive-definite n×n matrix a (row-major)
// as L·Lᵀ and returns L, or false when a is not positive definite.
func cholesky(a []float64, n int) ([]float64, bool) {
	l := make([]float64, n*n)
	for j := range n {
		d := a[j*n+j]
		for k := range j {
			d -= l[j*n+k] * l[j*n+k]
		}
		if !(d > 0) {
			return nil, false
		}
		l[j*n+j] = math.Sqrt(d)
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = s / l[j*n+j]
		}
	}
	return l, true
}

// cholSolve solves L·Lᵀ·x = b.
func cholSolve(l []float64, n int, b []float64) []float64 {
	y := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * y[k]
		}
		y[i] = s / l[i*n+i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x
}

// cholInverseDiag returns the diagonal of (L·Lᵀ)⁻¹.
func cholInverseDiag(l []float64, n int) []float64 {
	d := make([]float64, n)
	e := make([]float64, n)
	for j := range n {
		clear(e)
		e[j] = 1
		d[j] = cholSolve(l, n, e)[j]
	}
	return d
}

package linalg

import (
	"fmt"
	"math"
)

// Cholesky is the factor L of a symmetric positive-definite n×n matrix
// A = L·Lᵀ, kept row-major. It solves the Newton steps of the model fits and
// inverts their Hessians for standard errors.
type Cholesky struct {
	n int
	l []float64
}

// FactorSPD factors the symmetric positive-definite n×n matrix a (row-major;
// only its lower triangle is read). It returns an error wrapping
// ErrNotPositiveDefinite when a is not positive definite (ErrShape when a
// does not have n×n entries): for the Hessian of a negative
// log-likelihood, the point is not a strict minimum.
func FactorSPD(a []float64, n int) (Cholesky, error) {
	if len(a) != n*n {
		return Cholesky{}, fmt.Errorf("%w: matrix has %d entries, want %d×%d", ErrShape, len(a), n, n)
	}
	l := make([]float64, n*n)
	for j := range n {
		d := a[j*n+j]
		for k := range j {
			d -= l[j*n+k] * l[j*n+k]
		}
		if !(d > 0) {
			return Cholesky{}, fmt.Errorf("%w: matrix is not positive definite (pivot %d is %g)", ErrNotPositiveDefinite, j, d)
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
	return Cholesky{n: n, l: l}, nil
}

// Solve returns x with A·x = b.
func (c Cholesky) Solve(b []float64) []float64 {
	return c.SolveTo(make([]float64, c.n), b)
}

// SolveTo writes x with A·x = b into dst (len n, which may be b itself)
// and returns it, so a loop of solves allocates nothing.
func (c Cholesky) SolveTo(dst, b []float64) []float64 {
	n, l := c.n, c.l
	x := dst
	for i := range n { // forward: L·y = b
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	for i := n - 1; i >= 0; i-- { // backward: Lᵀ·x = y
		s := x[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x
}

// Inverse returns A⁻¹, row-major.
func (c Cholesky) Inverse() []float64 {
	n := c.n
	inv := make([]float64, n*n)
	e := make([]float64, n)
	for col := range n {
		clear(e)
		e[col] = 1
		x := c.Solve(e)
		for i := range n {
			inv[i*n+col] = x[i]
		}
	}
	return inv
}

// InverseSPD returns the inverse of a symmetric positive-definite matrix, or
// an error wrapping ErrNotPositiveDefinite when it is not positive definite.
func InverseSPD(a [][]float64) ([][]float64, error) {
	n := len(a)
	flat := make([]float64, 0, n*n)
	for _, row := range a {
		if len(row) != n {
			return nil, fmt.Errorf("%w: matrix is not square", ErrShape)
		}
		flat = append(flat, row...)
	}
	c, err := FactorSPD(flat, n)
	if err != nil {
		return nil, err
	}
	inv := c.Inverse()
	out := make([][]float64, n)
	for i := range out {
		out[i] = inv[i*n : (i+1)*n : (i+1)*n]
	}
	return out, nil
}

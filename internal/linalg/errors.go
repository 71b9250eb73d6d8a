package linalg

import "errors"

// ErrNotPositiveDefinite reports a matrix that a Cholesky factorisation
// needs positive definite and is not: for the Hessian of a negative
// log-likelihood, the point is not a strict minimum; for a system of normal
// equations, the columns are collinear.
var ErrNotPositiveDefinite = errors.New("linalg: matrix is not positive definite")

// ErrShape reports a matrix whose dimensions do not fit the call.
var ErrShape = errors.New("linalg: matrix has the wrong shape")

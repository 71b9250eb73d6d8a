// Package linalg holds the dense linear algebra the SDK's statistics need:
// the Cholesky factorisation of a small symmetric positive-definite matrix,
// its solves and its inverse, and the cross-products that build such a
// matrix from many rows (AddGram from blocks of dense rows, AddOuterSparse
// from a row's nonzero values). It serves the Newton steps of the logistic
// regression and of the model fits, the covariance of their estimates and the
// log-rank test's quadratic form. Matrices are row-major []float64 (or
// [][]float64 where a caller builds them row by row); n is small (a handful
// to a few dozen parameters), so the factorisation is neither blocked nor
// pivoted; the rows behind a cross-product may be many.
package linalg

// Package stat holds the statistics secondsale's packages share: ROC AUC by
// ranks and L2-regularised logistic regression by Newton's method (IRLS),
// whose linear systems the Cholesky factorisation of internal/linalg solves.
// Everything is deterministic: the same input gives the same bits.
package stat

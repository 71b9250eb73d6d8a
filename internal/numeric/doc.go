// Package numeric holds the numerical core shared by the retention and
// lifetime-value models of package cohort: special functions (log-gamma,
// log-beta, digamma, the Gaussian hypergeometric function 2F1, the regularized
// incomplete gamma function and the chi-square survival function), unconstrained
// minimisation (BFGS and Nelder-Mead) with documented tolerances and a Result
// whose Status says why the search stopped, and a finite-difference Hessian for
// standard errors.
//
// Models with positive parameters are fitted on their logarithms, so the
// optimisers here never need bounds. A search that stops before meeting its
// tolerance reports so in Result.Status; it never hands back NaN as an answer.
package numeric

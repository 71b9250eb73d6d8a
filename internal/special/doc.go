// Package special holds the special functions of the retention and
// lifetime-value models of package cohort and of the log-rank test: log-gamma,
// log-beta, digamma, the Gaussian hypergeometric function 2F1, the
// regularized incomplete gamma functions, the chi-square survival function
// and a log-sum-exp. Each is tested against published tables or
// arbitrary-precision values (mpmath, R), in the manner of gonum's mathext.
//
// Functions that cannot fail return NaN outside their domain, as package
// math does; the series that can run out of terms (Hyp2F1) return an error
// wrapping ErrNotConverged or ErrDomain, never a silent NaN.
package special

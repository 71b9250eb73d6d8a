package special

import "errors"

// ErrNotConverged reports a series or continued fraction that did not reach
// its tolerance within its term limit. It is not a fit's failure: callers
// translate it (cohort reports it as its ErrNotConverged with the argument).
var ErrNotConverged = errors.New("special: series did not converge")

// ErrDomain reports an argument outside a function's domain.
var ErrDomain = errors.New("special: argument outside the domain")

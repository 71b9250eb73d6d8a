// Package optimize minimises smooth functions of a few variables, the
// likelihood maximisations behind the models of package cohort. It follows
// the shape of gonum's optimize: a Problem (the function and, optionally, its
// gradient) apart from the Method that searches it (BFGS, NelderMead,
// Newton), Settings whose zero value means documented tolerances, and a
// Result whose Status says why the search stopped.
//
// Models with positive parameters are fitted on their logarithms, so no
// method here needs bounds. A search that stops before meeting its tolerance
// reports so in Result.Status, and Result.Err turns that into the SDK's one
// non-convergence error, *success.NotConvergedError; no method hands back NaN
// as an answer.
//
//	res := optimize.Minimize(problem, x0, optimize.Settings{}, optimize.BFGS{})
//	if err := res.Err(); err != nil { ... }
package optimize

package optimize

// Method is a minimisation algorithm: BFGS, NelderMead or Newton. Its method
// is unexported, so the methods are this package's.
type Method interface {
	minimize(obj *objective, x0 []float64, s Settings) Result
}

// Minimize minimises p from x0 with method m under the stopping rules s and
// says in the Result where and why it stopped. x0 is not modified.
func Minimize(p Problem, x0 []float64, s Settings, m Method) Result {
	obj := &objective{p: p}
	r := m.minimize(obj, x0, s)
	r.Evaluations = obj.evals
	return r
}

package optimize

import (
	"math"
	"sort"
)

// NelderMead is the Nelder-Mead simplex method with the standard
// coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2. It
// needs no gradient and tolerates infeasible points (+Inf or NaN), so it is
// the fallback when BFGS's line search fails. It stops with
// FunctionConverged when the vertices' values agree within FunctionTol and
// their coordinates within StepTol. The zero value is ready to use.
type NelderMead struct {
	// InitialStep is how far each vertex of the initial simplex lies from x0
	// along its coordinate. Default 0.5, a factor of about 1.6 for
	// log-parameters.
	InitialStep float64
}

const (
	nmReflection  = 1.0
	nmExpansion   = 2.0
	nmContraction = 0.5
	nmShrink      = 0.5
)

func (m NelderMead) minimize(obj *objective, x0 []float64, s Settings) Result {
	s = s.withDefaults(20000)
	initial := m.InitialStep
	if !(initial > 0) || math.IsInf(initial, 1) {
		initial = 0.5
	}
	n := len(x0)
	verts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range verts {
		verts[i] = append([]float64(nil), x0...)
		if i > 0 {
			verts[i][i-1] += initial
		}
		vals[i] = obj.f(verts[i])
	}
	if math.IsInf(vals[0], 0) {
		return Result{X: verts[0], F: vals[0], Status: NotFinite}
	}
	order := make([]int, n+1)
	centroid := make([]float64, n)
	xr := make([]float64, n)
	xe := make([]float64, n)
	xc := make([]float64, n)
	status := IterationLimit
	iter := 0
	for ; iter < s.MaxIterations; iter++ {
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return vals[order[a]] < vals[order[b]] })
		best, worst, second := order[0], order[n], order[n-1]
		if simplexConverged(verts, vals, best, s) {
			status = FunctionConverged
			break
		}
		for j := range centroid {
			centroid[j] = 0
			for _, i := range order[:n] {
				centroid[j] += verts[i][j]
			}
			centroid[j] /= float64(n)
		}
		// along evaluates the point centroid + t·(worst − centroid).
		along := func(dst []float64, t float64) float64 {
			for j := range dst {
				dst[j] = centroid[j] + t*(verts[worst][j]-centroid[j])
			}
			return obj.f(dst)
		}
		fr := along(xr, -nmReflection)
		switch {
		case fr < vals[best]:
			if fe := along(xe, -nmReflection*nmExpansion); fe < fr {
				copy(verts[worst], xe)
				vals[worst] = fe
			} else {
				copy(verts[worst], xr)
				vals[worst] = fr
			}
		case fr < vals[second]:
			copy(verts[worst], xr)
			vals[worst] = fr
		default:
			t := nmReflection * nmContraction // outside contraction toward the reflected point
			if fr >= vals[worst] {
				t = -nmContraction // inside contraction toward the worst point
			}
			fc := along(xc, -t)
			if fc < math.Min(fr, vals[worst]) {
				copy(verts[worst], xc)
				vals[worst] = fc
				continue
			}
			for _, i := range order[1:] {
				for j := range verts[i] {
					verts[i][j] = verts[best][j] + nmShrink*(verts[i][j]-verts[best][j])
				}
				vals[i] = obj.f(verts[i])
			}
		}
	}
	best := 0
	for i := range vals {
		if vals[i] < vals[best] {
			best = i
		}
	}
	return Result{X: verts[best], F: vals[best], Status: status, Iterations: iter}
}

func simplexConverged(verts [][]float64, vals []float64, best int, s Settings) bool {
	fb := vals[best]
	for i, v := range vals {
		if math.Abs(v-fb) > s.FunctionTol*(math.Abs(fb)+s.FunctionTol) {
			return false
		}
		for j := range verts[i] {
			if math.Abs(verts[i][j]-verts[best][j]) > s.StepTol {
				return false
			}
		}
	}
	return true
}

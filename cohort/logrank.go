package cohort

import (
	"fmt"
	"iter"
	"math"

	"github.com/secondsale/secondsale/internal/accum"

	"github.com/secondsale/secondsale/internal/linalg"
	"github.com/secondsale/secondsale/internal/special"
)

// LogRankTest is the log-rank (Mantel-Haenszel) test that the strata share one
// survival curve: under the null hypothesis ChiSquare follows a chi-square
// distribution with DF degrees of freedom. A small PValue says the strata
// retain differently (for example, good-fit customers stay longer).
type LogRankTest struct {
	Strata    []LogRankStratum `json:"strata"`     // sorted by name
	ChiSquare float64          `json:"chi_square"` // (O−E)ᵀ V⁻¹ (O−E) over all strata but one
	DF        int              `json:"df"`         // strata with a positive expected count, minus one
	PValue    float64          `json:"p_value"`    // P(χ²_DF ≥ ChiSquare)
}

// LogRankStratum is one stratum's observed and expected churn events; a
// stratum churning more than expected (Observed > Expected) retains worse
// than the pooled population.
type LogRankStratum struct {
	Name     string  `json:"name"`
	Subjects int     `json:"subjects"` // customers in the stratum
	Observed int     `json:"observed"` // churn events in the stratum
	Expected float64 `json:"expected"` // churn events expected if every stratum retained like the pooled population
}

// LogRank tests whether the strata of obs have the same survival curve. It
// agrees with R's survdiff(Surv(time, event) ~ stratum). It fails with
// ErrInvalid for fewer than two strata and with ErrEmpty when the data carry
// no information to compare them (no churn while two strata were at risk).
func LogRank(obs iter.Seq[Observation]) (LogRankTest, error) {
	return LogRankFrom(accum.Values(obs))
}

// LogRankFrom is LogRank reading observations that can fail to read: it
// stops at the first error obs yields and returns it with the observation's
// position, and no test.
func LogRankFrom(obs iter.Seq2[Observation, error]) (LogRankTest, error) {
	a, err := readSurvival(obs, SurvivalOptions{}, true)
	if err != nil {
		return LogRankTest{}, err
	}
	tables, err := a.exits.tables()
	if err != nil {
		return LogRankTest{}, err
	}
	return logRank(tables)
}

// logRank computes the test from each stratum's counts at each distinct
// time (tables of one event kind, churn). The variance is the
// hypergeometric one, Σ_t d(n−d)/(n²(n−1)) · n_j(δ_jl n − n_l); as in R the
// statistic uses the strata with a positive expected count, dropping the
// first of them to make the variance invertible.
func logRank(groups []*incidenceTable) (LogRankTest, error) {
	k := len(groups)
	if k < 2 {
		return LogRankTest{}, fmt.Errorf("%w: log-rank test needs at least two strata, got %d", ErrInvalid, k)
	}
	res := LogRankTest{Strata: make([]LogRankStratum, k)}
	atRisk := make([]int, k)
	row := make([]int, k) // each stratum's next row
	events := make([]int, k)
	censored := make([]int, k)
	observedMinusExpected := make([]float64, k)
	variance := make([]float64, k*k)
	for j, g := range groups {
		atRisk[j] = g.subjects
		observed := 0
		for r := range g.times {
			_, ev := g.row(r)
			observed += ev[0]
		}
		res.Strata[j] = LogRankStratum{Name: g.name, Subjects: g.subjects, Observed: observed}
	}
	for {
		t := math.Inf(1)
		for j, g := range groups {
			if row[j] < len(g.times) {
				t = math.Min(t, g.times[row[j]])
			}
		}
		if math.IsInf(t, 1) {
			break
		}
		n, d := 0, 0
		for j, g := range groups {
			events[j], censored[j] = 0, 0
			if row[j] < len(g.times) && g.times[row[j]] == t {
				c, ev := g.row(row[j])
				events[j], censored[j] = ev[0], c
				row[j]++
			}
			n += atRisk[j]
			d += events[j]
		}
		if d > 0 {
			nf, df := float64(n), float64(d)
			for j := range groups {
				e := df * float64(atRisk[j]) / nf
				res.Strata[j].Expected += e
				observedMinusExpected[j] += float64(events[j]) - e
			}
			if n > 1 {
				scale := df * (nf - df) / (nf * nf * (nf - 1))
				for j := range k {
					for l := range k {
						v := -float64(atRisk[j]) * float64(atRisk[l])
						if j == l {
							v += float64(atRisk[j]) * nf
						}
						variance[j*k+l] += scale * v
					}
				}
			}
		}
		for j := range groups {
			atRisk[j] -= events[j] + censored[j]
		}
	}
	var used []int
	for j := range k {
		if res.Strata[j].Expected > 0 {
			used = append(used, j)
		}
	}
	res.DF = len(used) - 1
	if res.DF < 1 {
		return LogRankTest{}, fmt.Errorf("%w: log-rank test needs churn events at times when at least two strata are at risk", ErrEmpty)
	}
	used = used[1:]
	m := len(used)
	a := make([]float64, m*m)
	u := make([]float64, m)
	for i, j := range used {
		u[i] = observedMinusExpected[j]
		for h, l := range used {
			a[i*m+h] = variance[j*k+l]
		}
	}
	var ok bool
	if res.ChiSquare, res.PValue, ok = chiSquareOf(a, u, m, res.DF); !ok {
		return LogRankTest{}, fmt.Errorf("%w: log-rank variance is singular: no churn while the strata were at risk together", ErrEmpty)
	}
	return res, nil
}

// varianceTolerance is the smallest eigenvalue the log-rank variance may
// have in its correlation form (unit diagonal) before it counts as singular.
// Strata never at risk together make it singular exactly, and rounding can
// leave such a matrix a hair from singular, where a plain Cholesky would
// accept it and return an enormous statistic.
const varianceTolerance = 1e-12

// chiSquareOf returns the statistic uᵀ v⁻¹ u of a test whose score u has
// the m×m variance v (log-rank, Gray), and its p-value on df degrees of
// freedom; ok is false when v is singular to within varianceTolerance.
func chiSquareOf(v, u []float64, m, df int) (chi, p float64, ok bool) {
	x, ok := solveVariance(v, u, m)
	if !ok {
		return 0, 0, false
	}
	for i := range m {
		chi += x[i] * u[i]
	}
	return chi, special.ChiSquareSF(chi, df), true
}

// solveVariance solves a·x = b for the m×m variance a; ok is false when a
// is singular to within varianceTolerance.
func solveVariance(a, b []float64, m int) (x []float64, ok bool) {
	scale := make([]float64, m)
	for i := range m {
		if !(a[i*m+i] > 0) {
			return nil, false
		}
		scale[i] = 1 / math.Sqrt(a[i*m+i])
	}
	// Positive definite after subtracting the tolerance from the unit
	// diagonal means every eigenvalue of the correlation form exceeds it.
	shifted := make([]float64, m*m)
	for i := range m {
		for j := range m {
			shifted[i*m+j] = a[i*m+j] * scale[i] * scale[j]
		}
		shifted[i*m+i] -= varianceTolerance
	}
	if _, err := linalg.FactorSPD(shifted, m); err != nil {
		return nil, false
	}
	chol, err := linalg.FactorSPD(a, m)
	if err != nil {
		return nil, false
	}
	return chol.Solve(b), true
}

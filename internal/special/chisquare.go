package special

import (
	"math"
)

// ChiSquareSF returns the survival function P(X > x) of a chi-square
// distribution with df degrees of freedom (the p-value of a chi-square test
// statistic x): Q(df/2, x/2). It returns 1 for x ≤ 0 and NaN when df < 1 or x
// is NaN.
func ChiSquareSF(x float64, df int) float64 {
	if df < 1 || math.IsNaN(x) {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	return GammaQ(float64(df)/2, x/2)
}

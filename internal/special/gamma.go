package special

import (
	"math"
)

// LogGamma returns ln Γ(x) for x > 0 and NaN otherwise. The models only need
// positive arguments, where Γ is positive and the sign of math.Lgamma is moot.
func LogGamma(x float64) float64 {
	if !(x > 0) {
		return math.NaN()
	}
	v, _ := math.Lgamma(x)
	return v
}

// LogBeta returns ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b) for a, b > 0 and
// NaN otherwise.
func LogBeta(a, b float64) float64 {
	if !(a > 0) || !(b > 0) {
		return math.NaN()
	}
	return LogGamma(a) + LogGamma(b) - LogGamma(a+b)
}

// Digamma returns ψ(x) = d/dx ln Γ(x) for x > 0 and NaN otherwise. It shifts x
// above 10 with ψ(x) = ψ(x+1) − 1/x and then sums the asymptotic series, which
// is accurate to about 1e-15 there.
func Digamma(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		if math.IsInf(x, 1) {
			return math.Inf(1)
		}
		return math.NaN()
	}
	var acc float64
	for x < 10 {
		acc -= 1 / x
		x++
	}
	inv := 1 / x
	inv2 := inv * inv
	// Bernoulli-number coefficients B_2k/(2k): 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760, 1/12.
	series := inv2 * (1.0/12 - inv2*(1.0/120-inv2*(1.0/252-inv2*(1.0/240-inv2*(1.0/132-inv2*(691.0/32760-inv2/12))))))
	return acc + math.Log(x) - 0.5*inv - series
}

package special

import "math"

// LogGammaRatio returns ln Γ(x+a) − ln Γ(x) for x > 0 and x+a > 0 (NaN
// otherwise). Where x is large the two log-gammas are huge and nearly equal,
// and their difference computed directly loses every digit (at x = 1e18 the
// log-gammas are about 4e19, so their rounding is about 1e4). From x and
// x+a ≥ 100 on it uses Stirling's series for the difference instead:
//
//	a ln x + (x+a−½) ln(1 + a/x) − a + c(x+a) − c(x),
//	c(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷),
//
// whose truncation error is below 1e-21 there.
func LogGammaRatio(x, a float64) float64 {
	if !(x > 0) || !(x+a > 0) || math.IsInf(x, 0) || math.IsInf(a, 0) {
		return math.NaN()
	}
	if x < 100 || x+a < 100 {
		return LogGamma(x+a) - LogGamma(x)
	}
	return a*math.Log(x) + (x+a-0.5)*math.Log1p(a/x) - a + stirlingCorrection(x+a) - stirlingCorrection(x)
}

// stirlingCorrection is ln Γ(z) − [(z−½) ln z − z + ½ ln 2π] for z ≥ 100, to
// the z⁻⁷ term.
func stirlingCorrection(z float64) float64 {
	inv := 1 / z
	inv2 := inv * inv
	return inv * (1.0/12 - inv2*(1.0/360-inv2*(1.0/1260-inv2/1680)))
}

package special

import (
	"math"
)

// incompleteGammaMaxTerms bounds the series and continued fraction of the
// incomplete gamma function.
const incompleteGammaMaxTerms = 10_000

// GammaP returns the regularized lower incomplete gamma function
// P(a, x) = γ(a, x)/Γ(a) for a > 0 and x ≥ 0; NaN outside that domain.
func GammaP(a, x float64) float64 {
	switch {
	case !(a > 0) || !(x >= 0) || math.IsInf(a, 0):
		return math.NaN()
	case x == 0:
		return 0
	case math.IsInf(x, 1):
		return 1
	case x < a+1:
		return gammaSeries(a, x)
	default:
		return 1 - gammaContinuedFraction(a, x)
	}
}

// GammaQ returns the regularized upper incomplete gamma function
// Q(a, x) = 1 − P(a, x), computed directly in the upper tail so that small
// p-values keep their precision.
func GammaQ(a, x float64) float64 {
	switch {
	case !(a > 0) || !(x >= 0) || math.IsInf(a, 0):
		return math.NaN()
	case x == 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	case x < a+1:
		return 1 - gammaSeries(a, x)
	default:
		return gammaContinuedFraction(a, x)
	}
}

// gammaPrefix returns x^a e^{-x} / Γ(a), in log space to avoid overflow.
func gammaPrefix(a, x float64) float64 {
	return math.Exp(a*math.Log(x) - x - LogGamma(a))
}

// gammaSeries sums P(a, x) = x^a e^{-x}/Γ(a+1) Σ x^n/((a+1)…(a+n)),
// which converges quickly for x < a+1.
func gammaSeries(a, x float64) float64 {
	sum, term, ap := 1/a, 1/a, a
	for range incompleteGammaMaxTerms {
		ap++
		term *= x / ap
		sum += term
		if math.Abs(term) < math.Abs(sum)*1e-16 {
			break
		}
	}
	return sum * gammaPrefix(a, x)
}

// gammaContinuedFraction evaluates Q(a, x) by the Legendre continued fraction
// with the modified Lentz method, which converges quickly for x ≥ a+1.
func gammaContinuedFraction(a, x float64) float64 {
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i <= incompleteGammaMaxTerms; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		h *= delta
		if math.Abs(delta-1) < 1e-16 {
			break
		}
	}
	return gammaPrefix(a, x) * h
}

package numeric

import (
	"errors"
	"fmt"
	"math"
)

// ErrNotConverged reports a series or continued fraction that did not reach
// its tolerance within its term limit.
var ErrNotConverged = errors.New("numeric: did not converge")

// ErrDomain reports an argument outside a function's domain.
var ErrDomain = errors.New("numeric: argument outside the domain")

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

// hyp2f1MaxTerms bounds the series of Hyp2F1. The terms fall roughly like
// z^k, so about 37/(1−z) terms reach the tolerance: z up to about 0.99996
// (a discount rate down to about 4e-5 per period) fits the budget.
const hyp2f1MaxTerms = 1_000_000

// hyp2f1Tol is the relative accuracy Hyp2F1 guarantees for the part of the
// series it leaves out.
const hyp2f1Tol = 1e-16

// Hyp2F1 returns the Gaussian hypergeometric function
//
//	2F1(a, b; c; z) = Σ_k (a)_k (b)_k / ((c)_k k!) z^k
//
// for real a, b, c and 0 ≤ z < 1, the range the BG/NBD and shifted-beta-
// geometric models use (z is a ratio t/(α+T+t) or a discount factor 1/(1+d)).
//
// It sums the series term by term and stops on a proven tail bound: once
// k > max(−a, −b, −c), every factor of the term ratio
// z·(a+j)/(c+j)·(b+j)/(j+1) (or the same with a and b swapped) moves
// monotonically towards 1 as j grows, so ρ = z·max(1, ·)·max(1, ·) at j = k
// bounds every later ratio. When ρ < 1 the terms left out sum to at most
// |t_k|·ρ/(1−ρ), and the series stops when that is at most 1e-16·|sum|. When
// the series cannot converge (c a non-positive integer, z outside [0, 1)) it
// returns ErrDomain, and when the bound is not met within a million terms (z
// very close to 1) an error wrapping ErrNotConverged with the partial sum
// and its bound, never a silent NaN.
func Hyp2F1(a, b, c, z float64) (float64, error) {
	for _, v := range []float64{a, b, c, z} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, ErrDomain
		}
	}
	if !(z >= 0 && z < 1) {
		return 0, ErrDomain
	}
	if c <= 0 && c == math.Trunc(c) {
		return 0, ErrDomain
	}
	// From k > kMin on, every factor of the ratio is positive.
	kMin := math.Max(-a, math.Max(-b, -c))
	// Near z = 1 the series runs to tens of thousands of terms; Neumaier's
	// compensated sum keeps their rounding errors from adding up.
	sum, comp, term := 1.0, 0.0, 1.0
	tail := math.Inf(1)
	for k := 0; k < hyp2f1MaxTerms; k++ {
		fk := float64(k)
		term *= (a + fk) * (b + fk) / ((c + fk) * (fk + 1)) * z
		if term == 0 {
			return sum + comp, nil // a or b a non-positive integer: a polynomial, or the terms underflowed
		}
		next := sum + term
		if math.Abs(sum) >= math.Abs(term) {
			comp += (sum - next) + term
		} else {
			comp += (term - next) + sum
		}
		sum = next
		if math.IsInf(sum, 0) || math.IsNaN(sum) {
			return 0, fmt.Errorf("%w: 2F1(%v, %v; %v; %v): the partial sum overflows after %d terms", ErrNotConverged, a, b, c, z, k+1)
		}
		if fk+1 > kMin {
			if rho := hyp2f1RatioBound(a, b, c, z, fk+1); rho < 1 {
				tail = math.Abs(term) * rho / (1 - rho)
				if tail <= hyp2f1Tol*math.Abs(sum) {
					return sum + comp, nil
				}
			}
		}
	}
	return 0, fmt.Errorf("%w: 2F1(%v, %v; %v; %v): after %d terms the sum is %v with a tail of up to %v",
		ErrNotConverged, a, b, c, z, hyp2f1MaxTerms, sum+comp, tail)
}

// hyp2f1RatioBound bounds the ratio of every term of the 2F1 series after
// the k-th to the one before it, for k > max(−a, −b, −c): each of
// (a+j)/(c+j), (b+j)/(j+1), (a+j)/(j+1) and (b+j)/(c+j) tends monotonically
// to 1, so it never exceeds max(1, its value at j = k); of the two ways of
// pairing a and b with c and 1, the smaller product is the tighter bound.
func hyp2f1RatioBound(a, b, c, z, k float64) float64 {
	atLeast1 := func(v float64) float64 { return math.Max(1, v) }
	pairAC := atLeast1((a+k)/(c+k)) * atLeast1((b+k)/(k+1))
	pairBC := atLeast1((b+k)/(c+k)) * atLeast1((a+k)/(k+1))
	return z * math.Min(pairAC, pairBC)
}

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

// LogSumExp returns ln(e^a + e^b) without overflow.
func LogSumExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

package special

import (
	"fmt"
	"math"
)

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

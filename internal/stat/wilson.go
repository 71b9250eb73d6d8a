package stat

import "math"

// Wilson returns the Wilson score interval for a proportion of successes
// out of n at the normal quantile z (1.959963984540054 for 95%):
//
//	p = successes/n
//	centre = (p + z²/(2n)) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/(4n²))
//	[lo, hi] = [centre − half, centre + half], clipped to [0, 1]
//
// Unlike the Wald interval p ± z·sqrt(p(1−p)/n) it stays inside [0, 1] and
// does not collapse to a point at p = 0 or 1, which is why it suits small
// counts of rates such as CSAT or goal-met rates. With n <= 0, successes
// outside 0..n, or z not finite and >= 0, nothing is known: it returns 0, 1.
func Wilson(successes, n int, z float64) (lo, hi float64) {
	if n <= 0 || successes < 0 || successes > n || !(z >= 0) || math.IsInf(z, 1) {
		return 0, 1
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z * z
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	// Mathematically lo <= p <= hi, with lo = 0 at no successes and hi = 1
	// at all; rounding can miss both by an ulp, so hold them exactly.
	return min(max(centre-half, 0), p), max(min(centre+half, 1), p)
}

package sim

import (
	"math"
	"math/rand/v2"
)

// binomial draws the number of successes in n trials of probability p:
// active users among seats, so that a team of two with a 30% chance of use
// a day is active on about half its days rather than never, as rounding an
// expected 0.6 users down would have it. Small means are drawn exactly by
// inverting the distribution (cost proportional to the mean); large ones by
// the normal approximation, which is accurate there and costs one draw.
// The result always lies in [0, n].
func binomial(rng *rand.Rand, n int, p float64) int {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	case p > 0.5:
		return n - binomial(rng, n, 1-p)
	}
	mean := float64(n) * p
	if mean > 10 {
		k := math.Round(mean + math.Sqrt(mean*(1-p))*rng.NormFloat64())
		return int(min(float64(n), max(0, k)))
	}
	// Walk the cumulative distribution from 0 until it passes u.
	r := p / (1 - p)
	prob := powInt(1-p, n)
	cum, u := prob, rng.Float64()
	k := 0
	for cum < u && k < n {
		prob *= float64(n-k) * r / float64(k+1)
		k++
		cum += prob
	}
	return k
}

// powInt returns x**n by squaring: the inversion's first term for every
// active day, where math.Pow or Exp cost more than the rest of the draw.
func powInt(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}

package sim

import (
	"math"
	"math/rand/v2"
)

// gammaDraw draws from Gamma(shape, 1) for shape >= 1 by Marsaglia and
// Tsang's method (2000, "A Simple Method for Generating Gamma Variables"):
// math/rand/v2 has no gamma. Divide by a rate for Gamma(shape, rate).
func gammaDraw(rng *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

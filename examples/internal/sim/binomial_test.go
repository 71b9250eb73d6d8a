package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// binomial keeps within [0, n] and has the binomial mean and variance, on
// both sides of its switch to the normal approximation and of p = 0.5.
func TestBinomialMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n int
		p float64
	}{{2, 0.1}, {3, 0.3}, {10, 0.5}, {15, 0.2}, {19, 0.5}, {40, 0.45}, {30, 0.9}, {500, 0.3}, {2000, 0.65}} {
		const draws = 40000
		var sum, sq float64
		for range draws {
			k := binomial(rng, c.n, c.p)
			require.True(t, k >= 0 && k <= c.n, "n=%d p=%v: %d", c.n, c.p, k)
			sum += float64(k)
			sq += float64(k) * float64(k)
		}
		mean := sum / draws
		variance := sq/draws - mean*mean
		wantMean, wantVar := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		require.InDelta(t, wantMean, mean, 5*math.Sqrt(wantVar/draws), "n=%d p=%v: mean", c.n, c.p)
		require.InEpsilon(t, wantVar, variance, 0.05, "n=%d p=%v: variance", c.n, c.p)
	}
	require.Zero(t, binomial(rng, 0, 0.5))
	require.Zero(t, binomial(rng, 5, 0))
	require.Equal(t, 5, binomial(rng, 5, 1))
}

func TestPowInt(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 64, 1000} {
		require.InEpsilon(t, math.Pow(0.83, float64(n)), powInt(0.83, n), 1e-12, "n=%d", n)
	}
}

package special

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLogGammaRatio(t *testing.T) {
	// Γ(x+1) = xΓ(x) and Γ(x+2) = x(x+1)Γ(x) give exact references at any x,
	// where the difference of math.Lgamma values loses every digit.
	for _, x := range []float64{0.5, 3, 99.5, 100, 150, 1e4, 1e9, 1e15, 9.2e18, 1e300} {
		assert.InDelta(t, math.Log(x), LogGammaRatio(x, 1), 1e-13*math.Max(1, math.Abs(math.Log(x))), "x = %v, a = 1", x)
		assert.InDelta(t, math.Log(x)+math.Log(x+1), LogGammaRatio(x, 2), 1e-13*math.Max(1, 2*math.Abs(math.Log(x))), "x = %v, a = 2", x)
		assert.InDelta(t, -math.Log(x-1), LogGammaRatio(x, -1), 1e-13*math.Max(1, math.Abs(math.Log(x))), "x = %v, a = -1", x)
	}
	// Across the switch at 100 the two forms agree.
	for _, a := range []float64{0.668, 3.806, 50, 1e6} {
		lo := LogGamma(100+a) - LogGamma(100)
		assert.InDelta(t, lo, LogGammaRatio(100, a), 1e-12*math.Max(1, math.Abs(lo)), "a = %v", a)
	}
	for _, bad := range [][2]float64{{0, 1}, {-1, 3}, {1, -1}, {math.NaN(), 1}, {1, math.Inf(1)}, {math.Inf(1), 1}} {
		assert.True(t, math.IsNaN(LogGammaRatio(bad[0], bad[1])), "%v", bad)
	}
}

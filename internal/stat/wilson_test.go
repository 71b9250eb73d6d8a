package stat

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected values are the textbook formula worked by hand. For 8 of 10
// at z = 1.96: z² = 3.8416, 1 + z²/n = 1.38416, centre = (0.8 + 0.19208) /
// 1.38416 = 0.716738, half = 1.96 · sqrt(0.016 + 0.009604) / 1.38416 =
// 0.226581, so [0.490157, 0.943319] (Wilson 1927).
func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		name      string
		k, n      int
		z         float64
		lo, hi    float64
		tolerance float64
	}{
		{"8 of 10", 8, 10, 1.96, 0.490157, 0.943319, 1e-6},
		// 0 of 10: centre = 0.19208/1.38416 = 0.138770, half = 1.96 ·
		// sqrt(0.009604)/1.38416 = 0.138770, so [0, 0.277540].
		{"none of 10", 0, 10, 1.96, 0, 0.277540, 1e-6},
		{"all of 10", 10, 10, 1.96, 0.722460, 1, 1e-6},
		{"z 0 is the point", 3, 4, 0, 0.75, 0.75, 1e-12},
		// 0 of 7 rounds centre − half to 2.8e-17 unless held at 0.
		{"none of 7", 0, 7, 1.959963984540054, 0, 0.354330, 1e-6},
		{"no trials", 0, 0, 1.96, 0, 1, 0},
		{"successes above n", 5, 4, 1.96, 0, 1, 0},
		{"negative z", 1, 4, -1, 0, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := Wilson(tc.k, tc.n, tc.z)
			assert.InDelta(t, tc.lo, lo, tc.tolerance, "lo")
			assert.InDelta(t, tc.hi, hi, tc.tolerance, "hi")
			if tc.n > 0 && tc.k >= 0 && tc.k <= tc.n && tc.z >= 0 {
				p := float64(tc.k) / float64(tc.n)
				assert.True(t, lo <= p && p <= hi, "[%v, %v] must hold %v exactly", lo, hi, p)
			}
		})
	}
}

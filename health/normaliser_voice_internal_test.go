package health

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func TestVoiceNormalisers(t *testing.T) {
	points := func(n Normaliser, x float64) float64 {
		t.Helper()
		require.Empty(t, n.validate())
		return linearPoints(x, n.Min, 1/(n.Max-n.Min), n.Direction == success.HigherIsBetter)
	}
	for _, tc := range []struct {
		name string
		n    Normaliser
		x    float64
		want float64
	}{
		{"NPS -100", NPSNormaliser(), -100, 0},
		{"NPS 0", NPSNormaliser(), 0, 50},
		{"NPS 30", NPSNormaliser(), 30, 65},
		{"NPS 100", NPSNormaliser(), 100, 100},
		{"answer 0", NPSResponseNormaliser(), 0, 0},
		{"answer 7", NPSResponseNormaliser(), 7, 70},
		{"answer 10", NPSResponseNormaliser(), 10, 100},
		{"CSAT 0", CSATNormaliser(), 0, 0},
		{"CSAT 0.8", CSATNormaliser(), 0.8, 80},
		{"CSAT 1", CSATNormaliser(), 1, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, points(tc.n, tc.x), 1e-9)
		})
	}
}

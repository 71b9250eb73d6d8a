package health_test

import (
	"math"
	"math/rand/v2"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// peerMeasure is one row of the health_batch table in
// ../shared/peers/README.md: group, weight in the group, range, direction.
type peerMeasure struct {
	group  int
	weight float64
	lo, hi float64
	higher bool
}

var peerMeasures = []peerMeasure{
	{0, 4, 0, 20, true}, {0, 3, 0, 100, true}, {0, 2, 0, 30, true}, {0, 1, 0, 30, false},
	{1, 2, 0, 10, false}, {1, 1, 1, 5, true}, {1, 1, 0, 48, false},
	{2, 1, 0, 60, false}, {2, 1, -20, 20, true}, {2, 2, -100, 100, true},
}

// peerCard is the peer job's scorecard: 10 linear measures in 3 groups
// weighted 0.5, 0.3 and 0.2, missing inputs redistributed, default bands.
func peerCard() health.Scorecard {
	sc := health.Scorecard{ID: "health_batch", Version: 1}
	for g, w := range []float64{0.5, 0.3, 0.2} {
		sc.Groups = append(sc.Groups, health.Group{ID: []string{"usage", "support", "finance"}[g], Weight: w})
	}
	for m, pm := range peerMeasures {
		dir := success.LowerIsBetter
		if pm.higher {
			dir = success.HigherIsBetter
		}
		g := &sc.Groups[pm.group]
		g.Measures = append(g.Measures, health.Measure{ID: "m" + string(rune('0'+m)), Weight: pm.weight, Normaliser: health.Linear(pm.lo, pm.hi, dir)})
	}
	return sc
}

// peerColumns generates n accounts as the peer does, column-wise: a latent
// health h ~ U(0,1) per account, z = h + N(0, 0.25) per cell, mapped onto
// the measure's range by its direction, then NaN with probability missing.
func peerColumns(n int, missing float64, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	h := make([]float64, n)
	for i := range h {
		h[i] = r.Float64()
	}
	cols := make([][]float64, len(peerMeasures))
	for m, pm := range peerMeasures {
		col := make([]float64, n)
		for i := range col {
			z := h[i] + 0.25*r.NormFloat64()
			if !pm.higher {
				z = 1 - z
			}
			col[i] = pm.lo + z*(pm.hi-pm.lo)
			if r.Float64() < missing {
				col[i] = math.NaN()
			}
		}
		cols[m] = col
	}
	return cols
}

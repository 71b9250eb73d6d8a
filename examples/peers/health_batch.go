package main

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// The health_batch job: N accounts scored on 10 linear measures in 3 groups
// (weights 0.5, 0.3, 0.2), a missing measure's weight going to its present
// siblings, bands red < 50 <= yellow < 75 <= green, as health_numpy.py
// scores them. The input is generated as the peer does (a latent health
// h ~ U(0,1) per account, z = h + N(0, 0.25) per cell mapped onto the
// measure's range, 2% of the cells missing), column by column, the layout
// Plan.ScoreColumns reads. The timed work is one ScoreColumns call into
// preallocated scores and int8 bands, with ColumnOptions.Workers at
// GOMAXPROCS, as numpy's matrix products use every core. On the shared
// 2-vCPU machine with one vCPU busy elsewhere, two workers measured as fast
// as one for 10M accounts (0.28 s); they only pay off when a core is free.
var healthBatch = job{unit: "accounts", repeats: 5, prepare: prepareHealthBatch}

// healthMeasure is one row of the job's table: group, weight in the group,
// range and direction.
type healthMeasure struct {
	group  int
	weight float64
	lo, hi float64
	higher bool
}

var healthMeasures = []healthMeasure{
	{0, 4, 0, 20, true}, {0, 3, 0, 100, true}, {0, 2, 0, 30, true}, {0, 1, 0, 30, false},
	{1, 2, 0, 10, false}, {1, 1, 1, 5, true}, {1, 1, 0, 48, false},
	{2, 1, 0, 60, false}, {2, 1, -20, 20, true}, {2, 2, -100, 100, true},
}

// healthScorecard is the job's scorecard; the zero MissingPolicy
// redistributes and nil Bands are the default red/yellow/green.
func healthScorecard() health.Scorecard {
	sc := health.Scorecard{ID: "health_batch", Version: 1, Groups: []health.Group{
		{ID: "usage", Weight: 0.5}, {ID: "support", Weight: 0.3}, {ID: "finance", Weight: 0.2},
	}}
	for m, hm := range healthMeasures {
		dir := success.LowerIsBetter
		if hm.higher {
			dir = success.HigherIsBetter
		}
		g := &sc.Groups[hm.group]
		g.Measures = append(g.Measures, health.Measure{
			ID: "m" + strconv.Itoa(m), Weight: hm.weight, Normaliser: health.Linear(hm.lo, hm.hi, dir)})
	}
	return sc
}

// healthColumns draws n accounts column by column with a fixed seed.
func healthColumns(n int) [][]float64 {
	rng := rand.New(rand.NewPCG(7, 1))
	h := make([]float64, n)
	for i := range h {
		h[i] = rng.Float64()
	}
	cols := make([][]float64, len(healthMeasures))
	for m, hm := range healthMeasures {
		col := make([]float64, n)
		for i := range col {
			z := h[i] + 0.25*rng.NormFloat64()
			if !hm.higher {
				z = 1 - z
			}
			col[i] = hm.lo + z*(hm.hi-hm.lo)
			if rng.Float64() < 0.02 {
				col[i] = math.NaN()
			}
		}
		cols[m] = col
	}
	return cols
}

func prepareHealthBatch(n int, _ string) (*run, error) {
	plan, err := health.Compile(healthScorecard())
	if err != nil {
		return nil, err
	}
	cols := healthColumns(n)
	values, bands := make([]float64, n), make([]int8, n)
	r := &run{inputMB: float64(n*len(cols)) * 8 / (1 << 20)}
	r.work = func() error {
		return plan.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{Workers: runtime.GOMAXPROCS(0)})
	}
	r.check = func() (map[string]any, error) {
		sum, scored := 0.0, 0
		for _, v := range values {
			if !math.IsNaN(v) {
				sum += v
				scored++
			}
		}
		var counts [4]int // none, red, yellow, green
		for _, b := range bands {
			counts[b+1]++
		}
		missing := 0
		for _, col := range cols {
			for _, x := range col {
				if math.IsNaN(x) {
					missing++
				}
			}
		}
		return map[string]any{
			"mean_score":                  math.Round(sum/float64(scored)*1e6) / 1e6,
			"bands_none_red_yellow_green": counts[:],
			"missing_cells":               missing,
		}, nil
	}
	return r, nil
}

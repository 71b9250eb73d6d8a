package health_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// requireColumnsEqualScore scores cols both ways and requires every row's
// value (bit for bit), band and confidence to agree.
func requireColumnsEqualScore(t require.TestingT, p *health.Plan, cols [][]float64, workers int) {
	n := len(cols[0])
	values, bands, confident := make([]float64, n), make([]int8, n), make([]bool, n)
	require.NoError(t, p.ScoreColumns(cols, values, bands, confident, success.ColumnOptions{Workers: workers}))
	names := p.Bands()
	for i := range n {
		s, err := p.Score("acct", toInputs(p, cols, i), t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.Equal(t, s.Confident, confident[i], "row %d: confident (known %v)", i, s.KnownShare)
		if !s.Available {
			require.True(t, math.IsNaN(values[i]), "row %d: unavailable single, batch %v", i, values[i])
			require.Equal(t, int8(-1), bands[i], "row %d", i)
			continue
		}
		require.Equal(t, math.Float64bits(s.Value), math.Float64bits(values[i]), "row %d: single %v, batch %v", i, s.Value, values[i])
		require.Equal(t, s.Band, names[bands[i]].Name, "row %d", i)
	}
}

// Random scorecards (nested groups, every built-in kind, critical caps,
// every missing-input and confidence policy) against random columns over
// several blocks, with rows missing nothing, one input, a whole group or
// everything: ScoreColumns equals Plan.Score on every row.
func TestPropertyColumnsEqualScoreWithMissing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := health.Compile(cardGen(0).Draw(t, "card"))
		require.NoError(t, err)
		n := rapid.SampledFrom([]int{1, 7, 255, 256, 257, 700}).Draw(t, "rows")
		missing := rapid.SampledFrom([]float64{0, 0.02, 0.2, 0.6, 1}).Draw(t, "missing")
		seed := rapid.Uint64().Draw(t, "seed")
		cols := drawColumns(p, rand.New(rand.NewPCG(seed, 1)), n, missing)
		// Some rows lose every input, and some every input of a group.
		r := rand.New(rand.NewPCG(seed, 2))
		for i := range n {
			switch r.IntN(10) {
			case 0:
				for m := range cols {
					cols[m][i] = math.NaN()
				}
			case 1:
				from := r.IntN(len(cols))
				for m := from; m < min(len(cols), from+1+r.IntN(3)); m++ {
					cols[m][i] = math.NaN()
				}
			}
		}
		requireColumnsEqualScore(t, p, cols, rapid.SampledFrom([]int{0, 2}).Draw(t, "workers"))
	})
}

// drawColumns draws n rows of column-encoded inputs for p from r, each cell
// missing with probability missing.
func drawColumns(p *health.Plan, r *rand.Rand, n int, missing float64) [][]float64 {
	kinds := normalisersByID(p.Scorecard())
	cols := make([][]float64, len(p.MeasureIDs()))
	for m, id := range p.MeasureIDs() {
		k := kinds[id]
		cols[m] = make([]float64, n)
		for i := range n {
			var x float64
			switch k.Kind {
			case health.KindLinear:
				x = k.Min - 20 + r.Float64()*(k.Max-k.Min+40)
			case health.KindTiers:
				x = -10 + 60*r.Float64()
			case health.KindBoolean:
				x = float64(r.IntN(2))
			case health.KindCategorical:
				x = float64(r.IntN(len(k.Categories)+1) - 1)
			default:
				x = 200*r.Float64() - 100
			}
			if r.Float64() < missing {
				x = math.NaN()
			}
			cols[m][i] = x
		}
	}
	return cols
}

// A plan of more than 64 measures scores a row missing an input beyond the
// 64th on its own; it still equals Plan.Score, as do rows missing only
// earlier inputs. Func measures are scored in the batch too.
func TestScoreColumnsWidePlanAndFuncMeasures(t *testing.T) {
	sc := health.Scorecard{ID: "wide", Version: 1, Missing: health.MissingPolicy{}}
	for g := range 7 {
		grp := health.Group{ID: fmt.Sprintf("g%d", g), Weight: float64(1 + g%3)}
		for m := range 10 {
			id := fmt.Sprintf("g%dm%d", g, m)
			n := health.Linear(0, 10, success.HigherIsBetter)
			if m == 9 {
				n = health.Func("half", func(in success.Value) (float64, error) {
					x, _ := in.Num()
					if x < -50 {
						return 0, fmt.Errorf("too low")
					}
					return math.Min(100, math.Abs(x)/2), nil
				})
			}
			grp.Measures = append(grp.Measures, health.Measure{ID: id, Weight: float64(1 + m%4), Normaliser: n})
		}
		sc.Groups = append(sc.Groups, grp)
	}
	p := mustCompile(t, sc)
	require.Len(t, p.MeasureIDs(), 70)
	cols := drawColumns(p, rand.New(rand.NewPCG(21, 22)), 600, 0.03)
	for _, col := range cols {
		for i, x := range col {
			if x < -50 { // keep the host function's inputs valid here
				col[i] = -x
			}
		}
	}
	requireColumnsEqualScore(t, p, cols, 0)

	cols[69][3] = -60 // the host function fails: reported, the row unscored
	values, bands := make([]float64, 600), make([]int8, 600)
	err := p.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	require.Equal(t, []string{"columns[69][3]"}, paths(err))
	require.True(t, math.IsNaN(values[3]))
	require.Equal(t, int8(-1), bands[3])
}

package sim_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// cohort's Gamma-Gamma fit over the training-credit purchases recovers the
// parameters the amounts were drawn with, and spend is not correlated with
// how often an account buys (the model's independence assumption), on a seed
// never used to tune the simulator. Each estimate is within three of its
// standard errors.
func TestSpendFollowsGammaGamma(t *testing.T) {
	b := generate(t, 25, 5000)
	sums, err := cohort.Summarize(b.Credits(), b.Options.AsOf, success.Daily, cohort.SummaryOptions{})
	require.NoError(t, err)
	compressed, err := cohort.CompressSummaries(sums)
	require.NoError(t, err)
	gg, err := cohort.FitGammaGamma(compressed, cohort.FitOptions{GradientTol: 1e-5})
	require.NoError(t, err)
	t.Logf("%d repeat buyers: p %.2f ± %.2f, q %.2f ± %.2f, γ %.0f ± %.0f", gg.RepeatBuyers, gg.P, gg.PSE, gg.Q, gg.QSE, gg.Gamma, gg.GammaSE)
	require.Greater(t, gg.RepeatBuyers, 500)
	for _, c := range []struct {
		name           string
		got, se, truth float64
	}{{"p", gg.P, gg.PSE, sim.SpendP}, {"q", gg.Q, gg.QSE, sim.SpendQ}, {"gamma", gg.Gamma, gg.GammaSE, sim.SpendGamma}} {
		require.InDelta(t, c.truth, c.got, 3*c.se, "%s: within three standard errors", c.name)
	}
	// p and γ trade off along a ridge (few purchases per buyer); the mean
	// spend they imply, pγ/(q−1), is pinned much tighter.
	mean := func(p, q, gamma float64) float64 { return p * gamma / (q - 1) }
	require.InEpsilon(t, mean(sim.SpendP, sim.SpendQ, sim.SpendGamma), mean(gg.P, gg.Q, gg.Gamma), 0.1, "mean spend")

	// Pearson correlation of frequency and mean repeat spend among repeat
	// buyers: noise alone keeps it within about 3/√n.
	var n, sx, sy, sxx, syy, sxy float64
	for _, s := range sums {
		if s.Frequency == 0 {
			continue
		}
		x, y := float64(s.Frequency), s.MeanRepeatSpend
		n++
		sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
	}
	r := (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
	t.Logf("correlation of frequency and spend: %.3f over %.0f repeat buyers", r, n)
	require.Less(t, math.Abs(r), 3/math.Sqrt(n))
}

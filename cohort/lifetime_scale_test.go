package cohort

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// cdnowBGNBD and cdnowGammaGamma are the CDNOW fits (FHL 2005, the BG/NBD as
// lifetimes and scipy estimate it, the Gamma-Gamma as this package fits
// cdnow_customers_summary_with_transactions.csv) from which the synthetic
// populations below are drawn.
var (
	cdnowBGNBD      = BGNBD{R: 0.242593, Alpha: 4.413532, A: 0.792886, B: 2.425754, Unit: success.Weekly}
	cdnowGammaGamma = GammaGamma{P: 6.248802, Q: 3.744588, Gamma: 15.447748, Currency: "USD"}
)

// gammaVariate draws from Gamma(shape, rate 1) (Marsaglia & Tsang 2000; for
// shape < 1, Gamma(shape+1)·U^(1/shape)).
func gammaVariate(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaVariate(rng, shape+1) * math.Pow(1-rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := 1 - rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// simulateCDNOW draws n customers from the BG/NBD and Gamma-Gamma processes
// at the CDNOW estimates, measured in weeks as Summarize measures them: the
// first purchase falls on one of the 84 days of CDNOW's acquisition period
// (ages 27 to 38.86 weeks, uniform, as in the CDNOW summary), λ ~ Gamma(r,
// α), p ~ Beta(a, b); purchases follow a Poisson process at rate λ until the
// customer drops out, with probability p after each repeat purchase; the
// recency is the last purchase's time rounded to a whole day (at least one
// day). Each repeat purchase spends Gamma(p, ν) with ν ~ Gamma(q, γ),
// rounded to a cent (at least one), and the mean repeat spend is the mean
// of those cents. Whole days and cents make the summaries repeat, as real
// ones do.
func simulateCDNOW(n int, seed uint64) []CustomerSummary {
	rng := rand.New(rand.NewPCG(seed, 0x5ec0d5a1e))
	bg, gg := cdnowBGNBD, cdnowGammaGamma
	out := make([]CustomerSummary, n)
	for i := range out {
		ageDays := 189 + rng.IntN(84)
		age := float64(ageDays) / 7
		lambda := gammaVariate(rng, bg.R) / bg.Alpha
		ga, gb := gammaVariate(rng, bg.A), gammaVariate(rng, bg.B)
		p := ga / (ga + gb)
		x, t, last := 0, 0.0, 0.0
		for {
			t += rng.ExpFloat64() / lambda
			if t > age {
				break
			}
			x++
			last = t
			if rng.Float64() < p {
				break
			}
		}
		c := CustomerSummary{Frequency: x, Age: age, Currency: "USD", Unit: success.Weekly}
		if x > 0 {
			days := min(max(1, math.Round(last*7)), float64(ageDays))
			c.Recency = days / 7
			nu := gammaVariate(rng, gg.Q) / gg.Gamma
			var cents float64
			for range x {
				cents += max(1, math.Round(100*gammaVariate(rng, gg.P)/nu))
			}
			c.MeanRepeatSpend = cents / 100 / float64(x)
		}
		out[i] = c
	}
	return out
}

// scaleCustomers is the size at which lifetimes users report BG/NBD fits
// overflowing and returning NaN standard errors.
const scaleCustomers = 2_500_000

// The fits recover the parameters of 2.5 million simulated customers within
// a few standard errors, the standard errors finite, and fitting the
// compressed summaries gives the same estimates as fitting every customer.
func TestFitsAtScaleRecoverTheParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("2.5 million customers")
	}
	customers := simulateCDNOW(scaleCustomers, 18)
	compressed, err := CompressSummaries(customers)
	require.NoError(t, err)
	t.Logf("%d customers, %d distinct summaries", len(customers), len(compressed))
	bg, err := FitBGNBD(compressed, FitOptions{})
	require.NoError(t, err)
	t.Logf("BG/NBD r=%.6f (%.6f) alpha=%.6f (%.6f) a=%.6f (%.6f) b=%.6f (%.6f); %d iterations, %d evaluations",
		bg.R, bg.RSE, bg.Alpha, bg.AlphaSE, bg.A, bg.ASE, bg.B, bg.BSE, bg.Fit.Iterations, bg.Fit.Evaluations)
	gg, err := FitGammaGamma(compressed, FitOptions{})
	require.NoError(t, err)
	t.Logf("Gamma-Gamma p=%.6f (%.6f) q=%.6f (%.6f) gamma=%.6f (%.6f) on %d repeat buyers; %d iterations, %d evaluations",
		gg.P, gg.PSE, gg.Q, gg.QSE, gg.Gamma, gg.GammaSE, gg.RepeatBuyers, gg.Fit.Iterations, gg.Fit.Evaluations)
	for _, e := range []struct {
		name           string
		got, se, truth float64
	}{
		{"r", bg.R, bg.RSE, cdnowBGNBD.R}, {"alpha", bg.Alpha, bg.AlphaSE, cdnowBGNBD.Alpha},
		{"a", bg.A, bg.ASE, cdnowBGNBD.A}, {"b", bg.B, bg.BSE, cdnowBGNBD.B},
		{"p", gg.P, gg.PSE, cdnowGammaGamma.P}, {"q", gg.Q, gg.QSE, cdnowGammaGamma.Q}, {"gamma", gg.Gamma, gg.GammaSE, cdnowGammaGamma.Gamma},
	} {
		require.True(t, e.se > 0 && !math.IsInf(e.se, 0), "%s: standard error %v must be positive and finite", e.name, e.se)
		assert.InDelta(t, e.truth, e.got, 4*e.se, "%s = %v (SE %v), drawn from %v", e.name, e.got, e.se, e.truth)
	}
	// Standard errors shrink as 1/√n: against the CDNOW fits' (2,357
	// customers, 946 repeat buyers; TestFitBGNBDReproducesCDNOW and
	// TestFitGammaGammaReproducesCDNOW), scaled, they agree within 20%.
	bgScale := math.Sqrt(2357.0 / scaleCustomers)
	ggScale := math.Sqrt(946 / float64(gg.RepeatBuyers))
	for _, e := range []struct {
		name      string
		se, cdnow float64
	}{
		{"r", bg.RSE, 0.0125573 * bgScale}, {"alpha", bg.AlphaSE, 0.378221 * bgScale},
		{"a", bg.ASE, 0.185719 * bgScale}, {"b", bg.BSE, 0.705345 * bgScale},
		{"p", gg.PSE, 1.18969 * ggScale}, {"q", gg.QSE, 0.290166 * ggScale}, {"gamma", gg.GammaSE, 4.15999 * ggScale},
	} {
		assert.InEpsilon(t, e.cdnow, e.se, 0.2, "%s: standard error %v against CDNOW's scaled to this size", e.name, e.se)
	}
	full, err := FitBGNBD(customers, FitOptions{})
	require.NoError(t, err)
	assert.Equal(t, bg, full, "BG/NBD on the compressed summaries against every customer")
	fullGG, err := FitGammaGamma(customers, FitOptions{})
	require.NoError(t, err)
	assert.Equal(t, gg, fullGG, "Gamma-Gamma on the compressed summaries against every customer")
}

package cohort

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

// readSBGCohorts reads fader_hardie_2007_sbg_cohorts.csv: year, regular and
// high-end survivors out of 1,000 for years 0..12.
func readSBGCohorts(t *testing.T) (regular, highEnd []float64) {
	t.Helper()
	rows := readCSVRecords(t, "fader_hardie_2007_sbg_cohorts.csv")
	for i, row := range rows[1:] {
		y, _ := strconv.Atoi(row[0])
		require.Equal(t, i, y, "row %d: year", i+1)
		r, err := strconv.ParseFloat(row[1], 64)
		require.NoError(t, err, "row %d", i+1)
		h, err := strconv.ParseFloat(row[2], 64)
		require.NoError(t, err, "row %d", i+1)
		regular = append(regular, r)
		highEnd = append(highEnd, h)
	}
	require.Len(t, regular, 13, "years 0..12")
	return regular, highEnd
}

func TestFitSBGReproducesFaderHardie2007(t *testing.T) {
	regular, highEnd := readSBGCohorts(t)
	tests := []struct {
		name        string
		survivors   []float64
		alpha, beta float64
	}{
		// Fader & Hardie (2007), "How to Project Customer Retention", J. Interactive
		// Marketing 21(1), section "Estimating the model" (fit to years 0..7):
		// regular alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806.
		{"regular", regular, 0.704, 1.182},
		{"high end", highEnd, 0.668, 3.806},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := FitSBG([][]float64{tc.survivors[:8]}, FitOptions{})
			require.NoError(t, err)
			checkPrinted(t, printedEstimate{"alpha", m.Alpha, tc.alpha, 3}, printedEstimate{"beta", m.Beta, tc.beta, 3})
			assert.Positive(t, m.AlphaSE, "standard error of alpha")
			assert.Positive(t, m.BetaSE, "standard error of beta")
			t.Logf("%s: alpha=%.4f (SE %.4f) beta=%.4f (SE %.4f) LL=%.4f, %d iterations",
				tc.name, m.Alpha, m.AlphaSE, m.Beta, m.BetaSE, m.Fit.LogLikelihood, m.Fit.Iterations)
			// Projection of the held-out years 8..12 beside the actual survivors.
			// The paper's Figure 4 shows the sBG projection tracking the actual
			// curve closely; we require every projected year within 5% of actual.
			proj, err := m.Project(1000, 12)
			require.NoError(t, err)
			for year := 8; year <= 12; year++ {
				got, actual := proj[year].Survivors, tc.survivors[year]
				t.Logf("year %2d: projected %6.1f  actual %4.0f  (%+.1f%%)", year, got, actual, 100*(got-actual)/actual)
				assert.InDelta(t, actual, got, 0.05*actual, "year %d: projected and actual more than 5%% apart", year)
			}
		})
	}
}

func TestFitSBGSharesOneFitAcrossCohorts(t *testing.T) {
	// Two cohorts observed for different numbers of periods: the joint fit must
	// equal the fit of the concatenated likelihood, so it lies between the
	// cohorts' own fits and its log-likelihood is their sum at the joint estimate.
	a := []float64{1000, 631, 468, 382, 326, 289, 262, 241}
	b := []float64{500, 320, 240}
	joint, err := FitSBG([][]float64{a, b}, FitOptions{})
	require.NoError(t, err)
	llA := sbgLogLikelihood([][]float64{a}, joint.Alpha, joint.Beta, nil)
	llB := sbgLogLikelihood([][]float64{b}, joint.Alpha, joint.Beta, nil)
	assert.InDelta(t, llA+llB, joint.Fit.LogLikelihood, 1e-6, "joint LL is the sum of the cohorts' at the joint estimate")
	onlyA, err := FitSBG([][]float64{a}, FitOptions{})
	require.NoError(t, err)
	assert.Less(t, joint.Fit.LogLikelihood, onlyA.Fit.LogLikelihood+llB, "joint LL must be at most the separate maximum")
}

func TestSBGGradientMatchesFiniteDifferences(t *testing.T) {
	c := [][]float64{{1000, 869, 743, 653, 593, 551, 517, 491}, {300, 250}}
	f := func(th []float64) float64 { return sbgLogLikelihood(c, th[0], th[1], nil) }
	grad := func(g, th []float64) { sbgLogLikelihood(c, th[0], th[1], g) }
	checkGradient(t, f, grad, []float64{0.8, 2.5})
}

func TestSBGSurvivalRetentionAndLifetime(t *testing.T) {
	m := SBG{Alpha: 0.668, Beta: 3.806}
	// S(1) = β/(α+β); r_2 = (β+1)/(α+β+1).
	assert.InDelta(t, 3.806/4.474, m.Survival(1), 1e-15, "S(1)")
	assert.InDelta(t, 4.806/5.474, m.Retention(2), 1e-15, "r_2")
	assert.Equal(t, 1.0, m.Survival(0), "S(0)")
	assert.Equal(t, 1.0, m.Retention(0), "r_0")
	assert.True(t, math.IsInf(m.ExpectedLifetime(), 1), "alpha <= 1 must give an infinite expected lifetime, got %v", m.ExpectedLifetime())
	// E[T] = (α+β−1)/(α−1) = 3.5 for α = 3, β = 5; check against Σ S(t),
	// whose tail past MaxPeriods (S(t) ≈ 210/t³) is below 1e-4.
	m2 := SBG{Alpha: 3, Beta: 5}
	var sum float64
	proj, err := m2.Project(1, MaxPeriods)
	require.NoError(t, err)
	for _, p := range proj {
		sum += p.Survival
	}
	assert.Equal(t, 3.5, m2.ExpectedLifetime())
	assert.InDelta(t, 3.5, sum, 1e-4, "Σ S(t)")
}

func TestSBGDiscountedLifetimes(t *testing.T) {
	m := SBG{Alpha: 0.668, Beta: 3.806}
	const d = 0.1
	// DEL = 2F1(1, 3.806; 4.474; 1/1.1) = 5.92259640761276228 (mpmath 1.3.0
	// hyp2f1 at 30 digits), and by definition Σ_{t≥0} S(t)/(1+d)^t.
	del, err := m.DEL(d)
	require.NoError(t, err)
	assert.InDelta(t, 5.92259640761276228, del, 1e-12, "DEL")
	var direct float64
	for k := range 2000 {
		direct += m.Survival(k) / math.Pow(1+d, float64(k))
	}
	assert.InDelta(t, direct, del, 1e-9, "DEL against the direct sum")
	// DERL for a customer after n renewals, standing just before the renewal
	// decision: Σ_{t>n} S(t)/S(n)/(1+d)^{t−n−1}.
	for _, n := range []int{0, 1, 4, 10} {
		derl, err := m.DERL(d, n)
		require.NoError(t, err)
		var want float64
		for k := n + 1; k < n+2000; k++ {
			want += m.Survival(k) / m.Survival(n) / math.Pow(1+d, float64(k-n-1))
		}
		assert.InDelta(t, want, derl, 1e-9, "DERL(n=%d) against the direct sum", n)
		if n == 0 {
			assert.InDelta(t, (del-1)*(1+d), derl, 1e-12, "DERL(0) must equal (DEL − 1)(1+d)")
		}
	}
	// jdmaturen/shifted_beta_geometric_py README (Apache-2.0): fitting the high-end
	// cohort's years 1..7 and calling derl(alpha, beta, 0.10, 7) gives 7.530.
	fit, err := FitSBG([][]float64{{1000, 869, 743, 653, 593, 551, 517, 491}}, FitOptions{})
	require.NoError(t, err)
	derl, err := fit.DERL(0.10, 7)
	require.NoError(t, err)
	checkPrinted(t, printedEstimate{"high-end DERL(0.10, 7)", derl, 7.530, 3})
	clv, err := m.CLV(success.MustMoney("100", "USD"), d)
	require.NoError(t, err)
	assert.True(t, clv.Equal(success.MustMoney("592.26", "USD")), "CLV = %s, want 592.26 USD", clv)
	res, err := m.ResidualCLV(success.MustMoney("100", "USD"), d, 0)
	require.NoError(t, err)
	assert.True(t, res.Equal(success.MustMoney("541.49", "USD")), "ResidualCLV = %s, want 541.49 USD", res) // 100 × (DEL − 1) × 1.1
	for _, bad := range []float64{0, -0.1, math.NaN(), math.Inf(1)} {
		_, err := m.DEL(bad)
		assert.ErrorIs(t, err, ErrInvalid, "DEL(%v)", bad)
	}
	_, err = m.DERL(d, -1)
	assert.ErrorIs(t, err, ErrInvalid, "DERL(n = -1)")
	_, err = m.CLV(success.Money{}, d)
	assert.ErrorIs(t, err, ErrInvalid, "CLV without currency")
	_, err = (SBG{}).DEL(d)
	assert.ErrorIs(t, err, ErrInvalid, "DEL of the zero model")
	// A discount rate so small that the 2F1 series cannot settle within its
	// budget is a convergence failure, not bad input and not a number.
	v, err := m.DEL(1e-7)
	assert.ErrorIs(t, err, ErrNotConverged, "DEL(1e-7) = %v", v)
	assert.NotErrorIs(t, err, ErrInvalid, "DEL(1e-7)")
	// A homogeneous population (huge α and β, churn α/(α+β) = 0.2) keeps a
	// finite DEL: Σ 0.8^t/1.1^t = 1/(1 − 0.8/1.1) = 11/3.
	homogeneous := SBG{Alpha: 2e8, Beta: 8e8}
	v, err = homogeneous.DEL(d)
	require.NoError(t, err)
	assert.InDelta(t, 11.0/3, v, 1e-6, "homogeneous DEL")
	for _, bad := range []struct {
		m       SBG
		size    float64
		horizon int
	}{{SBG{}, 100, 5}, {m, math.NaN(), 5}, {m, -1, 5}, {m, 100, -1}} {
		_, err := bad.m.Project(bad.size, bad.horizon)
		assert.ErrorIs(t, err, ErrInvalid, "Project(%v, %v, %d)", bad.m, bad.size, bad.horizon)
	}
}

func TestFitSBGRejectsBadSurvivorCounts(t *testing.T) {
	tests := []struct {
		name     string
		cohorts  [][]float64
		sentinel error
		paths    []string
	}{
		{"no cohorts", nil, ErrEmpty, []string{"cohorts"}},
		{"one count", [][]float64{{100}}, ErrEmpty, []string{"cohorts[0]"}},
		{"empty cohort", [][]float64{{0, 0}}, ErrEmpty, []string{"cohorts[0][0]"}},
		{"increase", [][]float64{{100, 60, 70, 50}}, ErrInvalid, []string{"cohorts[0][2]"}},
		{"negative and NaN, all reported", [][]float64{{100, -1, 50}, {100, math.NaN(), math.Inf(1)}}, ErrInvalid,
			[]string{"cohorts[0][1]", "cohorts[0][2]", "cohorts[1][1]", "cohorts[1][2]"}},
		{"nobody churned", [][]float64{{100, 100, 100}}, ErrInvalid, []string{"cohorts"}},
		{"nobody renewed", [][]float64{{100, 0, 0}}, ErrInvalid, []string{"cohorts"}},
		// One renewal rate fixes only α/(α+β) (Fader & Hardie 2007: r_1 =
		// β/(α+β)); every point of that ridge fits equally well.
		{"one period only", [][]float64{{100, 80}}, ErrInvalid, []string{"cohorts"}},
		{"one period per cohort", [][]float64{{100, 80}, {50, 45}}, ErrInvalid, []string{"cohorts"}},
		{"second period with nobody at risk", [][]float64{{100, 80}, {100, 0, 0}}, ErrInvalid, []string{"cohorts"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitSBG(tc.cohorts, FitOptions{})
			require.ErrorIs(t, err, tc.sentinel)
			assert.Equal(t, tc.paths, paths(err))
		})
	}
	// The message names the cohort and the period, not only the path.
	_, err := FitSBG([][]float64{{1000, 600}, {100, 60, 70, 50}}, FitOptions{})
	assert.ErrorContains(t, err, "cohorts[1][2]: cohort 1, period 2: survivors increase from period 1; a cohort can only shrink")
}

func TestFitSBGNotConvergedReturnsLastIterate(t *testing.T) {
	survivors := [][]float64{{1000, 631, 468, 382, 326, 289, 262, 241}}
	_, err := FitSBG(survivors, FitOptions{MaxIterations: 2})
	// One sentinel under both names: cohort's is success's.
	require.ErrorIs(t, err, ErrNotConverged)
	require.ErrorIs(t, err, success.ErrNotConverged)
	var nc *success.NotConvergedError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, "sBG", nc.Model)
	assert.Equal(t, []string{"alpha", "beta"}, nc.Names)
	require.Len(t, nc.Last, 2)
	assert.True(t, allFinite(nc.Last) && nc.Last[0] > 0 && nc.Last[1] > 0, "last iterate %v must be finite and positive", nc.Last)
	assert.InDelta(t, sbgLogLikelihood(survivors, nc.Last[0], nc.Last[1], nil), nc.LogLikelihood, 1e-9,
		"the log-likelihood is the one at the last iterate")
	assert.Positive(t, nc.Iterations)
	assert.NotEmpty(t, nc.Reason)
	t.Log(err)
}

func TestSBGPropertiesRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := SBG{
			Alpha: rapid.Float64Range(0.01, 50).Draw(t, "alpha"),
			Beta:  rapid.Float64Range(0.01, 50).Draw(t, "beta"),
		}
		proj, err := m.Project(1000, 60)
		require.NoError(t, err)
		for i := 1; i < len(proj); i++ {
			require.LessOrEqual(t, proj[i].Survivors, proj[i-1].Survivors, "survivors increase at %d", i)
			require.GreaterOrEqual(t, proj[i].Survivors, 0.0, "survivors go negative at %d", i)
			// Heterogeneity makes the cohort's retention rate rise over time.
			if i > 1 {
				require.GreaterOrEqual(t, proj[i].Retention, proj[i-1].Retention, "retention falls at %d", i)
			}
		}
		d := rapid.Float64Range(0.01, 1).Draw(t, "d")
		del, err := m.DEL(d)
		require.NoError(t, err, "DEL(%v)", d)
		require.True(t, del >= 1 && del <= 1+1/d, "DEL(%v) = %v: must be in [1, 1+1/d]", d, del)
	})
}

func TestFitSBGRecoversParametersRapid(t *testing.T) {
	// Fitting the exact expected survivors of a large cohort recovers the
	// parameters that generated them.
	rapid.Check(t, func(t *rapid.T) {
		m := SBG{
			Alpha: rapid.Float64Range(0.2, 5).Draw(t, "alpha"),
			Beta:  rapid.Float64Range(0.2, 10).Draw(t, "beta"),
		}
		counts := make([]float64, 0, 13)
		proj, err := m.Project(1e6, 12)
		require.NoError(t, err)
		for _, p := range proj {
			counts = append(counts, p.Survivors)
		}
		fit, err := FitSBG([][]float64{counts}, FitOptions{})
		require.NoError(t, err)
		require.InDelta(t, m.Alpha, fit.Alpha, 1e-3*m.Alpha, "alpha")
		require.InDelta(t, m.Beta, fit.Beta, 1e-3*m.Beta, "beta")
	})
}

// Survival is accurate at any t (found by FuzzSBGPredictions: S(math.MaxInt)
// was 1.76). For large t, S(t) → Γ(α+β)/Γ(β) · t^−α with relative error
// O(1/t); at t = 1200 it equals the product of the retention rates.
func TestSBGSurvivalAtHugePeriods(t *testing.T) {
	m := SBG{Alpha: 0.668, Beta: 3.806}
	lgAB, _ := math.Lgamma(m.Alpha + m.Beta)
	lgB, _ := math.Lgamma(m.Beta)
	for _, n := range []int{1e12, 1e15, math.MaxInt} {
		want := math.Exp(lgAB - lgB - m.Alpha*math.Log(float64(n)))
		assert.InDelta(t, want, m.Survival(n), 1e-9*want, "S(%d)", n)
	}
	p, err := m.Project(1, MaxPeriods)
	require.NoError(t, err)
	for _, q := range p {
		assert.InDelta(t, q.Survival, m.Survival(q.Period), 1e-12*q.Survival, "S(%d)", q.Period)
	}
}

package cohort

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func TestFitBGNBDReproducesCDNOW(t *testing.T) {
	customers := readCDNOWSummaries(t, "cdnow_customers_summary.csv")
	require.Len(t, customers, 2357)
	m, err := FitBGNBD(customers, FitOptions{})
	require.NoError(t, err)
	t.Logf("r=%.4f (%.4f) alpha=%.4f (%.4f) a=%.4f (%.4f) b=%.4f (%.4f) LL=%.4f; %s, %d iterations, %d evaluations",
		m.R, m.RSE, m.Alpha, m.AlphaSE, m.A, m.ASE, m.B, m.BSE, m.Fit.LogLikelihood, m.Fit.Method, m.Fit.Iterations, m.Fit.Evaluations)
	// Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
	// Marketing Science 24(2), section 4 (CDNOW, 39-week calibration):
	// r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
	checkPrinted(t,
		printedEstimate{"r", m.R, 0.243, 3}, printedEstimate{"alpha", m.Alpha, 4.414, 3},
		printedEstimate{"a", m.A, 0.793, 3}, printedEstimate{"b", m.B, 2.426, 3},
		printedEstimate{"log-likelihood", m.Fit.LogLikelihood, -9582.4, 1})
	for _, se := range []float64{m.RSE, m.AlphaSE, m.ASE, m.BSE} {
		assert.True(t, se > 0 && !math.IsInf(se, 0), "standard error %v must be positive and finite", se)
	}
}

// cdnowPublished is the BG/NBD fit published for CDNOW by Fader, Hardie & Lee
// (2005), rounded as printed.
var cdnowPublished = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: success.Weekly}

func TestBGNBDPredictions(t *testing.T) {
	// Reference values: FHL 2005 eqs. 8-10 and the P(alive) note evaluated
	// independently with mpmath 1.3.0 (30 digits, mpmath.hyp2f1) at the
	// published parameters; the conditional pmf as P(alive) × eq. 8 at
	// (r+x, α+T, a, b+x) plus (1 − P(alive)) at n = 0.
	tests := []struct {
		x           int
		tx          float64
		pAlive, e39 float64
		p0, p1, p3  float64
	}{
		{2, 30.43, 0.726578570080672911, 1.22602817476714445, 0.445372862082995568, 0.239318937435027763, 0.0808500559957553195},
		{0, 0, 1, 0.195098052011262639, 0.855449459216681549, 0.109872988800717796, 0.00691905945628977679},
		{5, 10, 0.0248043661687785272, 0.0944400824010650211, 0.976049804456146314, 0.00422886599980284929, 0.00393576827185797878},
		{14, 37, 0.912316135042449636, 9.15826204953956838, 0.0877806574580011129, 0.0426345501718051748, 0.0395302376218467191},
	}
	const tol = 1e-12
	for _, tc := range tests {
		c := CustomerSummary{Account: "c", Frequency: tc.x, Recency: tc.tx, Age: 38.86, Unit: success.Weekly}
		check := func(what string, got float64, err error, want float64) {
			t.Helper()
			if assert.NoError(t, err, "x=%d: %s", tc.x, what) {
				assert.InDelta(t, want, got, tol*math.Max(1, want), "x=%d: %s", tc.x, what)
			}
		}
		pa, err := cdnowPublished.ProbabilityAlive(c)
		check("P(alive)", pa, err, tc.pAlive)
		e, err := cdnowPublished.ExpectedPurchases(c, 39)
		check("E[Y(39)]", e, err, tc.e39)
		for n, want := range map[int]float64{0: tc.p0, 1: tc.p1, 3: tc.p3} {
			p, err := cdnowPublished.PurchaseCountProbability(c, n, 39)
			check("P(Y(39)=n)", p, err, want)
		}
		// The conditional pmf sums to one and its mean is the expectation.
		var sum, mean float64
		for n := range 400 {
			p, err := cdnowPublished.PurchaseCountProbability(c, n, 39)
			require.NoError(t, err)
			sum += p
			mean += float64(n) * p
		}
		assert.InDelta(t, 1, sum, 1e-9, "x=%d: the pmf sums to one", tc.x)
		assert.InDelta(t, tc.e39, mean, 1e-6, "x=%d: the pmf's mean is the expectation", tc.x)
	}
	for _, p := range []struct{ t, want float64 }{
		{1, 0.0532678911716582799}, {39, 1.19672319332081684}, {78, 1.86051905794276854},
	} {
		got, err := cdnowPublished.PopulationExpectedPurchases(p.t)
		require.NoError(t, err)
		assert.InDelta(t, p.want, got, tol, "E[X(%v)]", p.t)
	}
	for n, want := range []float64{0.573786352096009405, 0.199395280835911456, 0.0854297595390607586, 0.0458603538479997248} {
		got, err := cdnowPublished.PopulationPurchaseCountProbability(n, 39)
		require.NoError(t, err)
		assert.InDelta(t, want, got, tol, "P(X(39)=%d)", n)
	}
	got, err := cdnowPublished.PopulationPurchaseCountProbability(10, 39)
	require.NoError(t, err)
	assert.InDelta(t, 0.00359042954018967318, got, tol, "P(X(39)=10)")
	// At a = 1 the closed form is 0/0; the reference is the defining integral
	// E[X(t)] = ∫ (1 − (1 + pt/α)^−r)/p · Beta(p; a, b) dp by mpmath.quad (30
	// digits), which also reproduces the a = 0.793 value above.
	atOne := cdnowPublished
	atOne.A = 1
	got, err = atOne.PopulationExpectedPurchases(39)
	require.NoError(t, err)
	assert.InDelta(t, 1.08427901059151874108, got, tol, "E[X(39)] at a = 1")
	e, err := cdnowPublished.PopulationExpectedPurchases(0)
	require.NoError(t, err)
	assert.Zero(t, e, "E[X(0)]")
}

func TestBGNBDGradientMatchesFiniteDifferences(t *testing.T) {
	d := newBGNBDData([]CustomerSummary{
		{Frequency: 0, Age: 30, Unit: success.Weekly}, {Frequency: 0, Age: 30, Unit: success.Weekly},
		{Frequency: 3, Recency: 20, Age: 30, Unit: success.Weekly}, {Frequency: 1, Recency: 2, Age: 35, Unit: success.Weekly},
	})
	require.Len(t, d.rows, 3, "distinct histories")
	require.Equal(t, 4.0, d.total, "customers")
	f := func(th []float64) float64 { return d.logLikelihood(th[0], th[1], th[2], th[3], nil) }
	grad := func(g, th []float64) { d.logLikelihood(th[0], th[1], th[2], th[3], g) }
	checkGradient(t, f, grad, []float64{0.7, 3.1, 0.9, 2.2})
}

func TestFitBGNBDRejectsBadSummaries(t *testing.T) {
	good := CustomerSummary{Account: "a", Frequency: 1, Recency: 3, Age: 10, Unit: success.Weekly}
	bad := []CustomerSummary{
		good,
		{Account: "b", Frequency: -1, Recency: 0, Age: 10, Unit: success.Weekly},
		{Account: "c", Frequency: 2, Recency: 12, Age: 10, Unit: success.Weekly},
		{Account: "d", Frequency: 0, Recency: 0, Age: math.NaN(), Unit: success.Weekly},
		{Account: "e", Frequency: 0, Recency: 1, Age: 10, Unit: success.Weekly},
		{Account: "f", Frequency: 1, Recency: 1, Age: 10, Unit: success.Daily},
		{Account: "g", Frequency: 1, Recency: 1, Age: 10, MeanRepeatSpend: -5, Unit: "fortnight"},
	}
	_, err := FitBGNBD(bad, FitOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"customers[1].frequency", "customers[2].recency", "customers[3].age",
		"customers[4].recency", "customers[5].unit", "customers[6].unit", "customers[6].mean_repeat_spend"}, paths(err))
	oneTimers := []CustomerSummary{{Account: "a", Age: 10, Unit: success.Weekly}, {Account: "b", Age: 20, Unit: success.Weekly}}
	_, err = FitBGNBD(oneTimers, FitOptions{})
	assert.ErrorIs(t, err, ErrInvalid, "no repeat purchases")
	_, err = FitBGNBD(nil, FitOptions{})
	assert.ErrorIs(t, err, ErrEmpty, "no customers")
	// Predictions validate their inputs too.
	_, err = cdnowPublished.ExpectedPurchases(good, -1)
	assert.ErrorIs(t, err, ErrInvalid, "negative horizon")
	_, err = cdnowPublished.ProbabilityAlive(bad[2])
	assert.ErrorIs(t, err, ErrInvalid, "recency > age")
	_, err = cdnowPublished.PurchaseCountProbability(good, -1, 5)
	assert.ErrorIs(t, err, ErrInvalid, "negative count")
	_, err = cdnowPublished.ProbabilityAlive(bad[5])
	assert.ErrorIs(t, err, ErrInvalid, "unit mismatch")
	_, err = (BGNBD{Unit: success.Weekly}).PopulationExpectedPurchases(5)
	assert.ErrorIs(t, err, ErrInvalid, "zero model")
}

func TestFitBGNBDNotConvergedReturnsLastIterate(t *testing.T) {
	customers := []CustomerSummary{
		{Account: "a", Frequency: 3, Recency: 20, Age: 30, Unit: success.Weekly},
		{Account: "b", Frequency: 0, Age: 30, Unit: success.Weekly},
		{Account: "c", Frequency: 1, Recency: 5, Age: 28, Unit: success.Weekly},
	}
	_, err := FitBGNBD(customers, FitOptions{MaxIterations: 1})
	require.ErrorIs(t, err, ErrNotConverged)
	require.ErrorIs(t, err, success.ErrNotConverged)
	var nc *success.NotConvergedError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, "BG/NBD", nc.Model)
	assert.Equal(t, []string{"r", "alpha", "a", "b"}, nc.Names)
	assert.Len(t, nc.Last, 4)
	assert.True(t, allFinite(nc.Last), "last iterate %v must be finite", nc.Last)
}

func TestBGNBDProbabilityAliveInUnitIntervalRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := BGNBD{
			R:     rapid.Float64Range(1e-3, 100).Draw(t, "r"),
			Alpha: rapid.Float64Range(1e-3, 1000).Draw(t, "alpha"),
			A:     rapid.Float64Range(1e-3, 100).Draw(t, "a"),
			B:     rapid.Float64Range(1e-3, 100).Draw(t, "b"),
			Unit:  success.Daily,
		}
		age := rapid.Float64Range(0, 5000).Draw(t, "age")
		x := rapid.IntRange(0, 500).Draw(t, "x")
		tx := 0.0
		if x > 0 {
			age = math.Max(age, 1)
			tx = rapid.Float64Range(math.Min(1, age), age).Draw(t, "tx")
		}
		c := CustomerSummary{Account: "c", Frequency: x, Recency: tx, Age: age, Unit: success.Daily}
		p, err := m.ProbabilityAlive(c)
		require.NoError(t, err)
		require.True(t, p >= 0 && p <= 1, "P(alive) = %v", p)
		horizon := rapid.Float64Range(0, 100).Draw(t, "t")
		q, err := m.PurchaseCountProbability(c, rapid.IntRange(0, 20).Draw(t, "n"), horizon)
		require.NoError(t, err)
		require.True(t, q >= 0 && q <= 1, "P(n purchases) = %v", q)
		// Expected purchases are finite, non-negative and grow with the horizon.
		e1, err1 := m.ExpectedPurchases(c, horizon)
		e2, err2 := m.ExpectedPurchases(c, 2*horizon)
		// The series needs about (r+x)·t/(α+T) terms (see expectedBGNBD); far
		// beyond its budget (a mean rate of thousands of purchases a day) it
		// must say ErrNotConverged rather than return a number.
		if float64(x)+m.R*2*horizon/(m.Alpha+age) > 1e6 {
			for _, err := range []error{err1, err2} {
				if err != nil {
					require.ErrorIs(t, err, ErrNotConverged, "beyond the series budget: want ErrNotConverged or a value")
				}
			}
			if err1 != nil || err2 != nil {
				return
			}
		}
		require.NoError(t, err1, "E[Y(%v)]", horizon)
		require.NoError(t, err2, "E[Y(%v)]", 2*horizon)
		require.True(t, e1 >= 0 && e2 >= e1*(1-1e-9), "E[Y(%v)] = %v, E[Y(%v)] = %v", horizon, e1, 2*horizon, e2)
	})
}

// batchCustomers is the CDNOW customers with their spends, 20,000 simulated
// ones, and customers each batch must reject, shuffled: the batch
// predictions are checked on all of them against the single-customer ones.
func batchCustomers(t *testing.T) (customers []CustomerSummary, bad map[int]string) {
	t.Helper()
	customers = readCDNOWSummaries(t, "cdnow_customers_summary_with_transactions.csv")
	customers = append(customers, simulateCDNOW(20_000, 7)...)
	bad = map[int]string{}
	for _, b := range []struct {
		c    CustomerSummary
		path string
	}{
		{CustomerSummary{Account: "neg", Frequency: -1, Age: 10, Currency: "USD", Unit: success.Weekly}, "frequency"},
		{CustomerSummary{Account: "late", Frequency: 2, Recency: 12, Age: 10, Currency: "USD", Unit: success.Weekly}, "recency"},
		{CustomerSummary{Account: "nan", Frequency: 0, Age: math.NaN(), Currency: "USD", Unit: success.Weekly}, "age"},
		{CustomerSummary{Account: "daily", Frequency: 1, Recency: 3, Age: 10, MeanRepeatSpend: 5, Currency: "USD", Unit: success.Daily}, "unit"},
		{CustomerSummary{Account: "count", Frequency: 1, Recency: 3, Age: 10, MeanRepeatSpend: 5, Currency: "USD", Unit: success.Weekly, Count: -2}, "count"},
	} {
		customers = append(customers, b.c)
	}
	// Dropped out for sure (P(alive) underflows to 0) and an exact duplicate.
	customers = append(customers,
		CustomerSummary{Account: "gone", Frequency: 400, Recency: 1, Age: 38, MeanRepeatSpend: 20, Currency: "USD", Unit: success.Weekly},
		customers[0])
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(customers), func(i, j int) { customers[i], customers[j] = customers[j], customers[i] })
	for i, c := range customers {
		switch c.Account {
		case "neg", "late", "nan", "daily", "count":
			bad[i] = fmt.Sprintf("customers[%d].%s", i, map[success.AccountID]string{
				"neg": "frequency", "late": "recency", "nan": "age", "daily": "unit", "count": "count"}[c.Account])
		}
	}
	return customers, bad
}

// requireBatchEqual checks a batch against the single-customer method: the
// same number to the last bit for a good customer, NaN and the path for a
// bad one.
func requireBatchEqual(t *testing.T, what string, customers []CustomerSummary, bad map[int]string, got []float64, err error, single func(CustomerSummary) (float64, error)) {
	t.Helper()
	var wantPaths []string
	for i, c := range customers {
		want, serr := single(c)
		if p, isBad := bad[i]; isBad {
			require.Error(t, serr, "%s: customer %d is invalid", what, i)
			require.True(t, math.IsNaN(got[i]), "%s: customer %d is invalid: want NaN, got %v", what, i, got[i])
			wantPaths = append(wantPaths, p)
			continue
		}
		require.NoError(t, serr, "%s: customer %d", what, i)
		if got[i] != want {
			require.Failf(t, "batch differs", "%s: customer %d (%+v): batch %v, single %v", what, i, c, got[i], want)
		}
	}
	require.ErrorIs(t, err, ErrInvalid, what)
	assert.ElementsMatch(t, wantPaths, paths(err), what)
}

func TestBGNBDBatchEqualsSingle(t *testing.T) {
	customers, bad := batchCustomers(t)
	dst := make([]float64, len(customers))
	err := cdnowPublished.ProbabilityAliveInto(dst, customers)
	requireBatchEqual(t, "P(alive)", customers, bad, dst, err, cdnowPublished.ProbabilityAlive)
	for _, horizon := range []float64{0, 1e-9, 39, 52 * 5} {
		err := cdnowPublished.ExpectedPurchasesInto(dst, customers, horizon)
		requireBatchEqual(t, fmt.Sprintf("E[Y(%v)]", horizon), customers, bad, dst, err,
			func(c CustomerSummary) (float64, error) { return cdnowPublished.ExpectedPurchases(c, horizon) })
	}
	// Whole-batch problems are errors before anything is written.
	require.ErrorIs(t, cdnowPublished.ProbabilityAliveInto(dst[:3], customers), ErrInvalid, "short dst")
	require.ErrorIs(t, cdnowPublished.ExpectedPurchasesInto(dst, customers, -1), ErrInvalid, "negative horizon")
	require.ErrorIs(t, (BGNBD{Unit: success.Weekly}).ProbabilityAliveInto(dst, customers), ErrInvalid, "zero model")
	// Good customers alone: no error.
	good := customers[:0:0]
	for i, c := range customers {
		if _, isBad := bad[i]; !isBad {
			good = append(good, c)
		}
	}
	require.NoError(t, cdnowPublished.ExpectedPurchasesInto(dst[:len(good)], good, 39))
	require.NoError(t, cdnowPublished.ProbabilityAliveInto(nil, nil), "empty batch")
}

// Random models, customers and horizons: the batch equals the single
// customer's prediction to the last bit.
func TestBGNBDBatchEqualsSingleRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := BGNBD{
			R:     rapid.Float64Range(1e-3, 50).Draw(t, "r"),
			Alpha: rapid.Float64Range(1e-2, 500).Draw(t, "alpha"),
			A:     rapid.Float64Range(1e-3, 50).Draw(t, "a"),
			B:     rapid.Float64Range(1e-3, 50).Draw(t, "b"),
			Unit:  success.Daily,
		}
		n := rapid.IntRange(1, 30).Draw(t, "n")
		customers := make([]CustomerSummary, n)
		for i := range customers {
			age := float64(rapid.IntRange(0, 400).Draw(t, "age"))
			x := rapid.IntRange(0, 30).Draw(t, "x")
			c := CustomerSummary{Frequency: x, Age: age, Unit: success.Daily}
			if x > 0 {
				c.Age = max(age, 1)
				c.Recency = float64(rapid.IntRange(1, int(c.Age)).Draw(t, "tx"))
			}
			customers[i] = c
		}
		horizon := rapid.Float64Range(0, 400).Draw(t, "t")
		pa := make([]float64, n)
		e := make([]float64, n)
		require.NoError(t, m.ProbabilityAliveInto(pa, customers))
		if err := m.ExpectedPurchasesInto(e, customers, horizon); err != nil {
			require.ErrorIs(t, err, ErrNotConverged)
			return
		}
		for i, c := range customers {
			p, err := m.ProbabilityAlive(c)
			require.NoError(t, err)
			require.Equal(t, p, pa[i], "P(alive) of %+v", c)
			want, err := m.ExpectedPurchases(c, horizon)
			require.NoError(t, err)
			require.Equal(t, want, e[i], "E[Y(t)] of %+v", c)
		}
	})
}

// With r in the billions (parameters a near-homogeneous population runs off
// to) and t far below α, r·t/α is not small: the two-term expansion for
// small t/α went negative there (found by FuzzFitBGNBD). The reference is
// the defining integral ∫ (1 − (1 + pt/α)^−r)/p · Beta(p; a, b) dp by
// mpmath.quad (40 digits).
func TestExpectedPurchasesWithHugeShape(t *testing.T) {
	r, alpha := 1.6725265295567317e+09+3, 9.765357300486322e+09+81.2
	a, b := 2.1857578243476246e+07, 4.371756296803641e+07+3
	got, err := expectedBGNBD(r, alpha, a, b, 52, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 2.8459783539219305918, got, 1e-9)
}

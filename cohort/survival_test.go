package cohort

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func TestKaplanMeierSmallByHand(t *testing.T) {
	// Durations 1, 2+, 3, 3, 4+ (+ = censored). S(1) = 4/5, S(3) = 4/5 · 1/3.
	obs := []Observation{{Duration: 3, Churned: true}, {Duration: 1, Churned: true}, {Duration: 4}, {Duration: 2}, {Duration: 3, Churned: true}}
	c, err := KaplanMeier(slices.Values(obs), SurvivalOptions{Horizon: 4})
	require.NoError(t, err)
	want := []struct {
		time            float64
		n, d, cens      int
		surv, hazardVar float64
	}{
		{1, 5, 1, 0, 0.8, 1.0 / 20},
		{2, 4, 0, 1, 0.8, 1.0 / 20},
		{3, 3, 2, 0, 0.8 / 3, 1.0/20 + 2.0/3},
		{4, 1, 0, 1, 0.8 / 3, 1.0/20 + 2.0/3},
	}
	require.Len(t, c.Steps, len(want))
	for i, w := range want {
		s := c.Steps[i]
		assert.Equal(t, []any{w.time, w.n, w.d, w.cens}, []any{s.Time, s.AtRisk, s.Churned, s.Censored}, "step %d: time, at risk, churned, censored", i)
		near(t, "survival", s.Survival, w.surv, 1e-15)
		near(t, "hazard SE", s.HazardSE, math.Sqrt(w.hazardVar), 1e-15)
		near(t, "SE", s.SE, w.surv*math.Sqrt(w.hazardVar), 1e-15)
	}
	// RMST(4) = 1·1 + 0.8·2 + (0.8/3)·1.
	near(t, "RMST", c.RMST.Mean, 1+1.6+0.8/3, 1e-15)
	// Median: S first <= 0.5 at t = 3.
	assert.True(t, c.Median.Reached, "median reached")
	assert.Equal(t, 3.0, c.Median.Time, "median")
	assert.Equal(t, 0.8, c.SurvivalAt(2.5))
	assert.Equal(t, 1.0, c.SurvivalAt(0.5))
	assert.True(t, math.IsNaN(c.SurvivalAt(math.NaN())), "SurvivalAt(NaN) is NaN")
}

func TestMedianAtExactlyHalfTakesMidpoint(t *testing.T) {
	// Two of four churn at t=2, so S = 0.5 until the churn at t=6: R reports
	// the median as the midpoint (2+6)/2.
	obs := []Observation{{2, true, ""}, {2, true, ""}, {6, true, ""}, {8, false, ""}}
	c, err := KaplanMeier(slices.Values(obs), SurvivalOptions{})
	require.NoError(t, err)
	assert.True(t, c.Median.Reached, "median reached")
	assert.Equal(t, 4.0, c.Median.Time, "median (2+6)/2")
}

func TestEveryoneChurnsGivesZeroSurvival(t *testing.T) {
	c, err := KaplanMeier(slices.Values([]Observation{{1, true, ""}, {2, true, ""}}), SurvivalOptions{})
	require.NoError(t, err)
	last := c.Steps[len(c.Steps)-1]
	assert.Equal(t, []float64{0, 0, math.Inf(1), 0, 0}, []float64{last.Survival, last.SE, last.HazardSE, last.Lower, last.Upper},
		"last step: S, SE, HazardSE, lower, upper")
	raw, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"hazard_se":null`)
	assert.Contains(t, string(raw), `"survival":0.5`)
	// RMST to 2 = 1 + 0.5; the variance term of the last time is 0 as in R.
	near(t, "RMST", c.RMST.Mean, 1.5, 1e-15)
	assert.False(t, math.IsNaN(c.RMST.SE) || math.IsInf(c.RMST.SE, 0), "RMST SE %v is finite", c.RMST.SE)
}

// Durations near the float64 limit give a finite RMST standard error: the
// squared areas are taken in units of the horizon. Found by FuzzKaplanMeier.
func TestRMSTStandardErrorOfHugeDurations(t *testing.T) {
	c, err := KaplanMeier(slices.Values([]Observation{{math.MaxFloat64, false, ""}, {19.2, true, ""}, {100, false, ""}}), SurvivalOptions{})
	require.NoError(t, err)
	// One event at 19.2 with 3 at risk: Var = A²·1/(3·2), A = (horizon − 19.2)·2/3.
	want := (math.MaxFloat64 - 19.2) * 2 / 3 / math.Sqrt(6)
	near(t, "SE RMST", c.RMST.SE, want, 1e-12*want)
	_, err = json.Marshal(c)
	assert.NoError(t, err, "JSON")
}

func TestSurvivalBadInput(t *testing.T) {
	_, err := KaplanMeier(slices.Values([]Observation{{1, true, ""}, {-2, true, ""}, {math.NaN(), false, ""}, {math.Inf(1), true, ""}}), SurvivalOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"observations[1].duration", "observations[2].duration", "observations[3].duration"}, paths(err))
	_, err = KaplanMeier(slices.Values([]Observation(nil)), SurvivalOptions{})
	assert.ErrorIs(t, err, ErrEmpty, "empty")
	// Comparing strata needs every observation's stratum.
	noStratum := []Observation{{1, true, "good"}, {2, false, ""}}
	for name, f := range map[string]func() error{
		"by stratum": func() error { _, err := KaplanMeierByStratum(slices.Values(noStratum), SurvivalOptions{}); return err },
		"log-rank":   func() error { _, err := LogRank(slices.Values(noStratum)); return err },
	} {
		err := f()
		assert.ErrorIs(t, err, ErrInvalid, "%s without a stratum", name)
		assert.ErrorContains(t, err, "observations[1].stratum: is required", "%s without a stratum", name)
	}
	_, err = KaplanMeier(slices.Values(noStratum), SurvivalOptions{})
	assert.NoError(t, err, "pooled estimate needs no stratum")
	for _, o := range []SurvivalOptions{{ConfType: "logit"}, {ConfLevel: 1}, {ConfLevel: -0.1}, {Horizon: -1}, {Horizon: math.NaN()}} {
		_, err := KaplanMeier(slices.Values([]Observation{{1, true, ""}}), o)
		assert.ErrorIs(t, err, ErrInvalid, "options %+v", o)
	}
}

func TestObserveSpells(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	jan15 := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	spells := []Spell{
		{Account: "a", Start: jan15, End: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC), Stratum: "good"},
		{Account: "b", Start: jan15},
		{Account: "c", Start: time.Date(2026, 6, 23, 0, 0, 0, 0, time.UTC)},
	}
	tests := []struct {
		unit success.Grain
		want []float64
	}{
		{success.Monthly, []float64{3, 5 + 15.0/30, 7.0 / 30}},
		{success.Daily, []float64{90, 166, 7}},
		{success.Weekly, []float64{90.0 / 7, 166.0 / 7, 1}},
		{success.Yearly, []float64{0.25, (5 + 15.0/30) / 12, 7.0 / 30 / 12}},
	}
	for _, tc := range tests {
		got, err := ObserveSpells(slices.Values(spells), asOf, tc.unit)
		require.NoError(t, err)
		require.Len(t, got, len(tc.want))
		for i, w := range tc.want {
			near(t, string(tc.unit), got[i].Duration, w, 1e-12)
		}
		assert.Equal(t, []bool{true, false, false}, []bool{got[0].Churned, got[1].Churned, got[2].Churned}, "%s: churned", tc.unit)
		assert.Equal(t, "good", got[0].Stratum, "%s: stratum", tc.unit)
	}
}

func TestObserveSpellsBadInput(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	d := func(m, day int) time.Time { return time.Date(2026, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	spells := []Spell{
		{Account: "ok", Start: d(1, 1)},
		{Account: "nostart"},
		{Account: "future", Start: d(7, 1)},
		{Account: "negative", Start: d(3, 1), End: d(2, 1)},
		{Account: "late", Start: d(3, 1), End: d(8, 1)},
		{Start: d(1, 1)},
		{Account: "ok", Start: d(2, 1)},
	}
	_, err := ObserveSpells(slices.Values(spells), asOf, success.Monthly)
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, []string{"spells[1].start", "spells[2].start", "spells[3].end", "spells[4].end", "spells[5].account", "spells[6].account"}, paths(err))
	fe := success.AsFieldErrors(err)
	assert.Contains(t, fe[2].Problem, `account "negative"`)
	assert.Contains(t, fe[2].Problem, "negative duration")
	assert.Contains(t, fe[3].Problem, "after the as-of date")
	assert.Contains(t, fe[5].Problem, `account "ok": already has spells[0]`, "duplicate account")
	for _, g := range []success.Grain{"fortnight", success.Quarterly, ""} {
		_, err := ObserveSpells(slices.Values(spells[:1]), asOf, g)
		assert.ErrorIs(t, err, ErrInvalid, "grain %q", g)
		assert.ErrorContains(t, err, "want day, week, month or year", "grain %q", g)
	}
	_, err = ObserveSpells(slices.Values(spells[:1]), time.Time{}, success.Monthly)
	assert.ErrorIs(t, err, ErrInvalid, "zero as-of date")
	assert.ErrorContains(t, err, "as-of date is required", "zero as-of date")
}

func TestSurvivalPropertiesRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "n")
		obs := make([]Observation, n)
		for i := range obs {
			obs[i] = Observation{
				Duration: float64(rapid.IntRange(0, 12).Draw(t, "d")) / 2,
				Churned:  rapid.Bool().Draw(t, "churned"),
				Stratum:  rapid.SampledFrom([]string{"good", "bad"}).Draw(t, "stratum"),
			}
		}
		ct := rapid.SampledFrom([]ConfType{ConfLogLog, ConfLog, ConfPlain}).Draw(t, "conf")
		c, err := KaplanMeier(slices.Values(obs), SurvivalOptions{ConfType: ct})
		require.NoError(t, err)
		prev, total := 1.0, 0
		for _, s := range c.Steps {
			require.False(t, s.Survival > prev || s.Survival < 0 || s.Survival > 1, "survival %v after %v at t=%v", s.Survival, prev, s.Time)
			require.True(t, s.Lower <= s.Survival && s.Survival <= s.Upper && s.Lower >= 0 && s.Upper <= 1,
				"interval [%v, %v] around %v", s.Lower, s.Upper, s.Survival)
			prev = s.Survival
			total += s.Churned + s.Censored
		}
		require.Equal(t, n, total, "steps account for every subject")
		require.Equal(t, n, c.Subjects, "subjects")
		require.False(t, c.RMST.Mean < 0 || c.RMST.Mean > c.RMST.Horizon+1e-12, "RMST %v outside [0, %v]", c.RMST.Mean, c.RMST.Horizon)
		// The strata partition the subjects and each curve obeys the same bounds.
		s, err := KaplanMeierByStratum(slices.Values(obs), SurvivalOptions{ConfType: ct})
		require.NoError(t, err)
		if _, err := LogRank(slices.Values(obs)); err != nil {
			require.Nil(t, s.LogRank, "stratified test, but LogRank error %v", err)
			require.Equal(t, err.Error(), s.LogRankUndefined)
		} else {
			require.NotNil(t, s.LogRank, "no stratified test (undefined: %q), but LogRank succeeds", s.LogRankUndefined)
			require.Empty(t, s.LogRankUndefined)
		}
		sum := 0
		for _, cv := range s.Curves {
			sum += cv.Subjects
		}
		require.Equal(t, n, sum, "strata hold every subject")
		if s.LogRank != nil {
			require.True(t, s.LogRank.PValue >= 0 && s.LogRank.PValue <= 1, "p-value %v", s.LogRank.PValue)
		}
	})
}

// The product-limit estimate computed the slow way, time by time from the
// definition S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ) with nᵢ the subjects whose
// duration is at least tᵢ, agrees with the estimator (whose sort and merge
// of events and censorings it does not share), and each stratum's curve is
// the curve of that stratum's observations alone.
func TestKaplanMeierEqualsDefinitionRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 2500).Draw(t, "n") // beyond radixThreshold too
		obs := make([]Observation, n)
		for i := range obs {
			obs[i] = Observation{
				Duration: float64(rapid.IntRange(0, 40).Draw(t, "d")) * rapid.SampledFrom([]float64{1, 0.25, 1.0 / 3}).Draw(t, "scale"),
				Churned:  rapid.Bool().Draw(t, "churned"),
				Stratum:  rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "stratum"),
			}
		}
		c, err := KaplanMeier(slices.Values(obs), SurvivalOptions{})
		require.NoError(t, err)
		times := make([]float64, 0, n)
		for _, o := range obs {
			times = append(times, o.Duration)
		}
		slices.Sort(times)
		times = slices.Compact(times)
		require.Len(t, c.Steps, len(times), "one step per distinct time")
		surv := 1.0
		for i, tm := range times {
			atRisk, churned, censored := 0, 0, 0
			for _, o := range obs {
				switch {
				case o.Duration < tm:
				case o.Duration > tm:
					atRisk++
				case o.Churned:
					atRisk++
					churned++
				default:
					atRisk++
					censored++
				}
			}
			surv *= 1 - float64(churned)/float64(atRisk)
			st := c.Steps[i]
			require.Equal(t, []any{tm, atRisk, churned, censored}, []any{st.Time, st.AtRisk, st.Churned, st.Censored}, "step %d: time, at risk, churned, censored", i)
			require.InDelta(t, surv, st.Survival, 1e-12, "step %d survival", i)
		}
		strata, err := KaplanMeierByStratum(slices.Values(obs), SurvivalOptions{})
		require.NoError(t, err)
		for _, sc := range strata.Curves {
			alone, err := KaplanMeier(func(yield func(Observation) bool) {
				for _, o := range obs {
					if o.Stratum == sc.Stratum && !yield(o) {
						return
					}
				}
			}, SurvivalOptions{})
			require.NoError(t, err)
			alone.Stratum = sc.Stratum
			require.Equal(t, alone, sc, "stratum %s curve differs from the curve of its observations alone", sc.Stratum)
		}
	})
}

func BenchmarkKaplanMeier1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	obs := make([]Observation, 1_000_000)
	for i := range obs {
		// Tenure in days over five years, 30% churned: realistic tie structure.
		obs[i] = Observation{Duration: float64(rng.IntN(5 * 365)), Churned: rng.Float64() < 0.3}
	}
	b.ReportAllocs()
	for b.Loop() {
		_, err := KaplanMeier(slices.Values(obs), SurvivalOptions{Horizon: 365})
		require.NoError(b, err)
	}
}

func BenchmarkKaplanMeier1MContinuous(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	obs := make([]Observation, 1_000_000)
	for i := range obs {
		// Exact event times: every duration distinct, the worst case for steps.
		obs[i] = Observation{Duration: rng.ExpFloat64() * 400, Churned: rng.Float64() < 0.3}
	}
	b.ReportAllocs()
	for b.Loop() {
		_, err := KaplanMeier(slices.Values(obs), SurvivalOptions{Horizon: 365})
		require.NoError(b, err)
	}
}

func TestSortDurationsMatchesSlicesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 3000).Draw(t, "n")
		a := make([]float64, n)
		for i := range a {
			switch rapid.IntRange(0, 2).Draw(t, "kind") {
			case 0:
				a[i] = float64(rapid.IntRange(0, 100).Draw(t, "int"))
			case 1:
				a[i] = rapid.Float64Range(0, 1e6).Draw(t, "float")
			default:
				a[i] = rapid.SampledFrom([]float64{0, math.SmallestNonzeroFloat64, math.MaxFloat64}).Draw(t, "edge")
			}
		}
		want := slices.Clone(a)
		slices.Sort(want)
		sortDurations(a)
		require.Equal(t, want, a, "radix sort differs from slices.Sort")
	})
	// -0 is folded into +0 on input, so it sorts first.
	c, err := KaplanMeier(slices.Values([]Observation{{Duration: 1, Churned: true}, {Duration: math.Copysign(0, -1)}}), SurvivalOptions{})
	require.NoError(t, err)
	require.Equal(t, 0.0, c.Steps[0].Time, "-0 duration")
	require.Equal(t, 1, c.Steps[0].Censored, "-0 duration")
}

func TestMedianLimitsIgnoreTheStepWhereSurvivalReachesZero(t *testing.T) {
	// At S = 0 R's survfit has no confidence limits: survfit_confint sets
	// them to NA for log and log-log, and for plain the Greenwood variance
	// is infinite (0·Inf). print.survfit's median (survmean's minmin) drops
	// NA limits, so a limit that first falls to 0.5 only at S = 0 is "not
	// reached". Five churns at 1..5: S = .8 .6 .4 .2 0 with Greenwood
	// SE(-log S) = .2236 .3651 .5477 .8944; with z = 1.96 the limits are
	//   log      lower .516 .293 ...  upper 1 1 1 1    -> LCL 2, UCL NA
	//   log-log  lower .204 ...       upper .969 .882 .753 .582 -> LCL 1, UCL NA
	//   plain    lower .449 ...       upper 1 1 .829 .551 -> LCL 1, UCL NA
	// and a single churn has neither limit.
	five := []Observation{{1, true, ""}, {2, true, ""}, {3, true, ""}, {4, true, ""}, {5, true, ""}}
	for _, tc := range []struct {
		name string
		obs  []Observation
		conf ConfType
		want Median
	}{
		{"log", five, ConfLog, Median{Reached: true, Time: 3, Lower: 2, LowerReached: true}},
		{"log-log", five, ConfLogLog, Median{Reached: true, Time: 3, Lower: 1, LowerReached: true}},
		{"plain", five, ConfPlain, Median{Reached: true, Time: 3, Lower: 1, LowerReached: true}},
		{"single churn", []Observation{{3, true, ""}}, ConfLog, Median{Reached: true, Time: 3}},
	} {
		c, err := KaplanMeier(slices.Values(tc.obs), SurvivalOptions{ConfType: tc.conf})
		require.NoError(t, err)
		assert.Equal(t, tc.want, c.Median, tc.name)
	}
}

package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/secondsale/secondsale/cohort"
)

// The kaplan_meier and log_rank_3_strata jobs: 1M subjects in three strata
// with exponential monthly churn (0.02, 0.04, 0.08), floored to whole months,
// 30% random censoring and administrative censoring at 120 months, as
// km_r.R draws them (set.seed(7) in R; here a fixed PCG seed).
var (
	kaplanMeier    = job{unit: "subjects", repeats: 5, prepare: prepareKaplanMeier}
	logRank3Strata = job{unit: "subjects", repeats: 5, prepare: prepareLogRank}
)

// summaryTimes are the times of R's summary(fit, times = ...).
var summaryTimes = []float64{1, 3, 6, 12, 24, 36, 48, 60, 72}

func subjects(n int) []cohort.Observation {
	rng := rand.New(rand.NewPCG(7, 0))
	strata := [3]string{"a", "b", "c"}
	rates := [3]float64{0.02, 0.04, 0.08}
	obs := make([]cohort.Observation, n)
	for i := range obs {
		s := rng.IntN(3)
		t := min(math.Floor(rng.ExpFloat64()/rates[s]), 120)
		obs[i] = cohort.Observation{Duration: t, Churned: rng.Float64() >= 0.3 && t < 120, Stratum: strata[s]}
	}
	return obs
}

func prepareKaplanMeier(n int, _ string) (*run, error) {
	obs := subjects(n)
	var curve cohort.Curve
	var surv []float64
	r := &run{inputMB: float64(n) * 40 / (1 << 20)} // 40 bytes per Observation
	r.work = func() error {
		// survfit's defaults: Greenwood standard errors, log-scale intervals.
		c, err := cohort.KaplanMeier(slices.Values(obs), cohort.SurvivalOptions{ConfType: cohort.ConfLog})
		if err != nil {
			return err
		}
		surv = surv[:0]
		for _, t := range summaryTimes {
			surv = append(surv, c.SurvivalAt(t))
		}
		curve = c
		return nil
	}
	r.check = func() (map[string]any, error) {
		i, _ := slices.BinarySearchFunc(curve.Steps, 12.0, func(s cohort.Step, t float64) int {
			return cmpFloat(s.Time, t)
		})
		if i == len(curve.Steps) {
			return nil, fmt.Errorf("no subject reached 12 months")
		}
		rounded := make([]float64, len(surv))
		for k, s := range surv {
			rounded[k] = round6(s)
		}
		return map[string]any{
			"events": curve.Churned, "censored": curve.Subjects - curve.Churned,
			"distinct_times": len(curve.Steps), "surv_at_1_3_6_12_24_36_48_60_72": rounded,
			"n_risk_at_12": curve.Steps[i].AtRisk,
		}, nil
	}
	return r, nil
}

func prepareLogRank(n int, _ string) (*run, error) {
	obs := subjects(n)
	var test cohort.LogRankTest
	r := &run{inputMB: float64(n) * 40 / (1 << 20)}
	r.work = func() (err error) {
		test, err = cohort.LogRank(slices.Values(obs))
		return err
	}
	r.check = func() (map[string]any, error) {
		var observed []int
		var expected []float64
		for _, s := range test.Strata {
			observed = append(observed, s.Observed)
			expected = append(expected, math.Round(s.Expected*1000)/1000)
		}
		return map[string]any{"chisq": math.Round(test.ChiSquare*1e4) / 1e4, "df": test.DF,
			"observed": observed, "expected": expected}, nil
	}
	return r, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

package cohort

import (
	"iter"
	"math"

	"github.com/secondsale/secondsale/internal/accum"
)

// KaplanMeier estimates the survival curve of all observations pooled (the
// Stratum field is ignored), with Greenwood standard errors, pointwise
// confidence intervals, the median and the restricted mean survival time.
// It agrees with R's survfit(Surv(time, event) ~ 1).
func KaplanMeier(obs iter.Seq[Observation], opts SurvivalOptions) (Curve, error) {
	return KaplanMeierFrom(accum.Values(obs), opts)
}

// KaplanMeierFrom is KaplanMeier reading observations that can fail to read:
// it stops at the first error obs yields and returns it with the
// observation's position, and no curve.
func KaplanMeierFrom(obs iter.Seq2[Observation, error], opts SurvivalOptions) (Curve, error) {
	a, err := readSurvival(obs, opts, false)
	if err != nil {
		return Curve{}, err
	}
	return a.Pooled()
}

// estimate computes the product-limit estimate from one group's counts at
// each distinct time (a table of one event kind, churn): the counts are all
// the estimator needs, so one pass and merged shards share this code.
func estimate(tb *incidenceTable, opts SurvivalOptions) Curve {
	z := normalQuantile(1 - (1-opts.ConfLevel)/2)
	c := Curve{
		Stratum:   tb.name,
		Subjects:  tb.subjects,
		ConfType:  opts.ConfType,
		ConfLevel: opts.ConfLevel,
		Steps:     make([]Step, 0, len(tb.times)),
	}
	atRisk := tb.subjects
	surv, cumVar := 1.0, 0.0
	for j, t := range tb.times {
		cens, events := tb.row(j)
		d := events[0]
		c.Churned += d
		if d > 0 {
			n, df := float64(atRisk), float64(d)
			surv *= 1 - df/n
			if d < atRisk {
				cumVar += df / (n * (n - df))
			} else {
				cumVar = math.Inf(1)
			}
		}
		st := Step{Time: t, AtRisk: atRisk, Churned: d, Censored: cens, Survival: surv}
		if d > 0 || len(c.Steps) == 0 {
			st.HazardSE = math.Sqrt(cumVar)
			if surv > 0 {
				st.SE = surv * st.HazardSE
			}
			st.Lower, st.Upper = confidenceInterval(opts.ConfType, surv, st.HazardSE, z)
		} else {
			// A censor-only time leaves the estimate and its interval unchanged.
			prev := c.Steps[len(c.Steps)-1]
			st.HazardSE, st.SE, st.Lower, st.Upper = prev.HazardSE, prev.SE, prev.Lower, prev.Upper
		}
		c.Steps = append(c.Steps, st)
		atRisk -= d + cens
	}
	c.Median = median(c.Steps)
	horizon := opts.Horizon
	if horizon == 0 && len(c.Steps) > 0 {
		horizon = c.Steps[len(c.Steps)-1].Time
	}
	c.RMST = restrictedMean(c.Steps, horizon)
	return c
}

// runLength returns how many leading values of sorted equal t.
func runLength(sorted []float64, t float64) int {
	n := 0
	for n < len(sorted) && sorted[n] == t {
		n++
	}
	return n
}

// confidenceInterval returns the pointwise interval of survival s whose
// cumulative hazard has standard error se, with z the normal quantile. The
// formulas are those of R's survfit; where R reports NA (log-log at S = 1 or
// S = 0) the interval collapses to the point.
func confidenceInterval(ct ConfType, s, se, z float64) (lo, hi float64) {
	if s == 0 || s == 1 || math.IsInf(se, 1) {
		return s, s
	}
	switch ct {
	case ConfLog:
		return math.Exp(math.Log(s) - z*se), math.Min(1, math.Exp(math.Log(s)+z*se))
	case ConfPlain:
		return math.Max(0, s-z*se*s), math.Min(1, s+z*se*s)
	default: // ConfLogLog
		// log(-log S) ± w with w = z·se/|log S| maps back to S^(e^±w);
		// the larger exponent gives the lower limit.
		logS := math.Log(s)
		ew := math.Exp(z * se / -logS)
		return math.Exp(logS * ew), math.Exp(logS / ew)
	}
}

// normalQuantile returns the standard normal quantile of p in (0, 1).
func normalQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

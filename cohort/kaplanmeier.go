package cohort

import (
	"errors"
	"iter"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// sample holds one group's durations, split by outcome and sorted, which is
// all the Kaplan-Meier estimator and the log-rank test need.
type sample struct {
	name     string
	churned  []float64
	censored []float64
}

func (s *sample) size() int { return len(s.churned) + len(s.censored) }

func (s *sample) sort() {
	sortDurations(s.churned)
	sortDurations(s.censored)
}

// collect reads every observation, validating each, and groups them by
// stratum when byStratum is set (one pooled group otherwise; every
// observation then needs a stratum). Strata are
// returned sorted by name. Every invalid observation is reported, with its
// index, in one error; a read error ends the reading and is returned with
// the problems found before it.
func collect(obs iter.Seq2[Observation, error], byStratum bool) ([]*sample, error) {
	var problems success.FieldErrors
	pooled := &sample{}
	groups := map[string]*sample{}
	i := 0
	if obs == nil {
		return nil, accum.NilSequence("observations", ErrInvalid) // a host bug, not empty input
	}
	for o, err := range obs {
		if err != nil {
			return nil, errors.Join(problems.Err(), accum.ReadError("observations", i, err))
		}
		if !(o.Duration >= 0) || math.IsInf(o.Duration, 1) {
			fielderr.Addf(&problems, ErrInvalid, indexPath("observations", i, "duration"), "must be a finite number >= 0, got %s", numberKind(o.Duration))
			i++
			continue
		}
		if byStratum && o.Stratum == "" {
			// A missing stratum is a gap in the host's data, not a group.
			fielderr.Addf(&problems, ErrInvalid, indexPath("observations", i, "stratum"), "is required when comparing strata")
			i++
			continue
		}
		if o.Duration == 0 {
			o.Duration = 0 // -0 would sort after every positive duration by its bits
		}
		g := pooled
		if byStratum {
			g = groups[o.Stratum]
			if g == nil {
				g = &sample{name: o.Stratum}
				groups[o.Stratum] = g
			}
		}
		if o.Churned {
			g.churned = append(g.churned, o.Duration)
		} else {
			g.censored = append(g.censored, o.Duration)
		}
		i++
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	if i == 0 {
		return nil, &success.FieldError{Path: "observations", Problem: "no observations", Err: ErrEmpty}
	}
	if !byStratum {
		pooled.sort()
		return []*sample{pooled}, nil
	}
	out := make([]*sample, 0, len(groups))
	for _, g := range groups {
		g.sort()
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *sample) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	return out, nil
}

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
	opts, err := opts.withDefaults()
	if err != nil {
		return Curve{}, err
	}
	groups, err := collect(obs, false)
	if err != nil {
		return Curve{}, err
	}
	return estimate(groups[0], opts), nil
}

// estimate computes the product-limit estimate of one sorted sample.
func estimate(s *sample, opts SurvivalOptions) Curve {
	z := normalQuantile(1 - (1-opts.ConfLevel)/2)
	c := Curve{
		Stratum:   s.name,
		Subjects:  s.size(),
		Churned:   len(s.churned),
		ConfType:  opts.ConfType,
		ConfLevel: opts.ConfLevel,
		Steps:     make([]Step, 0, distinctTimes(s.churned, s.censored)),
	}
	atRisk := s.size()
	surv, cumVar := 1.0, 0.0
	e, k := s.churned, s.censored
	for len(e) > 0 || len(k) > 0 {
		t := math.Inf(1)
		if len(e) > 0 {
			t = e[0]
		}
		if len(k) > 0 && k[0] < t {
			t = k[0]
		}
		d := runLength(e, t)
		e = e[d:]
		cens := runLength(k, t)
		k = k[cens:]
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

// distinctTimes counts the distinct values of two sorted slices together.
func distinctTimes(a, b []float64) int {
	n := 0
	last := math.NaN()
	for len(a) > 0 || len(b) > 0 {
		var t float64
		if len(b) == 0 || (len(a) > 0 && a[0] <= b[0]) {
			t, a = a[0], a[1:]
		} else {
			t, b = b[0], b[1:]
		}
		if t != last {
			n++
			last = t
		}
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

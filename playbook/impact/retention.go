package impact

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
)

// Retention is the survival side of OutcomeRetention.
type Retention struct {
	Treated    cohort.Curve       `json:"treated"`
	Comparison cohort.Curve       `json:"comparison"`
	LogRank    cohort.LogRankTest `json:"log_rank"`
}

// retention fills the curves, the log-rank test and the RMST difference.
func retention(r *Report, treated, control []unit, asOf time.Time, opts Options, z float64) error {
	obs := func(us []unit, name string) []cohort.Observation {
		out := make([]cohort.Observation, len(us))
		for i, u := range us {
			end, churned := asOf, !u.acc.ChurnedAt.IsZero()
			if churned {
				end = u.acc.ChurnedAt
			}
			out[i] = cohort.Observation{Duration: float64(end.Sub(u.zero)) / float64(opts.Unit), Churned: churned, Stratum: name}
		}
		return out
	}
	t, c := obs(treated, "treated"), obs(control, "comparison")
	horizon := opts.Horizon
	if horizon == 0 {
		horizon = min(maxDuration(t), maxDuration(c))
	}
	so := cohort.SurvivalOptions{ConfLevel: opts.ConfLevel, Horizon: horizon}
	var ret Retention
	var err error
	if ret.Treated, err = cohort.KaplanMeier(slices.Values(t), so); err != nil {
		return fmt.Errorf("%w: treated curve: %w", ErrInvalid, err)
	}
	if ret.Comparison, err = cohort.KaplanMeier(slices.Values(c), so); err != nil {
		return fmt.Errorf("%w: comparison curve: %w", ErrInvalid, err)
	}
	if ret.LogRank, err = cohort.LogRank(slices.Values(append(t, c...))); err != nil {
		return fmt.Errorf("%w: log-rank test: %w", ErrInvalid, err)
	}
	r.Retention = &ret
	d := Difference{Treated: ret.Treated.RMST.Mean, Comparison: ret.Comparison.RMST.Mean}
	d.Estimate = d.Treated - d.Comparison
	d.SE = math.Hypot(ret.Treated.RMST.SE, ret.Comparison.RMST.SE)
	d.Lower, d.Upper = d.Estimate-z*d.SE, d.Estimate+z*d.SE
	r.Difference = d
	return nil
}

func maxDuration(obs []cohort.Observation) float64 {
	m := 0.0
	for _, o := range obs {
		m = max(m, o.Duration)
	}
	return m
}

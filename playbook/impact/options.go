package impact

import (
	"math"
	"time"

	"github.com/secondsale/secondsale/health"
)

// Options chooses the outcome, the comparison group and the matching.
type Options struct {
	// Outcome is required.
	Outcome Outcome
	// Comparison is the comparison group; empty means CompareSuppressed.
	Comparison Comparison
	// Window is the span after time zero over which health change and
	// expansion are read; required for those outcomes.
	Window time.Duration
	// Unit is the unit of retention durations; 0 means a day.
	Unit time.Duration
	// Horizon is the restricted mean's horizon in Unit; 0 means the
	// shorter of the two groups' longest durations.
	Horizon float64
	// Match matches exactly on health band and segment at time zero.
	// Treated accounts in a stratum without comparison accounts are left
	// out (Report.Unmatched), as are comparison accounts in a stratum
	// without treated ones. The remaining comparison accounts are weighted
	// so each stratum counts as often as it has treated accounts (the
	// effect on the treated); retention curves and the log-rank test,
	// which take no weights, use the matched accounts unweighted.
	Match bool
	// Bands are the health bands to match on; nil means health.DefaultBands.
	Bands []health.Band
	// NotRunStart is time zero of CompareNotRun; required for it.
	NotRunStart time.Time
	// ConfLevel is the confidence level in (0, 1); 0 means 0.95.
	ConfLevel float64
}

// withDefaults validates o and fills in its defaults.
func (o Options) withDefaults() (Options, error) {
	if err := o.Outcome.Validate(); err != nil {
		return o, err
	}
	if o.Comparison == "" {
		o.Comparison = CompareSuppressed
	}
	if err := o.Comparison.Validate(); err != nil {
		return o, err
	}
	if o.Outcome != OutcomeRetention && o.Window <= 0 {
		return o, invalid("options.window", "must be positive for %s", o.Outcome)
	}
	if o.Comparison == CompareNotRun && o.NotRunStart.IsZero() {
		return o, invalid("options.not_run_start", "required for %s", o.Comparison)
	}
	if o.Unit == 0 {
		o.Unit = 24 * time.Hour
	}
	if o.Unit < 0 {
		return o, invalid("options.unit", "must not be negative")
	}
	if !(o.Horizon >= 0) || math.IsInf(o.Horizon, 0) {
		return o, invalid("options.horizon", "must be finite and not negative")
	}
	if o.ConfLevel == 0 {
		o.ConfLevel = 0.95
	}
	if !(o.ConfLevel > 0 && o.ConfLevel < 1) {
		return o, invalid("options.conf_level", "must be in (0, 1)")
	}
	if o.Bands == nil {
		o.Bands = health.DefaultBands()
	}
	return o, nil
}

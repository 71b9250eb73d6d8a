package cohort

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// Observation is one customer's time as a customer: Duration periods from the
// start of their first subscription until they churned (Churned) or until the
// as-of date if they are still a customer (right-censored). Durations are in
// whatever unit the host chooses (days, months); all observations of one
// analysis must use the same unit. [ObserveSpells] derives an Observation from
// dates.
type Observation struct {
	Duration float64
	Churned  bool
	// Stratum names the group the customer belongs to ("good fit",
	// "Month-to-month") for stratified curves and the log-rank test, which
	// require it. Pooled estimates ignore it.
	Stratum string
}

// ConfType is the transformation under which the pointwise confidence
// interval of a survival curve is symmetric.
type ConfType string

// Confidence interval types, named as in R's survfit(conf.type=...).
const (
	// ConfLogLog is symmetric on log(-log S): it never leaves [0, 1] and
	// behaves well in the tails. The default, as recommended by Kalbfleisch &
	// Prentice and used by SAS; R's default is ConfLog.
	ConfLogLog ConfType = "log-log"
	// ConfLog is symmetric on log S (R's default); the upper limit is capped at 1.
	ConfLog ConfType = "log"
	// ConfPlain is S ± z·SE(S), clipped to [0, 1].
	ConfPlain ConfType = "plain"
)

// Validate reports whether c is a known confidence interval type.
func (c ConfType) Validate() error {
	switch c {
	case ConfLogLog, ConfLog, ConfPlain:
		return nil
	}
	return fmt.Errorf("%w: unknown confidence interval type %q (want log-log, log or plain)", ErrInvalid, string(c))
}

// SurvivalOptions tunes a Kaplan-Meier estimate. The zero value means 95%
// log-log intervals and a restricted mean up to the largest observed time.
type SurvivalOptions struct {
	// ConfType is the confidence interval transformation; empty means ConfLogLog.
	ConfType ConfType
	// ConfLevel is the confidence level in (0, 1); 0 means 0.95.
	ConfLevel float64
	// Horizon is the upper limit of the restricted mean survival time, in the
	// unit of the durations; 0 means the largest observed duration (of each
	// stratum, for stratified curves). Use the same horizon to compare strata.
	// Beyond the last observed time the curve is unknown; a horizon there
	// extends its last value, as R's survfit(rmean=) does, so that part of
	// the mean is an extrapolation.
	Horizon float64
}

func (o SurvivalOptions) withDefaults() (SurvivalOptions, error) {
	if o.ConfType == "" {
		o.ConfType = ConfLogLog
	}
	if err := o.ConfType.Validate(); err != nil {
		return o, err
	}
	if o.ConfLevel == 0 {
		o.ConfLevel = 0.95
	}
	if !(o.ConfLevel > 0 && o.ConfLevel < 1) {
		return o, fmt.Errorf("%w: confidence level %v must be in (0, 1)", ErrInvalid, o.ConfLevel)
	}
	if !(o.Horizon >= 0) || math.IsInf(o.Horizon, 0) {
		return o, fmt.Errorf("%w: horizon %v must be finite and >= 0", ErrInvalid, o.Horizon)
	}
	return o, nil
}

// Step is the Kaplan-Meier estimate at one distinct observed time: a time at
// which at least one customer churned or was censored (censor-only times carry
// the survival of the previous step, as in R's survfit object).
type Step struct {
	Time     float64
	AtRisk   int // customers still customers just before Time
	Churned  int // churn events at Time
	Censored int // customers censored at Time (still active at the as-of date)
	// Survival is the estimated probability of still being a customer after Time.
	Survival float64
	// SE is the Greenwood standard error of Survival; 0 once Survival is 0.
	SE float64
	// HazardSE is the standard error of the cumulative hazard -log S, i.e.
	// SE/Survival: what R's survfit reports as std.err. +Inf once Survival is 0.
	HazardSE float64
	// Lower and Upper bound the pointwise confidence interval.
	Lower, Upper float64
}

// MarshalJSON encodes the step with HazardSE as null once Survival is 0,
// where it is infinite: JSON has no infinity, and a curve that reaches 0
// must still encode.
func (s Step) MarshalJSON() ([]byte, error) {
	type plain Step
	out := struct {
		plain
		HazardSE *float64
	}{plain: plain(s)}
	if !math.IsInf(s.HazardSE, 0) {
		out.HazardSE = &s.HazardSE
	}
	return json.Marshal(out)
}

// Median is the median survival time: the first time the curve reaches 0.5 or
// below (midway to the next step when it equals 0.5 exactly and falls lower
// later; that time itself when it stays at 0.5 to the end), with the times at
// which the confidence limits reach 0.5 (Brookmeyer-Crowley style). This is
// the median of R's print.survfit. A limit is not reached at a step where
// the curve is 0: R has no confidence limits there (NA), whereas Step
// reports the collapsed interval [0, 0].
type Median struct {
	Reached bool    // false when the curve never falls to 0.5: "not reached"
	Time    float64 // valid when Reached
	// Lower and Upper bound the confidence interval of the median;
	// LowerReached/UpperReached are false when that limit is not reached.
	Lower, Upper               float64
	LowerReached, UpperReached bool
}

// RMST is the restricted mean survival time: the expected number of periods
// a customer stays within the first Horizon periods (the area under the curve
// from 0 to Horizon), with its standard error.
type RMST struct {
	Horizon float64
	Mean    float64
	SE      float64
}

// Curve is a Kaplan-Meier survival curve with its summaries.
type Curve struct {
	Stratum   string   // empty for a pooled curve
	Subjects  int      // customers observed
	Churned   int      // of them, customers who churned; the others are censored
	ConfType  ConfType // of the pointwise intervals Step.Lower and Step.Upper
	ConfLevel float64  // of those intervals, e.g. 0.95
	Steps     []Step   // one per distinct observed time, in time order
	Median    Median
	RMST      RMST
}

// SurvivalAt returns the estimated survival just after time t: 1 before the
// first step, otherwise the survival of the last step at or before t; NaN
// for a NaN time.
func (c Curve) SurvivalAt(t float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	// i is the number of steps at or before t.
	i := sort.Search(len(c.Steps), func(i int) bool { return c.Steps[i].Time > t })
	if i == 0 {
		return 1
	}
	return c.Steps[i-1].Survival
}

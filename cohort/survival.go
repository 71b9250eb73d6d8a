package cohort

import (
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
	Duration float64 `json:"duration"`
	Churned  bool    `json:"churned"`
	// Stratum names the group the customer belongs to ("good fit",
	// "Month-to-month") for stratified curves and the log-rank test, which
	// require it. Pooled estimates ignore it.
	Stratum string `json:"stratum,omitempty"`
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
	return oneOf(c, "confidence interval type", ConfLogLog, ConfLog, ConfPlain)
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
		return o, fmt.Errorf("%w: confidence level must be in (0, 1), got %s", ErrInvalid, numberKind(o.ConfLevel))
	}
	if !(o.Horizon >= 0) || math.IsInf(o.Horizon, 0) {
		return o, fmt.Errorf("%w: horizon must be finite and >= 0, got %s", ErrInvalid, numberKind(o.Horizon))
	}
	return o, nil
}

// Step is the Kaplan-Meier estimate at one distinct observed time: a time at
// which at least one customer churned or was censored (censor-only times carry
// the survival of the previous step, as in R's survfit object).
type Step struct {
	Time     float64 `json:"time"`
	AtRisk   int     `json:"at_risk"`  // customers still customers just before Time
	Churned  int     `json:"churned"`  // churn events at Time
	Censored int     `json:"censored"` // customers censored at Time (still active at the as-of date)
	// Survival is the estimated probability of still being a customer after Time.
	Survival float64 `json:"survival"`
	// SE is the Greenwood standard error of Survival; 0 once Survival is 0.
	SE float64 `json:"se"`
	// HazardSE is the standard error of the cumulative hazard -log S, i.e.
	// SE/Survival: what R's survfit reports as std.err. +Inf once Survival
	// is 0, which JSON writes as null.
	HazardSE float64 `json:"hazard_se"`
	// Lower and Upper bound the pointwise confidence interval.
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// Median is the median survival time: the first time the curve reaches 0.5 or
// below (midway to the next step when it equals 0.5 exactly and falls lower
// later; that time itself when it stays at 0.5 to the end), with the times at
// which the confidence limits reach 0.5 (Brookmeyer-Crowley style). This is
// the median of R's print.survfit. A limit is not reached at a step where
// the curve is 0: R has no confidence limits there (NA), whereas Step
// reports the collapsed interval [0, 0].
//
// JSON writes a time that is not reached as null ({"time": null} for a
// median not reached) instead of the flags, so no reader takes the 0 for a
// time.
type Median struct {
	Reached bool    `json:"-"`    // false when the curve never falls to 0.5: "not reached"
	Time    float64 `json:"time"` // valid when Reached
	// Lower and Upper bound the confidence interval of the median;
	// LowerReached/UpperReached are false when that limit is not reached.
	Lower        float64 `json:"lower"`
	Upper        float64 `json:"upper"`
	LowerReached bool    `json:"-"`
	UpperReached bool    `json:"-"`
}

// RMST is the restricted mean survival time: the expected number of periods
// a customer stays within the first Horizon periods (the area under the curve
// from 0 to Horizon), with its standard error.
type RMST struct {
	Horizon float64 `json:"horizon"`
	Mean    float64 `json:"mean"`
	SE      float64 `json:"se"`
}

// Curve is a Kaplan-Meier survival curve with its summaries.
type Curve struct {
	Stratum   string   `json:"stratum,omitempty"` // empty for a pooled curve
	Subjects  int      `json:"subjects"`          // customers observed
	Churned   int      `json:"churned"`           // of them, customers who churned; the others are censored
	ConfType  ConfType `json:"conf_type"`         // of the pointwise intervals Step.Lower and Step.Upper
	ConfLevel float64  `json:"conf_level"`        // of those intervals, e.g. 0.95
	Steps     []Step   `json:"steps"`             // one per distinct observed time, in time order
	Median    Median   `json:"median"`
	RMST      RMST     `json:"rmst"`
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

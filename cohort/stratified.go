package cohort

import (
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
)

// Stratified is one Kaplan-Meier curve per stratum and the log-rank test
// between them, from one pass over the observations.
type Stratified struct {
	Curves []Curve `json:"curves"` // sorted by stratum name
	// LogRank is nil (JSON null) when the test is undefined: fewer than two
	// strata, or no churn at a time when two strata were at risk together.
	LogRank *LogRankTest `json:"log_rank"`
	// LogRankUndefined says why LogRank is nil; empty (and omitted from
	// JSON) when it is set.
	LogRankUndefined string `json:"log_rank_undefined,omitempty"`
}

// KaplanMeierByStratum estimates one curve per stratum, sorted by stratum
// name, and the log-rank test between them when it is defined.
func KaplanMeierByStratum(obs iter.Seq[Observation], opts SurvivalOptions) (Stratified, error) {
	return KaplanMeierByStratumFrom(accum.Values(obs), opts)
}

// KaplanMeierByStratumFrom is KaplanMeierByStratum reading observations that
// can fail to read: it stops at the first error obs yields and returns it
// with the observation's position, and no curves.
func KaplanMeierByStratumFrom(obs iter.Seq2[Observation, error], opts SurvivalOptions) (Stratified, error) {
	a, err := readSurvival(obs, opts, true)
	if err != nil {
		return Stratified{}, err
	}
	return a.ByStratum()
}

package impact

// ObservationalNote is the caveat every Report carries.
const ObservationalNote = "observational comparison: the play was not randomised, so the difference " +
	"is an association that matching on health band and segment only partly adjusts, not a measured effect"

// Report is the comparison of a play's treated accounts with a comparison
// group on one outcome.
type Report struct {
	PlayID     string     `json:"play_id"`
	Outcome    Outcome    `json:"outcome"`
	Comparison Comparison `json:"comparison"`
	// Observational is always true, and Note says why it matters: the
	// difference is not a randomised effect.
	Observational bool   `json:"observational"`
	Note          string `json:"note"`
	// Matched reports exact matching on health band and segment.
	Matched bool `json:"matched"`
	// Treated and Compared count the accounts the difference is computed
	// from.
	Treated  int `json:"treated"`
	Compared int `json:"compared"`
	// Unmatched counts the treated accounts with no comparison account in
	// their stratum; UnmatchedComparison the comparison accounts in strata
	// without a treated account. Both are left out when matching.
	Unmatched           int `json:"unmatched"`
	UnmatchedComparison int `json:"unmatched_comparison"`
	// MissingTreated and MissingComparison count accounts left out because
	// their outcome is not observed (no health score at time zero, or the
	// window ends after the as-of date).
	MissingTreated    int `json:"missing_treated"`
	MissingComparison int `json:"missing_comparison"`
	// Strata are the matching strata, in name order; empty unless matched.
	Strata     []Stratum  `json:"strata,omitempty"`
	Difference Difference `json:"difference"`
	// Retention holds the curves and the log-rank test of OutcomeRetention.
	Retention *Retention `json:"retention,omitempty"`
}

package impact

// Outcome is what the groups are compared on.
type Outcome string

// Outcomes.
const (
	// OutcomeRetention compares Kaplan-Meier curves from time zero to the
	// churn (or the as-of date), with the log-rank test; the difference is
	// that of the restricted mean survival times, in Options.Unit.
	OutcomeRetention Outcome = "retention"
	// OutcomeHealthChange compares the mean change of the health score from
	// time zero to time zero plus Options.Window (score points).
	OutcomeHealthChange Outcome = "health_change"
	// OutcomeExpansion compares the proportions of accounts that expanded
	// within Options.Window after time zero.
	OutcomeExpansion Outcome = "expansion"
)

// Validate reports whether o is a known outcome.
func (o Outcome) Validate() error {
	switch o {
	case OutcomeRetention, OutcomeHealthChange, OutcomeExpansion:
		return nil
	}
	return invalid("options.outcome", "unknown outcome")
}

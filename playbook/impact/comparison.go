package impact

// Comparison names the group the treated accounts are compared with. No
// comparison account ever had a completed run of the play.
type Comparison string

// Comparison groups.
const (
	// CompareSuppressed (the default) is the accounts the play's trigger
	// matched but the play held back (a suppression or a limit, read from
	// the decision trace) and that never had a run of the play: the
	// natural group, matched by the same trigger. Time zero is the first
	// suppression.
	CompareSuppressed Comparison = "suppressed"
	// CompareCancelled is the accounts whose runs of the play were all
	// cancelled (none done, none active). Time zero is the first run's
	// start.
	CompareCancelled Comparison = "cancelled"
	// CompareNotRun is the accounts of Input.Accounts with no run of the
	// play and no suppression. Time zero is Options.NotRunStart.
	CompareNotRun Comparison = "not_run"
)

// Validate reports whether c is a known comparison group.
func (c Comparison) Validate() error {
	switch c {
	case CompareSuppressed, CompareCancelled, CompareNotRun:
		return nil
	}
	return invalid("options.comparison", "unknown comparison group")
}

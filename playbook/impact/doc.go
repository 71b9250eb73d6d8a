// Package impact estimates the impact of a play: it compares accounts where
// the play ran and completed (treated) with a comparison group on an
// outcome (retention, health change or expansion) and reports the
// difference with its uncertainty and the counts. Measure is the entry
// point; Load reads the play's runs and decision trace from a
// playbook.Store, and the comparison group (Options.Comparison) defaults to
// the accounts the play suppressed or held back under a limit.
//
// The comparison is observational, not an experiment: who received a play
// was not randomised, so a difference may come from how the groups differ
// rather than from the play. Exact matching on health band and segment at
// time zero (Options.Match) removes the part of that difference those
// strata explain, and no more. Every Report says so in Report.Observational.
package impact

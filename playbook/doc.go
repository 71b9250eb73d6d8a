// Package playbook turns what the data says about an account (its health
// score and trend, churn signals, Desired Outcome and milestones, fit,
// expansion readiness, NPS) into work for people: plays, their runs and
// tasks, opened proactively before the customer asks.
//
// # Plays
//
// A Play is a versioned definition: a Trigger that says when an account
// needs the play, ordered Steps that become tasks for an owner role with due
// dates, an optional Exit that closes a run once things are better, and a
// Suppression policy that says, explicitly, when the play must not open
// again. Plays are written in Go or loaded from JSON with LoadPlays, which
// reports every problem at once with its path; the two are equivalent
// (a play marshalled with encoding/json loads back equal).
//
// # Triggers
//
// A trigger is a tree of clauses combined with all, any and not, each leaf
// a TriggerKind whose exact semantics are on its constant: a health band
// entered, a score dropped by N points within a window, a churn signal,
// renewal within N days, a milestone achieved or overdue, a Required
// Outcome behind, stuck or stale, a lifecycle stage, a bad-fit verdict,
// expansion readiness or the second-purchase nudge, an NPS category, or a
// host Predicate registered by name. A trigger reads Facts, one account as
// of a time; a fact that is missing makes a clause not hold, never an
// error.
//
// Trigger.Match records every clause evaluated (a Match of Clauses), with
// its path in the definition ("trigger.clauses[1]", the same paths errors
// use), whether it held, and the numbers and thresholds behind it: what a
// decision trace stores to say why a play opened. Trigger.Check is the
// allocation-free fast path that only says whether it holds.
//
// # Suppression and exits
//
// Suppression.DedupKey is the string under which a store keeps at most one
// open or cooling run: account and play by default, per contact or per
// custom fact as options, and per renewal checkpoint (Match.Checkpoint), so
// the 180, 90 and 30 day checkpoints each open once per renewal. The policy
// also says what happens while a run is open (keep and record, or refresh),
// when a play may open again after a run ended (never, after a cooldown,
// only if it ended unsuccessfully) and the limits on open runs; the engine
// records each suppression with the clause that caused it.
//
// An Exit closes a run with hysteresis: its condition must hold for
// HoldForDays, or beyond a Margin of score points, so that a score hovering
// at a band boundary does not open and close runs every day.
//
// # The Second Sale library
//
// SecondSaleLibrary returns 20 ready-made plays for the small wins after
// the first sale (orientation and training, more users, daily use, the
// first milestone of the Desired Outcome, the second purchase, add-ons with
// ROI, case studies, social posts, reference calls, introductions, a save
// play, renewal checkpoints), as data for a host to copy and adapt; the
// files are in the package's library directory.
//
// # The engine
//
// An Engine evaluates an account's Facts as of their AsOf against its plays
// and returns Decisions: open a run with its tasks, close a run whose exit
// condition held, flag overdue tasks, suppress (naming the clause of the
// policy that did) or leave alone. Every decision and every change of a run
// or task is written to the Store's trace with its actor and reason,
// listable per account, per play and per run. People act on tasks through
// the Engine (start, complete, skip, snooze, reassign, cancel a run); closing
// acts on the run's own tasks only.
//
// Several workers may evaluate the same accounts at once: the Store's
// conditional create (keyed by the dedup key, limits counted in the same
// step) and versioned writes make that safe, so a database-backed Store
// that passes playbooktest gives the same guarantee; MemoryStore is the
// embedded default. Run and task IDs derive from the play, version, dedup
// key and time, so the same facts give the same decisions in a replay, a dry
// run (DryRun, against a fresh MemoryStore, writing nothing) and a racing
// worker.
//
// # Touchpoints with goals
//
// A Touchpoint records one interaction with the customer and its Goal
// (attended training, logged in, adopted a feature, replied, renewed, or a
// host's kind), checked later against the host's GoalObservations: met by
// the first matching observation before the deadline, pending before it,
// missed after. TouchpointsFor turns the done steps of a run into
// touchpoints; ReportGoals gives goal-met rates per play, step, channel and
// goal kind with Wilson intervals, so a team sees which messages work.
// Sub-package impact compares the accounts a play completed for with a
// comparison group read from the decision trace.
//
// # Time, errors, bounds, privacy
//
// Everything that depends on the date reads Facts.AsOf. Errors wrap
// ErrInvalid; validation returns success.FieldErrors naming the path of each
// problem. Definitions are capped (MaxPlays, MaxSteps, MaxTriggerDepth,
// MaxTriggerClauses, MaxDays, MaxTextLen) so loading and evaluating cost a
// bounded time. Matches and errors carry names, kinds, IDs and numbers,
// never a personal value: free text is described by its length.
package playbook

// Package playbook turns what the data says about an account (its health
// score and trend, churn signals, Desired Outcome and milestones, fit,
// expansion readiness, NPS) into work for people: plays, their runs and
// tasks, opened proactively before the customer asks.
//
// # Plays
//
// A Play is a versioned definition: a Trigger (a tree of clauses combined
// with all, any and not) that says when an account needs the play, ordered
// Steps that become tasks for an owner role with due dates, an optional
// Exit with hysteresis that closes a run once things are better, and a
// Suppression policy that says, explicitly, when the play must not open
// again (the deduplication key, what happens while a run is open,
// re-entry after a run ends, and limits). Plays are written in Go or loaded
// from JSON with LoadPlays, which reports every problem at once with its
// path; the two are equivalent.
//
// A trigger is evaluated against Facts, a snapshot of one account as of a
// time. Trigger.Match returns a Match recording every clause evaluated, with
// its path ("trigger.all[1]"), whether it held and the numbers and
// thresholds behind it, so that a decision can say why it was taken.
// Host-defined conditions are Predicates registered by name.
//
// # The Second Sale library
//
// SecondSaleLibrary returns ready-made plays for the small wins after the
// first sale (orientation, more users, daily use, the first milestone, the
// second purchase, add-ons, advocacy, a save play, renewal checkpoints),
// as data for a host to copy and adapt.
//
// # Time, errors, privacy
//
// Everything that depends on the date reads Facts.AsOf. Errors wrap
// ErrInvalid; validation returns success.FieldErrors naming the path of each
// problem. Matches, errors and dedup-key errors carry names, kinds, IDs and
// numbers, never a personal value.
package playbook

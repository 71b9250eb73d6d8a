// Package churn explains why customers leave and measures how much revenue a
// business keeps.
//
// "All churn is bad, but some churn is worse." The package answers three
// questions a customer-success team asks every quarter:
//
//   - Which losses should we have seen coming, and which could we have
//     avoided? Event records a churn or downgrade with its reasons, drawn from
//     a Taxonomy of reason codes whose controllability a host may override.
//     Classifier places each event in the classification matrix: avoidable
//     (the customer had Success Potential and left for a reason within our
//     control) or unavoidable, crossed with expected (the account was flagged
//     at risk within a lookback window, read from a host-supplied
//     RiskHistory) or unexpected. Churn of a bad-fit customer is an upstream
//     acquisition failure and is reported on its own. Every Classification
//     carries the evidence that decided it; ClassificationReport totals counts
//     and lost ARR per quadrant and reason, in one currency or converted at
//     the host's rates.
//
//   - Which accounts are drifting away now? DetectSignals reads an account's
//     activity series as of a date and reports early-warning signals (drop-off,
//     decline, never activated, support spike), each with when it started and
//     the numbers behind it; DetectAll does the same over many accounts.
//
//   - How much revenue do we keep? Movements reads an MRR ledger
//     (success.LedgerRow, the rows the cohort tables read too; subscriptions
//     become such rows with success.NormalizeSubscriptions) in any order. An
//     account's MRR in a period is the sum of its lines on its last observed
//     date in the period; from it Movements derives new, expansion,
//     contraction, churn and reactivation MRR, exactly in decimal, and its
//     Report gives per-period and trailing-twelve-month retention metrics
//     (logo churn, gross and net MRR churn, NRR, GRR, quick ratio).
//     MovementLog and Movements.Log list the account movements behind every
//     total, so each figure can be traced to the accounts that made it.
//
// # Accumulators
//
// Movements follows the SDK's one accumulator contract, as every aggregate
// does (health's backtest and portfolio, cohort's tables and summaries): the
// zero value is empty; Add takes a row; AddAll and AddFrom stop at the first
// bad row or read error and name its position, the rows before it staying
// added; Merge(*Movements) combines shards split any way (by account, by
// date, at random) into exactly the one-pass state and rejects nil and
// itself, changing nothing when it fails; Report extracts; MarshalBinary and
// UnmarshalBinary encode an unexported state as versioned JSON and decode it
// strictly. It is an Apache Beam combine function as it stands. An empty
// ledger reports no periods: where the answer is a sum, empty input is an
// empty answer, not an error.
//
// Input records (Event, RiskObservation, Usage, SignalOptions) decode from
// JSON as strictly as the taxonomy loads: an unknown or repeated field or a
// wrongly typed value is an error naming its path, wrapping ErrInvalid. An
// entry point that reads a sequence (Classifier.Report, DetectAll) has a From
// form (ReportFrom, DetectAllFrom) for sequences that can fail, such as
// records decoded from a file: the first read error stops it and is returned
// with the item's position, so nothing is reported on part of the input.
//
// Everything is a pure function of its inputs and an as-of date; nothing reads
// the clock. Money is success.Money (decimal); rates are Ratio values that keep
// their exact numerator and denominator and say "undefined" instead of
// dividing by zero.
package churn

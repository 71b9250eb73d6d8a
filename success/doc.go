// Package success models what a customer must achieve and whether they can
// achieve it with you: the vocabulary every other secondsale package builds on.
//
// # Desired Outcome
//
// Customer success is the customer achieving their Desired Outcome through
// their interactions with the vendor. A Desired Outcome has two halves:
//
//   - Required Outcomes ([RequiredOutcome]): what the customer must achieve,
//     measurably: a metric with a baseline, a target, a direction (higher or
//     lower is better), a start and a due date, and the measurements taken so
//     far. As of any date an outcome has a progress in [0,1] and a status:
//     not started, on track, behind, stuck, achieved or missed.
//   - Appropriate Experience ([ExperienceRequirement]): how they need to
//     achieve it ("EU data residency", "weekly exec report"), each met or not.
//
// [DesiredOutcome.Assess] calls the outcome achieved only when every required
// outcome is achieved and every experience requirement is met, and lists what
// is missing. The Success Gap ([Gap], [TotalGap]) is the distance still to go,
// normalised so outcomes in different units can be added up.
//
// Milestones ([Milestone], [AssessMilestones]) are the ordered steps of an
// account's journey, each due a number of days after the account's start.
//
// # Success Potential
//
// Success Potential is the yes/no judgement made before or at the sale: given
// what we can offer now, is this customer likely to reach their Desired
// Outcome? Bad-fit customers are the largest source of churn, and you cannot
// solve upstream problems downstream. A [Profile] (an ideal-customer profile)
// holds weighted criteria over account attributes; [Profile.Assess] returns a
// fit score 0..100, a [Verdict] (good or bad fit), and for every criterion
// whether it matched and why. A missing attribute is unknown, not a mismatch.
// Profiles load from JSON with [LoadProfile], which reports every problem at once.
//
// # Accounts and money
//
// Accounts are keyed by the host's own [AccountID]. [Money] is an exact
// decimal amount in an ISO 4217 [Currency]; combining currencies is an error
// ([ErrCurrencyMismatch]), never a silent sum. [LifecycleStage] places an
// account in its journey.
//
// # Time, errors
//
// Everything that depends on the date takes it as an argument (asOf), so a
// backfill is as easy as today's answer.
// Errors wrap the sentinels [ErrInvalid] and [ErrCurrencyMismatch]; validation
// returns [FieldErrors], each naming the path of the bad field.
//
// # Privacy
//
// Errors, explanations and log values name fields, kinds, lengths and IDs,
// never a personal value: an attribute that does not fit its rule is "a
// string of 23 bytes", not its text. [Account], [Attributes] and [Value]
// implement [log/slog.LogValuer] and log as the account's ID and its
// non-personal fields (stage, ARR, attribute names and kinds). Fit reasons
// quote attribute values so that a score can be traced, except for the
// attributes a profile lists in [Profile.Personal]. Account IDs are the
// host's and do appear in errors and logs: do not use e-mail addresses or
// names as IDs.
package success

package playbook

import (
	"slices"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// TriggerKind names a trigger clause. Each kind reads its own fields of
// Trigger and no others; the semantics of each are on its constant.
//
// The numbers a Clause records, by kind (thresholds beside the facts):
//
//	health_band_entered, health_band  score; previous_score (entered, when there is one)
//	score_at_least, score_below       score, points
//	score_dropped                     score, highest, drop, points, window_days
//	churn_signal                      signals (how many of the kinds)
//	renewal_within                    days_to_renewal, days
//	milestone_overdue                 days_overdue
//	outcome_status                    progress, expected (of the outcome that matched)
//	outcome_achieved                  missing (what is still missing)
//	readiness_reached                 readiness_score
//	second_purchase_nudge             days_since_first_sale, due_within_days
//	nps                               nps
//	active_since                      days_active_after_wait
//
// Names (bands, signal kinds, milestone and outcome IDs, stages, levels,
// verdicts) go in the Clause's Reason; a host predicate's reason is its own.
type TriggerKind string

const (
	// All holds when every one of Clauses holds (at least one clause).
	// Evaluation stops at the first that does not.
	All TriggerKind = "all"
	// Any holds when one of Clauses holds (at least one clause).
	// Evaluation stops at the first that does.
	Any TriggerKind = "any"
	// Not holds when its one clause (Clauses[0]) does not. A clause that
	// cannot be judged (a missing fact) does not hold, so Not of it holds.
	Not TriggerKind = "not"

	// HealthBandEntered{Band}: the latest available score (Facts.Health) is
	// in Band and the previous available score (the latest of
	// Facts.HealthHistory) was not, or there is no previous score, so an
	// account whose first score is red counts as having entered red.
	// Bands are the reported ones (a manual override's where one is in
	// force), as the team sees them.
	HealthBandEntered TriggerKind = "health_band_entered"
	// HealthBand{Band}: the latest available score is in Band, however long
	// it has been: for exits and waits ("back in green").
	HealthBand TriggerKind = "health_band"
	// ScoreAtLeast{Points}: the latest available score is at least Points.
	// Its distance (score − Points) is what Exit.Margin compares.
	ScoreAtLeast TriggerKind = "score_at_least"
	// ScoreBelow{Points}: the latest available score is below Points; its
	// distance is Points − score.
	ScoreBelow TriggerKind = "score_below"
	// ScoreDropped{Points, WindowDays}: the latest available score is at
	// least Points below the highest available score of
	// Facts.HealthHistory taken within WindowDays days before Facts.AsOf
	// (the window [AsOf − WindowDays days, latest score's as-of)).
	ScoreDropped TriggerKind = "score_dropped"
	// ChurnSignal{Signals}: Facts.Signals holds a signal of one of the
	// kinds (any kind when Signals is empty).
	ChurnSignal TriggerKind = "churn_signal"
	// RenewalWithin{Days}: the account's renewal date is set, not before
	// AsOf, and at most Days days after it (in exact 24-hour days). The
	// Match's Checkpoint names the renewal date and Days ("renewal
	// 2027-03-01 within 90d"), and Suppression.DedupKey includes it, so
	// each checkpoint (180, 90, 30 days: one play each, or one play whose
	// trigger is any of them) opens its own run once per renewal date.
	RenewalWithin TriggerKind = "renewal_within"
	// MilestoneAchieved{Milestone, Days}: the milestone with ID Milestone
	// (any milestone when empty) is done or done late in Facts.Milestones;
	// with Days > 0, only if it was completed within the last Days days.
	MilestoneAchieved TriggerKind = "milestone_achieved"
	// MilestoneOverdue{Milestone}: the milestone with ID Milestone is
	// overdue; with Milestone empty, any required milestone is.
	MilestoneOverdue TriggerKind = "milestone_overdue"
	// OutcomeStatus{Statuses, Outcome}: a Required Outcome in
	// Facts.DesiredOutcome (the one with ID Outcome, or any when empty)
	// has one of Statuses (typically behind, stuck or stale).
	OutcomeStatus TriggerKind = "outcome_status"
	// OutcomeAchieved: the whole Desired Outcome is achieved (every
	// required outcome achieved and every experience requirement met).
	OutcomeAchieved TriggerKind = "outcome_achieved"
	// StageEntered{Stage}: the account is in lifecycle stage Stage. Facts
	// hold no previous stage, so "entered" means "is in": the default
	// suppression (one run per account and play, re-entry after it ends)
	// makes it open once per stay.
	StageEntered TriggerKind = "stage_entered"
	// FitVerdict{Verdict}: Facts.Fit is Verdict (bad_fit for a play that
	// handles an acquisition mistake).
	FitVerdict TriggerKind = "fit_verdict"
	// ReadinessReached{Level}: the expansion readiness level is at least
	// Level (levels are ordered not_ready < nurture < ready).
	ReadinessReached TriggerKind = "readiness_reached"
	// SecondPurchaseNudge: the readiness assessment carries the
	// second_purchase_nudge flag (no second purchase though it was due).
	SecondPurchaseNudge TriggerKind = "second_purchase_nudge"
	// NPS{NPS}: the latest NPS response is in the category: promoter
	// (9-10), passive (7-8) or detractor (0-6), as success/expansion counts.
	NPS TriggerKind = "nps"
	// HostPredicate{Predicate}: the host predicate registered under that name
	// holds; its reason is recorded. An unregistered name is an error.
	HostPredicate TriggerKind = "predicate"

	// ActiveSince: the account was active (Facts.LastActive) after the wait
	// began: "until the account logs in again". Only in Step.Wait.
	ActiveSince TriggerKind = "active_since"
	// StepCompleted{Step}: the run's step with that ID was completed (or
	// skipped). Only in Step.Wait; a wait may not depend on itself through
	// such references or through due dates (an error: a cycle).
	StepCompleted TriggerKind = "step_completed"
)

// triggerKinds lists every kind, in documentation order.
var triggerKinds = []TriggerKind{All, Any, Not, HealthBandEntered, HealthBand, ScoreAtLeast, ScoreBelow,
	ScoreDropped, ChurnSignal, RenewalWithin, MilestoneAchieved, MilestoneOverdue, OutcomeStatus,
	OutcomeAchieved, StageEntered, FitVerdict, ReadinessReached, SecondPurchaseNudge, NPS, HostPredicate,
	ActiveSince, StepCompleted}

// Validate reports whether k is a defined kind.
func (k TriggerKind) Validate() error {
	return enum.OneOf(k, "trigger kind", ErrInvalid, triggerKinds...)
}

// MarshalText implements encoding.TextMarshaler.
func (k TriggerKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *TriggerKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// NPSCategory is the category of an NPS response.
type NPSCategory string

const (
	Promoter  NPSCategory = "promoter"  // 9-10
	Passive   NPSCategory = "passive"   // 7-8
	Detractor NPSCategory = "detractor" // 0-6
)

// Validate reports whether c is a defined category.
func (c NPSCategory) Validate() error {
	return enum.OneOf(c, "NPS category", ErrInvalid, Promoter, Passive, Detractor)
}

// MarshalText implements encoding.TextMarshaler.
func (c NPSCategory) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the category.
func (c *NPSCategory) UnmarshalText(b []byte) error { return enum.Decode(c, b) }

// category returns the category of an NPS response.
func category(nps int) NPSCategory {
	switch {
	case nps >= expansion.DefaultPromoterNPS:
		return Promoter
	case nps >= expansion.DefaultPassiveNPS:
		return Passive
	}
	return Detractor
}

// Trigger is one clause of a trigger tree. Kind says which fields it reads;
// a field another kind reads must be left zero (Validate says so), so a
// definition means exactly what it shows.
type Trigger struct {
	Kind TriggerKind `json:"kind"`
	// Clauses are the children of all, any (at least one) and not
	// (exactly one).
	Clauses []Trigger `json:"clauses,omitempty"`

	Band       string                  `json:"band,omitempty"`        // health_band_entered, health_band
	Points     float64                 `json:"points,omitempty"`      // score_at_least, score_below, score_dropped
	WindowDays int                     `json:"window_days,omitempty"` // score_dropped
	Signals    []churn.SignalKind      `json:"signals,omitempty"`     // churn_signal
	Days       int                     `json:"days,omitempty"`        // renewal_within, milestone_achieved
	Milestone  string                  `json:"milestone,omitempty"`   // milestone_achieved, milestone_overdue
	Outcome    string                  `json:"outcome,omitempty"`     // outcome_status
	Statuses   []success.OutcomeStatus `json:"statuses,omitempty"`    // outcome_status
	Stage      success.LifecycleStage  `json:"stage,omitempty"`       // stage_entered
	Verdict    success.Verdict         `json:"verdict,omitempty"`     // fit_verdict
	Level      expansion.Level         `json:"level,omitempty"`       // readiness_reached
	NPS        NPSCategory             `json:"nps,omitempty"`         // nps
	Predicate  string                  `json:"predicate,omitempty"`   // predicate
	Step       string                  `json:"step,omitempty"`        // step_completed
}

// Clone returns a deep copy of t.
func (t Trigger) Clone() Trigger {
	t.Signals = slices.Clone(t.Signals)
	t.Statuses = slices.Clone(t.Statuses)
	if t.Clauses != nil {
		cs := make([]Trigger, len(t.Clauses))
		for i, c := range t.Clauses {
			cs[i] = c.Clone()
		}
		t.Clauses = cs
	}
	return t
}

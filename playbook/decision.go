package playbook

import (
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// DecisionKind is what the engine decided for one play and one account.
type DecisionKind string

// Decision kinds.
const (
	// DecisionOpen opens a run of the play with its tasks.
	DecisionOpen DecisionKind = "open"
	// DecisionClose closes a run because its exit condition held.
	DecisionClose DecisionKind = "close"
	// DecisionFlagOverdue flags a task of a run overdue.
	DecisionFlagOverdue DecisionKind = "flag_overdue"
	// DecisionSuppress holds back a run the trigger asked for, naming the
	// suppression clause that did.
	DecisionSuppress DecisionKind = "suppress"
	// DecisionLeaveAlone leaves an active run as it is (its exit condition
	// does not hold, or has not held long enough).
	DecisionLeaveAlone DecisionKind = "leave_alone"
)

// SuppressionClause names the part of a play's suppression policy that
// held a run back.
type SuppressionClause string

// Suppression clauses.
const (
	// ClauseWhenOpen: a run with the same dedup key is active.
	ClauseWhenOpen SuppressionClause = "when_open"
	// ClauseReEntry: a run with the same dedup key ended and the play's
	// re-entry policy (never, or a cooldown) keeps the key taken.
	ClauseReEntry SuppressionClause = "re_entry"
	// ClauseLimitPlay, ClauseLimitOwner, ClauseLimitAccount: the play's
	// limit on open runs per play, per owner or per account is reached.
	ClauseLimitPlay    SuppressionClause = "limits.per_play"
	ClauseLimitOwner   SuppressionClause = "limits.per_owner"
	ClauseLimitAccount SuppressionClause = "limits.per_account"
)

// Decision is one thing the engine decided for one play and one account as
// of a time, with its reason. Decisions compare with reflect.DeepEqual: the
// IDs of runs and tasks derive from the play, the dedup key and the time,
// so evaluating the same facts again (in a replay, a dry run, a racing
// worker) gives equal decisions.
type Decision struct {
	Kind        DecisionKind      `json:"kind"`
	At          time.Time         `json:"at"`
	Account     success.AccountID `json:"account"`
	PlayID      string            `json:"play_id"`
	PlayVersion int               `json:"play_version"`
	DedupKey    string            `json:"dedup_key,omitempty"`
	// Run is the run opened, closed or left alone, the run a flagged task
	// belongs to, or the run whose key suppressed this one (uuid.Nil for a
	// limit).
	Run uuid.UUID `json:"run,omitzero"`
	// Tasks are the tasks opened, or the task flagged overdue.
	Tasks []Task `json:"tasks,omitempty"`
	// Match is the trigger match behind an open or a suppression: each
	// clause with its facts and thresholds.
	Match *Match `json:"match,omitempty"`
	// Clause is the suppression clause of a suppression.
	Clause SuppressionClause `json:"clause,omitempty"`
	Reason string            `json:"reason"`
}

// Actor is who changed a run or a task: EngineActor, or the host's ID of a
// person (an opaque ID, never a name or an e-mail address).
type Actor string

// EngineActor is the engine's own Actor.
const EngineActor Actor = "engine"

// TraceEntry is one line of the decision trace: a decision the engine made
// (each suppression included) or a change of a run's or a task's state by
// the engine or a person. Listable per account, per play and per run
// (Store.Trace). Leave-alone decisions change nothing and are not traced.
type TraceEntry struct {
	At          time.Time         `json:"at"`
	Account     success.AccountID `json:"account"`
	PlayID      string            `json:"play_id"`
	PlayVersion int               `json:"play_version"`
	Run         uuid.UUID         `json:"run,omitzero"`
	Task        uuid.UUID         `json:"task,omitzero"`
	Kind        DecisionKind      `json:"kind,omitempty"`
	// From and To are the state change recorded, when there is one (a run's
	// or a task's state, as a string).
	From   string            `json:"from,omitempty"`
	To     string            `json:"to,omitempty"`
	Actor  Actor             `json:"actor"`
	Match  *Match            `json:"match,omitempty"`
	Clause SuppressionClause `json:"clause,omitempty"`
	Reason string            `json:"reason"`
}

// trace returns the trace entry recording d.
func (d *Decision) trace() TraceEntry {
	return TraceEntry{At: d.At, Account: d.Account, PlayID: d.PlayID, PlayVersion: d.PlayVersion,
		Run: d.Run, Kind: d.Kind, Actor: EngineActor, Match: d.Match, Clause: d.Clause, Reason: d.Reason}
}

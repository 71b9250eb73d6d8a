package playbook

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// RunState is where a run of a play stands. A run is open until someone
// starts one of its tasks (in progress), and ends done (its last required
// task completed, or its exit condition held) or cancelled (by a person, or
// because its play was disabled or retired with the cancel policy). Skipped
// and snoozed are states of tasks, not of runs.
type RunState string

// Run states.
const (
	RunOpen       RunState = "open"
	RunInProgress RunState = "in_progress"
	RunDone       RunState = "done"
	RunCancelled  RunState = "cancelled"
)

// Validate reports whether s is one of the run states.
func (s RunState) Validate() error {
	switch s {
	case RunOpen, RunInProgress, RunDone, RunCancelled:
		return nil
	}
	return fmt.Errorf("%w: unknown run state %q", ErrInvalid, string(s))
}

// Active reports whether a run in state s still holds work: open or in
// progress.
func (s RunState) Active() bool { return s == RunOpen || s == RunInProgress }

// Forever is the KeyHeldUntil of a run whose play never re-enters: the
// latest instant a PostgreSQL timestamp holds, so a database store can keep
// it as it is.
var Forever = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// Run is one execution of a play for one account (or one contact, or one
// custom key): the work the engine opened, with the trigger match and the
// facts' time that opened it.
//
// DedupKey is the play's suppression key for the facts that opened it; a
// store lets no second run with the same key open while this one is active
// or, after it ends, before KeyHeldUntil (the re-entry policy: the end plus
// a cooldown, Forever for plays that never re-enter, the end itself for
// immediate re-entry).
type Run struct {
	ID          uuid.UUID         `json:"id"`
	Account     success.AccountID `json:"account"`
	Contact     string            `json:"contact,omitempty"`
	PlayID      string            `json:"play_id"`
	PlayVersion int               `json:"play_version"`
	DedupKey    string            `json:"dedup_key"`
	// Owner is who receives the run's tasks unless a step names another
	// role: the play's owner role, or the person Options.Assign chose.
	Owner    string    `json:"owner"`
	Priority int       `json:"priority,omitempty"`
	State    RunState  `json:"state"`
	Started  time.Time `json:"started"`
	// Ended is when the run became done or cancelled; zero while active.
	Ended        time.Time `json:"ended,omitzero"`
	EndReason    string    `json:"end_reason,omitempty"`
	KeyHeldUntil time.Time `json:"key_held_until,omitzero"`
	// ExitHoldingSince is when the play's exit condition started to hold
	// without a break, zero when it does not hold: the hysteresis clock.
	ExitHoldingSince time.Time `json:"exit_holding_since,omitzero"`
	// Suppressed is the suppression clause this run last recorded in the
	// trace for a match it held back: a run that keeps holding back the
	// same match every day records it once (each evaluation still returns
	// the suppression as a Decision).
	Suppressed SuppressionClause `json:"suppressed,omitempty"`
	// Match is the trigger match that opened the run (or, for a play whose
	// suppression refreshes, the latest one).
	Match Match `json:"match"`
	// Version counts the run's stored writes; a write carrying an older
	// version loses (ErrConflict).
	Version int64 `json:"version"`
}

// HoldsKey reports whether r keeps another run with its dedup key from
// opening at t.
func (r *Run) HoldsKey(t time.Time) bool {
	return r.State.Active() || t.Before(r.KeyHeldUntil)
}

// runID returns the ID of the run of play opened for key at start: a UUID
// version 7 whose timestamp is start and whose other bits hash the key, the
// play and the instant, so evaluating the same facts again, in a replay, a
// dry run or a racing worker, names the same run.
func runID(key, playID string, version int, start time.Time) uuid.UUID {
	h := sha256.New()
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(start.UnixNano()))
	binary.BigEndian.PutUint64(b[8:], uint64(version))
	h.Write(b[:])
	h.Write([]byte(playID))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return v7(start, h.Sum(nil))
}

// taskID is the ID of the step-th task of run.
func taskID(run uuid.UUID, step int) uuid.UUID {
	h := sha256.New()
	h.Write(run[:])
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(step))
	h.Write(b[:])
	return v7(time.UnixMilli(int64(binary.BigEndian.Uint64(append([]byte{0, 0}, run[:6]...)))), h.Sum(nil))
}

// v7 lays a hash out as a UUID version 7 (RFC 9562) stamped with t's Unix
// milliseconds (clamped to the 48 bits the layout holds).
func v7(t time.Time, sum []byte) uuid.UUID {
	var id uuid.UUID
	copy(id[:], sum[:16])
	ms := max(min(t.UnixMilli(), 1<<48-1), 0)
	var stamp [8]byte
	binary.BigEndian.PutUint64(stamp[:], uint64(ms))
	copy(id[0:6], stamp[2:8])
	id[6] = id[6]&0x0f | 0x70
	id[8] = id[8]&0x3f | 0x80
	return id
}

// end ends r in state (done or cancelled) at a time, as actor, and cancels
// its active tasks when cancelTasks is set; it returns the change to write.
// Only tasks of r itself are touched: closing a run never closes another
// play's or another run's work on the same account.
func (r *Run) end(tasks []Task, state RunState, at time.Time, actor Actor, reason string, p *Play, cancelTasks bool) Change {
	from := r.State
	r.State, r.Ended, r.EndReason = state, at, reason
	r.KeyHeldUntil = keyHeldUntil(p, state, at)
	c := Change{Trace: []TraceEntry{runChange(r, from, at, actor, reason)}}
	if cancelTasks {
		for _, t := range tasks {
			if t.Run != r.ID || !t.State.Active() {
				continue
			}
			was := t.State
			t.State, t.Ended = TaskCancelled, at
			c.Tasks = append(c.Tasks, t)
			c.Trace = append(c.Trace, taskChange(&t, was, at, actor, "its run ended: "+reason))
		}
	}
	c.Runs = []Run{*r}
	return c
}

// keyHeldUntil applies p's re-entry policy to a run ending in state at
// end: never re-enter holds the key Forever; only-if-unsuccessful holds it
// Forever after a run done and for the cooldown after a cancelled one;
// after-cooldown holds it for the cooldown. A play the engine no longer
// has releases the key at once.
func keyHeldUntil(p *Play, state RunState, end time.Time) time.Time {
	if p == nil {
		return end
	}
	pol := p.Suppression.Effective()
	switch {
	case pol.ReEntry == Never, pol.ReEntry == OnlyIfUnsuccessful && state == RunDone:
		return Forever
	}
	return end.AddDate(0, 0, pol.CooldownDays)
}

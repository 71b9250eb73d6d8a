package playbook

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// TaskState is where a task stands. Open, in progress and snoozed tasks are
// active (work remains); done, skipped and cancelled tasks have ended.
type TaskState string

// Task states.
const (
	TaskOpen       TaskState = "open"
	TaskInProgress TaskState = "in_progress"
	TaskDone       TaskState = "done"
	TaskSkipped    TaskState = "skipped"
	// TaskSnoozed is a task put off until its SnoozedUntil; from then on it
	// counts as open again (see Task.StateAt) without a write.
	TaskSnoozed   TaskState = "snoozed"
	TaskCancelled TaskState = "cancelled"
)

// Validate reports whether s is one of the task states.
func (s TaskState) Validate() error {
	switch s {
	case TaskOpen, TaskInProgress, TaskDone, TaskSkipped, TaskSnoozed, TaskCancelled:
		return nil
	}
	return fmt.Errorf("%w: unknown task state %q", ErrInvalid, string(s))
}

// Active reports whether a task in state s still holds work.
func (s TaskState) Active() bool {
	return s == TaskOpen || s == TaskInProgress || s == TaskSnoozed
}

// Task is one step of a run, assigned to an owner with a due date.
type Task struct {
	ID      uuid.UUID         `json:"id"`
	Run     uuid.UUID         `json:"run"`
	Account success.AccountID `json:"account"`
	PlayID  string            `json:"play_id"`
	// Step is the index of the play's step this task carries out.
	Step     int       `json:"step"`
	Title    string    `json:"title"`
	Owner    string    `json:"owner"`
	Required bool      `json:"required"`
	State    TaskState `json:"state"`
	// Due is when the task should be done; zero while it waits for the
	// previous step (a due date counted from that step's completion) or
	// for its wait condition.
	Due          time.Time `json:"due,omitzero"`
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	// Waiting is set while the step's wait condition ("until the account
	// logs in again, at most 7 days") has not ended; WaitEnded is when it
	// did (it held, or its longest wait ran out).
	Waiting   bool      `json:"waiting,omitempty"`
	WaitEnded time.Time `json:"wait_ended,omitzero"`
	// Overdue is when the engine flagged the task overdue; zero if not.
	Overdue time.Time `json:"overdue,omitzero"`
	// Ended is when the task became done, skipped or cancelled.
	Ended   time.Time `json:"ended,omitzero"`
	Version int64     `json:"version"`
}

// StateAt returns the task's state at t: a snoozed task whose snooze has
// run out by t is open.
func (t *Task) StateAt(at time.Time) TaskState {
	if t.State == TaskSnoozed && !at.Before(t.SnoozedUntil) {
		return TaskOpen
	}
	return t.State
}

// overdueAt reports whether the task is due by at, unflagged and still to
// be done (not snoozed past at).
func (t *Task) overdueAt(at time.Time) bool {
	if t.Due.IsZero() || !t.Overdue.IsZero() || at.Before(t.Due) {
		return false
	}
	s := t.StateAt(at)
	return s == TaskOpen || s == TaskInProgress
}

package playbook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Action says who acts on a run or a task, why, and when.
type Action struct {
	// Actor is the person (the host's opaque ID for them); required.
	Actor Actor
	// Reason is recorded in the trace; empty records the action's name.
	Reason string
	// At is when the action happened; zero means the engine's clock.
	At time.Time
}

func (e *Engine) resolve(a Action, what string) (Action, error) {
	if a.Actor == "" {
		return a, fmt.Errorf("%w: %s: the action's actor must be set", ErrInvalid, what)
	}
	if e.store == nil {
		return a, errNilStore
	}
	if a.At.IsZero() {
		clock := e.clock
		if clock == nil {
			clock = systemClock{}
		}
		a.At = clock.Now()
	}
	if a.Reason == "" {
		a.Reason = what
	}
	return a, nil
}

// CompleteTask marks a task done. The due dates of the steps that count
// from it are set; completing (or skipping) the last required task
// completes the run, leaving its optional tasks as they are.
func (e *Engine) CompleteTask(ctx context.Context, id uuid.UUID, a Action) (Task, error) {
	return e.finishTask(ctx, id, TaskDone, a, "completed")
}

// SkipTask marks a task skipped: it counts as completed for the run and
// for the steps due after it.
func (e *Engine) SkipTask(ctx context.Context, id uuid.UUID, a Action) (Task, error) {
	return e.finishTask(ctx, id, TaskSkipped, a, "skipped")
}

// StartTask marks a task in progress, and its run with it.
func (e *Engine) StartTask(ctx context.Context, id uuid.UUID, a Action) (Task, error) {
	return e.actOnTask(ctx, id, a, "started", func(run *Run, tasks []Task, i int, a Action, p *Play) (Change, error) {
		t := &tasks[i]
		from := t.State
		t.State = TaskInProgress
		c := Change{Tasks: []Task{*t}, Trace: []TraceEntry{taskChange(t, from, a.At, a.Actor, a.Reason)}}
		progress(run, &c, a)
		return c, nil
	})
}

// SnoozeTask puts a task off until a time. Its due date moves to until
// when it was earlier, and the later steps of the run move by as much (an
// overdue flag cleared with them); the task counts as open again from
// until.
func (e *Engine) SnoozeTask(ctx context.Context, id uuid.UUID, until time.Time, a Action) (Task, error) {
	return e.actOnTask(ctx, id, a, "snoozed", func(run *Run, tasks []Task, i int, a Action, p *Play) (Change, error) {
		t := &tasks[i]
		if !until.After(a.At) {
			return Change{}, fmt.Errorf("%w: snooze until %s is not after the action's time %s", ErrInvalid, until.Format(time.RFC3339), a.At.Format(time.RFC3339))
		}
		var shift time.Duration
		if !t.Due.IsZero() && t.Due.Before(until) {
			shift = until.Sub(t.Due)
		}
		var c Change
		for j := range tasks {
			u := &tasks[j]
			if j != i && (u.Step <= t.Step || !u.State.Active() || u.Due.IsZero() || shift == 0) {
				continue
			}
			from := u.State
			reason := a.Reason
			if j == i {
				u.State, u.SnoozedUntil = TaskSnoozed, until
			} else {
				reason = "an earlier step was snoozed: " + reason
			}
			if !u.Due.IsZero() {
				u.Due = u.Due.Add(shift)
			}
			if !u.Overdue.IsZero() && a.At.Before(u.Due) {
				u.Overdue = time.Time{}
			}
			c.Tasks = append(c.Tasks, *u)
			c.Trace = append(c.Trace, taskChange(u, from, a.At, a.Actor, reason))
		}
		return c, nil
	})
}

// ReassignTask gives a task to another owner, and with it the run's later
// tasks that had the same owner.
func (e *Engine) ReassignTask(ctx context.Context, id uuid.UUID, owner string, a Action) (Task, error) {
	return e.actOnTask(ctx, id, a, "reassigned", func(run *Run, tasks []Task, i int, a Action, p *Play) (Change, error) {
		if owner == "" {
			return Change{}, fmt.Errorf("%w: reassign: the new owner must not be empty", ErrInvalid)
		}
		prev := tasks[i].Owner
		var c Change
		for j := range tasks {
			u := &tasks[j]
			if j != i && (u.Step <= tasks[i].Step || !u.State.Active() || u.Owner != prev) {
				continue
			}
			u.Owner = owner
			reason := a.Reason
			if j != i {
				reason = "an earlier step was reassigned: " + reason
			}
			c.Tasks = append(c.Tasks, *u)
			c.Trace = append(c.Trace, taskChange(u, u.State, a.At, a.Actor, reason))
		}
		return c, nil
	})
}

// CancelRun cancels an active run and its own active tasks (never another
// run's, whoever owns them).
func (e *Engine) CancelRun(ctx context.Context, id uuid.UUID, a Action) (Run, error) {
	a, err := e.resolve(a, "cancelled")
	if err != nil {
		return Run{}, err
	}
	for range maxRetries {
		run, err := e.store.Run(ctx, id)
		if err != nil {
			return Run{}, err
		}
		if !run.State.Active() {
			return Run{}, fmt.Errorf("%w: run %s has ended (%s)", ErrInvalid, id, run.State)
		}
		tasks, err := e.store.Tasks(ctx, TaskQuery{Run: id})
		if err != nil {
			return Run{}, err
		}
		c := run.end(tasks, RunCancelled, a.At, a.Actor, a.Reason, e.playSet().play(run.PlayID), true)
		if err = e.store.Apply(ctx, &c); err == nil {
			return c.Runs[0], nil
		}
		if !errors.Is(err, ErrConflict) {
			return Run{}, err
		}
	}
	return Run{}, fmt.Errorf("%w: run %s kept changing", ErrConflict, id)
}

func (e *Engine) finishTask(ctx context.Context, id uuid.UUID, state TaskState, a Action, what string) (Task, error) {
	return e.actOnTask(ctx, id, a, what, func(run *Run, tasks []Task, i int, a Action, p *Play) (Change, error) {
		t := &tasks[i]
		from := t.State
		t.State, t.Ended = state, a.At
		c := Change{Trace: []TraceEntry{taskChange(t, from, a.At, a.Actor, a.Reason)}}
		changed := []int{i}
		if p != nil {
			more, trace, err := e.settle(nil, p, run, tasks, a.At)
			if err != nil {
				return Change{}, err
			}
			for _, j := range more {
				if j != i {
					changed = append(changed, j)
				}
			}
			c.Trace = append(c.Trace, trace...)
		}
		for _, j := range changed {
			c.Tasks = append(c.Tasks, tasks[j])
		}
		if run.State.Active() && complete(tasks) {
			ended := run.end(tasks, RunDone, a.At, a.Actor, "its last required step was "+what, p, false)
			c.Trace = append(c.Trace, ended.Trace...)
			c.Runs = ended.Runs
		} else {
			progress(run, &c, a)
		}
		return c, nil
	})
}

// complete reports whether every required task (every task, when none is
// required) is done or skipped.
func complete(tasks []Task) bool {
	required := false
	for i := range tasks {
		if tasks[i].Required {
			required = true
			break
		}
	}
	for i := range tasks {
		t := &tasks[i]
		if (t.Required || !required) && t.State != TaskDone && t.State != TaskSkipped {
			return false
		}
	}
	return true
}

// progress moves an open run in progress within c.
func progress(run *Run, c *Change, a Action) {
	if run.State != RunOpen {
		return
	}
	run.State = RunInProgress
	c.Runs = []Run{*run}
	c.Trace = append(c.Trace, runChange(run, RunOpen, a.At, a.Actor, "a task was started or finished"))
}

// actOnTask reads a task, its run and the run's tasks, lets change compute
// the writes, and applies them; a write that loses to another is retried
// on fresh reads, so no update is lost.
func (e *Engine) actOnTask(ctx context.Context, id uuid.UUID, a Action, what string, change func(run *Run, tasks []Task, i int, a Action, p *Play) (Change, error)) (Task, error) {
	a, err := e.resolve(a, what)
	if err != nil {
		return Task{}, err
	}
	for range maxRetries {
		t, err := e.store.Task(ctx, id)
		if err != nil {
			return Task{}, err
		}
		if !t.State.Active() {
			return Task{}, fmt.Errorf("%w: task %s has ended (%s)", ErrInvalid, id, t.State)
		}
		run, err := e.store.Run(ctx, t.Run)
		if err != nil {
			return Task{}, err
		}
		tasks, err := e.store.Tasks(ctx, TaskQuery{Run: t.Run})
		if err != nil {
			return Task{}, err
		}
		i := -1
		for j := range tasks {
			if tasks[j].ID == id {
				i = j
			}
		}
		if i < 0 {
			return Task{}, fmt.Errorf("%w: task %s is not among its run's tasks", ErrNotFound, id)
		}
		c, err := change(&run, tasks, i, a, e.playSet().play(run.PlayID))
		if err != nil {
			return Task{}, err
		}
		if err = e.store.Apply(ctx, &c); err == nil {
			for _, u := range c.Tasks {
				if u.ID == id {
					return u, nil
				}
			}
			return tasks[i], nil
		}
		if !errors.Is(err, ErrConflict) {
			return Task{}, err
		}
	}
	return Task{}, fmt.Errorf("%w: task %s kept changing", ErrConflict, id)
}

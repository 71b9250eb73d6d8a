package playbook

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
)

// DueFrom says what a step's due offset counts from.
type DueFrom string

const (
	// RunStart (the default, also for the empty value): DueDays after
	// the run opened.
	RunStart DueFrom = "run_start"
	// PreviousStep: DueDays after the previous step was completed or
	// skipped; the step has no due date until then. The first step may not
	// use it.
	PreviousStep DueFrom = "previous_step"
)

// Validate reports whether d is defined or empty.
func (d DueFrom) Validate() error {
	return enum.OneOf(d, "due from", ErrInvalid, "", RunStart, PreviousStep)
}

// MarshalText implements encoding.TextMarshaler.
func (d DueFrom) MarshalText() ([]byte, error) { return enum.Encode(d) }

// UnmarshalText implements encoding.TextUnmarshaler and validates it.
func (d *DueFrom) UnmarshalText(b []byte) error { return enum.Decode(d, b) }

// Step is one step of a play: a task for its owner when a run opens.
type Step struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Owner is the role that receives the task; empty means the play's.
	Owner string `json:"owner,omitempty"`
	// Required steps must be done (or skipped by a person) to complete the
	// run; optional ones may stay open.
	Required bool `json:"required,omitempty"`
	// DueDays is the due offset in days (>= 0) from DueFrom.
	DueDays int     `json:"due_days"`
	DueFrom DueFrom `json:"due_from,omitempty"`
	// Wait, when set, holds the step back until its condition holds.
	Wait *Wait `json:"wait,omitempty"`
}

// Wait holds a step back until a condition holds, at most MaxDays: "until
// the account logs in again (active_since), at most 7 days". The wait
// begins when the step would otherwise start (the run's start, or the
// previous step's completion for PreviousStep); the step's due offset then
// counts from when the wait ended.
type Wait struct {
	Until   Trigger `json:"until"`
	MaxDays int     `json:"max_days"`
}

// WaitCheck is a wait evaluated against facts.
type WaitCheck struct {
	// Held is whether the condition holds: the wait ends now.
	Held bool `json:"held"`
	// Expired is whether MaxDays have passed since the wait began: the wait
	// ends without its condition.
	Expired bool `json:"expired"`
	// Match records the condition's clauses under the path given.
	Match Match `json:"match"`
}

// Ended reports whether the wait is over: its condition held or it expired.
func (c WaitCheck) Ended() bool { return c.Held || c.Expired }

// Evaluate checks the wait as of f.AsOf. env.Since must be when the wait
// began (Play.WaitBegins) and env.Completed the run's completed steps;
// path names the wait's condition in the trace ("steps[1].wait.until").
func (w *Wait) Evaluate(f *Facts, env Env, path string) (WaitCheck, error) {
	if w == nil {
		return WaitCheck{}, fmt.Errorf("%w: %s: wait is nil", ErrInvalid, path)
	}
	if env.Since.IsZero() {
		return WaitCheck{}, fmt.Errorf("%w: %s: the time the wait began (Env.Since) is not set", ErrInvalid, path)
	}
	m, err := w.Until.MatchIn(f, env, path)
	if err != nil {
		return WaitCheck{}, err
	}
	return WaitCheck{Held: m.Matched, Expired: !f.AsOf.Before(env.Since.Add(days(w.MaxDays))), Match: m}, nil
}

// Progress is what the engine knows of a run's steps, by step ID.
type Progress struct {
	// Completed is when each step was completed or skipped.
	Completed map[string]time.Time
	// WaitEnded is when each waiting step's wait ended (its condition held,
	// or MaxDays passed).
	WaitEnded map[string]time.Time
}

// WaitBegins returns when step i's wait (if any) begins: the run's start,
// or the previous step's completion for PreviousStep; ok is false while the
// previous step is not completed.
func (p Play) WaitBegins(i int, start time.Time, pr Progress) (time.Time, bool) {
	if i < 0 || i >= len(p.Steps) {
		return time.Time{}, false
	}
	base := start
	if p.Steps[i].DueFrom == PreviousStep && i > 0 {
		done, ok := pr.Completed[p.Steps[i-1].ID]
		if !ok {
			return time.Time{}, false
		}
		base = later(start, done)
	}
	return base, true
}

// DueDates returns the due date of every step that has one as of pr, by
// step ID: DueDays after the run's start (RunStart) or after the previous
// step's completion (PreviousStep), and for a step with a Wait, after the
// wait ended. A step still waiting for its previous step or its wait has no
// due date yet. Due dates never precede start, even when a completion is
// recorded before it.
func (p Play) DueDates(start time.Time, pr Progress) map[string]time.Time {
	out := make(map[string]time.Time, len(p.Steps))
	for i := range p.Steps {
		s := &p.Steps[i]
		base, ok := p.WaitBegins(i, start, pr)
		if !ok {
			continue
		}
		if s.Wait != nil {
			ended, ok := pr.WaitEnded[s.ID]
			if !ok {
				continue
			}
			base = later(base, ended)
		}
		out[s.ID] = later(start, base.AddDate(0, 0, max(s.DueDays, 0)))
	}
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

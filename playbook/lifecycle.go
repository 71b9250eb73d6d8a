package playbook

import (
	"context"
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/internal/enum"
)

// RunPolicy is what disabling or retiring a play does to its active runs:
// the host chooses, and the trace says which.
type RunPolicy string

// Run policies.
const (
	// CancelRuns cancels the play's active runs and their active tasks.
	CancelRuns RunPolicy = "cancel"
	// KeepRuns keeps them: people finish them, the engine still flags their
	// overdue tasks (and, for a disabled play, still closes them on exit).
	KeepRuns RunPolicy = "keep"
)

// Validate reports whether p is a run policy.
func (p RunPolicy) Validate() error {
	return enum.OneOf(p, "run policy", ErrInvalid, CancelRuns, KeepRuns)
}

// DisablePlay stops the play from opening runs and applies policy to its
// active runs, recording each in the trace; EnablePlay turns it back on.
// It returns the runs affected, as stored after the change.
//
// When the store is Atomic, the trace and the runs' changes commit
// together. When the store fails, the play is put back as it was, so the
// call can be made again: with an Atomic store nothing was stored; with
// another, the changes already made stay, and a second call writes its
// trace note again and changes the runs still active.
func (e *Engine) DisablePlay(ctx context.Context, id string, policy RunPolicy, a Action) ([]Run, error) {
	return e.setAside(ctx, id, policy, a, false)
}

// RetirePlay removes the play from the engine for good and applies policy
// to its active runs, as DisablePlay does (a failed store puts it back).
// Runs it keeps are no longer closed by its exit condition.
func (e *Engine) RetirePlay(ctx context.Context, id string, policy RunPolicy, a Action) ([]Run, error) {
	return e.setAside(ctx, id, policy, a, true)
}

// EnablePlay lets a disabled play open runs again.
func (e *Engine) EnablePlay(id string) error {
	e.lifecycle.Lock()
	defer e.lifecycle.Unlock()
	old := e.playSet()
	if old.byID[id] == nil {
		return fmt.Errorf("%w: play %q: the engine has no such play", ErrNotFound, id)
	}
	e.plays.Store(old.with(id, func(ent *playEntry) *playEntry { c := *ent; c.disabled = false; return &c }))
	return nil
}

// with returns a copy of s with the play id replaced by edit's result (or
// removed when it returns nil).
func (s *playSet) with(id string, edit func(*playEntry) *playEntry) *playSet {
	out := &playSet{byID: make(map[string]*playEntry, len(s.byID))}
	for _, ent := range s.order {
		if ent.play.ID == id {
			ent = edit(ent)
		}
		if ent != nil {
			out.order = append(out.order, ent)
			out.byID[ent.play.ID] = ent
		}
	}
	return out
}

func (e *Engine) setAside(ctx context.Context, id string, policy RunPolicy, a Action, retire bool) ([]Run, error) {
	what := "disabled"
	if retire {
		what = "retired"
	}
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	reason := "play " + what
	if a.Reason != "" {
		reason += ": " + a.Reason
	}
	a, err := e.resolve(a, reason)
	if err != nil {
		return nil, err
	}
	e.lifecycle.Lock()
	old := e.playSet()
	ent := old.byID[id]
	if ent == nil {
		e.lifecycle.Unlock()
		return nil, fmt.Errorf("%w: play %q: the engine has no such play", ErrNotFound, id)
	}
	// The play stops opening runs before its runs are changed, so that no
	// evaluation opens one the policy would miss.
	if retire {
		e.plays.Store(old.with(id, func(*playEntry) *playEntry { return nil }))
	} else {
		e.plays.Store(old.with(id, func(ent *playEntry) *playEntry { c := *ent; c.disabled = true; return &c }))
	}
	e.lifecycle.Unlock()

	var out []Run
	work := func(s Store) (err error) {
		out, err = setAsideRuns(ctx, s, &ent.play, policy, a, reason)
		return err
	}
	tx, ok := e.store.(Atomic)
	if ok {
		err = tx.Atomically(ctx, work)
	} else {
		err = work(e.store)
	}
	if err != nil {
		e.putBack(ent)
		if ok {
			return nil, err // nothing was stored
		}
		return out, err
	}
	return out, nil
}

// putBack undoes setAside's change to the play set after its store writes
// failed, so that the call can be made again: the play is as it was.
func (e *Engine) putBack(ent *playEntry) {
	e.lifecycle.Lock()
	defer e.lifecycle.Unlock()
	set := e.playSet().with(ent.play.ID, func(*playEntry) *playEntry { return nil })
	set.order = append(set.order, ent)
	set.byID[ent.play.ID] = ent
	set.sort()
	e.plays.Store(set)
}

// setAsideRuns records the play's retirement or disabling in s's trace and
// applies policy to its active runs, returning them as stored after.
func setAsideRuns(ctx context.Context, s Store, p *Play, policy RunPolicy, a Action, reason string) ([]Run, error) {
	note := TraceEntry{At: a.At, PlayID: p.ID, PlayVersion: p.Version, Actor: a.Actor,
		Reason: fmt.Sprintf("%s; its active runs: %s", reason, policy)}
	if err := s.Apply(ctx, &Change{Trace: []TraceEntry{note}}); err != nil {
		return nil, err
	}
	runs, err := s.Runs(ctx, RunQuery{PlayID: p.ID, Active: true})
	if err != nil {
		return nil, err
	}
	var out []Run
	for _, r := range runs {
		for attempt := 0; ; attempt++ {
			var c Change
			if policy == CancelRuns {
				tasks, err := s.Tasks(ctx, TaskQuery{Run: r.ID})
				if err != nil {
					return out, err
				}
				c = r.end(tasks, RunCancelled, a.At, a.Actor, reason, p, true)
			} else {
				c = Change{Trace: []TraceEntry{{At: a.At, Account: r.Account, PlayID: r.PlayID, PlayVersion: r.PlayVersion,
					Run: r.ID, Actor: a.Actor, Reason: reason + "; run kept by policy"}}}
			}
			err := s.Apply(ctx, &c)
			if err == nil {
				if len(c.Runs) > 0 {
					r = c.Runs[0]
				}
				out = append(out, r)
				break
			}
			if !errors.Is(err, ErrConflict) || attempt == maxRetries {
				return out, err
			}
			if r, err = s.Run(ctx, r.ID); err != nil {
				return out, err
			}
			if !r.State.Active() {
				break
			}
		}
	}
	return out, nil
}

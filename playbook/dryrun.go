package playbook

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/secondsale/secondsale/success"
)

// DryRunReport is what a dry run or a replay would have done.
type DryRunReport struct {
	// Decisions are every decision, in the order made.
	Decisions []Decision
	// Plays summarises the decisions per play ID.
	Plays map[string]*PlayReport
	// Store holds the runs, tasks and trace the dry run wrote instead of
	// the real store: read it to see them.
	Store *MemoryStore
}

// PlayReport counts one play's decisions in a dry run.
type PlayReport struct {
	Opened, Suppressed, Closed, Flagged int
	// Accounts are the accounts the play would have opened runs for,
	// sorted, each once.
	Accounts []success.AccountID
	// SuppressedBy counts the suppressions per clause.
	SuppressedBy map[SuppressionClause]int
}

// DryRun evaluates plays over a sequence of facts (each account's history,
// oldest first, as the host stored it) as an Engine with opts would, but
// against a fresh MemoryStore, so nothing reaches the real store: "how many
// runs would this play have opened in the last 90 days, for which accounts,
// and how many would it have suppressed?". The same facts give the same
// decisions, and the decisions a real Engine makes from an empty store.
// Facts that cannot be evaluated are reported with their index, joined,
// after the others were.
func DryRun(ctx context.Context, plays []Play, facts iter.Seq[*Facts], opts *Options) (*DryRunReport, error) {
	mem := NewMemoryStore()
	e, err := New(plays, mem, opts)
	if err != nil {
		return nil, err
	}
	return e.replay(ctx, facts, mem)
}

// DryRun evaluates the engine's enabled plays as DryRun does, against a
// fresh MemoryStore rather than the engine's store.
func (e *Engine) DryRun(ctx context.Context, facts iter.Seq[*Facts]) (*DryRunReport, error) {
	mem := NewMemoryStore()
	d := &Engine{store: mem, predicates: e.predicates, clock: e.clock, options: e.options}
	d.plays.Store(e.playSet())
	return d.replay(ctx, facts, mem)
}

func (e *Engine) replay(ctx context.Context, facts iter.Seq[*Facts], mem *MemoryStore) (*DryRunReport, error) {
	rep := &DryRunReport{Plays: map[string]*PlayReport{}, Store: mem}
	var problems []error
	i := 0
	for f := range facts {
		ds, err := e.Evaluate(ctx, f)
		rep.Decisions = append(rep.Decisions, ds...)
		if err != nil {
			if ctx.Err() != nil {
				return rep, err
			}
			problems = append(problems, fmt.Errorf("facts[%d]: %w", i, err))
		}
		i++
	}
	for _, d := range rep.Decisions {
		pr := rep.Plays[d.PlayID]
		if pr == nil {
			pr = &PlayReport{SuppressedBy: map[SuppressionClause]int{}}
			rep.Plays[d.PlayID] = pr
		}
		switch d.Kind {
		case DecisionOpen:
			pr.Opened++
			pr.Accounts = append(pr.Accounts, d.Account)
		case DecisionSuppress:
			pr.Suppressed++
			pr.SuppressedBy[d.Clause]++
		case DecisionClose:
			pr.Closed++
		case DecisionFlagOverdue:
			pr.Flagged++
		}
	}
	for _, pr := range rep.Plays {
		slices.Sort(pr.Accounts)
		pr.Accounts = slices.Compact(pr.Accounts)
	}
	if len(problems) > 0 {
		return rep, errors.Join(problems...)
	}
	return rep, nil
}

// Package playbooktest checks that a playbook.Store implementation keeps
// the contract the playbook package documents: the conditional create of
// Open (one run per dedup key while it is held, limits counted in the same
// step, one winner when opens race), the versioned writes of Apply (a stale
// version loses, all or nothing, no update lost under contention), queries
// per account, play, dedup key and run, the trace in write order, every
// field kept, copies returned, cancelled contexts honoured, and an Engine
// evaluating the same accounts in several goroutines at once opening each
// run once. Hosts run it against their own store:
//
//	func TestMyStore(t *testing.T) {
//		playbooktest.TestStore(t, func(t *testing.T) playbook.Store { return newEmptyStore(t) })
//	}
//
// Run does the same without a *testing.T, for other test harnesses, and
// returns every violation joined into one error. It writes test runs, so
// point it at an empty, disposable store.
package playbooktest

import (
	"context"
	"errors"
	"fmt"
	"github.com/secondsale/secondsale/internal/conformance"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

var day0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// check is one rule of the Store contract; it returns the first violation.
type check = conformance.Check[playbook.Store]

// TestStore runs the conformance suite as subtests. newStore must return an
// empty store each time it is called.
func TestStore(t *testing.T, newStore func(t *testing.T) playbook.Store) {
	t.Helper()
	conformance.Test(t, checks, newStore)
}

// Run runs the conformance suite outside a test and returns every
// violation, joined; nil means the store keeps the contract. newStore must
// return an empty store each time it is called.
func Run(ctx context.Context, newStore func() (playbook.Store, error)) error {
	return conformance.Run(ctx, checks, newStore)
}

// opening returns a new run of play for account, opened at day n, with
// two tasks and the trace entry of its opening.
func opening(account success.AccountID, play string, n int, id byte) playbook.Opening {
	runID := uuid.UUID{0x01, 0x90, 0, 0, 0, 0, 0x70, id, 0x80, byte(n), 1, 2, 3, 4, 5, 6}
	r := playbook.Run{
		ID: runID, Account: account, PlayID: play, PlayVersion: 1,
		DedupKey: "account=" + string(account) + "|play=" + play, Owner: "csm", Priority: 50,
		State: playbook.RunOpen, Started: day(n),
		Match: playbook.Match{Matched: true, Clauses: []playbook.Clause{{Path: "trigger", Kind: playbook.ScoreBelow, Matched: true,
			Numbers: []churn.Number{{Name: "score", Value: 42}, {Name: "threshold", Value: 50}}}}},
	}
	tasks := make([]playbook.Task, 2)
	for i := range tasks {
		tasks[i] = playbook.Task{ID: uuid.UUID{0x01, 0x90, 0, 0, 0, 0, 0x70, id, 0x80, byte(n), 9, 9, 9, 9, byte(i), 1},
			Run: runID, Account: account, PlayID: play, Step: i, Title: fmt.Sprintf("step %d", i),
			Owner: "csm", Required: i == 0, State: playbook.TaskOpen, Due: day(n + 2*(i+1))}
	}
	trace := []playbook.TraceEntry{{At: day(n), Account: account, PlayID: play, PlayVersion: 1, Run: runID,
		Kind: playbook.DecisionOpen, To: "open", Actor: playbook.EngineActor, Match: &r.Match, Reason: "trigger matched"}}
	return playbook.Opening{Run: r, Tasks: tasks, Trace: trace}
}

func open(ctx context.Context, s playbook.Store, os ...playbook.Opening) error {
	for _, o := range os {
		if err := s.Open(ctx, o); err != nil {
			return fmt.Errorf("store.Open(run %s of %s for %s): %w", o.Run.ID, o.Run.PlayID, o.Run.Account, err)
		}
	}
	return nil
}

// normalise returns r with its times in UTC and without monotonic
// readings, so a store that round-trips times through a database compares
// equal.
func normalise(r playbook.Run) playbook.Run {
	r.Started, r.Ended = r.Started.UTC().Round(0), r.Ended.UTC().Round(0)
	r.KeyHeldUntil, r.ExitHoldingSince = r.KeyHeldUntil.UTC().Round(0), r.ExitHoldingSince.UTC().Round(0)
	return r
}

func normaliseTask(t playbook.Task) playbook.Task {
	t.Due, t.SnoozedUntil, t.Overdue = t.Due.UTC().Round(0), t.SnoozedUntil.UTC().Round(0), t.Overdue.UTC().Round(0)
	t.Ended, t.WaitEnded = t.Ended.UTC().Round(0), t.WaitEnded.UTC().Round(0)
	return t
}

// end returns r done at day n with its key held until day hold.
func end(r playbook.Run, n int, hold time.Time) playbook.Run {
	r.State, r.Ended, r.EndReason, r.KeyHeldUntil = playbook.RunDone, day(n), "exit condition held", hold
	return r
}

var checks = []check{
	{Name: "OpenThenRead", Run: func(ctx context.Context, s playbook.Store) error {
		a, b := opening("acme", "save", 0, 1), opening("acme", "promoter", 1, 2)
		if err := open(ctx, s, a, b, opening("globex", "save", 0, 3)); err != nil {
			return err
		}
		got, err := s.Run(ctx, a.Run.ID)
		want := a.Run
		want.Version = 1
		if err != nil || !reflect.DeepEqual(normalise(got), normalise(want)) {
			return fmt.Errorf("store.Run after Open = %+v, %v;\nwant %+v", got, err, want)
		}
		task, err := s.Task(ctx, a.Tasks[1].ID)
		wantTask := a.Tasks[1]
		wantTask.Version = 1
		if err != nil || !reflect.DeepEqual(normaliseTask(task), normaliseTask(wantTask)) {
			return fmt.Errorf("store.Task after Open = %+v, %v;\nwant %+v", task, err, wantTask)
		}
		runs, err := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
		if err != nil || len(runs) != 2 || runs[0].ID != a.Run.ID || runs[1].ID != b.Run.ID {
			return fmt.Errorf("store.Runs of acme = %d runs (%v), want save then promoter", len(runs), err)
		}
		if runs, err = s.Runs(ctx, playbook.RunQuery{PlayID: "save"}); err != nil || len(runs) != 2 {
			return fmt.Errorf("store.Runs of play save = %d runs (%v), want 2", len(runs), err)
		}
		if runs, err = s.Runs(ctx, playbook.RunQuery{DedupKey: a.Run.DedupKey}); err != nil || len(runs) != 1 || runs[0].ID != a.Run.ID {
			return fmt.Errorf("store.Runs by dedup key = %d runs (%v), want acme's save run", len(runs), err)
		}
		tasks, err := s.Tasks(ctx, playbook.TaskQuery{Run: a.Run.ID})
		if err != nil || len(tasks) != 2 || tasks[0].Step != 0 || tasks[1].Step != 1 {
			return fmt.Errorf("store.Tasks of a run = %d tasks (%v), want its 2 in step order", len(tasks), err)
		}
		if tasks, err = s.Tasks(ctx, playbook.TaskQuery{Account: "acme"}); err != nil || len(tasks) != 4 {
			return fmt.Errorf("store.Tasks of acme = %d tasks (%v), want 4", len(tasks), err)
		}
		for _, q := range []playbook.TraceQuery{{Account: "acme", PlayID: "save"}, {Run: a.Run.ID}} {
			trace, err := s.Trace(ctx, q)
			if err != nil || len(trace) != 1 || trace[0].Run != a.Run.ID || trace[0].Match == nil || len(trace[0].Match.Clauses) != 1 {
				return fmt.Errorf("store.Trace(%+v) = %d entries (%v), want the opening of acme's save run with its match", q, len(trace), err)
			}
		}
		if trace, err := s.Trace(ctx, playbook.TraceQuery{PlayID: "save"}); err != nil || len(trace) != 2 {
			return fmt.Errorf("store.Trace of play save = %d entries (%v), want 2", len(trace), err)
		}
		if _, err := s.Run(ctx, uuid.New()); !errors.Is(err, playbook.ErrNotFound) {
			return fmt.Errorf("store.Run of an unknown ID: got %v, want ErrNotFound", err)
		}
		if _, err := s.Task(ctx, uuid.New()); !errors.Is(err, playbook.ErrNotFound) {
			return fmt.Errorf("store.Task of an unknown ID: got %v, want ErrNotFound", err)
		}
		if runs, err := s.Runs(ctx, playbook.RunQuery{Account: "nobody"}); err != nil || len(runs) != 0 {
			return fmt.Errorf("store.Runs of an unknown account = %d runs, %v; want none and no error", len(runs), err)
		}
		return nil
	}},
	{Name: "OpenIsConditionalOnTheDedupKey", Run: func(ctx context.Context, s playbook.Store) error {
		first := opening("acme", "save", 0, 1)
		if err := open(ctx, s, first); err != nil {
			return err
		}
		second := opening("acme", "save", 3, 2) // same key, another ID
		err := s.Open(ctx, second)
		var exists *playbook.ExistsError
		if !errors.As(err, &exists) || !errors.Is(err, playbook.ErrExists) || exists.Holder != first.Run.ID {
			return fmt.Errorf("store.Open of a second run with an open run's key: got %v, want an *ExistsError naming %s", err, first.Run.ID)
		}
		if err := s.Open(ctx, first); !errors.Is(err, playbook.ErrExists) {
			return fmt.Errorf("store.Open of a stored run ID again: got %v, want ErrExists", err)
		}
		// The run ends on day 5 with a 30-day cooldown: the key is held
		// until day 35, then free.
		ended := end(first.Run, 5, day(35))
		ended.Version = 1
		if err := s.Apply(ctx, &playbook.Change{Runs: []playbook.Run{ended}}); err != nil {
			return fmt.Errorf("store.Apply ending the run: %w", err)
		}
		reopened := ended
		reopened.Version, reopened.State = 2, playbook.RunOpen
		if err := s.Apply(ctx, &playbook.Change{Runs: []playbook.Run{reopened}}); !errors.Is(err, playbook.ErrInvalid) {
			return fmt.Errorf("store.Apply making an ended run open again: got %v, want ErrInvalid", err)
		}
		if err := s.Open(ctx, opening("acme", "save", 20, 3)); !errors.Is(err, playbook.ErrExists) {
			return fmt.Errorf("store.Open during the cooldown: got %v, want ErrExists", err)
		}
		held, err := s.Runs(ctx, playbook.RunQuery{Account: "acme", HeldAt: day(20)})
		if err != nil || len(held) != 1 || held[0].ID != first.Run.ID {
			return fmt.Errorf("store.Runs held on day 20 = %d runs (%v), want the cooling-down run", len(held), err)
		}
		if held, err = s.Runs(ctx, playbook.RunQuery{Account: "acme", HeldAt: day(35)}); err != nil || len(held) != 0 {
			return fmt.Errorf("store.Runs held on day 35 = %d runs (%v), want none: the cooldown is over", len(held), err)
		}
		if err := open(ctx, s, opening("acme", "save", 35, 4)); err != nil {
			return fmt.Errorf("after the cooldown: %w", err)
		}
		return nil
	}},
	{Name: "ForeverHoldsTheKey", Run: func(ctx context.Context, s playbook.Store) error {
		first := opening("acme", "promoter", 0, 1)
		if err := open(ctx, s, first); err != nil {
			return err
		}
		ended := end(first.Run, 5, playbook.Forever)
		ended.Version = 1
		if err := s.Apply(ctx, &playbook.Change{Runs: []playbook.Run{ended}}); err != nil {
			return fmt.Errorf("store.Apply ending the run: %w", err)
		}
		if err := s.Open(ctx, opening("acme", "promoter", 3000, 2)); !errors.Is(err, playbook.ErrExists) {
			return fmt.Errorf("store.Open of a play that never re-enters, 3000 days on: got %v, want ErrExists", err)
		}
		return nil
	}},
	{Name: "LimitsAreCountedAtomically", Run: func(ctx context.Context, s playbook.Store) error {
		perPlay := []playbook.Limit{{Scope: playbook.PerPlay, Max: 2}}
		for i, acct := range []success.AccountID{"a1", "a2"} {
			o := opening(acct, "save", 0, byte(i))
			o.Limits = perPlay
			if err := open(ctx, s, o); err != nil {
				return err
			}
		}
		o := opening("a3", "save", 0, 3)
		o.Limits = perPlay
		err := s.Open(ctx, o)
		var limit *playbook.LimitError
		if !errors.As(err, &limit) || !errors.Is(err, playbook.ErrLimit) || limit.Limit != perPlay[0] || limit.Open != 2 {
			return fmt.Errorf("store.Open of a third run of a play limited to 2: got %v, want a *LimitError counting 2", err)
		}
		if _, err := s.Run(ctx, o.Run.ID); !errors.Is(err, playbook.ErrNotFound) {
			return fmt.Errorf("a run refused by a limit was stored: %v", err)
		}
		// Another owner's run of the same play is not counted per owner;
		// another play's run is counted per account.
		o = opening("a1", "promoter", 0, 4)
		o.Run.Owner = "am"
		o.Limits = []playbook.Limit{{Scope: playbook.PerOwner, Max: 1}}
		if err := open(ctx, s, o); err != nil {
			return fmt.Errorf("per owner: %w", err)
		}
		o = opening("a1", "nudge", 0, 5)
		o.Limits = []playbook.Limit{{Scope: playbook.PerAccount, Max: 2}}
		if err := s.Open(ctx, o); !errors.Is(err, playbook.ErrLimit) {
			return fmt.Errorf("store.Open of a third run on an account limited to 2: got %v, want ErrLimit", err)
		}
		// An ended run no longer counts.
		r, _ := s.Run(ctx, opening("a1", "save", 0, 0).Run.ID)
		r.State, r.Ended = playbook.RunCancelled, day(1)
		if err := s.Apply(ctx, &playbook.Change{Runs: []playbook.Run{r}}); err != nil {
			return fmt.Errorf("store.Apply cancelling a run: %w", err)
		}
		if err := open(ctx, s, o); err != nil {
			return fmt.Errorf("after a run ended, the account limit: %w", err)
		}
		return nil
	}},
	{Name: "ApplyIsVersionedAndAtomic", Run: func(ctx context.Context, s playbook.Store) error {
		o := opening("acme", "save", 0, 1)
		if err := open(ctx, s, o); err != nil {
			return err
		}
		tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: o.Run.ID})
		if len(tasks) != 2 {
			return fmt.Errorf("store.Tasks = %d tasks, want 2", len(tasks))
		}
		a, b := tasks[0], tasks[1]
		a.State, a.Ended = playbook.TaskDone, day(1)
		c := playbook.Change{Tasks: []playbook.Task{a}, Trace: []playbook.TraceEntry{{At: day(1), Account: "acme", PlayID: "save", Run: o.Run.ID, Task: a.ID, From: "open", To: "done", Actor: "kim", Reason: "completed"}}}
		if err := s.Apply(ctx, &c); err != nil {
			return fmt.Errorf("store.Apply: %w", err)
		}
		if c.Tasks[0].Version != 2 {
			return fmt.Errorf("store.Apply left the change's task at version %d, want 2", c.Tasks[0].Version)
		}
		// A stale write of a together with a good write of b: neither is
		// written, nor its trace.
		stale := a // version 1
		stale.Owner = "someone"
		b.Owner = "someone"
		err := s.Apply(ctx, &playbook.Change{Tasks: []playbook.Task{b, stale}, Trace: []playbook.TraceEntry{{At: day(2), Account: "acme", PlayID: "save", Run: o.Run.ID, Actor: "kim", Reason: "lost"}}})
		if !errors.Is(err, playbook.ErrConflict) {
			return fmt.Errorf("store.Apply of a stale version: got %v, want ErrConflict", err)
		}
		now, _ := s.Task(ctx, b.ID)
		if now.Owner != "csm" || now.Version != 1 {
			return fmt.Errorf("a change that lost was partly written: task owner %q, version %d", now.Owner, now.Version)
		}
		if trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: o.Run.ID}); len(trace) != 2 {
			return fmt.Errorf("the trace has %d entries after a lost change, want 2", len(trace))
		}
		ghost := b
		ghost.ID = uuid.New()
		if err := s.Apply(ctx, &playbook.Change{Tasks: []playbook.Task{ghost}}); !errors.Is(err, playbook.ErrNotFound) {
			return fmt.Errorf("store.Apply of an unknown task: got %v, want ErrNotFound", err)
		}
		return nil
	}},
	{Name: "ReturnsCopies", Run: func(ctx context.Context, s playbook.Store) error {
		o := opening("acme", "save", 0, 1)
		if err := open(ctx, s, o); err != nil {
			return err
		}
		o.Run.Match.Clauses[0].Numbers[0].Value = -1
		got, _ := s.Run(ctx, o.Run.ID)
		got.Match.Clauses[0].Numbers[0].Value = -2
		runs, _ := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
		runs[0].Match.Clauses[0].Path = "changed"
		trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: o.Run.ID})
		trace[0].Match.Clauses[0].Numbers[0].Value = -3
		again, _ := s.Run(ctx, o.Run.ID)
		entry, _ := s.Trace(ctx, playbook.TraceQuery{Run: o.Run.ID})
		if again.Match.Clauses[0].Numbers[0].Value != 42 || again.Match.Clauses[0].Path != "trigger" || entry[0].Match.Clauses[0].Numbers[0].Value != 42 {
			return fmt.Errorf("a stored run or trace entry changed through a caller's copy")
		}
		return nil
	}},
	{Name: "HonoursContext", Run: func(ctx context.Context, s playbook.Store) error {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		o := opening("acme", "save", 0, 1)
		for name, err := range map[string]error{
			"Open":  s.Open(cancelled, o),
			"Apply": s.Apply(cancelled, &playbook.Change{}),
			"Run":   second(s.Run(cancelled, o.Run.ID)),
			"Task":  second(s.Task(cancelled, o.Tasks[0].ID)),
			"Runs":  second(s.Runs(cancelled, playbook.RunQuery{})),
			"Tasks": second(s.Tasks(cancelled, playbook.TaskQuery{})),
			"Trace": second(s.Trace(cancelled, playbook.TraceQuery{})),
		} {
			if !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.%s with a cancelled context: got %v, want context.Canceled", name, err)
			}
		}
		return nil
	}},
	{Name: "ConcurrentOpensOneWins", Run: func(ctx context.Context, s playbook.Store) error {
		// Opens of one dedup key racing each other: a store that checks
		// and then inserts, without a unique constraint, lets several in.
		const racers = 8
		errs := race(racers, func(i int) error { return s.Open(ctx, opening("acme", "save", 0, byte(i))) })
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, playbook.ErrExists):
				return fmt.Errorf("a losing concurrent open: got %v, want ErrExists", err)
			}
		}
		runs, err := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
		if won != 1 || err != nil || len(runs) != 1 {
			return fmt.Errorf("%d concurrent opens of one key: %d succeeded and %d runs are stored (%v); want exactly one", racers, won, len(runs), err)
		}
		return nil
	}},
	{Name: "ConcurrentTaskUpdatesNoneLost", Run: func(ctx context.Context, s playbook.Store) error {
		// Workers each push a task's due date a minute later, many times,
		// reading and writing with retries: a store whose writes are not
		// versioned loses some of the minutes.
		o := opening("acme", "save", 0, 1)
		if err := open(ctx, s, o); err != nil {
			return err
		}
		const workers, each = 8, 20
		id := o.Tasks[0].ID
		errs := race(workers, func(int) error {
			for range each {
				for {
					t, err := s.Task(ctx, id)
					if err != nil {
						return err
					}
					t.Due = t.Due.Add(time.Minute)
					err = s.Apply(ctx, &playbook.Change{Tasks: []playbook.Task{t}})
					if err == nil {
						break
					}
					if !errors.Is(err, playbook.ErrConflict) {
						return err
					}
				}
			}
			return nil
		})
		if err := errors.Join(errs...); err != nil {
			return err
		}
		t, err := s.Task(ctx, id)
		want := o.Tasks[0].Due.Add(workers * each * time.Minute)
		if err != nil || !t.Due.Equal(want) || t.Version != 1+workers*each {
			return fmt.Errorf("after %d versioned updates the task is due %s at version %d (%v); want %s at version %d",
				workers*each, t.Due.Format(time.RFC3339), t.Version, err, want.Format(time.RFC3339), 1+workers*each)
		}
		return nil
	}},
	{Name: "ConcurrentEvaluationsOpenOnce", Run: func(ctx context.Context, s playbook.Store) error {
		// Several workers evaluate the same accounts' facts at once, day
		// after day: each account gets one run, and workers that lose a
		// race see the winner's run.
		e, err := playbook.New([]playbook.Play{savePlay()}, s, nil)
		if err != nil {
			return err
		}
		const workers, accounts, days = 6, 5, 4
		errs := race(workers, func(w int) error {
			for d := range days {
				for a := range accounts {
					f := redFacts(success.AccountID(fmt.Sprintf("acct-%d", (a+w)%accounts)), d)
					if _, err := e.Evaluate(ctx, f); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("concurrent evaluation: %w", err)
		}
		for a := range accounts {
			acct := success.AccountID(fmt.Sprintf("acct-%d", a))
			runs, err := s.Runs(ctx, playbook.RunQuery{Account: acct})
			if err != nil || len(runs) != 1 {
				return fmt.Errorf("%s has %d runs after %d workers evaluated it (%v), want 1", acct, len(runs), workers, err)
			}
			tasks, err := s.Tasks(ctx, playbook.TaskQuery{Run: runs[0].ID})
			if err != nil || len(tasks) != 1 || tasks[0].Overdue.IsZero() {
				return fmt.Errorf("%s's run has %d tasks (%v), want 1 flagged overdue", acct, len(tasks), err)
			}
			flags := 0
			trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: runs[0].ID})
			for _, e := range trace {
				if e.Kind == playbook.DecisionFlagOverdue {
					flags++
				}
			}
			if flags != 1 {
				return fmt.Errorf("%s's task was flagged overdue %d times, want once", acct, flags)
			}
		}
		return nil
	}},
}

func second[T any](_ T, err error) error { return err }

// race runs f in n goroutines released together and returns their errors.
func race(n int, f func(i int) error) []error {
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// savePlay opens a one-step save run for a score below 50, due next day.
func savePlay() playbook.Play {
	return playbook.Play{
		ID: "save", Version: 1, Name: "Save", Type: playbook.Risk, Owner: "csm",
		Trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50},
		Steps:   []playbook.Step{{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 1}},
	}
}

// redFacts are an account's facts on day n: a red score of 30.
func redFacts(account success.AccountID, n int) *playbook.Facts {
	return &playbook.Facts{
		Account: success.Account{ID: account},
		AsOf:    day(n),
		Health:  &health.Score{Account: account, AsOf: day(n), Available: true, Value: 30, Band: "red", ReportedValue: 30, ReportedBand: "red"},
	}
}

package playbook_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEvaluateOpensARunWithItsTasksAndTrace(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay(), referencePlay())
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	require.Len(t, ds, 1)
	d := ds[0]
	assert.Equal(t, playbook.DecisionOpen, d.Kind)
	assert.Equal(t, "save", d.PlayID)
	assert.Equal(t, 1, d.PlayVersion)
	assert.Equal(t, on(0), d.At)
	assert.Equal(t, "account=acme|play=save", d.DedupKey)
	require.NotNil(t, d.Match)
	assert.True(t, d.Match.Matched)
	require.NotEmpty(t, d.Match.Clauses)
	assert.Equal(t, playbook.ScoreBelow, d.Match.Clauses[0].Kind)
	assert.Equal(t, 7, int(d.Run.Version()))

	require.Len(t, d.Tasks, 3)
	assert.Equal(t, on(2), d.Tasks[0].Due, "call: 2 days from the start")
	assert.True(t, d.Tasks[1].Due.IsZero(), "plan: due 5 days after the call, which is not done")
	assert.Equal(t, on(10), d.Tasks[2].Due)
	assert.Equal(t, []bool{true, true, false}, []bool{d.Tasks[0].Required, d.Tasks[1].Required, d.Tasks[2].Required})

	run, err := s.Run(ctx, d.Run)
	require.NoError(t, err)
	assert.Equal(t, playbook.RunOpen, run.State)
	assert.Equal(t, int64(1), run.Version)
	assert.Equal(t, "csm", run.Owner)

	trace, err := s.Trace(ctx, playbook.TraceQuery{Run: d.Run})
	require.NoError(t, err)
	require.Len(t, trace, 4, "the opening and each task's")
	assert.Equal(t, playbook.DecisionOpen, trace[0].Kind)
	assert.Equal(t, playbook.EngineActor, trace[0].Actor)
	assert.Equal(t, "open", trace[0].To)
	assert.Equal(t, d.Match, trace[0].Match)
	for _, entry := range trace[1:] {
		assert.NotEqual(t, uuid.Nil, entry.Task)
		assert.Equal(t, "", entry.From)
		assert.Equal(t, "open", entry.To)
	}
}

func TestEvaluateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	first, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	again, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	assert.Equal(t, []string{"open save acme"}, summary(first))
	assert.Equal(t, []string{"leave_alone save acme", "suppress save acme when_open"}, summary(again))
	assert.Equal(t, first[0].Run, again[1].Run, "the suppression names the open run")
	runs, _ := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
	assert.Len(t, runs, 1)
}

func TestEngineRepeatedSuppressionIsTracedOnce(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	for n := range 5 {
		evaluate(t, e, scored("acme", n, 42))
	}
	trace, err := s.Trace(ctx, playbook.TraceQuery{Account: "acme", PlayID: "save"})
	require.NoError(t, err)
	suppressions := 0
	for _, entry := range trace {
		if entry.Kind == playbook.DecisionSuppress {
			suppressions++
			assert.Equal(t, playbook.ClauseWhenOpen, entry.Clause)
			assert.NotNil(t, entry.Match)
		}
	}
	assert.Equal(t, 1, suppressions, "4 suppressions by one run, recorded once")
}

func TestEngineExitHysteresis(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		scores map[int]float64 // day -> score; the run opens on day 0 at 42
		closes int             // the day it closes, -1 if never within 30 days
	}{
		{"held 14 days", map[int]float64{1: 55}, 15},
		{"beyond the margin at once", map[int]float64{1: 55, 3: 65}, 3},
		{"a dip restarts the clock", map[int]float64{1: 55, 10: 45, 11: 55}, 25},
		{"never recovers", map[int]float64{}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, s := newEngine(t, nil, redPlay())
			score := 42.0
			closed := -1
			for n := 0; n <= 30 && closed < 0; n++ {
				if v, ok := tt.scores[n]; ok {
					score = v
				}
				ds, err := e.Evaluate(ctx, scored("acme", n, score))
				require.NoError(t, err)
				for _, d := range ds {
					if d.Kind == playbook.DecisionClose {
						closed = n
						require.NotNil(t, d.Match)
						assert.Contains(t, d.Reason, "exit condition held")
					}
				}
			}
			assert.Equal(t, tt.closes, closed)
			runs, _ := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
			require.Len(t, runs, 1)
			if tt.closes >= 0 {
				assert.Equal(t, playbook.RunDone, runs[0].State)
				assert.Equal(t, on(tt.closes), runs[0].Ended)
				assert.Equal(t, on(tt.closes).AddDate(0, 0, 30), runs[0].KeyHeldUntil, "the 30-day cooldown")
				tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: runs[0].ID, Active: true})
				assert.Empty(t, tasks, "closing cancels the run's tasks")
			}
		})
	}
}

func TestEngineExitHoldingSinceIsKept(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	evaluate(t, e, scored("acme", 0, 42))
	ds, err := e.Evaluate(ctx, scored("acme", 4, 55))
	require.NoError(t, err)
	require.Equal(t, []string{"leave_alone save acme"}, summary(ds[:1]))
	assert.Contains(t, ds[0].Reason, "holding since 2026-04-05")
	run, _ := s.Run(ctx, ds[0].Run)
	assert.Equal(t, on(4), run.ExitHoldingSince)
	evaluate(t, e, scored("acme", 5, 48))
	run, _ = s.Run(ctx, ds[0].Run)
	assert.True(t, run.ExitHoldingSince.IsZero(), "a break resets the clock")
}

func TestEngineReEntry(t *testing.T) {
	ctx := context.Background()
	// Closed on day 3 (beyond the margin); the trigger fires again from
	// day 5: suppressed until the cooldown ends on day 33.
	e, s := newEngine(t, nil, redPlay())
	evaluate(t, e, scored("acme", 0, 42))
	assert.Equal(t, []string{"close save acme"}, evaluate(t, e, scored("acme", 3, 65)))
	for n := 5; n < 33; n++ {
		assert.Equal(t, []string{"suppress save acme re_entry"}, evaluate(t, e, scored("acme", n, 40)), "day %d", n)
	}
	assert.Equal(t, []string{"open save acme"}, evaluate(t, e, scored("acme", 33, 40)))
	trace, _ := s.Trace(ctx, playbook.TraceQuery{Account: "acme"})
	n := 0
	for _, entry := range trace {
		if entry.Clause == playbook.ClauseReEntry {
			n++
			assert.Contains(t, entry.Reason, "re-entry after 2026-05-04")
		}
	}
	assert.Equal(t, 1, n, "the cooldown's suppressions are traced once")

	// A play that never re-enters.
	e, _ = newEngine(t, nil, referencePlay())
	assert.Equal(t, []string{"open reference acme"}, evaluate(t, e, scored("acme", 0, 85)))
	ds, err := e.Evaluate(ctx, scored("acme", 0, 85))
	require.NoError(t, err)
	tasks := ds[0].Run
	_ = tasks
	all, _ := e.Store().Tasks(ctx, playbook.TaskQuery{Account: "acme"})
	_, err = e.CompleteTask(ctx, all[0].ID, person("kim", 1))
	require.NoError(t, err)
	ds, err = e.Evaluate(ctx, scored("acme", 900, 90))
	require.NoError(t, err)
	require.Equal(t, []string{"suppress reference acme re_entry"}, summary(ds))
	assert.Contains(t, ds[0].Reason, "does not re-enter")
}

func TestEngineOnlyIfUnsuccessful(t *testing.T) {
	ctx := context.Background()
	p := referencePlay()
	p.Suppression = playbook.Suppression{ReEntry: playbook.OnlyIfUnsuccessful}
	e, s := newEngine(t, nil, p)
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 85))
	_, err := e.CancelRun(ctx, ds[0].Run, person("kim", 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"open reference acme"}, evaluate(t, e, scored("acme", 2, 85)), "re-enters after a cancelled run")
	tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Account: "acme", Active: true})
	_, err = e.CompleteTask(ctx, tasks[0].ID, person("kim", 3))
	require.NoError(t, err)
	assert.Equal(t, []string{"suppress reference acme re_entry"}, evaluate(t, e, scored("acme", 400, 85)), "never after a run done")
}

func TestEngineRefreshWritesTheNewMatch(t *testing.T) {
	ctx := context.Background()
	p := redPlay()
	p.Suppression.WhenOpen = playbook.Refresh
	e, s := newEngine(t, nil, p)
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	id := ds[0].Run
	ds, err := e.Evaluate(ctx, scored("acme", 1, 30))
	require.NoError(t, err)
	assert.Equal(t, []string{"leave_alone save acme", "suppress save acme when_open"}, summary(ds))
	assert.Contains(t, ds[1].Reason, "refreshed")
	run, _ := s.Run(ctx, id)
	assert.Equal(t, 30.0, run.Match.Clauses[0].Numbers[0].Value)
}

func TestEngineLimitsAreRecordedSuppressions(t *testing.T) {
	ctx := context.Background()
	p := redPlay()
	p.Suppression.Limits = playbook.Limits{MaxOpenPerPlay: 2}
	e, s := newEngine(t, nil, p)
	for _, acct := range []success.AccountID{"a1", "a2"} {
		assert.Equal(t, []string{"open save " + string(acct)}, evaluate(t, e, scored(acct, 0, 42)))
	}
	for n := range 3 {
		ds, err := e.Evaluate(ctx, scored("a3", n, 42))
		require.NoError(t, err)
		require.Equal(t, []string{"suppress save a3 limits.per_play"}, summary(ds))
		assert.Equal(t, "at most 2 active runs of this play; 2 are active", ds[0].Reason)
		assert.Equal(t, uuid.Nil, ds[0].Run)
	}
	trace, _ := s.Trace(ctx, playbook.TraceQuery{Account: "a3"})
	require.Len(t, trace, 3, "every limit suppression is recorded, never silent")
	assert.Equal(t, playbook.ClauseLimitPlay, trace[0].Clause)

	// Per account: a second play on the same account is held back.
	q := referencePlay()
	q.Trigger = playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50}
	q.Suppression.Limits.MaxOpenPerAccount = 1
	e, _ = newEngine(t, nil, redPlay(), q)
	assert.Equal(t, []string{"open save acme", "suppress reference acme limits.per_account"}, evaluate(t, e, scored("acme", 0, 42)))
}

func TestEngineOverdueTasksAreFlaggedOnce(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	evaluate(t, e, scored("acme", 0, 42))
	assert.Equal(t, []string{"leave_alone save acme", "suppress save acme when_open"}, evaluate(t, e, scored("acme", 1, 42)))
	ds, err := e.Evaluate(ctx, scored("acme", 2, 42))
	require.NoError(t, err)
	require.Equal(t, []string{"leave_alone save acme", "flag_overdue save acme", "suppress save acme when_open"}, summary(ds))
	require.Len(t, ds[1].Tasks, 1)
	flagged := ds[1].Tasks[0]
	assert.Equal(t, "Call the sponsor", flagged.Title)
	assert.Equal(t, on(2), flagged.Overdue)
	stored, _ := s.Task(ctx, flagged.ID)
	assert.Equal(t, stored, flagged, "the decision carries the task as stored")
	assert.Equal(t, []string{"leave_alone save acme", "suppress save acme when_open"}, evaluate(t, e, scored("acme", 3, 42)))
}

func TestEngineCompletingTasks(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	call, plan, note := ds[0].Tasks[0], ds[0].Tasks[1], ds[0].Tasks[2]

	done, err := e.CompleteTask(ctx, call.ID, person("kim", 1))
	require.NoError(t, err)
	assert.Equal(t, playbook.TaskDone, done.State)
	assert.Equal(t, on(1), done.Ended)
	got, _ := s.Task(ctx, plan.ID)
	assert.Equal(t, on(6), got.Due, "plan: due 5 days after the call was done")
	run, _ := s.Run(ctx, ds[0].Run)
	assert.Equal(t, playbook.RunInProgress, run.State)

	_, err = e.CompleteTask(ctx, call.ID, person("kim", 1))
	assert.ErrorIs(t, err, playbook.ErrInvalid, "a task done cannot be completed again")

	_, err = e.CompleteTask(ctx, plan.ID, person("kim", 4))
	require.NoError(t, err)
	run, _ = s.Run(ctx, ds[0].Run)
	assert.Equal(t, playbook.RunDone, run.State, "the last required step completes the run")
	assert.Equal(t, on(4), run.Ended)
	got, _ = s.Task(ctx, note.ID)
	assert.Equal(t, playbook.TaskOpen, got.State, "an optional step may stay open")

	trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: run.ID})
	last := trace[len(trace)-1]
	assert.Equal(t, playbook.Actor("kim"), last.Actor)
	assert.Equal(t, "in_progress", last.From)
	assert.Equal(t, "done", last.To)
	assert.Equal(t, "its last required step was completed", last.Reason)

	_, err = e.CompleteTask(ctx, uuid.New(), person("kim", 4))
	assert.ErrorIs(t, err, playbook.ErrNotFound)
	_, err = e.CompleteTask(ctx, note.ID, playbook.Action{})
	assert.ErrorIs(t, err, playbook.ErrInvalid, "an action needs an actor")
}

func TestEngineActionsUseTheClock(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, &playbook.Options{Clock: fixedClock(on(3))}, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	_, err := e.SkipTask(ctx, ds[0].Tasks[0].ID, playbook.Action{Actor: "kim", Reason: "sponsor left"})
	require.NoError(t, err)
	got, _ := s.Task(ctx, ds[0].Tasks[0].ID)
	assert.Equal(t, playbook.TaskSkipped, got.State)
	assert.Equal(t, on(3), got.Ended)
	plan, _ := s.Task(ctx, ds[0].Tasks[1].ID)
	assert.Equal(t, on(8), plan.Due, "a skipped step counts as completed for the next one")
}

func TestEngineSnoozeCascades(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	e.Evaluate(ctx, scored("acme", 2, 42)) // flags the call overdue
	call, note := ds[0].Tasks[0], ds[0].Tasks[2]
	got, err := e.SnoozeTask(ctx, call.ID, on(5), person("kim", 2))
	require.NoError(t, err)
	assert.Equal(t, playbook.TaskSnoozed, got.State)
	assert.Equal(t, on(5), got.Due)
	assert.True(t, got.Overdue.IsZero(), "a snoozed task is no longer overdue")
	later, _ := s.Task(ctx, note.ID)
	assert.Equal(t, on(13), later.Due, "a later step moves by as much (3 days)")
	assert.Equal(t, playbook.TaskSnoozed, got.StateAt(on(4)))
	assert.Equal(t, playbook.TaskOpen, got.StateAt(on(5)))
	// It is overdue again once the snooze and the new due date pass.
	ds, _ = e.Evaluate(ctx, scored("acme", 5, 42))
	assert.Equal(t, []string{"leave_alone save acme", "flag_overdue save acme", "suppress save acme when_open"}, summary(ds))

	_, err = e.SnoozeTask(ctx, call.ID, on(1), person("kim", 5))
	assert.ErrorIs(t, err, playbook.ErrInvalid, "a snooze into the past")
}

func TestEngineReassignCascades(t *testing.T) {
	ctx := context.Background()
	p := redPlay()
	p.Steps[2].Owner = "cs-ops"
	e, s := newEngine(t, nil, p)
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	_, err := e.ReassignTask(ctx, ds[0].Tasks[0].ID, "csm-2", person("lead", 1))
	require.NoError(t, err)
	tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: ds[0].Run})
	assert.Equal(t, []string{"csm-2", "csm-2", "cs-ops"}, []string{tasks[0].Owner, tasks[1].Owner, tasks[2].Owner},
		"later tasks of the same owner follow; another owner's stay")
	_, err = e.ReassignTask(ctx, ds[0].Tasks[0].ID, "", person("lead", 1))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
}

func TestEngineClosingTouchesOnlyTheRunsOwnTasks(t *testing.T) {
	ctx := context.Background()
	other := referencePlay()
	other.Trigger = playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50}
	e, s := newEngine(t, nil, redPlay(), other)
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	require.Equal(t, []string{"open save acme", "open reference acme"}, summary(ds))
	_, err := e.CancelRun(ctx, ds[0].Run, person("kim", 1))
	require.NoError(t, err)
	// The save run also closes on exit elsewhere: only its own tasks end.
	kept, _ := s.Tasks(ctx, playbook.TaskQuery{Run: ds[1].Run, Active: true})
	assert.Len(t, kept, 1, "another play's, another owner's task stays open")
	gone, _ := s.Tasks(ctx, playbook.TaskQuery{Run: ds[0].Run, Active: true})
	assert.Empty(t, gone)
	_, err = e.CancelRun(ctx, ds[0].Run, person("kim", 1))
	assert.ErrorIs(t, err, playbook.ErrInvalid, "an ended run cannot be cancelled")
}

func TestEngineDisableAndRetire(t *testing.T) {
	ctx := context.Background()
	for _, policy := range []playbook.RunPolicy{playbook.CancelRuns, playbook.KeepRuns} {
		t.Run(string(policy), func(t *testing.T) {
			e, s := newEngine(t, nil, redPlay())
			ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
			runs, err := e.DisablePlay(ctx, "save", policy, playbook.Action{Actor: "ops", At: on(1), Reason: "rewriting it"})
			require.NoError(t, err)
			require.Len(t, runs, 1)
			trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: ds[0].Run})
			var last playbook.TraceEntry
			for _, entry := range trace {
				if entry.Task == uuid.Nil {
					last = entry
				}
			}
			assert.Equal(t, playbook.Actor("ops"), last.Actor)
			if policy == playbook.CancelRuns {
				assert.Equal(t, playbook.RunCancelled, runs[0].State)
				tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: ds[0].Run, Active: true})
				assert.Empty(t, tasks)
				assert.Equal(t, "play disabled: rewriting it", last.Reason)
			} else {
				assert.Equal(t, playbook.RunOpen, runs[0].State)
				assert.Equal(t, "play disabled: rewriting it; run kept by policy", last.Reason)
			}
			// A disabled play opens nothing; its kept run is still tended.
			want := []string{}
			if policy == playbook.KeepRuns {
				want = []string{"leave_alone save acme", "flag_overdue save acme"}
			}
			assert.Empty(t, evaluate(t, e, scored("globex", 5, 42)), "globex")
			assert.Equal(t, want, evaluate(t, e, scored("acme", 5, 42)), "acme")
			require.NoError(t, e.EnablePlay("save"))
			assert.Equal(t, []string{"open save globex"}, evaluate(t, e, scored("globex", 6, 42)))
		})
	}
	e, s := newEngine(t, nil, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	_, err := e.RetirePlay(ctx, "save", playbook.KeepRuns, person("ops", 1))
	require.NoError(t, err)
	assert.ErrorIs(t, e.EnablePlay("save"), playbook.ErrNotFound)
	ds2, err := e.Evaluate(ctx, scored("acme", 20, 90))
	require.NoError(t, err)
	assert.Equal(t, []string{"leave_alone save acme", "flag_overdue save acme", "flag_overdue save acme"}, summary(ds2), "a retired play's kept run is not closed by its exit")
	assert.Equal(t, ds[0].Run, ds2[0].Run)
	play, _ := s.Trace(ctx, playbook.TraceQuery{PlayID: "save"})
	assert.Contains(t, play[len(play)-4].Reason, "play retired; its active runs: keep")
	_, err = e.DisablePlay(ctx, "nope", playbook.KeepRuns, person("ops", 1))
	assert.ErrorIs(t, err, playbook.ErrNotFound)
	_, err = e.DisablePlay(ctx, "save", "archive", person("ops", 1))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
}

type directory map[success.AccountID]bool

func (d directory) HasAccount(_ context.Context, id success.AccountID) (bool, error) {
	if id == "broken" {
		return false, errors.New("directory down")
	}
	return d[id], nil
}

func TestEngineBadInput(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t, &playbook.Options{Accounts: directory{"acme": true}}, redPlay())
	_, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	_, err = e.Evaluate(ctx, scored("ghost", 0, 42))
	assert.ErrorIs(t, err, playbook.ErrUnknownAccount)
	assert.Equal(t, `playbook: unknown account: "ghost"`, err.Error())
	_, err = e.Evaluate(ctx, scored("broken", 0, 42))
	assert.ErrorContains(t, err, "directory down")
	_, err = e.Evaluate(ctx, scored("", 0, 42))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	assert.ErrorContains(t, err, "account.id")
	_, err = e.Evaluate(ctx, nil)
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	noTime := scored("acme", 0, 42)
	noTime.AsOf = time.Time{}
	_, err = e.Evaluate(ctx, noTime)
	assert.ErrorContains(t, err, "as_of")

	_, err = playbook.New([]playbook.Play{redPlay()}, nil, nil)
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	second := redPlay()
	second.Version = 2
	noSteps := referencePlay()
	noSteps.Steps = nil
	_, err = playbook.New([]playbook.Play{redPlay(), second, noSteps}, playbook.NewMemoryStore(), nil)
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	assert.ErrorContains(t, err, "plays[1].id: plays[0] has the same ID")
	assert.ErrorContains(t, err, "plays[2].steps")

	// A contact play without a contact is reported; the other plays run.
	contact := referencePlay()
	contact.Trigger = playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50}
	contact.Suppression.Key = playbook.KeyContact
	e, _ = newEngine(t, nil, redPlay(), contact)
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	assert.Equal(t, []string{"open save acme"}, summary(ds))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = e.Evaluate(cancelled, scored("acme", 1, 42))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEngineAssignResolvesRoles(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, &playbook.Options{Assign: func(role string, f *playbook.Facts) string {
		if role == "csm" {
			return "csm-of-" + string(f.Account.ID)
		}
		return ""
	}}, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	run, _ := s.Run(ctx, ds[0].Run)
	assert.Equal(t, "csm-of-acme", run.Owner)
	assert.Equal(t, "csm-of-acme", ds[0].Tasks[0].Owner)
}

func TestEngineWaitConditions(t *testing.T) {
	ctx := context.Background()
	p := redPlay()
	p.Steps = []playbook.Step{
		{ID: "call", Title: "Call", Required: true, DueDays: 1},
		{ID: "check", Title: "Check in once they log in again", Required: true, DueDays: 2,
			Wait: &playbook.Wait{Until: playbook.Trigger{Kind: playbook.ActiveSince}, MaxDays: 7}},
	}
	for _, tt := range []struct {
		name   string
		active int // the day the account logs in again; -1 never
		ended  time.Time
	}{{"logs in on day 3", 3, on(3)}, {"longest wait runs out", -1, on(7)}} {
		t.Run(tt.name, func(t *testing.T) {
			e, s := newEngine(t, nil, p)
			ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
			check := ds[0].Tasks[1]
			assert.True(t, check.Waiting)
			assert.True(t, check.Due.IsZero())
			for n := 1; n <= 8; n++ {
				f := scored("acme", n, 42)
				if tt.active >= 0 && n >= tt.active {
					f.LastActive = on(tt.active)
				}
				_, err := e.Evaluate(ctx, f)
				require.NoError(t, err)
			}
			got, _ := s.Task(ctx, check.ID)
			assert.False(t, got.Waiting)
			assert.Equal(t, tt.ended, got.WaitEnded)
			assert.Equal(t, tt.ended.AddDate(0, 0, 2), got.Due)
		})
	}
}

func TestEngineOlderFactsDoNotTendANewerRun(t *testing.T) {
	e, s := newEngine(t, nil, redPlay())
	ds, _ := e.Evaluate(context.Background(), scored("acme", 10, 42))
	assert.Empty(t, evaluate(t, e, scored("acme", 3, 90)),
		"a score of 90 on day 3 neither closes the run opened on day 10 nor flags its tasks")
	run, _ := s.Run(context.Background(), ds[0].Run)
	assert.Equal(t, playbook.RunOpen, run.State)
}

func TestEngineDryRunLeavesTheStoreAlone(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay(), referencePlay())
	_, err := e.DisablePlay(ctx, "reference", playbook.KeepRuns, person("ops", 0))
	require.NoError(t, err)
	before, _ := s.Trace(ctx, playbook.TraceQuery{})
	rep, err := e.DryRun(ctx, seq(ninetyDays()))
	require.NoError(t, err)
	after, _ := s.Trace(ctx, playbook.TraceQuery{})
	assert.Equal(t, before, after, "nothing reaches the engine's store")
	runs, _ := s.Runs(ctx, playbook.RunQuery{})
	assert.Empty(t, runs)
	assert.Equal(t, 4, rep.Plays["save"].Opened)
	assert.Nil(t, rep.Plays["reference"], "a disabled play is not dry-run")
	dry, _ := rep.Store.Runs(ctx, playbook.RunQuery{})
	assert.Len(t, dry, 4, "the dry run's own store holds what it would have written")

	bad := ninetyDays()[:3]
	bad[1] = scored("", 0, 42)
	rep, err = e.DryRun(ctx, seq(bad))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	assert.ErrorContains(t, err, "facts[1]: ")
	assert.Equal(t, 1, rep.Plays["save"].Opened, "the other facts were evaluated")
}

func TestEngineLimitPerOwner(t *testing.T) {
	p := redPlay()
	p.Suppression.Limits = playbook.Limits{MaxOpenPerOwner: 1}
	// acme and globex share a CSM; initech has its own.
	csm := map[success.AccountID]string{"acme": "csm-1", "globex": "csm-1", "initech": "csm-2"}
	e, _ := newEngine(t, &playbook.Options{Assign: func(_ string, f *playbook.Facts) string { return csm[f.Account.ID] }}, p)
	assert.Equal(t, []string{"open save acme"}, evaluate(t, e, scored("acme", 0, 42)))
	assert.Equal(t, []string{"suppress save globex limits.per_owner"}, evaluate(t, e, scored("globex", 0, 42)))
	assert.Equal(t, []string{"open save initech"}, evaluate(t, e, scored("initech", 0, 42)))
}

func TestEngineSameFactsAfterACancelDoNotReopen(t *testing.T) {
	ctx := context.Background()
	p := redPlay()
	p.Suppression.CooldownDays = 0
	e, s := newEngine(t, nil, p)
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	_, err := e.CancelRun(ctx, ds[0].Run, person("kim", 0))
	require.NoError(t, err)
	again, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	require.Equal(t, []string{"suppress save acme re_entry"}, summary(again))
	assert.Contains(t, again[0].Reason, "these facts already opened run")
	assert.Equal(t, []string{"open save acme"}, evaluate(t, e, scored("acme", 1, 42)), "later facts re-enter at once")
	runs, _ := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
	assert.Len(t, runs, 2)
}

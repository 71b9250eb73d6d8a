package pgtest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// runKey and taskKey are what an evaluation decides about a run or a task:
// the fields that must match the reference exactly.
type runKey struct {
	ID                     string
	Play, Key              string
	State                  playbook.RunState
	Started, Ended, HeldTo time.Time
	ExitSince              time.Time
	EndReason              string
	Suppressed             playbook.SuppressionClause
	Version                int64
}

type taskKey struct {
	ID, Run                     string
	State                       playbook.TaskState
	Due, Overdue, Ended, WaitEn time.Time
	Version                     int64
}

// SameWork fails t unless got holds exactly the runs, tasks and trace
// entries of want for the account: every field an evaluation decides, the
// versions (how many writes) included, and the trace compared line for line
// (in any order within the account).
func SameWork(t *testing.T, got, want playbook.Store, acct success.AccountID) {
	t.Helper()
	ctx := t.Context()
	runs := func(s playbook.Store) []runKey {
		rs, err := s.Runs(ctx, playbook.RunQuery{Account: acct})
		if err != nil {
			t.Fatal(err)
		}
		var out []runKey
		for _, r := range rs {
			out = append(out, runKey{r.ID.String(), r.PlayID, r.DedupKey, r.State, r.Started.UTC(), r.Ended.UTC(), r.KeyHeldUntil.UTC(), r.ExitHoldingSince.UTC(), r.EndReason, r.Suppressed, r.Version})
		}
		return out
	}
	tasks := func(s playbook.Store) []taskKey {
		ts, err := s.Tasks(ctx, playbook.TaskQuery{Account: acct})
		if err != nil {
			t.Fatal(err)
		}
		var out []taskKey
		for _, k := range ts {
			out = append(out, taskKey{k.ID.String(), k.Run.String(), k.State, k.Due.UTC(), k.Overdue.UTC(), k.Ended.UTC(), k.WaitEnded.UTC(), k.Version})
		}
		return out
	}
	// The trace's state changes (opens, closes, overdue flags, task
	// changes) must match one for one; suppressions are compared apart.
	changes := func(s playbook.Store) []string {
		es, err := s.Trace(ctx, playbook.TraceQuery{Account: acct})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, fmt.Sprintf("%s %s %s %s %s>%s %s %s", e.At.UTC().Format(time.DateOnly), e.PlayID, e.Kind, e.Clause, e.From, e.To, e.Run, e.Task))
		}
		slices.Sort(out) // entries of one evaluation may interleave differently across retries
		return out
	}
	if g, w := runs(got), runs(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: runs differ from the in-memory store's:\n got %v\nwant %v", acct, g, w)
	}
	if g, w := tasks(got), tasks(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: tasks differ from the in-memory store's:\n got %v\nwant %v", acct, g, w)
	}
	if g, w := changes(got), changes(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: trace differs from the in-memory store's:\n got %q\nwant %q", acct, g, w)
	}
}

// NoOrphans looks for rows a half-written transaction would leave: a
// task or trace line naming a run or task that is not stored, a run
// without its tasks or its opening trace line, a dedup key without a run.
func NoOrphans(t *testing.T, db *pgxpool.Pool) {
	t.Helper()
	for name, sql := range map[string]string{
		"tasks without their run": `SELECT count(*) FROM playbook_tasks k WHERE NOT EXISTS (SELECT 1 FROM playbook_runs r WHERE r.id = k.run_id)`,
		"trace lines naming no stored run": `SELECT count(*) FROM playbook_trace e WHERE e.run_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM playbook_runs r WHERE r.id = e.run_id)`,
		"trace lines naming no stored task": `SELECT count(*) FROM playbook_trace e WHERE e.task_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM playbook_tasks k WHERE k.id = e.task_id)`,
		"runs without tasks": `SELECT count(*) FROM playbook_runs r WHERE NOT EXISTS (SELECT 1 FROM playbook_tasks k WHERE k.run_id = r.id)`,
		"runs without their opening": `SELECT count(*) FROM playbook_runs r WHERE NOT EXISTS
			(SELECT 1 FROM playbook_trace e WHERE e.run_id = r.id AND e.kind = 'open' AND e.to_state = 'open')`,
		"dedup keys held by another key's run": `SELECT count(*) FROM playbook_dedup_keys d JOIN playbook_runs r ON r.id = d.run_id WHERE r.dedup_key <> d.dedup_key`,
	} {
		var n int
		if err := db.QueryRow(t.Context(), sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, name)
		}
	}
}

package pgstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/secondsale/secondsale/playbook"
)

// This file maps the playbook's records to and from their table rows.

// runRow returns r's values in runColumns order, checking that its times
// survive PostgreSQL and its match encodes; path names r in errors.
func runRow(r *playbook.Run, path string) ([]any, error) {
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"started", r.Started}, {"ended", r.Ended}, {"key_held_until", r.KeyHeldUntil}, {"exit_holding_since", r.ExitHoldingSince}} {
		if err := microseconds(playbook.ErrInvalid, path+"."+f.name, f.t); err != nil {
			return nil, err
		}
	}
	match, err := json.Marshal(r.Match)
	if err != nil {
		return nil, fmt.Errorf("%w: %s.match does not encode: %v", playbook.ErrInvalid, path, err)
	}
	return []any{r.ID, string(r.Account), r.Contact, r.PlayID, r.PlayVersion, r.DedupKey, r.Owner, r.Priority,
		string(r.State), r.Started, tsArg(r.Ended), r.EndReason, tsArg(r.KeyHeldUntil), tsArg(r.ExitHoldingSince),
		string(r.Suppressed), match, r.Version}, nil
}

func scanRun(row pgx.Row) (playbook.Run, error) {
	var r playbook.Run
	var started, ended, until, since pgtype.Timestamptz
	var match []byte
	if err := row.Scan(&r.ID, &r.Account, &r.Contact, &r.PlayID, &r.PlayVersion, &r.DedupKey, &r.Owner, &r.Priority,
		&r.State, &started, &ended, &r.EndReason, &until, &since, &r.Suppressed, &match, &r.Version); err != nil {
		return playbook.Run{}, err
	}
	r.Started, r.Ended, r.KeyHeldUntil, r.ExitHoldingSince = fromTS(started), fromTS(ended), fromTS(until), fromTS(since)
	if err := json.Unmarshal(match, &r.Match); err != nil {
		return playbook.Run{}, fmt.Errorf("pgstore: the stored match of run %s does not decode: %w", r.ID, err)
	}
	return r, nil
}

// taskRow returns t's values in taskColumns order; path names t in errors.
func taskRow(t *playbook.Task, path string) ([]any, error) {
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"due", t.Due}, {"snoozed_until", t.SnoozedUntil}, {"wait_ended", t.WaitEnded}, {"overdue", t.Overdue}, {"ended", t.Ended}} {
		if err := microseconds(playbook.ErrInvalid, path+"."+f.name, f.t); err != nil {
			return nil, err
		}
	}
	return []any{t.ID, t.Run, string(t.Account), t.PlayID, t.Step, t.Title, t.Owner, t.Required, string(t.State),
		tsArg(t.Due), tsArg(t.SnoozedUntil), t.Waiting, tsArg(t.WaitEnded), tsArg(t.Overdue), tsArg(t.Ended), t.Version}, nil
}

func scanTask(row pgx.Row) (playbook.Task, error) {
	var t playbook.Task
	var due, snoozed, waitEnded, overdue, ended pgtype.Timestamptz
	if err := row.Scan(&t.ID, &t.Run, &t.Account, &t.PlayID, &t.Step, &t.Title, &t.Owner, &t.Required, &t.State,
		&due, &snoozed, &t.Waiting, &waitEnded, &overdue, &ended, &t.Version); err != nil {
		return playbook.Task{}, err
	}
	t.Due, t.SnoozedUntil, t.WaitEnded, t.Overdue, t.Ended = fromTS(due), fromTS(snoozed), fromTS(waitEnded), fromTS(overdue), fromTS(ended)
	return t, nil
}

// uuidArg is id as a uuid argument: NULL for uuid.Nil, which trace
// entries use for "no run" or "no task".
func uuidArg(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}

// queueTrace queues the inserts of entries, in order, so their seq keeps
// the order they were written in.
func queueTrace(b *pgx.Batch, entries []playbook.TraceEntry) error {
	for i := range entries {
		e := &entries[i]
		if err := microseconds(playbook.ErrInvalid, fmt.Sprintf("trace[%d].at", i), e.At); err != nil {
			return err
		}
		var match []byte
		if e.Match != nil {
			var err error
			if match, err = json.Marshal(e.Match); err != nil {
				return fmt.Errorf("%w: trace[%d].match does not encode: %v", playbook.ErrInvalid, i, err)
			}
		}
		b.Queue(`INSERT INTO playbook_trace (`+traceColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			tsArg(e.At), string(e.Account), e.PlayID, e.PlayVersion, uuidArg(e.Run), uuidArg(e.Task), string(e.Kind),
			e.From, e.To, string(e.Actor), match, string(e.Clause), e.Reason)
	}
	return nil
}

// taskAndTraceBatch queues the inserts of a new run's tasks and trace.
func taskAndTraceBatch(tasks []playbook.Task, trace []playbook.TraceEntry) (*pgx.Batch, error) {
	b := &pgx.Batch{}
	for i := range tasks {
		t := tasks[i]
		t.Version = 1
		args, err := taskRow(&t, fmt.Sprintf("tasks[%d]", i))
		if err != nil {
			return nil, err
		}
		b.Queue(`INSERT INTO playbook_tasks (`+taskColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, args...)
	}
	return b, queueTrace(b, trace)
}

func scanTrace(row pgx.Row) (playbook.TraceEntry, error) {
	var e playbook.TraceEntry
	var at pgtype.Timestamptz
	var run, task pgtype.UUID
	var match []byte
	if err := row.Scan(&at, &e.Account, &e.PlayID, &e.PlayVersion, &run, &task, &e.Kind, &e.From, &e.To,
		&e.Actor, &match, &e.Clause, &e.Reason); err != nil {
		return playbook.TraceEntry{}, err
	}
	e.At = fromTS(at)
	if run.Valid {
		e.Run = run.Bytes
	}
	if task.Valid {
		e.Task = task.Bytes
	}
	if match != nil {
		e.Match = new(playbook.Match)
		if err := json.Unmarshal(match, e.Match); err != nil {
			return playbook.TraceEntry{}, fmt.Errorf("pgstore: a stored trace match does not decode: %w", err)
		}
	}
	return e, nil
}

package pgstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/playbook"
)

// PlaybookStore is a playbook.Store in PostgreSQL (tables playbook_runs,
// playbook_dedup_keys, playbook_tasks and playbook_trace). Open and Apply
// each write in one transaction, so a run is stored with its tasks and
// trace or not at all. The primary key of playbook_dedup_keys, whose row
// Open locks, makes Open a conditional create; limits are counted under a
// transaction-scoped advisory lock per play, owner or account; Apply locks
// the rows it checks the versions of. None of it relies on the Go
// process, so several processes may share the store. It is safe for
// concurrent use.
type PlaybookStore struct {
	pool *pgxpool.Pool
	q    conn // the pool, or the transaction of Atomically
}

var _ playbook.Atomic = (*PlaybookStore)(nil)

// NewPlaybookStore returns the runs, tasks and trace kept in db, whose
// schema Open or Migrate brought up to date.
func NewPlaybookStore(db *pgxpool.Pool) *PlaybookStore { return &PlaybookStore{pool: db, q: db} }

// Atomically implements playbook.Atomic: fn's store sends every statement
// to one READ COMMITTED transaction, each Open and Apply in a savepoint of
// its own. The transaction commits when fn returns nil and no statement in
// it failed transiently; otherwise it rolls back and the error matches
// ErrRetry (or fn's error). A commit whose acknowledgement was lost is
// resolved with the server: stored, or ErrRetry, or, when the server cannot
// say, ErrCommitUnknown. The engine calls it once per evaluation.
func (p *PlaybookStore) Atomically(ctx context.Context, fn func(playbook.Store) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return inTx(ctx, p.pool, p.pool, "evaluation", func(tx pgx.Tx) error {
		s := &txStore{s: &PlaybookStore{pool: p.pool, q: tx}}
		if err := fn(s); err != nil {
			return err
		}
		return s.failed
	})
}

const (
	runColumns = `id, account, contact, play_id, play_version, dedup_key, owner, priority, state,
		started, ended, end_reason, key_held_until, exit_holding_since, suppressed, match, version`
	taskColumns = `id, run_id, account, play_id, step, title, owner, required, state,
		due, snoozed_until, waiting, wait_ended, overdue, ended, version`
	traceColumns = `at, account, play_id, play_version, run_id, task_id, kind, from_state, to_state,
		actor, match, clause, reason`
	// activeStates are the run states that hold work (RunState.Active).
	activeRun = `state IN ('open', 'in_progress')`
)

// Open implements playbook.Store.
func (p *PlaybookStore) Open(ctx context.Context, o playbook.Opening) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := o.Run
	if r.ID == uuid.Nil || r.Account == "" || r.DedupKey == "" || !r.State.Active() {
		return fmt.Errorf("%w: a new run needs an ID, an account, a dedup key and an active state", playbook.ErrInvalid)
	}
	for i := range o.Tasks {
		if o.Tasks[i].ID == uuid.Nil || o.Tasks[i].Run != r.ID {
			return fmt.Errorf("%w: tasks[%d] needs an ID and the run's ID", playbook.ErrInvalid, i)
		}
	}
	r.Version = 1
	runArgs, err := runRow(&r, "run")
	if err != nil {
		return err
	}
	b, err := taskAndTraceBatch(o.Tasks, o.Trace)
	if err != nil {
		return err
	}
	return inTx(ctx, p.pool, p.q, "open run", func(tx pgx.Tx) error {
		// A racing Open of the same ID waits here for the other
		// transaction, then finds the row.
		tag, err := tx.Exec(ctx, `INSERT INTO playbook_runs (`+runColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
			ON CONFLICT (id) DO NOTHING`, runArgs...)
		if err != nil {
			return wrap(ctx, "open run", err)
		}
		if tag.RowsAffected() == 0 {
			return &playbook.ExistsError{DedupKey: r.DedupKey, Holder: r.ID}
		}
		if err := takeKey(ctx, tx, &r); err != nil {
			return err
		}
		if err := checkLimits(ctx, tx, &r, o.Limits); err != nil {
			return err
		}
		return sendBatch(ctx, tx, b, "open run")
	})
}

// takeKey makes r the holder of its dedup key, or returns the
// *ExistsError naming the run that holds it at r.Started.
func takeKey(ctx context.Context, tx pgx.Tx, r *playbook.Run) error {
	tag, err := tx.Exec(ctx, `INSERT INTO playbook_dedup_keys (dedup_key, run_id) VALUES ($1, $2)
		ON CONFLICT (dedup_key) DO NOTHING`, r.DedupKey, r.ID)
	if err != nil {
		return wrap(ctx, "open run: dedup key", err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	// The key has a run: lock its row, then read that run in a statement
	// of its own, so that under READ COMMITTED it sees the run a racing
	// Open committed while this one waited for the lock.
	var holder uuid.UUID
	if err := tx.QueryRow(ctx, `SELECT run_id FROM playbook_dedup_keys WHERE dedup_key = $1 FOR UPDATE`, r.DedupKey).Scan(&holder); err != nil {
		return wrap(ctx, "open run: dedup key", err)
	}
	var h playbook.Run
	var until pgtype.Timestamptz
	if err := tx.QueryRow(ctx, `SELECT state, key_held_until FROM playbook_runs WHERE id = $1`, holder).Scan(&h.State, &until); err != nil {
		return wrap(ctx, "open run: dedup key holder", err)
	}
	h.KeyHeldUntil = fromTS(until)
	if h.HoldsKey(r.Started) {
		return &playbook.ExistsError{DedupKey: r.DedupKey, Holder: holder}
	}
	_, err = tx.Exec(ctx, `UPDATE playbook_dedup_keys SET run_id = $2 WHERE dedup_key = $1`, r.DedupKey, r.ID)
	return wrap(ctx, "open run: dedup key", err)
}

// checkLimits counts the active runs each limit caps, other than r, under
// an advisory lock per counted set, so two Opens cannot both take the last
// place. Locks are taken in one order to avoid deadlocks.
func checkLimits(ctx context.Context, tx pgx.Tx, r *playbook.Run, limits []playbook.Limit) error {
	type counted struct {
		limit playbook.Limit
		lock  string
		where string
		args  []any
	}
	var cs []counted
	for _, l := range limits {
		if l.Max <= 0 {
			continue
		}
		c := counted{limit: l}
		switch l.Scope {
		case playbook.PerPlay:
			c.lock, c.where, c.args = "play\x1f"+r.PlayID, "play_id = $2", []any{r.PlayID}
		case playbook.PerOwner:
			c.lock, c.where, c.args = "owner\x1f"+r.PlayID+"\x1f"+r.Owner, "play_id = $2 AND owner = $3", []any{r.PlayID, r.Owner}
		case playbook.PerAccount:
			c.lock, c.where, c.args = "account\x1f"+string(r.Account), "account = $2", []any{string(r.Account)}
		default:
			return fmt.Errorf("%w: unknown limit scope %q", playbook.ErrInvalid, string(l.Scope))
		}
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b counted) int { return strings.Compare(a.lock, b.lock) })
	for _, c := range cs {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "secondsale.limit\x1f"+c.lock); err != nil {
			return wrap(ctx, "open run: limit lock", err)
		}
		var n int
		args := append([]any{r.ID}, c.args...)
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM playbook_runs WHERE `+activeRun+` AND id <> $1 AND `+c.where, args...).Scan(&n); err != nil {
			return wrap(ctx, "open run: limit count", err)
		}
		if n >= c.limit.Max {
			return &playbook.LimitError{Limit: c.limit, Open: n}
		}
	}
	return nil
}

// Apply implements playbook.Store.
func (p *PlaybookStore) Apply(ctx context.Context, c *playbook.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(c.Runs) == 0 && len(c.Tasks) == 0 && len(c.Trace) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for i := range c.Runs {
		r := c.Runs[i]
		if err := r.State.Validate(); err != nil {
			return err
		}
		r.Version++
		args, err := runRow(&r, fmt.Sprintf("runs[%d]", i))
		if err != nil {
			return err
		}
		b.Queue(`UPDATE playbook_runs SET contact = $3, play_version = $5, owner = $7, priority = $8,
			state = $9, started = $10, ended = $11, end_reason = $12, key_held_until = $13,
			exit_holding_since = $14, suppressed = $15, match = $16, version = $17
			WHERE id = $1 AND account = $2 AND play_id = $4 AND dedup_key = $6`, args...)
	}
	for i := range c.Tasks {
		t := c.Tasks[i]
		if err := t.State.Validate(); err != nil {
			return err
		}
		t.Version++
		args, err := taskRow(&t, fmt.Sprintf("tasks[%d]", i))
		if err != nil {
			return err
		}
		b.Queue(`UPDATE playbook_tasks SET account = $3, play_id = $4, step = $5, title = $6, owner = $7,
			required = $8, state = $9, due = $10, snoozed_until = $11, waiting = $12, wait_ended = $13,
			overdue = $14, ended = $15, version = $16
			WHERE id = $1 AND run_id = $2`, args...)
	}
	if err := queueTrace(b, c.Trace); err != nil {
		return err
	}
	err := inTx(ctx, p.pool, p.q, "apply change", func(tx pgx.Tx) error {
		if err := checkRunVersions(ctx, tx, c.Runs); err != nil {
			return err
		}
		if err := checkTaskVersions(ctx, tx, c.Tasks); err != nil {
			return err
		}
		return sendBatch(ctx, tx, b, "apply change")
	})
	if err != nil {
		return err
	}
	for i := range c.Runs {
		c.Runs[i].Version++
	}
	for i := range c.Tasks {
		c.Tasks[i].Version++
	}
	return nil
}

// checkVersions locks the stored rows of writes (in ID order, so two
// Applies cannot deadlock on them), reads them with scan and checks each
// write against its row: it must exist (ErrNotFound), carry its version
// (ErrConflict) and pass more. what names the kind of record in errors.
func checkVersions[T any](ctx context.Context, tx pgx.Tx, what, sql string, writes []T,
	id func(*T) uuid.UUID, version func(*T) int64, scan func(pgx.Row) (T, error), more func(old, w *T) error) error {
	if len(writes) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(writes))
	for i := range writes {
		ids[i] = id(&writes[i])
	}
	rows, err := query(ctx, tx, "apply change: read "+what+"s", sql, []any{ids}, scan)
	if err != nil {
		return err
	}
	stored := make(map[uuid.UUID]*T, len(rows))
	for i := range rows {
		stored[id(&rows[i])] = &rows[i]
	}
	for i := range writes {
		w := &writes[i]
		old, ok := stored[id(w)]
		switch {
		case !ok:
			return fmt.Errorf("%w: %s %s", playbook.ErrNotFound, what, id(w))
		case version(old) != version(w):
			return fmt.Errorf("%w: %s %s is at version %d, the write was based on %d", playbook.ErrConflict, what, id(w), version(old), version(w))
		}
		if err := more(old, w); err != nil {
			return err
		}
	}
	return nil
}

// checkRunVersions checks the runs of a change: versioned, and a run's
// account, play and dedup key never change, nor does an ended run become
// active again.
func checkRunVersions(ctx context.Context, tx pgx.Tx, runs []playbook.Run) error {
	return checkVersions(ctx, tx, "run", `SELECT id, version, account, play_id, dedup_key, state
		FROM playbook_runs WHERE id = ANY($1) ORDER BY id FOR UPDATE`, runs,
		func(r *playbook.Run) uuid.UUID { return r.ID },
		func(r *playbook.Run) int64 { return r.Version },
		func(row pgx.Row) (s playbook.Run, err error) {
			return s, row.Scan(&s.ID, &s.Version, &s.Account, &s.PlayID, &s.DedupKey, &s.State)
		},
		func(old, r *playbook.Run) error {
			switch {
			case old.DedupKey != r.DedupKey || old.Account != r.Account || old.PlayID != r.PlayID:
				return fmt.Errorf("%w: run %s: its account, play and dedup key cannot change", playbook.ErrInvalid, r.ID)
			case !old.State.Active() && r.State.Active():
				return fmt.Errorf("%w: run %s has ended (%s) and cannot become %s again", playbook.ErrInvalid, r.ID, old.State, r.State)
			}
			return nil
		})
}

// checkTaskVersions checks the tasks of a change: versioned, and a task
// never moves to another run.
func checkTaskVersions(ctx context.Context, tx pgx.Tx, tasks []playbook.Task) error {
	return checkVersions(ctx, tx, "task", `SELECT id, version, run_id
		FROM playbook_tasks WHERE id = ANY($1) ORDER BY id FOR UPDATE`, tasks,
		func(t *playbook.Task) uuid.UUID { return t.ID },
		func(t *playbook.Task) int64 { return t.Version },
		func(row pgx.Row) (s playbook.Task, err error) {
			return s, row.Scan(&s.ID, &s.Version, &s.Run)
		},
		func(old, t *playbook.Task) error {
			if old.Run != t.Run {
				return fmt.Errorf("%w: task %s cannot move to another run", playbook.ErrInvalid, t.ID)
			}
			return nil
		})
}

// sendBatch runs b's statements in tx and reports the first failure; a
// task ID already stored is ErrExists.
func sendBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch, op string) error {
	if b.Len() == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, b)
	var first error
	for range b.Len() {
		if _, err := br.Exec(); err != nil && first == nil {
			first = err
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = err
	}
	if uniqueViolation(first) == "playbook_tasks_pkey" {
		return fmt.Errorf("%w: a task of the run is already stored", playbook.ErrExists)
	}
	return wrap(ctx, op, first)
}

// Run implements playbook.Store.
func (p *PlaybookStore) Run(ctx context.Context, id uuid.UUID) (playbook.Run, error) {
	if err := ctx.Err(); err != nil {
		return playbook.Run{}, err
	}
	r, err := scanRun(p.q.QueryRow(ctx, `SELECT `+runColumns+` FROM playbook_runs WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return playbook.Run{}, fmt.Errorf("%w: run %s", playbook.ErrNotFound, id)
	}
	return r, wrap(ctx, "read run", err)
}

// Task implements playbook.Store.
func (p *PlaybookStore) Task(ctx context.Context, id uuid.UUID) (playbook.Task, error) {
	if err := ctx.Err(); err != nil {
		return playbook.Task{}, err
	}
	t, err := scanTask(p.q.QueryRow(ctx, `SELECT `+taskColumns+` FROM playbook_tasks WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return playbook.Task{}, fmt.Errorf("%w: task %s", playbook.ErrNotFound, id)
	}
	return t, wrap(ctx, "read task", err)
}

// Runs implements playbook.Store.
func (p *PlaybookStore) Runs(ctx context.Context, q playbook.RunQuery) ([]playbook.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var w where
	w.eq("account", string(q.Account))
	w.eq("play_id", q.PlayID)
	w.eq("dedup_key", q.DedupKey)
	w.eq("owner", q.Owner)
	if q.Active {
		w.conds = append(w.conds, activeRun)
	}
	if !q.HeldAt.IsZero() {
		w.add("("+activeRun+" OR $%d < key_held_until)", q.HeldAt)
	}
	return query(ctx, p.q, "read runs", `SELECT `+runColumns+` FROM playbook_runs`+w.String()+` ORDER BY started, id`, w.args, scanRun)
}

// Tasks implements playbook.Store.
func (p *PlaybookStore) Tasks(ctx context.Context, q playbook.TaskQuery) ([]playbook.Task, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var w where
	w.eq("run_id", q.Run)
	w.eq("account", string(q.Account))
	w.eq("owner", q.Owner)
	if q.Active {
		w.conds = append(w.conds, `state IN ('open', 'in_progress', 'snoozed')`)
	}
	return query(ctx, p.q, "read tasks", `SELECT `+taskColumns+` FROM playbook_tasks`+w.String()+` ORDER BY run_id, step`, w.args, scanTask)
}

// Trace implements playbook.Store.
func (p *PlaybookStore) Trace(ctx context.Context, q playbook.TraceQuery) ([]playbook.TraceEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var w where
	w.eq("account", string(q.Account))
	w.eq("play_id", q.PlayID)
	w.eq("run_id", q.Run)
	return query(ctx, p.q, "read trace", `SELECT `+traceColumns+` FROM playbook_trace`+w.String()+` ORDER BY seq`, w.args, scanTrace)
}

// query runs sql and scans every row with scan.
func query[T any](ctx context.Context, db conn, op, sql string, args []any, scan func(pgx.Row) (T, error)) ([]T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, wrap(ctx, op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(ctx, op, err)
		}
		out = append(out, v)
	}
	return out, wrap(ctx, op, rows.Err())
}

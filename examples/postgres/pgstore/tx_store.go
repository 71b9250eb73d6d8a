package pgstore

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/secondsale/secondsale/playbook"
)

// txStore is the playbook.Store that PlaybookStore.Atomically hands to its
// function. It remembers the first transient failure of any call, after
// which the transaction must not commit: the engine reports a failed play
// and goes on with the others, and committing their writes without the
// failed one's would store part of an evaluation.
type txStore struct {
	s      *PlaybookStore
	failed error
}

func (t *txStore) note(err error) error {
	if t.failed == nil && err != nil && (errors.Is(err, ErrRetry) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		t.failed = err
	}
	return err
}

func (t *txStore) Open(ctx context.Context, o playbook.Opening) error {
	return t.note(t.s.Open(ctx, o))
}

func (t *txStore) Apply(ctx context.Context, c *playbook.Change) error {
	return t.note(t.s.Apply(ctx, c))
}

func (t *txStore) Run(ctx context.Context, id uuid.UUID) (playbook.Run, error) {
	r, err := t.s.Run(ctx, id)
	return r, t.note(err)
}

func (t *txStore) Task(ctx context.Context, id uuid.UUID) (playbook.Task, error) {
	k, err := t.s.Task(ctx, id)
	return k, t.note(err)
}

func (t *txStore) Runs(ctx context.Context, q playbook.RunQuery) ([]playbook.Run, error) {
	rs, err := t.s.Runs(ctx, q)
	return rs, t.note(err)
}

func (t *txStore) Tasks(ctx context.Context, q playbook.TaskQuery) ([]playbook.Task, error) {
	ks, err := t.s.Tasks(ctx, q)
	return ks, t.note(err)
}

func (t *txStore) Trace(ctx context.Context, q playbook.TraceQuery) ([]playbook.TraceEntry, error) {
	es, err := t.s.Trace(ctx, q)
	return es, t.note(err)
}

// ErrNotInTransaction reports an Exec given a store that is not the one
// PlaybookStore.Atomically hands to its function.
var ErrNotInTransaction = errors.New("pgstore: the store is not an Atomically transaction's")

// Exec runs a statement in the transaction of s, the store
// PlaybookStore.Atomically gave to its function, so that a host's own rows
// (progress, an outbox) commit or roll back with the engine's writes. Its
// errors are classified as the store's (ErrRetry), and a transient one
// keeps the transaction from committing.
func Exec(ctx context.Context, s playbook.Store, sql string, args ...any) (pgconn.CommandTag, error) {
	t, ok := s.(*txStore)
	if !ok {
		return pgconn.CommandTag{}, ErrNotInTransaction
	}
	tag, err := t.s.q.Exec(ctx, sql, args...)
	return tag, t.note(wrap(ctx, "exec", err))
}

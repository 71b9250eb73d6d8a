package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// conn is what a store sends statements to: the pool, or the transaction
// of a PlaybookStore.Atomically call (where Begin opens a savepoint).
type conn interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inTx runs fn in a transaction on q and commits it, or rolls it back when
// fn fails. On the pool the transaction is READ COMMITTED and its commit
// is resolved as commitResolved says; inside an Atomically transaction it
// is a savepoint, released or rolled back alone. Errors of fn are
// returned as they are (fn wraps its own).
func inTx(ctx context.Context, pool *pgxpool.Pool, q conn, op string, fn func(tx pgx.Tx) error) error {
	tx, err := q.Begin(ctx)
	if err != nil {
		return wrap(ctx, op+": begin", err)
	}
	if err := fn(tx); err != nil {
		// The rollback's own error adds nothing: the connection is
		// released or discarded either way.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if q != conn(pool) {
		return wrap(ctx, op+": release savepoint", tx.Commit(ctx))
	}
	return commitResolved(ctx, pool, tx, op)
}

// commitResolved commits tx. When the connection fails during COMMIT the
// outcome is unknown to the client, so it asks the server, on another
// connection, whether the transaction committed (pg_xact_status): one that
// did is a success, so a caller is never told to repeat work that was
// stored; one that did not is an ErrRetry. When the server cannot say
// either, the error matches ErrCommitUnknown and not ErrRetry.
func commitResolved(ctx context.Context, pool *pgxpool.Pool, tx pgx.Tx, op string) error {
	var xid pgtype.Text
	if err := tx.QueryRow(ctx, `SELECT pg_current_xact_id_if_assigned()::text`).Scan(&xid); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return wrap(ctx, op+": commit", err)
	}
	err := tx.Commit(ctx)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrTxCommitRollback):
		return wrap(ctx, op+": commit", &retryError{err})
	case ctx.Err() != nil && xid.Valid:
		return commitUnknown(op, ctx.Err())
	case !xid.Valid || !transient(err):
		return wrap(ctx, op+": commit", err)
	}
	switch commitOutcome(ctx, pool, xid.String) {
	case committed:
		return nil
	case aborted:
		return wrap(ctx, op+": commit", err)
	}
	return commitUnknown(op, err)
}

// commitUnknown is the error of a COMMIT whose outcome is unknown: it
// matches ErrCommitUnknown and the cause, and not ErrRetry.
func commitUnknown(op string, cause error) error {
	return fmt.Errorf("pgstore: %s: commit: %w (%w)", op, ErrCommitUnknown, cause)
}

// outcome is what the server says of a transaction.
type outcome int

const (
	unknown outcome = iota
	committed
	aborted
)

// commitOutcome asks the server what became of transaction xid. It asks
// for a bounded time (about a second) while the server still reports it in
// progress or the query fails transiently, and says unknown after that.
func commitOutcome(ctx context.Context, pool *pgxpool.Pool, xid string) outcome {
	for range 50 {
		var status pgtype.Text
		err := pool.QueryRow(ctx, `SELECT pg_xact_status($1::xid8)`, xid).Scan(&status)
		switch {
		case err == nil && status.String == "committed":
			return committed
		case err == nil && status.String == "aborted":
			return aborted
		case err != nil && !transient(err):
			return unknown
		}
		select {
		case <-ctx.Done():
			return unknown
		case <-time.After(20 * time.Millisecond):
		}
	}
	return unknown
}

package pgstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// inTx runs fn in a READ COMMITTED transaction on db and commits it, or
// rolls it back when fn fails. Errors of fn are returned as they are (fn
// wraps its own); failures to begin or commit are wrapped as op's.
func inTx(ctx context.Context, db *pgxpool.Pool, op string, fn func(tx pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return wrap(ctx, op+": begin", err)
	}
	if err := fn(tx); err != nil {
		// The rollback's own error adds nothing: the connection is
		// released or discarded either way.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		if errors.Is(err, pgx.ErrTxCommitRollback) {
			return wrap(ctx, op+": commit", &retryError{err})
		}
		return wrap(ctx, op+": commit", err)
	}
	return nil
}

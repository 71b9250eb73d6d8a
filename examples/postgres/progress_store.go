package main

import (
	"context"
	"errors"
	"time"

	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// errEvaluated reports an account and day evaluated by an earlier run.
var errEvaluated = errors.New("already evaluated")

// evaluation names the account and day an Evaluate call is for, carried in
// its context to progressStore.Atomically.
type evaluation struct {
	account success.AccountID
	day     time.Time
	arr     success.Money
}

type evaluationKey struct{}

func withEvaluation(ctx context.Context, e evaluation) context.Context {
	return context.WithValue(ctx, evaluationKey{}, e)
}

// progressStore is the engine's store: pgstore's, whose transaction per
// evaluation also records the account and day as evaluated. The record
// commits with the evaluation's runs, tasks and trace or not at all, so a
// run stopped at any point (SIGINT, kill -9, a lost connection) and
// started again evaluates each account and day exactly once.
type progressStore struct {
	*pgstore.PlaybookStore
}

// Atomically implements playbook.Atomic. The progress row is written
// first: a second worker on the same account and day waits for the first
// one's transaction, then finds the row and skips (errEvaluated).
func (p progressStore) Atomically(ctx context.Context, fn func(playbook.Store) error) error {
	ev, ok := ctx.Value(evaluationKey{}).(evaluation)
	if !ok {
		return p.PlaybookStore.Atomically(ctx, fn)
	}
	return p.PlaybookStore.Atomically(ctx, func(s playbook.Store) error {
		tag, err := pgstore.Exec(ctx, s, `INSERT INTO example_evaluations (account, day, arr, currency)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			string(ev.account), ev.day, ev.arr.Amount(), string(ev.arr.Currency()))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errEvaluated
		}
		return fn(s)
	})
}

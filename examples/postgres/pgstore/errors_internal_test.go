package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestWrapMarksTransientFailures(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		err   error
		retry bool
	}{
		{&pgconn.PgError{Code: "40001"}, true}, // serialization_failure
		{&pgconn.PgError{Code: "40P01"}, true}, // deadlock_detected
		{&pgconn.PgError{Code: "57P01"}, true}, // admin_shutdown: pg_terminate_backend
		{&pgconn.PgError{Code: "08006"}, true}, // connection_failure
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{pgconn.ErrConnClosed, true},
		{&pgconn.PgError{Code: "23505"}, false}, // unique_violation: an answer, not a failure
		{&pgconn.PgError{Code: "42P01"}, false}, // undefined_table: a bug, retrying will not help
		{errors.New("something else"), false},
		{&pgconn.PgError{}, false}, // no SQLSTATE: not one of ours to judge
	} {
		err := wrap(ctx, "op", tc.err)
		if got := errors.Is(err, ErrRetry); got != tc.retry {
			t.Errorf("wrap(%v) matches ErrRetry = %v, want %v", tc.err, got, tc.retry)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("wrap(%v) lost the driver's error", tc.err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := wrap(cancelled, "op", io.ErrUnexpectedEOF); !errors.Is(err, context.Canceled) || errors.Is(err, ErrRetry) {
		t.Errorf("a failure after the context was cancelled: got %v, want context.Canceled and no ErrRetry", err)
	}
}

func TestCommittedAsksTheServer(t *testing.T) {
	dsn := os.Getenv("SECONDSALE_PG_DSN")
	if dsn == "" {
		t.Skip("SECONDSALE_PG_DSN is not set: skipping the PostgreSQL tests (examples/postgres/README.md shows how to start a throwaway server)")
	}
	ctx := t.Context()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	xid := func(commit bool) string {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var id string
		if err := tx.QueryRow(ctx, `SELECT pg_current_xact_id()::text`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if got := commitOutcome(ctx, pool, xid(true)); got != committed {
		t.Errorf("a committed transaction: got outcome %d, want committed", got)
	}
	if got := commitOutcome(ctx, pool, xid(false)); got != aborted {
		t.Errorf("a rolled back transaction: got outcome %d, want aborted", got)
	}
}

// A server that cannot be asked leaves the outcome unknown (commitResolved
// then returns ErrCommitUnknown, not ErrRetry), after a bounded wait.
func TestCommitOutcomeUnknownWithoutAServer(t *testing.T) {
	pool, err := pgxpool.New(t.Context(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	start := time.Now()
	if got := commitOutcome(t.Context(), pool, "1234"); got != unknown {
		t.Errorf("no server: got outcome %d, want unknown", got)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("asking took %v, want about a second", took)
	}
}

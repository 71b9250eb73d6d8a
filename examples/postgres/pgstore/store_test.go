package pgstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/postgres/internal/pgtest"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
)

var at = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func TestTimesFinerThanAMicrosecondAreRefused(t *testing.T) {
	db := pgtest.Pool(t, 2)
	ctx := t.Context()
	fine := at.Add(1500 * time.Nanosecond) // 1.5µs: PostgreSQL would round it
	s := health.Score{Account: "acme", ScorecardID: "c", ScorecardVersion: 1, AsOf: fine, Available: true, Value: 50, Band: "red"}
	if _, err := pgstore.NewHealthStore(db).Append(ctx, s); !errors.Is(err, health.ErrInvalid) || !strings.Contains(err.Error(), "as_of") {
		t.Errorf("a score as of %s: got %v, want ErrInvalid naming as_of", fine.Format(time.RFC3339Nano), err)
	}
	if err := pgstore.NewRiskHistory(db).Record(ctx, churn.RiskObservation{Account: "acme", At: fine}); !errors.Is(err, churn.ErrInvalid) || !strings.Contains(err.Error(), "observations[0].at") {
		t.Errorf("an observation at %s: got %v, want ErrInvalid naming observations[0].at", fine.Format(time.RFC3339Nano), err)
	}
	o := playbook.Opening{Run: playbook.Run{ID: [16]byte{1}, Account: "acme", PlayID: "p", DedupKey: "k", State: playbook.RunOpen, Started: fine}}
	if err := pgstore.NewPlaybookStore(db).Open(ctx, o); !errors.Is(err, playbook.ErrInvalid) || !strings.Contains(err.Error(), "run.started") {
		t.Errorf("a run started at %s: got %v, want ErrInvalid naming run.started", fine.Format(time.RFC3339Nano), err)
	}
}

func TestRecordIsAllOrNothing(t *testing.T) {
	h := pgstore.NewRiskHistory(pgtest.Pool(t, 2))
	ctx := t.Context()
	err := h.Record(ctx, churn.RiskObservation{Account: "acme", At: at, Flagged: true}, churn.RiskObservation{Account: "", At: at})
	if !errors.Is(err, churn.ErrInvalid) || !strings.Contains(err.Error(), "observations[1].account") {
		t.Fatalf("a batch with a bad observation: got %v, want ErrInvalid naming observations[1].account", err)
	}
	got, err := h.RiskObservations(ctx, "acme", at, at.Add(time.Hour))
	if err != nil || len(got) != 0 {
		t.Fatalf("after a refused batch acme has %d observations (%v), want none", len(got), err)
	}
}

func TestKilledConnectionIsErrRetry(t *testing.T) {
	// The pool's one connection is terminated while idle: the next call
	// fails on it, and says it may be retried.
	schema, cfg := pgtest.Schema(t, 1)
	cfg.ConnConfig.RuntimeParams["application_name"] = "secondsale-retry-" + schema
	// No liveness ping on acquire (pgxpool pings connections idle for over
	// a second): the pool hands out the dead connection, as it would one
	// that died just after its ping.
	cfg.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
	db, err := pgstore.OpenConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	killer, err := pgx.Connect(t.Context(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(context.Background())
	var pid int32
	if err := killer.QueryRow(t.Context(), `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, "secondsale-retry-"+schema).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := killer.Exec(t.Context(), `SELECT pg_terminate_backend($1, 10000)`, pid); err != nil { // waits until it has exited
		t.Fatal(err)
	}
	s := pgstore.NewPlaybookStore(db)
	_, err = s.Runs(t.Context(), playbook.RunQuery{Account: "acme"})
	if !errors.Is(err, pgstore.ErrRetry) {
		t.Fatalf("a call on a terminated connection: got %v, want ErrRetry", err)
	}
	if _, err := s.Runs(t.Context(), playbook.RunQuery{Account: "acme"}); err != nil {
		t.Fatalf("the retry: %v", err)
	}
}

func TestOpenDoesNotQuoteTheDSN(t *testing.T) {
	_, err := pgstore.Open(t.Context(), "postgres://kim:s3cret@[::1:5432/db")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("a bad DSN: got %v, want an error without the password", err)
	}
}

func TestExecJoinsTheEvaluationTransaction(t *testing.T) {
	db := pgtest.Pool(t, 2)
	ctx := t.Context()
	if _, err := db.Exec(ctx, `CREATE TABLE marks (n integer PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	s := pgstore.NewPlaybookStore(db)
	if _, err := pgstore.Exec(ctx, s, `INSERT INTO marks VALUES (0)`); !errors.Is(err, pgstore.ErrNotInTransaction) {
		t.Fatalf("Exec outside Atomically: got %v, want ErrNotInTransaction", err)
	}
	failed := errors.New("the evaluation failed")
	for n, fnErr := range []error{nil, failed} {
		err := s.Atomically(ctx, func(tx playbook.Store) error {
			if _, err := pgstore.Exec(ctx, tx, `INSERT INTO marks VALUES ($1)`, n+1); err != nil {
				return err
			}
			return fnErr
		})
		if !errors.Is(err, fnErr) && !(fnErr == nil && err == nil) {
			t.Fatalf("Atomically: got %v, want %v", err, fnErr)
		}
	}
	rows, _ := db.Query(ctx, `SELECT n FROM marks ORDER BY n`)
	got, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil || len(got) != 1 || got[0] != 1 {
		t.Fatalf("marks = %v (%v), want [1]: the committed transaction's row only", got, err)
	}
}

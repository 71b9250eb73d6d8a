package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/postgres/internal/pgtest"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

func TestStoppedRunResumesToTheSameWork(t *testing.T) {
	db := pgtest.Pool(t, 8)
	cfg := config{Seed: 3, Accounts: 80, Days: 4, Workers: 8}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var n atomic.Int64
	cfg.afterEvaluation = func() {
		if n.Add(1) == 60 {
			cancel() // as SIGINT does; evaluations in flight roll back
		}
	}
	if _, err := simulate(ctx, db, cfg, io.Discard); !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped run: got %v, want context.Canceled", err)
	}
	cfg.afterEvaluation = nil
	s, err := simulate(t.Context(), db, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if s.Skipped < 60 || s.DuplicateRuns != 0 {
		t.Fatalf("the resumed run skipped %d evaluations (want at least the 60 done) and found %d duplicate runs", s.Skipped, s.DuplicateRuns)
	}

	// The reference: each account's facts, day after day, into the
	// in-memory store, in one run that nothing stopped.
	base, err := sim.Generate(sim.Options{Seed: cfg.Seed, Accounts: cfg.Accounts})
	if err != nil {
		t.Fatal(err)
	}
	mem := playbook.NewMemoryStore()
	ref, err := playbook.New(playbook.SecondSaleLibrary(), mem, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[success.AccountID]bool{}
	var accounts []success.AccountID
	evaluations := 0
	for d := range cfg.Days {
		day := base.Options.AsOf.AddDate(0, 0, d-cfg.Days)
		for c := range base.CustomersAt(day) {
			f, err := base.Facts(c, day)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ref.Evaluate(t.Context(), &f); err != nil {
				t.Fatal(err)
			}
			evaluations++
			if !seen[c.Account.ID] {
				seen[c.Account.ID] = true
				accounts = append(accounts, c.Account.ID)
			}
		}
	}
	if got := s.Evaluated + s.Skipped; got != int64(evaluations) {
		t.Errorf("the resumed run evaluated or skipped %d account-days, want %d", got, evaluations)
	}
	store := pgstore.NewPlaybookStore(db)
	for _, a := range accounts {
		pgtest.SameWork(t, store, mem, a)
	}
	pgtest.NoOrphans(t, db)
	var recorded int
	if err := db.QueryRow(t.Context(), `SELECT count(*) FROM example_evaluations`).Scan(&recorded); err != nil || recorded != evaluations {
		t.Errorf("example_evaluations holds %d rows (%v), want %d", recorded, err, evaluations)
	}
}

func TestRestartWithOtherSettingsIsRefused(t *testing.T) {
	db := pgtest.Pool(t, 4)
	cfg := config{Seed: 3, Accounts: 20, Days: 1, Workers: 2}
	if _, err := simulate(t.Context(), db, cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	cfg.Seed = 4
	if _, err := simulate(t.Context(), db, cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "seed 3") {
		t.Fatalf("a restart with another seed: got %v, want an error naming the stored seed", err)
	}
}

func TestRunNeedsADSN(t *testing.T) {
	t.Setenv("SECONDSALE_PG_DSN", "")
	err := run(t.Context(), config{Seed: 1, Accounts: 1, Days: 1, Workers: 1}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SECONDSALE_PG_DSN") {
		t.Fatalf("got %v, want an error naming SECONDSALE_PG_DSN", err)
	}
}

func TestPercentile(t *testing.T) {
	var l latencies
	if l.percentile(50) != 0 {
		t.Fatal("the percentile of no samples is not 0")
	}
	for i := 100; i >= 1; i-- {
		l.add(time.Duration(i) * time.Millisecond)
	}
	if p50, p99 := l.percentile(50), l.percentile(99); p50 != 50*time.Millisecond || p99 != 99*time.Millisecond {
		t.Fatalf("p50 %s, p99 %s; want 50ms and 99ms (nearest rank over 1..100ms)", p50, p99)
	}
}

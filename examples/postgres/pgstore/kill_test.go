package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/secondsale/secondsale/examples/postgres/internal/pgtest"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

var killDay0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// killPlays open, close, flag and suppress: a save play that closes after
// the score held at 65 for two days and may re-enter after a cooldown, a
// promoter play that never re-enters, and a check-in capped per account.
func killPlays() []playbook.Play {
	return []playbook.Play{
		{ID: "save", Version: 1, Name: "Save", Type: playbook.Risk, Owner: "csm", Priority: 90,
			Trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 45},
			Exit:    &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 65}, HoldForDays: 2},
			Steps: []playbook.Step{{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 1},
				{ID: "plan", Title: "Agree a recovery plan", Required: true, DueDays: 3}},
			Suppression: playbook.Suppression{CooldownDays: 5}},
		{ID: "promoter", Version: 1, Name: "Promoter", Type: playbook.Advocacy, Owner: "csm", Priority: 50,
			Trigger:     playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 80},
			Steps:       []playbook.Step{{ID: "ask", Title: "Ask for a reference", DueDays: 2}},
			Suppression: playbook.Suppression{ReEntry: playbook.Never}},
		{ID: "checkin", Version: 1, Name: "Check in", Type: playbook.Adoption, Owner: "csm", Priority: 10,
			Trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 60},
			Exit:    &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 60}},
			Steps:   []playbook.Step{{ID: "email", Title: "Send a check-in", DueDays: 4}},
			Suppression: playbook.Suppression{CooldownDays: 3,
				Limits: playbook.Limits{MaxOpenPerAccount: 1}}},
	}
}

// killFacts are account a's facts on day d: a score wandering between 10
// and 90, the same on every call.
func killFacts(a, d int) *playbook.Facts {
	id := success.AccountID(fmt.Sprintf("acct-%02d", a))
	v := math.Round(50 + 38*math.Sin(float64(a)*0.9+float64(d)*0.5) + 4*math.Cos(float64(a*d)))
	band := "green"
	if v < 50 {
		band = "red"
	}
	at := killDay0.AddDate(0, 0, d)
	return &playbook.Facts{Account: success.Account{ID: id}, AsOf: at,
		Health: &health.Score{Account: id, AsOf: at, Available: true, Value: v, Band: band, ReportedValue: v, ReportedBand: band}}
}

// evaluateRetrying evaluates f until it succeeds, counting the retries an
// ErrRetry asked for.
func evaluateRetrying(ctx context.Context, e *playbook.Engine, f *playbook.Facts, retries *atomic.Int64) error {
	for attempt := 0; ; attempt++ {
		_, err := e.Evaluate(ctx, f)
		if err == nil {
			return nil
		}
		if !errors.Is(err, pgstore.ErrRetry) || attempt == 1000 {
			return fmt.Errorf("%s on %s: %w", f.Account.ID, f.AsOf.Format(time.DateOnly), err)
		}
		retries.Add(1)
	}
}

func TestKilledBackendsLeaveExactlyTheRunsOfAMemoryStore(t *testing.T) {
	const accounts, days, workers = 24, 30, 4
	ctx := t.Context()
	schema, cfg := pgtest.Schema(t, 8)
	app := "secondsale-kill-" + schema
	cfg.ConnConfig.RuntimeParams["application_name"] = app
	db, err := pgstore.OpenConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)

	// The reference: the same facts, in the same order per account, into
	// the in-memory store, without failures.
	mem := playbook.NewMemoryStore()
	ref, err := playbook.New(killPlays(), mem, nil)
	if err != nil {
		t.Fatal(err)
	}
	for a := range accounts {
		for d := range days {
			if _, err := ref.Evaluate(ctx, killFacts(a, d)); err != nil {
				t.Fatal(err)
			}
		}
	}

	store := pgstore.NewPlaybookStore(db)
	e, err := playbook.New(killPlays(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	killer, err := pgx.Connect(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(context.Background())

	// Workers ask for a kill every few evaluations; the killer terminates
	// a random backend of the pool, busy or idle, while they go on.
	var retries, evaluations, kills atomic.Int64
	ask := make(chan struct{}, 1)
	done := make(chan struct{})
	killed := make(chan error, 1)
	go func() {
		rng := rand.New(rand.NewPCG(1, 2))
		for {
			select {
			case <-done:
				killed <- nil
				return
			case <-ask:
			}
			rows, err := killer.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app)
			if err != nil {
				killed <- err
				return
			}
			pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
			if err != nil || len(pids) == 0 {
				continue
			}
			var ok bool
			if err := killer.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, pids[rng.IntN(len(pids))]).Scan(&ok); err != nil {
				killed <- err
				return
			}
			if ok {
				kills.Add(1)
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for d := range days {
				for a := w; a < accounts; a += workers {
					if err := evaluateRetrying(ctx, e, killFacts(a, d), &retries); err != nil {
						errs[w] = err
						return
					}
					if evaluations.Add(1)%3 == 0 {
						select {
						case ask <- struct{}{}:
						default:
						}
					}
				}
			}
		})
	}
	wg.Wait()
	close(done)
	if err := <-killed; err != nil {
		t.Fatalf("killer: %v", err)
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d evaluations, %d backends killed, %d evaluations retried", evaluations.Load(), kills.Load(), retries.Load())
	if kills.Load() == 0 || retries.Load() == 0 {
		t.Fatalf("%d kills caused %d retries: the test did not exercise failures", kills.Load(), retries.Load())
	}

	db.Reset() // drop the connections the killer left dead in the pool
	for a := range accounts {
		pgtest.SameWork(t, store, mem, killFacts(a, 0).Account.ID)
	}
	pgtest.NoOrphans(t, db)
}

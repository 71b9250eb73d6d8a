package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// migrations are the program's own tables, applied after pgstore's.
//
//go:embed migrations/*.sql
var migrations embed.FS

// config is what a run simulates.
type config struct {
	Seed     uint64
	Accounts int
	Days     int // the last Days days before the base's as-of
	Workers  int
	// afterEvaluation, when set, is called after each evaluation that
	// committed (tests stop a run part-way with it).
	afterEvaluation func()
}

// summary is what a run did.
type summary struct {
	Evaluated, Skipped, Retried int64
	Decisions                   map[playbook.DecisionKind]int64
	Elapsed                     time.Duration
	P50, P99                    time.Duration
	DuplicateRuns               int
}

// maxAttempts bounds the retries of one evaluation after ErrRetry.
const maxAttempts = 20

// simulate evaluates the simulated base's paying customers against the
// Second Sale library, day by day, cfg.Workers at a time, skipping the
// account-days an earlier run committed. It prints a line per day to out.
func simulate(ctx context.Context, db *pgxpool.Pool, cfg config, out io.Writer) (summary, error) {
	sum := summary{Decisions: map[playbook.DecisionKind]int64{}}
	if err := pgstore.MigrateFS(ctx, db, migrations, "migrations"); err != nil {
		return sum, err
	}
	base, err := sim.Generate(sim.Options{Seed: cfg.Seed, Accounts: cfg.Accounts})
	if err != nil {
		return sum, err
	}
	first := base.Options.AsOf.AddDate(0, 0, -cfg.Days)
	if err := checkSettings(ctx, db, cfg, first); err != nil {
		return sum, err
	}
	engine, err := playbook.New(playbook.SecondSaleLibrary(), progressStore{pgstore.NewPlaybookStore(db)}, nil)
	if err != nil {
		return sum, err
	}
	var lat latencies
	var evaluated, skipped, retried atomic.Int64
	var mu sync.Mutex // guards sum.Decisions
	start := time.Now()
	for d := range cfg.Days {
		day := first.AddDate(0, 0, d)
		done, err := evaluatedOn(ctx, db, day)
		if err != nil {
			return sum, err
		}
		work := make(chan *sim.Customer)
		errs := make(chan error, cfg.Workers)
		var wg sync.WaitGroup
		dayStart, dayEvaluated := time.Now(), evaluated.Load()
		for range cfg.Workers {
			wg.Go(func() {
				for c := range work {
					ds, took, tries, err := evaluate(ctx, engine, base, c, day)
					retried.Add(int64(tries))
					switch {
					case errors.Is(err, errEvaluated):
						skipped.Add(1)
						continue
					case err != nil:
						errs <- err
						for range work { // drain, so the feeder ends
						}
						return
					}
					evaluated.Add(1)
					lat.add(took)
					mu.Lock()
					for _, d := range ds {
						sum.Decisions[d.Kind]++
					}
					mu.Unlock()
					if cfg.afterEvaluation != nil {
						cfg.afterEvaluation()
					}
				}
			})
		}
	feed:
		for c := range base.CustomersAt(day) {
			if done[c.Account.ID] {
				skipped.Add(1)
				continue
			}
			select {
			case work <- c:
			case <-ctx.Done():
				break feed
			}
		}
		close(work)
		wg.Wait()
		close(errs)
		if err := errors.Join(<-errs, ctx.Err()); err != nil {
			sum.Evaluated, sum.Skipped, sum.Retried = evaluated.Load(), skipped.Load(), retried.Load()
			return sum, fmt.Errorf("day %s: %w", day.Format(time.DateOnly), err)
		}
		n := evaluated.Load() - dayEvaluated
		fmt.Fprintf(out, "%s  %5d evaluated  %6.0f/s  runs %d  tasks %d\n", day.Format(time.DateOnly), n,
			float64(n)/time.Since(dayStart).Seconds(), count(ctx, db, "playbook_runs"), count(ctx, db, "playbook_tasks"))
	}
	sum.Evaluated, sum.Skipped, sum.Retried = evaluated.Load(), skipped.Load(), retried.Load()
	sum.Elapsed = time.Since(start)
	sum.P50, sum.P99 = lat.percentile(50), lat.percentile(99)
	sum.DuplicateRuns, err = duplicateRuns(ctx, db)
	return sum, err
}

// evaluate evaluates c on day, again after each ErrRetry (a lost
// connection or a serialisation failure rolled the evaluation back) or
// ErrCommitUnknown (the progress row, committed with the evaluation or not
// at all, makes a repeat of one that landed errEvaluated). took is the
// time of the attempt that committed.
func evaluate(ctx context.Context, e *playbook.Engine, base *sim.Base, c *sim.Customer, day time.Time) (ds []playbook.Decision, took time.Duration, retries int, err error) {
	f, err := base.Facts(c, day)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("facts of %s: %w", c.Account.ID, err)
	}
	ctx = withEvaluation(ctx, evaluation{account: c.Account.ID, day: day, arr: arrOf(f.Account)})
	for attempt := range maxAttempts {
		t := time.Now()
		ds, err = e.Evaluate(ctx, &f)
		took = time.Since(t)
		if !errors.Is(err, pgstore.ErrRetry) && !errors.Is(err, pgstore.ErrCommitUnknown) {
			break
		}
		retries = attempt + 1
	}
	if err != nil && !errors.Is(err, errEvaluated) {
		err = fmt.Errorf("evaluating %s: %w", c.Account.ID, err)
	}
	return ds, took, retries, err
}

// arrOf is the account's ARR, zero in the base's currency when unknown.
func arrOf(a success.Account) success.Money {
	if a.ARR.Currency() == "" {
		return success.ZeroMoney(sim.Currency)
	}
	return a.ARR
}

// checkSettings records cfg on the first run and refuses a restart with
// other settings, which would mix two simulations in one database.
func checkSettings(ctx context.Context, db *pgxpool.Pool, cfg config, first time.Time) error {
	if _, err := db.Exec(ctx, `INSERT INTO example_settings (seed, accounts, first_day, days) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, int64(cfg.Seed), cfg.Accounts, first, cfg.Days); err != nil {
		return fmt.Errorf("record settings: %w", err)
	}
	var seed int64
	var accounts, days int
	var firstDay time.Time
	if err := db.QueryRow(ctx, `SELECT seed, accounts, first_day, days FROM example_settings`).Scan(&seed, &accounts, &firstDay, &days); err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	if uint64(seed) != cfg.Seed || accounts != cfg.Accounts || days != cfg.Days || !firstDay.Equal(first) {
		return fmt.Errorf("the database holds a run of seed %d, %d accounts, %d days from %s: resume it with those settings or use an empty schema",
			seed, accounts, days, firstDay.Format(time.DateOnly))
	}
	return nil
}

// evaluatedOn returns the accounts evaluated on day by earlier runs, to
// skip them without computing their facts (progressStore is what
// guarantees it).
func evaluatedOn(ctx context.Context, db *pgxpool.Pool, day time.Time) (map[success.AccountID]bool, error) {
	rows, err := db.Query(ctx, `SELECT account FROM example_evaluations WHERE day = $1`, day)
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	done := map[success.AccountID]bool{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("read progress: %w", err)
		}
		done[success.AccountID(a)] = true
	}
	return done, rows.Err()
}

// duplicateRuns counts dedup keys held by more than one active run, and
// runs opened twice for one key at one instant: both must be 0.
func duplicateRuns(ctx context.Context, db *pgxpool.Pool) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT dedup_key FROM playbook_runs WHERE state IN ('open', 'in_progress')
			GROUP BY dedup_key HAVING count(*) > 1) a) +
		(SELECT count(*) FROM (SELECT dedup_key, started FROM playbook_runs
			GROUP BY dedup_key, started HAVING count(*) > 1) b)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count duplicate runs: %w", err)
	}
	return n, nil
}

// count returns the rows of table, -1 if it cannot be read.
func count(ctx context.Context, db *pgxpool.Pool, table string) int64 {
	var n int64
	if err := db.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		return -1
	}
	return n
}

// Command postgres runs the playbook engine against PostgreSQL over the
// simulated customer base, day by day: the Second Sale library's plays
// evaluated for every paying customer on each of the last -days days,
// by -workers goroutines sharing one pool. Runs, tasks and the decision
// trace land in pgstore's tables; example_evaluations records each account
// and day in the evaluation's own transaction, so the program can be
// stopped (Ctrl-C, kill -9, a lost connection) and started again with the
// same flags without evaluating anything twice or losing anything.
//
//	SECONDSALE_PG_DSN=postgres://postgres@127.0.0.1:5432/postgres go run . -accounts 5000 -days 30 -workers 8
//
// At the end it prints evaluations per second, the p50 and p99 latency of
// an evaluation, and the duplicate runs found (always 0).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/playbook"
)

func main() {
	var cfg config
	flag.Uint64Var(&cfg.Seed, "seed", 1, "the simulated base's seed")
	flag.IntVar(&cfg.Accounts, "accounts", 5000, "accounts in the simulated base")
	flag.IntVar(&cfg.Days, "days", 30, "simulated days to evaluate, ending the day before the base's as-of")
	flag.IntVar(&cfg.Workers, "workers", 8, "concurrent evaluations")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "postgres:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	if cfg.Accounts <= 0 || cfg.Days <= 0 || cfg.Workers <= 0 {
		return fmt.Errorf("-accounts, -days and -workers must be positive")
	}
	dsn := os.Getenv("SECONDSALE_PG_DSN")
	if dsn == "" {
		return fmt.Errorf("set SECONDSALE_PG_DSN to a PostgreSQL connection string (see README.md)")
	}
	db, err := pgstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := simulate(ctx, db, cfg, out)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(out, "stopped after %d evaluations; run again with the same flags to resume\n", s.Evaluated)
		}
		return err
	}
	fmt.Fprintf(out, "\n%d evaluations (%d skipped as done, %d retried) in %s: %.0f evaluations/s, p50 %s, p99 %s, duplicate runs %d\n",
		s.Evaluated, s.Skipped, s.Retried, s.Elapsed.Round(1e6), float64(s.Evaluated)/s.Elapsed.Seconds(), s.P50.Round(1e3), s.P99.Round(1e3), s.DuplicateRuns)
	kinds := make([]playbook.DecisionKind, 0, len(s.Decisions))
	for k := range s.Decisions {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		fmt.Fprintf(out, "  %-12s %d\n", k, s.Decisions[k])
	}
	if s.DuplicateRuns != 0 {
		return fmt.Errorf("%d duplicate runs", s.DuplicateRuns)
	}
	return nil
}

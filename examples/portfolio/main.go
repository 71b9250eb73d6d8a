// Portfolio is the portfolio review a customer-success leader runs: the whole
// SDK over a simulated SaaS customer base as of a date. It prints a short
// summary and writes a self-contained HTML report with charts, every number
// of which can be traced to a table or tooltip.
//
//	go run ./examples/portfolio                      # 5,000 accounts, report in the temp folder
//	go run ./examples/portfolio -seed 7 -accounts 2000 -asof 2026-06-01 -out review.html
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage is printed, and asking for it is no failure
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "portfolio:", err)
		os.Exit(1)
	}
}

// config is what the flags choose.
type config struct {
	seed     uint64
	accounts int
	asOf     time.Time
	out      string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "simulation seed: the same seed gives the same customer base and report")
	accounts := fs.Int("accounts", sim.DefaultAccounts, "accounts that sign up over the three years before -asof")
	asOf := fs.String("asof", sim.DefaultAsOf.Format(time.DateOnly), "review date (YYYY-MM-DD): the simulation ends and the review is made here")
	out := fs.String("out", filepath.Join(os.TempDir(), "secondsale-portfolio.html"), "where to write the HTML report")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	at, err := time.Parse(time.DateOnly, *asOf)
	if err != nil {
		return config{}, errors.New("-asof: want a date as YYYY-MM-DD")
	}
	if *accounts < 1 || *accounts > sim.MaxAccounts {
		return config{}, fmt.Errorf("-accounts: must be in 1..%d", sim.MaxAccounts)
	}
	return config{seed: *seed, accounts: *accounts, asOf: at, out: *out}, nil
}

func run(args []string, stdout, stderr io.Writer) (err error) {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	// Open the report first: a path that cannot be written fails at once,
	// not after the analysis.
	f, err := os.Create(cfg.out)
	if err != nil {
		return err
	}
	defer func() {
		// A failed run leaves no half-written report behind.
		if err != nil {
			f.Close()
			os.Remove(cfg.out)
		}
	}()
	p := newProgress(stderr)
	defer p.done()
	started := time.Now()
	p.step("simulating the customer base")
	base, err := sim.Generate(sim.Options{Seed: cfg.seed, Accounts: cfg.accounts, AsOf: cfg.asOf})
	if err != nil {
		return err
	}
	r, err := analyse(base, p)
	if err != nil {
		return err
	}
	p.step("writing the report")
	w := bufio.NewWriter(f)
	if err := r.page().Write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	p.done()
	r.summary(stdout)
	fmt.Fprintf(stdout, "\nreport: %s (%d accounts, seed %d, %s)\n", cfg.out, cfg.accounts, cfg.seed, time.Since(started).Round(10*time.Millisecond))
	return nil
}

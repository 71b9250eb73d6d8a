// Command secondsale computes customer-success numbers from files, for
// pipelines and analysts: health scores, MRR movements and retention
// metrics, cohort retention tables, survival curves and lifetime value.
// It reads CSV or JSON Lines from files or stdin and writes CSV or JSON
// Lines; bad records go to a rejects file and never stop the run.
//
//	secondsale score -scorecard card.json accounts.jsonl > scores.jsonl
//	secondsale movements -o report.csv -accounts moves.csv ledger.csv
//	secondsale cohorts -by quarter ledger.csv
//	secondsale survival -duration tenure -event Churn -stratum Contract telco.csv
//	secondsale clv -currency-code USD transactions.csv
//
// Run "secondsale COMMAND -h" for each command's flags and an example.
// Exit status: 0 when every record was read, 1 when some were rejected
// (unless -allow-rejects), 2 on a usage or fatal error, 130 when interrupted.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// command is one subcommand: its summary line and its entry point.
type command struct {
	name, summary string
	run           func(c *cli, args []string) error
	hidden        bool
}

var commands = []command{
	{name: "score", summary: "score accounts (JSON Lines) against a scorecard or scorecard set", run: runScore},
	{name: "movements", summary: "MRR movements and retention metrics per period from a ledger", run: runMovements},
	{name: "cohorts", summary: "cohort retention table (logo, NRR, GRR) from a ledger", run: runCohorts},
	{name: "survival", summary: "Kaplan-Meier curves, log-rank test, competing risks", run: runSurvival},
	{name: "clv", summary: "BG/NBD and Gamma-Gamma fits and customer lifetime value", run: runCLV},
	{name: "gen", summary: "write synthetic input for measuring speed", run: runGen, hidden: true},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the tool and returns its exit status; tests call it directly.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			c := &cli{ctx: ctx, name: cmd.name, stdin: stdin, stdout: stdout, stderr: stderr}
			return c.finish(cmd.run(c, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "secondsale: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: secondsale COMMAND [flags] [FILE...]   (no FILE, or -, reads stdin)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		if !c.hidden {
			fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintln(w, "\nRun 'secondsale COMMAND -h' for its flags and an example.")
}

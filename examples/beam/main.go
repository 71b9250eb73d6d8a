// Command beam runs the SDK's analytics as an Apache Beam pipeline: the
// outputs of the secondsale command-line tool (health scores, MRR movements,
// cohort tables, survival and lifetime value), computed on any Beam runner
// from the same input files, equal to a single pass. See README.md.
//
//	go run . -as-of 2026-12-01 -ledger ledger.csv -out out/
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

func main() {
	flag.Usage = usage
	flag.Parse()
	beam.Init()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "beam: -cpuprofile:", err)
			os.Exit(1)
		}
	}
	err := run(context.Background(), os.Stderr)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

var (
	asOfFlag      = flag.String("as-of", "", "as-of date, YYYY-MM-DD (required): scores, movements, cohort tables")
	outFlag       = flag.String("out", "out", "output directory")
	cpuProfile    = flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	allowRejects  = flag.Bool("allow-rejects", false, "exit 0 even when records were rejected")
	accountsFlag  = flag.String("accounts", "", "account records, JSON Lines (comma-separated files: one shard each)")
	scorecardFlag = flag.String("scorecard", "", "scorecard JSON, for -accounts")
	currencyFlag  = flag.String("currency", "USD", "currency of the ARR of accounts with no MRR at the as-of date")
	ledgerFlag    = flag.String("ledger", "", "MRR ledger, CSV or JSON Lines: account, date, amount, currency")
	grainFlag     = flag.String("grain", "month", "ledger period: week, month, quarter or year")
	survivalFlag  = flag.String("survival", "", "survival rows, CSV: duration, event (churned or not), stratum")
	competeFlag   = flag.String("compete", "", "competing-risks rows, CSV: duration, event (expansion, churn or empty), stratum")
	txFlag        = flag.String("transactions", "", "transactions, CSV: account, date, amount, currency")
	calEndFlag    = flag.String("calibration-end", "", "last day of the calibration period of -transactions, YYYY-MM-DD (default: -as-of)")
	unitFlag      = flag.String("unit", "week", "unit of recency and age: day or week")
	horizonFlag   = flag.Float64("horizon", 0, "expected purchases over this many units (default: the valued periods, -periods × -period-length)")
	periodsFlag   = flag.Int("periods", 12, "lifetime value: periods valued")
	periodLenFlag = flag.Float64("period-length", 0, "lifetime value: one period in units (default one month: 365.25/12 days)")
	discountFlag  = flag.Float64("discount", 0.01, "lifetime value: discount rate per period")
	marginFlag    = flag.Float64("margin", 1, "lifetime value: margin, in (0, 1]")
)

func usage() {
	fmt.Fprintf(os.Stderr, `usage: go run . -as-of DATE [inputs] [-out DIR] [--runner=prism]

Reads the command-line tool's input files and writes its outputs in DIR:
scores.jsonl and portfolio.jsonl (-accounts, -scorecard), movements.json and
cohorts.csv (-ledger), survival.json (-survival), incidence.json (-compete),
customers.jsonl and models.json (-transactions), and rejects.jsonl: every bad
line with its file, line number, field and reason.

example:
  go run . -as-of 2026-12-01 -ledger ledger.csv -transactions tx.csv -out out/

flags:
`)
	flag.PrintDefaults()
}

// files splits a comma-separated list of files; each file is one shard.
func files(list string) []string {
	var out []string
	for f := range strings.SplitSeq(list, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseDate(flagName, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("-%s: want a date like 2026-12-01", flagName)
	}
	return t, nil
}

// options reads the flags into the pipeline's configuration.
func options() (config, error) {
	var cfg config
	var err error
	if *asOfFlag == "" {
		return cfg, errors.New("-as-of is required")
	}
	if cfg.AsOf, err = parseDate("as-of", *asOfFlag); err != nil {
		return cfg, err
	}
	if err := cfg.Grain.UnmarshalText([]byte(*grainFlag)); err != nil {
		return cfg, fmt.Errorf("-grain: %w", err)
	}
	if *accountsFlag != "" {
		if *scorecardFlag == "" {
			return cfg, errors.New("-accounts needs -scorecard")
		}
		if cfg.Scorecard, err = os.ReadFile(*scorecardFlag); err != nil {
			return cfg, fmt.Errorf("-scorecard: %w", err)
		}
	}
	if cfg.Currency, err = success.ParseCurrency(*currencyFlag); err != nil {
		return cfg, fmt.Errorf("-currency: %w", err)
	}
	cfg.CLV = clvOptions{CalibrationEnd: cfg.AsOf, Horizon: *horizonFlag,
		Valuation: cohort.Valuation{Periods: *periodsFlag, PeriodLength: *periodLenFlag, DiscountRate: *discountFlag, Margin: *marginFlag}}
	if *calEndFlag != "" {
		if cfg.CLV.CalibrationEnd, err = parseDate("calibration-end", *calEndFlag); err != nil {
			return cfg, err
		}
	}
	if err := cfg.CLV.Unit.UnmarshalText([]byte(*unitFlag)); err != nil {
		return cfg, fmt.Errorf("-unit: %w", err)
	}
	// The command-line tool's defaults: a month, and the valued periods.
	if cfg.CLV.Valuation.PeriodLength == 0 {
		cfg.CLV.Valuation.PeriodLength = 365.25 / 12
		if cfg.CLV.Unit == success.Weekly {
			cfg.CLV.Valuation.PeriodLength /= 7
		}
	}
	if cfg.CLV.Horizon == 0 {
		cfg.CLV.Horizon = float64(cfg.CLV.Valuation.Periods) * cfg.CLV.Valuation.PeriodLength
	}
	return cfg, nil
}

// run builds and runs the pipeline the flags describe, and writes the
// closing summary to stderr.
func run(ctx context.Context, stderr io.Writer) error {
	cfg, err := options()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*outFlag, 0o755); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	in, rejects := read(s, cfg, sources{
		Accounts: files(*accountsFlag), Ledger: files(*ledgerFlag), Survival: files(*survivalFlag),
		Compete: files(*competeFlag), Transactions: files(*txFlag),
	})
	outputs, err := build(s, cfg, in, rejects, *outFlag)
	if err != nil {
		return err
	}
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return err
	}
	sum, err := summarize(res, *outFlag, outputs)
	if err != nil {
		return err
	}
	sum.print(stderr)
	if sum.Rejected > 0 && !*allowRejects {
		return fmt.Errorf("%d records rejected (-allow-rejects to accept)", sum.Rejected)
	}
	return nil
}

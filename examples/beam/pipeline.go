package main

import (
	"path/filepath"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // output files
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// config is everything the stages need besides their inputs.
type config struct {
	AsOf      time.Time
	Grain     success.Grain    // of the ledger: movements and cohorts
	Scorecard []byte           // JSON, for the health stage
	Currency  success.Currency // of the ARR of accounts the ledger does not price
	Survival  cohort.SurvivalOptions
	Incidence cohort.IncidenceOptions
	CLV       clvOptions
}

// inputs are the pipeline's record collections; a zero PCollection means
// the input was not given and its stages do not run.
type inputs struct {
	Accounts     beam.PCollection // account
	Ledger       ledger
	Observations beam.PCollection // cohort.Observation
	Competing    beam.PCollection // cohort.CompetingObservation
	Transactions beam.PCollection // cohort.Transaction
}

// ledger is the MRR ledger as rows, or as the partial accumulators the
// file readers build from their rows (adding rows as they read them spares
// Beam an element per row, the larger part of a row's cost).
type ledger struct {
	Rows      beam.PCollection // success.LedgerRow
	Movements beam.PCollection // *churn.Movements
	Tables    beam.PCollection // *cohort.TableAccumulator
}

func (l ledger) IsValid() bool { return l.Rows.IsValid() || l.Movements.IsValid() }

// The output files, in the directory given by -out.
const (
	scoresFile    = "scores.jsonl"
	portfolioFile = "portfolio.jsonl"
	movementsFile = "movements.json"
	cohortsFile   = "cohorts.csv"
	survivalFile  = "survival.json"
	incidenceFile = "incidence.json"
	customersFile = "customers.jsonl"
	modelsFile    = "models.json"
	rejectsFile   = "rejects.jsonl"
)

// build adds every stage whose input is given, and writes its outputs as
// files in dir; it returns their names. Rejects from scoring join rejects,
// the readers' dead letters (PCollections of records.Reject).
func build(s beam.Scope, cfg config, in inputs, rejects []beam.PCollection, dir string) ([]string, error) {
	var names []string
	write := func(name string, col beam.PCollection) {
		textio.Write(s, filepath.Join(dir, name), col)
		names = append(names, name)
	}
	var mrr beam.PCollection // the combined movements, for the accounts' ARR
	if in.Ledger.IsValid() {
		report, acc, err := movements(s, cfg.Grain, cfg.AsOf, in.Ledger)
		if err != nil {
			return nil, err
		}
		write(movementsFile, report)
		mrr = acc
		c, err := cohorts(s, cfg.Grain, cfg.AsOf, in.Ledger)
		if err != nil {
			return nil, err
		}
		write(cohortsFile, c)
	}
	if in.Accounts.IsValid() {
		scored, portfolio, refused, err := scores(s, cfg, in.Accounts, mrr)
		if err != nil {
			return nil, err
		}
		write(scoresFile, scored)
		write(portfolioFile, portfolio)
		rejects = append(rejects, refused)
	}
	if in.Observations.IsValid() {
		km, err := survival(s, cfg.Survival, in.Observations)
		if err != nil {
			return nil, err
		}
		write(survivalFile, km)
	}
	if in.Competing.IsValid() {
		c, err := incidence(s, cfg.Incidence, in.Competing)
		if err != nil {
			return nil, err
		}
		write(incidenceFile, c)
	}
	if in.Transactions.IsValid() {
		customers, fitted, err := clv(s, cfg.CLV, in.Transactions)
		if err != nil {
			return nil, err
		}
		write(customersFile, customers)
		write(modelsFile, fitted)
	}
	if len(rejects) > 0 {
		write(rejectsFile, beam.ParDo(s, rejectJSON, beam.Flatten(s, rejects...)))
	}
	return names, nil
}

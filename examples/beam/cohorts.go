package main

import (
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// cohorts combines the ledger (rows, or partial accumulators of
// *cohort.TableAccumulator) with cohort.TableAccumulator and returns the
// retention table as of asOf in the CSV of `secondsale cohorts`
// (Table.WriteCSV), one element.
func cohorts(s beam.Scope, grain success.Grain, asOf time.Time, ledger ledger) (beam.PCollection, error) {
	s = s.Scope("cohorts")
	var acc beam.PCollection
	if ledger.Rows.IsValid() {
		empty, err := cohort.NewTableAccumulator(cohort.TableOptions{Grain: grain})
		if err != nil {
			return beam.PCollection{}, err
		}
		if acc, err = combineAll(s, empty, ledger.Rows); err != nil {
			return beam.PCollection{}, err
		}
	} else {
		acc = mergeAll[cohort.TableAccumulator](s, ledger.Tables)
	}
	return beam.ParDo(s, &cohortTableFn{AsOf: asOf}, acc), nil
}

// cohortTableFn extracts the table from the combined accumulator.
type cohortTableFn struct {
	AsOf time.Time `json:"as_of"`
}

func (f *cohortTableFn) ProcessElement(a *cohort.TableAccumulator) (string, error) {
	t, err := a.Table(f.AsOf)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.WriteCSV(&b); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func init() {
	registerCombine[cohort.TableAccumulator, *cohort.TableAccumulator, success.LedgerRow]()
	registerMerge[cohort.TableAccumulator]()
	register.DoFn1x2[*cohort.TableAccumulator, string, error](&cohortTableFn{})
}

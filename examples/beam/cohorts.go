package main

import (
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// cohorts combines the ledger with cohort.TableAccumulator and returns the
// retention table as of asOf in the CSV of `secondsale cohorts`
// (Table.WriteCSV), one element.
func cohorts(s beam.Scope, grain success.Grain, asOf time.Time, rows beam.PCollection) (beam.PCollection, error) {
	s = s.Scope("cohorts")
	empty, err := cohort.NewTableAccumulator(cohort.TableOptions{Grain: grain})
	if err != nil {
		return beam.PCollection{}, err
	}
	acc, err := combineAll(s, empty, rows)
	if err != nil {
		return beam.PCollection{}, err
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
	register.DoFn1x2[*cohort.TableAccumulator, string, error](&cohortTableFn{})
}

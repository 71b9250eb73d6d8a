package main

import (
	"encoding/json"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// movements combines the ledger with churn.Movements and returns the
// retention report through asOf as one JSON document, the output of
// `secondsale movements`, and the combined accumulator. The ledger is rows
// (a PCollection of success.LedgerRow) or, from the file readers, partial
// accumulators (of *churn.Movements).
func movements(s beam.Scope, grain success.Grain, asOf time.Time, ledger ledger) (report, acc beam.PCollection, err error) {
	s = s.Scope("movements")
	if ledger.Rows.IsValid() {
		empty, err := churn.NewMovements(churn.MovementOptions{Grain: grain})
		if err != nil {
			return report, acc, err
		}
		if acc, err = combineAll(s, empty, ledger.Rows); err != nil {
			return report, acc, err
		}
	} else {
		acc = mergeAll[churn.Movements](s, ledger.Movements)
	}
	return beam.ParDo(s, &movementsReportFn{Through: asOf}, acc), acc, nil
}

// movementsReportFn extracts the report from the combined accumulator.
type movementsReportFn struct {
	Through time.Time `json:"through"`
}

func (f *movementsReportFn) ProcessElement(m *churn.Movements) (string, error) {
	r, err := m.Report(f.Through)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(r)
	return string(b), err
}

func init() {
	registerCombine[churn.Movements, *churn.Movements, success.LedgerRow]()
	registerMerge[churn.Movements]()
	register.DoFn1x2[*churn.Movements, string, error](&movementsReportFn{})
}

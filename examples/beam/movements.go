package main

import (
	"encoding/json"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// movements combines the ledger (a PCollection of success.LedgerRow) with
// churn.Movements and returns the retention report through asOf as one JSON
// document, the output of `secondsale movements`.
func movements(s beam.Scope, grain success.Grain, asOf time.Time, rows beam.PCollection) (beam.PCollection, error) {
	s = s.Scope("movements")
	empty, err := churn.NewMovements(churn.MovementOptions{Grain: grain})
	if err != nil {
		return beam.PCollection{}, err
	}
	acc, err := combineAll(s, empty, rows)
	if err != nil {
		return beam.PCollection{}, err
	}
	return beam.ParDo(s, &movementsReportFn{Through: asOf}, acc), nil
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
	register.DoFn1x2[*churn.Movements, string, error](&movementsReportFn{})
}

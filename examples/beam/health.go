package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// account is one input account record with the place it was read from, so
// that a score the SDK refuses goes to the dead letters by file and line.
type account struct {
	File    string            `json:"file"`
	Line    int64             `json:"line"`
	AsOf    time.Time         `json:"as_of,omitzero"` // zero: the run's as-of date
	Account success.AccountID `json:"account"`
	Segment string            `json:"segment"`
	ARR     success.Money     `json:"arr"`
	Inputs  []records.Input   `json:"inputs"` // in the record's order, as the tool reads them
}

// segmentSummary is one line of the portfolio output: a segment's count and
// ARR per band.
type segmentSummary struct {
	Segment string                  `json:"segment"`
	Summary health.PortfolioSummary `json:"summary"`
}

// scores scores every account (a PCollection of account) against the
// scorecard and returns the scores with their explanations (JSON lines, the
// output of `secondsale score -explain`), the per-segment portfolio summary
// (JSON lines) and the accounts the SDK refused (records.Reject).
//
// An account's ARR is twelve times its MRR at the as-of date in the
// ledger, when mrr (the combined churn.Movements, one element) is given;
// else the ARR the account carries. Accounts without either count with an
// ARR of 0 in cfg.Currency.
func scores(s beam.Scope, cfg config, accounts, mrr beam.PCollection) (scored, portfolio, rejects beam.PCollection, err error) {
	s = s.Scope("health")
	if _, err := compileScorecard(string(cfg.Scorecard)); err != nil {
		return scored, portfolio, rejects, fmt.Errorf("scorecard: %w", err)
	}
	scored, entries, rejects := beam.ParDo3(s, &scoreFn{Scorecard: string(cfg.Scorecard), AsOf: cfg.AsOf}, accounts)
	var bySegment beam.PCollection
	if mrr.IsValid() {
		arr := beam.ParDo(s, &arrFn{AsOf: cfg.AsOf}, mrr)
		bySegment = beam.ParDo(s, &joinARRFn{Currency: cfg.Currency}, beam.CoGroupByKey(s, entries, arr))
	} else {
		bySegment = beam.ParDo(s, &ownARRFn{Currency: cfg.Currency}, entries)
	}
	acc, err := combinePerKey(s, &health.PortfolioAccumulator{}, bySegment)
	if err != nil {
		return scored, portfolio, rejects, err
	}
	portfolio = beam.ParDo(s, &portfolioFn{Scorecard: string(cfg.Scorecard)}, acc)
	return scored, portfolio, rejects, nil
}

// scoreFn scores accounts with the compiled scorecard, compiled once per
// worker (Setup), through the command-line tool's score -explain path
// (records.MeasureInputs.Explain), so that a record is scored or rejected
// in the same words by both. Each score keeps its own explanation, as the
// portfolio entry holds it.
type scoreFn struct {
	Scorecard string    `json:"scorecard"`
	AsOf      time.Time `json:"as_of"`

	inputs *records.MeasureInputs
}

func (f *scoreFn) Setup() error {
	plan, err := compileScorecard(f.Scorecard)
	if err != nil {
		return err
	}
	f.inputs = records.NewMeasureInputs(plan)
	return nil
}

func (f *scoreFn) ProcessElement(a account, emitScore func(string), emitEntry func(string, segmentEntry), reject func(records.Reject)) error {
	rec := records.AccountRecord{Account: a.Account, Segment: a.Segment, AsOf: a.AsOf, Inputs: a.Inputs}
	if rec.AsOf.IsZero() {
		rec.AsOf = f.AsOf
	}
	var sc health.Score
	if rej := f.inputs.Explain(&sc, &rec, a.File, a.Line); rej != nil {
		reject(*rej)
		return nil
	}
	line, err := json.Marshal(sc)
	if err != nil {
		return err
	}
	emitScore(string(line))
	emitEntry(string(a.Account), segmentEntry{Segment: a.Segment, Entry: health.PortfolioEntry{Score: sc, ARR: a.ARR}})
	return nil
}

// portfolioFn extracts a segment's summary, bands in the scorecard's order.
type portfolioFn struct {
	Scorecard string `json:"scorecard"`

	plan *health.Plan
}

func (f *portfolioFn) Setup() error {
	var err error
	f.plan, err = compileScorecard(f.Scorecard)
	return err
}

func (f *portfolioFn) ProcessElement(segment string, a *health.PortfolioAccumulator) (string, error) {
	b, err := json.Marshal(segmentSummary{Segment: segment, Summary: a.Result(f.plan.Bands())})
	return string(b), err
}

func compileScorecard(doc string) (*health.Plan, error) {
	sc, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	if err != nil {
		return nil, err
	}
	return health.Compile(sc)
}

func init() {
	register.DoFn4x1[account, func(string), func(string, segmentEntry), func(records.Reject), error](&scoreFn{})
	register.Emitter2[string, segmentEntry]()
	register.Emitter2[string, string]()
	register.Iter1[segmentEntry]()
	register.Iter1[string]()
	register.DoFn2x2[string, *health.PortfolioAccumulator, string, error](&portfolioFn{})
	register.Emitter1[string]()
	register.Emitter2[string, health.PortfolioEntry]()
	registerCombine[health.PortfolioAccumulator, *health.PortfolioAccumulator, health.PortfolioEntry]()
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// account is one input account record with the place it was read from, so
// that a score the SDK refuses goes to the dead letters by file and line.
type account struct {
	File    string            `json:"file"`
	Line    int               `json:"line"`
	Account success.AccountID `json:"account"`
	Segment string            `json:"segment"`
	ARR     success.Money     `json:"arr"`
	Inputs  health.Inputs     `json:"inputs"`
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
// (JSON lines) and the accounts the SDK refused (rejectLine).
func scores(s beam.Scope, scorecard []byte, asOf time.Time, accounts beam.PCollection) (scored, portfolio, rejects beam.PCollection, err error) {
	s = s.Scope("health")
	sc, err := health.LoadScorecard(strings.NewReader(string(scorecard)), health.LoadOptions{})
	if err != nil {
		return scored, portfolio, rejects, fmt.Errorf("scorecard: %w", err)
	}
	if _, err := health.Compile(sc); err != nil {
		return scored, portfolio, rejects, fmt.Errorf("scorecard: %w", err)
	}
	scored, entries, rejects := beam.ParDo3(s, &scoreFn{Scorecard: string(scorecard), AsOf: asOf}, accounts)
	acc, err := combinePerKey(s, &health.PortfolioAccumulator{}, entries)
	if err != nil {
		return scored, portfolio, rejects, err
	}
	portfolio = beam.ParDo(s, &portfolioFn{Scorecard: string(scorecard)}, acc)
	return scored, portfolio, rejects, nil
}

// scoreFn scores accounts with the compiled scorecard, compiled once per
// worker (Setup). Each score keeps its own explanation, as the portfolio
// entry holds it.
type scoreFn struct {
	Scorecard string    `json:"scorecard"`
	AsOf      time.Time `json:"as_of"`

	plan *health.Plan
}

func (f *scoreFn) Setup() error {
	var err error
	f.plan, err = compileScorecard(f.Scorecard)
	return err
}

func (f *scoreFn) ProcessElement(a account, emitScore func(string), emitEntry func(string, health.PortfolioEntry), reject func(rejectLine)) error {
	sc, err := f.plan.Score(a.Account, a.Inputs, f.AsOf, health.ScoreOptions{})
	if err != nil {
		reject(rejectFromError(a.File, a.Line, err))
		return nil
	}
	line, err := json.Marshal(sc)
	if err != nil {
		return err
	}
	emitScore(string(line))
	emitEntry(a.Segment, health.PortfolioEntry{Score: sc, ARR: a.ARR})
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

// rejectFromError turns an SDK error into a dead letter: the first field
// path the SDK names (never a value: SDK errors do not carry one).
func rejectFromError(file string, line int, err error) rejectLine {
	r := rejectLine{File: file, Line: line, Reason: err.Error()}
	var fe success.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		r.Field = fe[0].Path
	}
	return r
}

func init() {
	register.DoFn4x1[account, func(string), func(string, health.PortfolioEntry), func(rejectLine), error](&scoreFn{})
	register.DoFn2x2[string, *health.PortfolioAccumulator, string, error](&portfolioFn{})
	register.Emitter1[string]()
	register.Emitter2[string, health.PortfolioEntry]()
	register.Emitter1[rejectLine]()
	registerCombine[health.PortfolioAccumulator, *health.PortfolioAccumulator, health.PortfolioEntry]()
}

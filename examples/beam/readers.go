package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// sources are the input files by kind; each file is read by one worker, so
// the files are the input's shards.
type sources struct {
	Accounts, Ledger, Survival, Compete, Transactions []string
}

// read adds a reader for every input kind given and returns the record
// collections and the readers' dead letters (PCollections of
// records.Reject).
func read(s beam.Scope, cfg config, src sources) (inputs, []beam.PCollection) {
	var in inputs
	var rejects []beam.PCollection
	add := func(name string, paths []string, fn any) beam.PCollection {
		if len(paths) == 0 {
			return beam.PCollection{}
		}
		s := s.Scope("read " + name)
		// Reshuffle spreads the files over the workers.
		recs, rej := beam.ParDo2(s, fn, beam.Reshuffle(s, beam.CreateList(s, paths)))
		rejects = append(rejects, rej)
		return recs
	}
	in.Accounts = add("accounts", src.Accounts, &readAccountsFn{AsOf: cfg.AsOf})
	if len(src.Ledger) > 0 {
		s := s.Scope("read ledger")
		var rej beam.PCollection
		in.Ledger.Movements, in.Ledger.Tables, rej = beam.ParDo3(s, &readLedgerFn{Grain: cfg.Grain},
			beam.Reshuffle(s, beam.CreateList(s, src.Ledger)))
		rejects = append(rejects, rej)
	}
	in.Observations = add("survival", src.Survival, &readSurvivalFn{})
	in.Competing = add("compete", src.Compete, &readCompetingFn{})
	in.Transactions = add("transactions", src.Transactions, &readTransactionsFn{})
	return in, rejects
}

// The counters of records read, by input, for the closing summary.
var (
	accountsRead     = beam.NewCounter(metricsNamespace, "accounts")
	ledgerRead       = beam.NewCounter(metricsNamespace, "ledger")
	survivalRead     = beam.NewCounter(metricsNamespace, "survival")
	competeRead      = beam.NewCounter(metricsNamespace, "compete")
	transactionsRead = beam.NewCounter(metricsNamespace, "transactions")
)

const metricsNamespace = "secondsale.read"

// readAccountsFn reads account records (JSON Lines) with the command-line
// tool's parser; a record without an as-of date is scored as of AsOf.
type readAccountsFn struct {
	AsOf time.Time `json:"as_of"`
}

func (f *readAccountsFn) ProcessElement(ctx context.Context, path string, emit func(account), reject func(records.Reject)) error {
	p := records.NewAccountJSON(path, records.AccountMapping{DefaultAsOf: f.AsOf})
	var rec records.AccountRecord
	return eachRecord(path, "jsonl", records.RecordReaders{Reject: reject, JSONLine: func(line []byte, n int64) *records.Reject {
		if rej := p.Parse(&rec, line, n); rej != nil {
			return rej
		}
		emit(account{File: path, Line: n, Account: rec.Account, Segment: rec.Segment, AsOf: rec.AsOf,
			Inputs: slices.Clone(rec.Inputs)}) // the parser reuses rec
		return nil
	}}, func() { accountsRead.Inc(ctx, 1) })
}

// readLedgerFn reads an MRR ledger, CSV or JSON Lines, in the command-line
// tool's columnar batches, and adds them to a churn.Movements and a
// cohort.TableAccumulator of its own, which it emits for the combine to
// merge: the read is the combine's first step, so a row never becomes a
// Beam element. A row the accumulators refuse (a second currency) is a
// reject with its file and line, like a row the parser refuses.
type readLedgerFn struct {
	Grain success.Grain `json:"grain"`
}

// ledgerBatch is the rows read per batch, the command-line tool's -chunk.
const ledgerBatch = 8192

func (f *readLedgerFn) ProcessElement(ctx context.Context, path string, emitMovements func(*churn.Movements), emitTable func(*cohort.TableAccumulator), reject func(records.Reject)) error {
	m, err := churn.NewMovements(churn.MovementOptions{Grain: f.Grain})
	if err != nil {
		return err
	}
	t, err := cohort.NewTableAccumulator(cohort.TableOptions{Grain: f.Grain})
	if err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	r, err := records.NewLedgerReader(file, path, records.FormatOf(path, "csv"), records.LedgerMapping{})
	if err != nil {
		return err
	}
	var b records.LedgerBatch
	var refused []int64 // the lines of a batch the movements refused
	read := int64(0)
	for r.Next(&b, ledgerBatch) {
		ledgerRead.Inc(ctx, r.Read-read)
		read = r.Read
		for _, rej := range b.Rejects {
			reject(rej)
		}
		refused = refused[:0]
		if err := b.AddTo(m, path, success.ColumnOptions{}, func(rej records.Reject) {
			reject(rej)
			refused = append(refused, rej.Line)
		}); err != nil {
			return err
		}
		// Both accumulators validate a row alike (the SDK's one ledger
		// reader), so the table refuses the same rows; if not, the run fails.
		var also []int64
		if err := b.AddTo(t, path, success.ColumnOptions{}, func(rej records.Reject) { also = append(also, rej.Line) }); err != nil {
			return err
		}
		if !slices.Equal(refused, also) {
			return fmt.Errorf("%s: the cohort table refused lines %v and the movements lines %v", path, also, refused)
		}
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	emitMovements(m)
	emitTable(t)
	return nil
}

// readSurvivalFn reads survival rows (CSV) as observations for
// Kaplan-Meier: the event column says whether the customer churned.
type readSurvivalFn struct{}

func (f *readSurvivalFn) ProcessElement(ctx context.Context, path string, emit func(cohort.Observation), reject func(records.Reject)) error {
	return eachSurvivalRow(path, records.SurvivalMapping{}, func(p *records.SurvivalCSV, fields [][]byte, n int64) *records.Reject {
		o, rej := p.Observation(fields, n)
		if rej == nil {
			emit(o)
		}
		return rej
	}, reject, func() { survivalRead.Inc(ctx, 1) })
}

// readCompetingFn reads survival rows (CSV) as competing-risks
// observations: the event column names the first event, expansion or
// churn, or is empty for a customer with neither yet.
type readCompetingFn struct{}

func (f *readCompetingFn) ProcessElement(ctx context.Context, path string, emit func(cohort.CompetingObservation), reject func(records.Reject)) error {
	m := records.SurvivalMapping{Kinds: []cohort.EventKind{cohort.EventExpansion, cohort.EventChurn}}
	return eachSurvivalRow(path, m, func(p *records.SurvivalCSV, fields [][]byte, n int64) *records.Reject {
		o, rej := p.Competing(fields, n)
		if rej == nil {
			emit(o)
		}
		return rej
	}, reject, func() { competeRead.Inc(ctx, 1) })
}

func eachSurvivalRow(path string, m records.SurvivalMapping, row func(*records.SurvivalCSV, [][]byte, int64) *records.Reject, reject func(records.Reject), read func()) error {
	var p *records.SurvivalCSV
	return eachRecord(path, "csv", records.RecordReaders{Reject: reject, Start: func(h *records.Header) (err error) {
		p, err = records.NewSurvivalCSV(h, m)
		return err
	}, CSVRow: func(fields [][]byte, n int64) *records.Reject {
		return row(p, fields, n)
	}}, read)
}

// readTransactionsFn reads transactions (CSV) for lifetime value.
type readTransactionsFn struct{}

func (f *readTransactionsFn) ProcessElement(ctx context.Context, path string, emit func(cohort.Transaction), reject func(records.Reject)) error {
	var p *records.TransactionCSV
	return eachRecord(path, "csv", records.RecordReaders{Reject: reject, Start: func(h *records.Header) (err error) {
		p, err = records.NewTransactionCSV(h, records.TransactionMapping{})
		return err
	}, CSVRow: func(fields [][]byte, n int64) *records.Reject {
		t, rej := p.Transaction(fields, n)
		if rej == nil {
			emit(t)
		}
		return rej
	}}, func() { transactionsRead.Inc(ctx, 1) })
}

func init() {
	register.DoFn4x1[context.Context, string, func(account), func(records.Reject), error](&readAccountsFn{})
	register.DoFn5x1[context.Context, string, func(*churn.Movements), func(*cohort.TableAccumulator), func(records.Reject), error](&readLedgerFn{})
	register.Emitter1[*churn.Movements]()
	register.Emitter1[*cohort.TableAccumulator]()
	register.DoFn4x1[context.Context, string, func(cohort.Observation), func(records.Reject), error](&readSurvivalFn{})
	register.DoFn4x1[context.Context, string, func(cohort.CompetingObservation), func(records.Reject), error](&readCompetingFn{})
	register.DoFn4x1[context.Context, string, func(cohort.Transaction), func(records.Reject), error](&readTransactionsFn{})
	register.Emitter1[account]()
	register.Emitter1[cohort.Observation]()
	register.Emitter1[cohort.CompetingObservation]()
	register.Emitter1[cohort.Transaction]()
	register.Emitter1[records.Reject]()
}

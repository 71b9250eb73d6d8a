package records

import (
	"fmt"
	"io"

	"github.com/secondsale/secondsale/success"
)

// LedgerBatch is a batch of ledger lines, ready for the SDK's columnar
// readers (churn.Movements.AddColumns, cohort.TableAccumulator.AddColumns).
type LedgerBatch struct {
	// Columns holds the rows whose amounts are exact minor units of
	// Columns.Currency (the reader's Currency); Lines[i] is the line of
	// row i.
	Columns success.LedgerColumns
	Lines   []int64
	// Rows holds the rest (another currency, more decimal places than the
	// currency's minor unit), for the row path; RowLines are their lines.
	Rows     []success.LedgerRow
	RowLines []int64
	// Rejects are the lines that could not be read.
	Rejects []Reject
	// LastDay is the latest date read so far (over all batches), as an epoch
	// day; valid when Read > 0.
	LastDay int32

	dict    map[string]int32
	lastIdx int32
}

func (b *LedgerBatch) reset() {
	c := &b.Columns
	c.Accounts, c.Account, c.Day, c.Minor, c.Currency = c.Accounts[:0], c.Account[:0], c.Day[:0], c.Minor[:0], ""
	b.Lines, b.Rows, b.RowLines, b.Rejects = b.Lines[:0], b.Rows[:0], b.RowLines[:0], b.Rejects[:0]
	if b.dict == nil {
		b.dict = make(map[string]int32, 1<<14) // a batch's accounts, without rehashing as it fills
	}
	clear(b.dict)
	b.lastIdx = -1
}

// Len is the number of rows read into the batch (not the rejects).
func (b *LedgerBatch) Len() int { return len(b.Columns.Account) + len(b.Rows) }

// LedgerReader streams a ledger file (CSV with a header, or JSON Lines) in
// batches, with the per-line parsers LedgerCSV and LedgerJSON.
type LedgerReader struct {
	lines   *Lines
	file    string
	csv     *LedgerCSV
	json    *LedgerJSON
	fields  [][]byte
	scratch []byte
	f       LedgerFields
	lastDay int32
	seen    bool
	expOf   success.Currency // the currency exp is the minor units of
	exp     int32

	// Currency is the currency of the columns. Empty, the first exact
	// amount read sets it; rows in any other currency go the row path, so
	// that the accumulator judges them one by one, as it would a pipeline's.
	// A caller reading several files sets it to the first file's.
	Currency success.Currency
	// OnKey, when set, receives each row's key (LedgerMapping.Key); a reject
	// it returns rejects the row.
	OnKey func(account, key []byte, line int64) *Reject
	// Read counts the records read, rejects included.
	Read int64
}

// NewLedgerReader reads a ledger from r; format is "csv" or "jsonl". A CSV
// file's header is read (and its mapping resolved) here.
func NewLedgerReader(r io.Reader, file, format string, m LedgerMapping) (*LedgerReader, error) {
	lr := &LedgerReader{lines: NewLines(r), file: file}
	switch format {
	case "jsonl":
		lr.json = NewLedgerJSON(file, m)
		return lr, nil
	case "csv":
		h, err := ReadHeader(lr.lines, file)
		if err != nil {
			return nil, err
		}
		if lr.csv, err = NewLedgerCSV(h, m); err != nil {
			return nil, err
		}
		return lr, nil
	}
	return nil, fmt.Errorf("%s: unknown input format %q (csv or jsonl)", file, format)
}

// ReadHeader reads a CSV file's header line.
func ReadHeader(l *Lines, file string) (*Header, error) {
	line, ok := l.Next()
	if !ok {
		if l.Err() != nil {
			return nil, fmt.Errorf("%s: %w", file, l.Err())
		}
		return nil, fmt.Errorf("%s: empty file, no header", file)
	}
	if l.TooLong {
		return nil, fmt.Errorf("%s:1: header longer than 1 MiB", file)
	}
	fields, _, ok := SplitCSV(nil, nil, line)
	if !ok {
		return nil, fmt.Errorf("%s:1: malformed CSV header", file)
	}
	return NewHeader(file, fields)
}

// LastDay is the latest date read, as an epoch day; ok is false before
// any row was read.
func (r *LedgerReader) LastDay() (day int32, ok bool) { return r.lastDay, r.seen }

// Line is the number of the last line read.
func (r *LedgerReader) Line() int64 { return r.lines.Line() }

// Err is the read error that ended the input, if any.
func (r *LedgerReader) Err() error { return r.lines.Err() }

// Next reads up to max rows (rejects not counted) into b, reusing it, and
// reports false when the input had none left.
func (r *LedgerReader) Next(b *LedgerBatch, max int) bool {
	b.reset()
	if c := &b.Columns; cap(c.Account) < max && max <= 1<<22 {
		c.Account, c.Day, c.Minor, b.Lines = make([]int32, 0, max), make([]int32, 0, max), make([]int64, 0, max), make([]int64, 0, max)
	}
	any := false
	for n := 0; n < max; {
		text, rej, ok := r.lines.NextRecord(r.file)
		if !ok {
			break
		}
		any = true
		r.Read++
		line := r.lines.Line()
		if rej == nil && r.fast(b, text, line) {
			n++
			continue
		}
		if rej == nil {
			rej = r.parse(text, line)
		}
		if rej != nil {
			b.Rejects = append(b.Rejects, *r.lines.Note(rej, r.file))
			continue
		}
		f := &r.f
		if !r.seen || f.Day > r.lastDay {
			r.lastDay, r.seen = f.Day, true
		}
		c := &b.Columns
		if r.Currency == "" && f.Exact && f.Currency != "" {
			r.Currency = f.Currency
		}
		c.Currency = r.Currency
		if !f.Exact || (f.Currency != "" && f.Currency != r.Currency) {
			b.Rows = append(b.Rows, f.Row())
			b.RowLines = append(b.RowLines, line)
			n++
			continue
		}
		b.add(f.Account, f.Day, f.Minor, line)
		n++
	}
	b.LastDay = r.lastDay
	return any
}

// add appends a row to the columns.
func (b *LedgerBatch) add(account []byte, day int32, minor, line int64) {
	c := &b.Columns
	// Ledgers often come sorted by account: the row before is the
	// cheapest lookup.
	idx, ok := b.lastIdx, b.lastIdx >= 0 && string(account) == string(c.Accounts[b.lastIdx])
	if !ok {
		idx, ok = b.dict[string(account)]
	}
	if !ok {
		id := string(account)
		idx = int32(len(c.Accounts))
		b.dict[id] = idx
		c.Accounts = append(c.Accounts, success.AccountID(id))
	}
	b.lastIdx = idx
	c.Account = append(c.Account, idx)
	c.Day = append(c.Day, day)
	c.Minor = append(c.Minor, minor)
	b.Lines = append(b.Lines, line)
}

// fast reads a plain CSV line (no quotes, no key column, default dates) of
// the columns' currency straight into the batch: the common line, in a
// third less time than the general path (splitting, the field checks of
// ledgerValues, the currency and day lookups, each a call). It reports
// false, having added nothing, for any other line, which the general path
// then reads, to the same row or to its reject.
func (r *LedgerReader) fast(b *LedgerBatch, text []byte, line int64) bool {
	p := r.csv
	if p == nil || r.OnKey != nil || r.Currency == "" || p.m.DateLayout != "" {
		return false
	}
	fields, ok := splitPlain(r.fields[:0], text)
	r.fields = fields
	if !ok || len(fields) != len(p.h.names) || len(fields[p.acct]) == 0 {
		return false
	}
	if p.cur < 0 || len(fields[p.cur]) == 0 {
		if p.m.DefaultCurrency != r.Currency {
			return false
		}
	} else if string(fields[p.cur]) != string(r.Currency) {
		return false
	}
	day, ok := p.cs.days.parse(fields[p.date], "")
	if !ok {
		return false
	}
	if r.expOf != r.Currency {
		r.expOf, r.exp = r.Currency, r.Currency.MinorUnits()
	}
	minor, exact, ok := ParseMinor(fields[p.amount], r.exp)
	if !ok || !exact {
		return false
	}
	if !r.seen || day > r.lastDay {
		r.lastDay, r.seen = day, true
	}
	b.Columns.Currency = r.Currency
	b.add(fields[p.acct], day, minor, line)
	return true
}

func (r *LedgerReader) parse(line []byte, n int64) *Reject {
	var rej *Reject
	if r.csv != nil {
		var ok bool
		r.fields, r.scratch, ok = SplitCSV(r.fields, r.scratch, line)
		if !ok {
			return &Reject{Line: n, Reason: "malformed CSV (unbalanced quotes)"}
		}
		rej = r.csv.Parse(&r.f, r.fields, n)
	} else {
		rej = r.json.Parse(&r.f, line, n)
	}
	if rej == nil && r.OnKey != nil {
		rej = r.OnKey(r.f.Account, r.f.Key, n)
	}
	return rej
}

package records

import (
	"fmt"
	"io"

	"github.com/secondsale/secondsale/success"
)

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

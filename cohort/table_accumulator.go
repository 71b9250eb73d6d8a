package cohort

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/success"
)

// TableAccumulator builds a cohort table from an MRR ledger
// (success.LedgerRow), the same rows churn.Movements reads. Rows come in any
// order; it works out each customer's start and starting MRR itself. Add
// costs one lookup of the account and a 16-byte line in a log, with no
// allocation per row; the log is reduced under the ledger convention when
// the table is read, and while rows are added whenever it has doubled, so
// memory stays within about twice one entry per customer and period with a
// row, as churn.Movements'.
//
// TableAccumulator follows the SDK's accumulator contract (package
// internal/accum, stated in the package doc): AddAll and AddFrom stop at the
// first bad row, Merge rejects nil and itself, and MarshalBinary encodes a
// versioned state. Accumulators over any split of the rows Merge into
// exactly the accumulator of a single pass. A TableAccumulator is not safe
// for concurrent use; give each goroutine its own and Merge them. The zero
// TableAccumulator is ready to use, with the defaults of
// NewTableAccumulator(TableOptions{}), or with the options of the first
// accumulator merged or decoded into it.
type TableAccumulator struct {
	opts     TableOptions
	cal      calendar.Grain
	currency success.Currency
	book     *ledger.Book
}

// NewTableAccumulator returns an empty accumulator.
func NewTableAccumulator(opts TableOptions) (*TableAccumulator, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	cal, _ := calendar.Named(string(opts.Grain))
	return &TableAccumulator{opts: opts, cal: cal, book: ledger.New(cal)}, nil
}

func (a *TableAccumulator) init() {
	if a.book == nil {
		d, _ := NewTableAccumulator(TableOptions{}) // the defaults are valid
		*a = *d
	}
}

// Add records one row. An invalid row is not recorded and the error, a
// *success.FieldError, names its account, period and field.
func (a *TableAccumulator) Add(r success.LedgerRow) error {
	if err := a.add(&r); err != nil {
		return err
	}
	return nil
}

// AddAll adds every row of rows, under the accumulator contract: it stops at
// the first bad row and returns its error, naming the row by its position
// ("rows[41]"); the rows before it stay added.
func (a *TableAccumulator) AddAll(rows iter.Seq[success.LedgerRow]) error {
	if rows == nil {
		return accum.NilSequence("rows", ErrInvalid)
	}
	// The loop of accum.AddFrom, written out: one call per row through the
	// host's iterator instead of three, on the SDK's fastest path.
	i := 0
	for r := range rows {
		if err := a.add(&r); err != nil {
			return accum.ItemError("rows", i, err)
		}
		i++
	}
	return nil
}

// AddColumns adds a columnar batch of rows (see success.LedgerColumns),
// with exactly the result of AddAll over its rows (c.Row(0), c.Row(1), ...):
// it stops at the first bad row and returns its error, naming the row by
// its position ("rows[41]") as AddAll does; the rows before it stay added.
// Columns whose lengths differ are rejected before any row.
//
// It is the fast way in: each distinct account is looked up once per
// call, and the rows are sorted by account and reduced to the table's
// cells without entering the row log. The sort takes a buffer of 16 bytes
// per row, which becomes the storage of the cells (or is freed on return
// when the rows are many times the cells), and 4 bytes per row and 8 per
// dictionary entry while the call runs. Later calls append their cells,
// compacted with the rest once, but each looks its accounts up again, so
// give the whole ledger in one call when it is in memory: ten calls of 5M
// rows into a book of 36M cells take about 2.3 times as long as one call.
// A batch in another currency than the table's is read row by row, to
// report it. See success.ColumnOptions to use several cores.
func (a *TableAccumulator) AddColumns(c *success.LedgerColumns, opts success.ColumnOptions) error {
	a.init()
	fast := c == nil || c.Currency == "" || a.currency == "" || c.Currency == a.currency
	added, err := a.book.AddColumns(c, ErrInvalid, fast, opts.Workers, a.add)
	if added > 0 && a.currency == "" {
		a.currency = c.Currency
	}
	return err
}

// AddFrom is AddAll for a sequence that can fail, such as a file being read:
// it stops at the first read error and returns it, wrapped with the row's
// position, so no table is built on half a ledger.
func (a *TableAccumulator) AddFrom(rows iter.Seq2[success.LedgerRow, error]) error {
	return accum.AddFrom(rows, "rows", ErrInvalid, a.Add)
}

func (a *TableAccumulator) add(r *success.LedgerRow) *success.FieldError {
	a.init()
	l, ferr := a.book.Read(r, ErrInvalid)
	if ferr != nil {
		return ferr
	}
	if l.Currency != a.currency && l.Currency != "" && a.currency != "" {
		return a.book.RowError(r, ErrCurrencyMismatch, "mrr", "currency %s differs from the table's %s", l.Currency, a.currency)
	}
	switch a.book.Add(r.Account, l.Day, l.C, l.E) {
	case ledger.TooFine:
		return a.book.RowError(r, ErrInvalid, "mrr", "needs %d decimal places, too fine to sum exactly with the amounts already added", ledger.Places(l.C, l.E))
	case ledger.TooLarge:
		return a.book.RowError(r, ErrInvalid, "mrr", "is beyond the exact range at %d decimal places", -a.book.Exp())
	}
	if a.currency == "" {
		a.currency = l.Currency
	}
	return nil
}

// Merge adds the rows of b into a, so that a holds exactly what one pass
// over both would hold; the two may share accounts and dates. They must
// share grain and grouping (a's Key is kept). b is not modified; on error a
// is unchanged.
func (a *TableAccumulator) Merge(b *TableAccumulator) error {
	if err := accum.CheckMerge(a, b, "cohort table", ErrInvalid); err != nil {
		return err
	}
	if b.book == nil {
		return nil
	}
	if a.book == nil {
		d, err := NewTableAccumulator(b.opts)
		if err != nil {
			return err
		}
		*a = *d
	}
	switch {
	case a.opts.Grain != b.opts.Grain:
		return fmt.Errorf("%w: cannot merge a %s table into a %s table", ErrInvalid, b.opts.Grain, a.opts.Grain)
	case a.opts.Grouping != b.opts.Grouping:
		return fmt.Errorf("%w: cannot merge grouping %s into %s", ErrInvalid, b.opts.Grouping, a.opts.Grouping)
	case a.currency != "" && b.currency != "" && a.currency != b.currency:
		return fmt.Errorf("%w: cannot merge a %s table into a %s table", ErrCurrencyMismatch, b.currency, a.currency)
	}
	if err := a.book.Merge(b.book); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if a.currency == "" {
		a.currency = b.currency
	}
	return nil
}

// cohortSums are the running sums of one cohort.
type cohortSums struct {
	label string
	start int // start period, for start-period cohorts
	cells []cellSums
}

type cellSums struct {
	retained      int64
	mrr, gross    ledger.U128
	lastSeen      int64 // customers whose last offset reached by the as-of date is this one
	lastSeenStart ledger.U128
	customers     int64 // suffix sums of lastSeen, filled at the end
	startMRR      ledger.U128
}

// maxOffsets bounds a table's width: a customer starting in year 1 and a
// table as of year 9999 would otherwise make ~120,000 cells per cohort.
const maxOffsets = 12 * 200

// Table returns the cohort table as of asOf: offsets after the period
// containing asOf are unobservable, and rows after it are not read. An
// accumulator with no rows gives a table with no cohorts (the empty-input
// rule: a count of nothing is empty, not an error). A customer whose lines
// sum below zero in a period is an error naming it.
func (a *TableAccumulator) Table(asOf time.Time) (*Table, error) {
	a.init()
	if asOf.IsZero() {
		return nil, fmt.Errorf("%w: the as-of date is required", ErrInvalid)
	}
	if !calendar.InRange(asOf) {
		return nil, fmt.Errorf("%w: as-of date is outside the years %d to %d", ErrInvalid, calendar.MinYear, calendar.MaxYear)
	}
	if a.opts.Grouping == ByKey && a.opts.Key == nil {
		return nil, fmt.Errorf("%w: a table grouped by key needs TableOptions.Key: decode the state into an accumulator made with it", ErrInvalid)
	}
	asOfP := int32(calendar.Of(a.cal, asOf))
	t := &Table{AsOf: asOf, Grain: a.opts.Grain, Grouping: a.opts.Grouping, Currency: a.currency}
	byKey := a.opts.Grouping == ByKey
	// The book is read by several goroutines when asked, each over its own
	// partitions into its own sums, added up after; the host's Key is only
	// called from this goroutine, so a table grouped by key is read by one.
	workers := max(1, min(a.opts.Workers, runtime.GOMAXPROCS(0)))
	if byKey {
		workers = 1
	}
	// The book's first period is read here, once: Span writes the book's
	// period memo, which the readers must not share.
	firstP, _, _ := a.book.Span()
	var reads []*tableRead
	if workers == 1 {
		reads = []*tableRead{a.read(a.book.Cells(), asOfP, firstP)}
	} else {
		seqs := a.book.CellsSplit(workers)
		reads = make([]*tableRead, workers)
		var wg sync.WaitGroup
		for w, seq := range seqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reads[w] = a.read(seq, asOfP, firstP)
			}()
		}
		wg.Wait()
	}
	byLabel := reads[0].byLabel
	for _, r := range reads[1:] {
		for l, cs := range r.byLabel {
			if to := byLabel[l]; to != nil {
				to.add(cs)
			} else {
				byLabel[l] = cs
			}
		}
	}
	// Each account's problems are listed in the order the accounts were
	// first seen.
	type at struct {
		problemMark
		read *tableRead
	}
	var marks []at
	for _, r := range reads {
		for _, m := range r.marks {
			marks = append(marks, at{m, r})
		}
	}
	slices.SortFunc(marks, func(x, y at) int { return x.slot - y.slot })
	var problems success.FieldErrors
	for _, m := range marks {
		problems = append(problems, m.read.problems[m.from:m.to]...)
	}
	cohorts := byLabel
	if err := problems.Err(); err != nil {
		return nil, err
	}
	labels := make([]string, 0, len(cohorts))
	for l := range cohorts {
		labels = append(labels, l)
	}
	if byKey {
		sort.Strings(labels)
	} else {
		sort.Slice(labels, func(i, j int) bool { return cohorts[labels[i]].start < cohorts[labels[j]].start })
	}
	width := 0
	for _, cs := range cohorts {
		width = max(width, len(cs.cells))
	}
	exp := a.book.Exp()
	// A cohort's starting MRR repeats along its row, and unobserved cells
	// are zero: each distinct sum becomes Money once.
	zero := a.money(ledger.U128{}, exp)
	var lastSum ledger.U128
	lastMoney := zero
	money := func(x ledger.U128) success.Money {
		if x != lastSum {
			lastSum, lastMoney = x, a.money(x, exp)
		}
		return lastMoney
	}
	for _, l := range labels {
		cs := cohorts[l]
		row := CohortRow{Label: l, Cells: make([]Cell, width)}
		if !byKey {
			row.Start = calendar.Start(a.cal, cs.start, time.UTC)
		}
		var customers int64
		var startMRR ledger.U128
		for k := len(cs.cells) - 1; k >= 0; k-- { // suffix sums: who reached offset k
			customers += cs.cells[k].lastSeen
			startMRR = startMRR.Plus(cs.cells[k].lastSeenStart)
			cs.cells[k].customers, cs.cells[k].startMRR = customers, startMRR
		}
		row.Customers, row.StartMRR = customers, money(startMRR)
		for k := range row.Cells {
			cell := Cell{Offset: k, StartMRR: zero, MRR: zero, GrossMRR: zero}
			if k < len(cs.cells) && cs.cells[k].customers > 0 {
				c := cs.cells[k]
				cell = Cell{Offset: k, Observable: true, Customers: c.customers, StartMRR: money(c.startMRR),
					Retained: c.retained, MRR: money(c.mrr), GrossMRR: money(c.gross)}
			}
			row.Cells[k] = cell
		}
		t.Cohorts = append(t.Cohorts, row)
	}
	return t, nil
}

// tableRead is what one goroutine read of the book: its cohorts' sums and
// its accounts' problems, each account's marked.
type tableRead struct {
	byLabel  map[string]*cohortSums
	problems success.FieldErrors
	marks    []problemMark
}

// read reads the accounts of cells as of period asOfP into their cohorts'
// sums; firstP is the book's first period. Several reads may run at once
// over disjoint cells, so read writes nothing of a or its book.
func (a *TableAccumulator) read(cells iter.Seq2[int, []ledger.Cell], asOfP, firstP int32) *tableRead {
	byKey := a.opts.Grouping == ByKey
	// The start-period cohorts by start period, from the book's first one:
	// a customer's cohort is found without a map lookup, its label made
	// once per cohort.
	var byStart []*cohortSums
	if !byKey && asOfP >= firstP {
		byStart = make([]*cohortSums, asOfP-firstP+1) // at most the calendar's 120,000 months
	}
	t := &tableRead{byLabel: map[string]*cohortSums{}}
	problems := &t.problems
	mark, markSlot := 0, 0
	for slot, cells := range cells {
		if len(*problems) > mark {
			t.marks = append(t.marks, problemMark{markSlot, mark, len(*problems)})
		}
		mark, markSlot = len(*problems), slot
		first := -1
		for i, c := range cells {
			if c.Period > asOfP {
				break
			}
			if c.Units < 0 {
				a.cellProblem(problems, slot, c)
			}
			if first < 0 && c.Units > 0 {
				first = i
			}
		}
		if first < 0 {
			continue // never paid by the as-of date: in no cohort
		}
		since := cells[first].Period
		width := int(asOfP-since) + 1
		if width > maxOffsets {
			fielderr.Addf(problems, ErrInvalid, fmt.Sprintf("(account %q, period %s)", string(a.book.ID(slot)), calendar.Label(a.cal, int(since))),
				"starts more than %d periods before the as-of date", maxOffsets)
			continue
		}
		var cs *cohortSums
		if byKey {
			label := a.opts.Key(a.book.ID(slot))
			if label == "" {
				fielderr.Addf(problems, ErrInvalid, fmt.Sprintf("(account %q).key", string(a.book.ID(slot))), "is empty")
				continue
			}
			if cs = t.byLabel[label]; cs == nil {
				cs = &cohortSums{label: label, start: int(since)}
				t.byLabel[label] = cs
			}
		} else if cs = byStart[since-firstP]; cs == nil {
			cs = &cohortSums{label: calendar.Label(a.cal, int(since)), start: int(since)}
			byStart[since-firstP] = cs
			t.byLabel[cs.label] = cs
		}
		for len(cs.cells) < width {
			cs.cells = append(cs.cells, cellSums{})
		}
		start := cells[first].Units
		cs.cells[width-1].lastSeen++
		cs.cells[width-1].lastSeenStart.Add(start)
		for _, c := range cells[first:] {
			if c.Period > asOfP {
				break
			}
			if c.Units <= 0 {
				continue
			}
			cell := &cs.cells[c.Period-since]
			cell.retained++
			cell.mrr.Add(c.Units)
			cell.gross.Add(min(c.Units, start))
		}
	}
	if len(*problems) > mark {
		t.marks = append(t.marks, problemMark{markSlot, mark, len(*problems)})
	}
	return t
}

// add adds the sums of b, the same cohort read by another goroutine, to
// cs's.
func (cs *cohortSums) add(b *cohortSums) {
	for len(cs.cells) < len(b.cells) {
		cs.cells = append(cs.cells, cellSums{})
	}
	for k := range b.cells {
		c, d := &cs.cells[k], &b.cells[k]
		c.retained += d.retained
		c.mrr = c.mrr.Plus(d.mrr)
		c.gross = c.gross.Plus(d.gross)
		c.lastSeen += d.lastSeen
		c.lastSeenStart = c.lastSeenStart.Plus(d.lastSeenStart)
	}
}

// problemMark is where an account's problems are in the list.
type problemMark struct{ slot, from, to int }

// cellProblem reports an account's cell that sums below zero or beyond the
// exact range.
func (a *TableAccumulator) cellProblem(problems *success.FieldErrors, slot int, c ledger.Cell) {
	path := fmt.Sprintf("(account %q, period %s).mrr", string(a.book.ID(slot)), calendar.Label(a.cal, int(c.Period)))
	if c.Units == ledger.Overflow {
		fielderr.Addf(problems, ErrInvalid, path, "the account's lines on its last date in the period sum beyond the exact range")
		return
	}
	fielderr.Addf(problems, ErrInvalid, path, "the account's lines on its last date in the period sum below zero")
}

// money returns a sum as Money in the table's currency, with trailing zeros
// below the currency's minor unit dropped (300 USD is 300.00).
func (a *TableAccumulator) money(x ledger.U128, exp int32) success.Money {
	d := x.Decimal(exp)
	if places := a.currency.MinorUnits(); a.currency != "" && -d.Exponent() > places {
		if r := d.Round(places); r.Equal(d) {
			d = r
		}
	}
	if a.currency == "" {
		return success.Money{}
	}
	m, err := success.NewMoney(d, a.currency)
	if err != nil { // unreachable: the currency was validated when first read
		return success.ZeroMoney(a.currency)
	}
	return m
}

// BuildTable builds the cohort table of a ledger as of asOf in one pass.
func BuildTable(rows iter.Seq[success.LedgerRow], asOf time.Time, opts TableOptions) (*Table, error) {
	a, err := NewTableAccumulator(opts)
	if err != nil {
		return nil, err
	}
	if err := a.AddAll(rows); err != nil {
		return nil, err
	}
	return a.Table(asOf)
}

// BuildTableFrom is BuildTable for a sequence that can fail, such as a file
// being read: a read error is returned and no table is built.
func BuildTableFrom(rows iter.Seq2[success.LedgerRow, error], asOf time.Time, opts TableOptions) (*Table, error) {
	a, err := NewTableAccumulator(opts)
	if err != nil {
		return nil, err
	}
	if err := a.AddFrom(rows); err != nil {
		return nil, err
	}
	return a.Table(asOf)
}

// tableState is the accumulator's plain state, as MarshalBinary encodes it.
type tableState struct {
	ledger.Snapshot
	Grouping Grouping `json:"grouping"`
}

const (
	tableKind    = "cohort.table"
	tableVersion = 2
)

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// accumulator encoding. The Key function is not part of the state.
func (a *TableAccumulator) MarshalBinary() ([]byte, error) {
	a.init()
	return accum.Encode(tableKind, tableVersion, tableState{a.book.Snapshot(a.opts.Grain, a.currency), a.opts.Grouping})
}

// UnmarshalBinary replaces a's state with the encoded one, after checking it
// is one Add and Merge could have built; a keeps its Key function. On error
// a is unchanged.
func (a *TableAccumulator) UnmarshalBinary(data []byte) error {
	var s tableState
	if _, err := accum.Decode(data, tableKind, tableVersion, &s, ErrInvalid); err != nil {
		return err
	}
	d, err := NewTableAccumulator(TableOptions{Grain: s.Grain, Grouping: s.Grouping, Key: a.opts.Key, Workers: a.opts.Workers})
	if err != nil && !(s.Grouping == ByKey && a.opts.Key == nil) {
		return fmt.Errorf("%w: decoding cohort table: %v", ErrInvalid, err)
	}
	if d == nil { // a by-key state decoded into an accumulator without a Key yet
		d, err = NewTableAccumulator(TableOptions{Grain: s.Grain, Workers: a.opts.Workers})
		if err != nil {
			return fmt.Errorf("%w: decoding cohort table: %v", ErrInvalid, err)
		}
		d.opts.Grouping = ByKey
	}
	book, err := s.Book(d.cal, "cohort table", ErrInvalid)
	if err != nil {
		return err
	}
	d.book, d.currency = book, s.Currency
	*a = *d
	return nil
}

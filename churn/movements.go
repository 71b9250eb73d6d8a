package churn

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// MovementOptions configures a Movements accumulator. The zero value means
// defaults.
type MovementOptions struct {
	// Grain is the ledger's period: success.Weekly, Monthly (the default,
	// when empty), Quarterly or Yearly.
	Grain success.Grain
	// Currency is the report currency. Empty means the currency of the first
	// row added; it must be set when Rates is, because rates are quoted into
	// one currency and a ledger's first row need not be in it.
	Currency success.Currency
	// Rates converts rows in other currencies into Currency. Without it (nil)
	// a row in another currency is an error wrapping ErrCurrencyMismatch.
	// Each converted line is rounded half to even to the report currency's
	// minor unit before any sum, so conservation still holds exactly. A rate
	// that changes between periods moves the converted MRR of an unchanged
	// subscription, which shows as expansion or contraction; for a
	// constant-currency view, give every period the same rate.
	Rates Converter
	// TrailingPeriods is the window of the trailing metrics (NRR, GRR and the
	// TTM rates); 0 means twelve months of the grain (Grain.PeriodsPerYear).
	// At most ten years of the grain.
	TrailingPeriods int
}

const maxTrailingYears = 10

// Movements accumulates an MRR ledger (success.LedgerRow) and reports its
// movements and retention metrics per period. Rows may come in any order:
// an account's MRR in a period is the sum of its lines on its last observed
// date in that period, as success.LedgerRow defines it, whatever the order
// of the rows and however they are split between accumulators that are
// merged, and the cohort tables of package cohort read the same rows the
// same way.
//
// Add costs one lookup of the account and a 16-byte line in a log, with no
// allocation per row; the log is reduced under the ledger convention when a
// report is read, and while rows are added whenever it has doubled, so
// memory stays within about twice one entry (16 bytes) per account and
// period with a row, plus the account's ID, however many lines a date has.
//
// Movements follows the SDK's accumulator contract (package doc): AddAll
// and AddFrom stop at the first bad row, Merge rejects nil and itself, and
// MarshalBinary encodes a versioned state. Accumulators over any split of a
// ledger's rows (by account, by date, at random) Merge into exactly the
// result of one pass. A Movements is not safe for concurrent use; give each
// worker its own and merge. The zero Movements is ready to use, with the
// defaults of NewMovements(MovementOptions{}), or with the options of the
// first accumulator merged into it.
type Movements struct {
	grain    success.Grain
	cal      calendar.Grain
	window   int32
	currency success.Currency
	rates    Converter
	book     *ledger.Book
}

// NewMovements returns an empty accumulator.
func NewMovements(opts MovementOptions) (*Movements, error) {
	var problems success.FieldErrors
	if opts.Grain == "" {
		opts.Grain = success.Monthly
	}
	if err := checkLedgerGrain(opts.Grain); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "grain", err)
	}
	checkReportCurrency(opts.Currency, opts.Rates, &problems)
	grainOK := checkLedgerGrain(opts.Grain) == nil
	maxTrailing := maxTrailingYears * opts.Grain.PeriodsPerYear()
	switch {
	case opts.TrailingPeriods < 0:
		fielderr.Addf(&problems, ErrInvalid, "trailing_periods", "must be >= 0, got %d", opts.TrailingPeriods)
	case opts.TrailingPeriods > maxTrailing && grainOK:
		fielderr.Addf(&problems, ErrInvalid, "trailing_periods", "must be <= %d (%d years of %ss), got %d",
			maxTrailing, maxTrailingYears, opts.Grain, opts.TrailingPeriods)
	case opts.TrailingPeriods == 0 && grainOK:
		opts.TrailingPeriods = opts.Grain.PeriodsPerYear()
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	cal := calendarOf(opts.Grain)
	return &Movements{
		grain:    opts.Grain,
		cal:      cal,
		window:   int32(opts.TrailingPeriods),
		currency: opts.Currency,
		rates:    opts.Rates,
		book:     ledger.New(cal),
	}, nil
}

// init gives a zero Movements the default options.
func (m *Movements) init() {
	if m.book == nil {
		d, _ := NewMovements(MovementOptions{}) // the defaults are valid
		*m = *d
	}
}

// Accounts returns the number of accounts seen.
func (m *Movements) Accounts() int {
	if m.book == nil {
		return 0
	}
	return m.book.Accounts()
}

// Add adds one row. A bad row (an empty account, no date, an amount in no
// currency or an unconvertible one, an amount beyond the exact range) is
// rejected with an error naming its account and period, and leaves the
// accumulator unchanged. A negative line (a discount) is accepted; the
// account's lines on a date must not sum below zero, which Report checks.
func (m *Movements) Add(r success.LedgerRow) error {
	if err := m.add(&r); err != nil {
		return err
	}
	return nil
}

// AddAll adds every row of rows, under the accumulator contract: it stops at
// the first bad row and returns its error, naming the row by its position
// in rows ("rows[41]"), its account and its period; the rows before it stay
// added.
func (m *Movements) AddAll(rows iter.Seq[success.LedgerRow]) error {
	if rows == nil {
		return accum.NilSequence("rows", ErrInvalid)
	}
	// The loop of accum.AddFrom, written out: one call per row through the
	// host's iterator instead of three, on the SDK's fastest path.
	i := 0
	for r := range rows {
		if err := m.add(&r); err != nil {
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
// call, and the rows are sorted by account and reduced to the report's
// cells without entering the row log. The sort takes a buffer of 16 bytes
// per row, which becomes the storage of the cells (or is freed on return
// when the rows are many times the cells), and 4 bytes per row and 8 per
// dictionary entry while the call runs. Later calls append their cells,
// compacted with the rest once, but each looks its accounts up again, so
// give the whole ledger in one call when it is in memory: ten calls of 5M
// rows into a book of 36M cells take about 2.3 times as long as one call.
// A batch in another currency than the report's is read row by row,
// through Rates. See success.ColumnOptions to use several cores.
func (m *Movements) AddColumns(c *success.LedgerColumns, opts success.ColumnOptions) error {
	m.init()
	fast := c == nil || c.Currency == "" || m.currency == "" || c.Currency == m.currency
	added, err := m.book.AddColumns(c, ErrInvalid, fast, opts.Workers, m.add)
	if added > 0 && m.currency == "" {
		m.currency = c.Currency
	}
	return err
}

// AddFrom is AddAll for a sequence that can fail, such as a file being
// read: it stops at the first read error and returns it, wrapped with the
// row's position, so no report is built on half a ledger.
func (m *Movements) AddFrom(rows iter.Seq2[success.LedgerRow, error]) error {
	return accum.AddFrom(rows, "rows", ErrInvalid, m.Add)
}

// add takes the row by pointer: a row is over 100 bytes, copied at every
// call otherwise.
func (m *Movements) add(r *success.LedgerRow) *success.FieldError {
	m.init()
	l, ferr := m.book.Read(r, ErrInvalid)
	if ferr != nil {
		return ferr
	}
	c, e, cur := l.C, l.E, l.Currency
	if cur != m.currency && (cur != "" || c != 0) {
		var err error
		if c, e, err = m.convert(r, l.Day, c, e, cur); err != nil {
			return err.(*success.FieldError)
		}
	}
	switch m.book.Add(r.Account, l.Day, c, e) {
	case ledger.TooFine:
		if ledger.Places(c, e) > ledger.MaxPlaces {
			return m.book.RowError(r, ErrOverflow, "mrr", "needs %d decimal places, too fine for exact totals", ledger.Places(c, e))
		}
		return m.book.RowError(r, ErrOverflow, "mrr", "needs %d decimal places, and an amount already added is too large to keep exactly at that precision", ledger.Places(c, e))
	case ledger.TooLarge:
		return m.book.RowError(r, ErrOverflow, "mrr", "is beyond the exact range at %d decimal places", -m.book.Exp())
	}
	if m.currency == "" && cur != "" {
		m.currency = cur
	}
	return nil
}

// convert returns the line's amount in the report currency; the first row
// with a currency sets it when the options did not.
func (m *Movements) convert(r *success.LedgerRow, day int32, c int64, e int32, cur success.Currency) (int64, int32, error) {
	if m.currency == "" {
		return c, e, nil
	}
	p := m.book.PeriodOf(day)
	if m.rates == nil {
		return 0, 0, m.book.RowError(r, ErrCurrencyMismatch, "mrr",
			"currency %s differs from the report currency %s and no Rates were given", cur, m.currency)
	}
	rate, bad := lookupRate(m.rates, cur, m.currency, periodStart(m.cal, p), periodLabel(m.cal, p))
	if bad != nil {
		return 0, 0, m.book.RowError(r, bad.sentinel, "mrr", "%s", bad.text)
	}
	d, ok := convert(decimal.New(c, e), rate, m.currency)
	if !ok {
		return 0, 0, m.book.RowError(r, ErrOverflow, "mrr", "is beyond the exact range a conversion takes (18 significant digits, exponent -36 to 18)")
	}
	c, e, ok = ledger.Coefficient(d)
	if !ok {
		return 0, 0, m.book.RowError(r, ErrOverflow, "mrr", "converted into %s, has more than 18 significant digits", m.currency)
	}
	return c, e, nil
}

// Merge adds the rows of o into m, so that m holds exactly what one pass
// over both ledgers would hold: the two may share accounts and even dates
// (lines of one date add up, a later date supersedes an earlier one, as in
// one pass). They must share grain, trailing window and report currency. o
// is not modified. Merging nil or m into itself is ErrInvalid. On error m
// is unchanged. A zero m takes o's options, so a combiner may start from a
// zero Movements.
func (m *Movements) Merge(o *Movements) error {
	if err := accum.CheckMerge(m, o, "movements", ErrInvalid); err != nil {
		return err
	}
	if o.book == nil {
		return nil // the zero Movements holds nothing
	}
	if m.book == nil {
		d, err := NewMovements(MovementOptions{Grain: o.grain, TrailingPeriods: int(o.window), Currency: o.currency})
		if err != nil {
			return err // unreachable: o's options were valid
		}
		*m = *d
	}
	switch {
	case m.grain != o.grain:
		return fmt.Errorf("%w: cannot merge grain %s into %s", ErrInvalid, o.grain, m.grain)
	case m.window != o.window:
		return fmt.Errorf("%w: cannot merge trailing window %d into %d", ErrInvalid, o.window, m.window)
	case m.currency != "" && o.currency != "" && m.currency != o.currency:
		return fmt.Errorf("%w: cannot merge a %s ledger into a %s ledger", ErrCurrencyMismatch, o.currency, m.currency)
	}
	if err := m.book.Merge(o.book); err != nil {
		return fmt.Errorf("%w: %v", ErrOverflow, err)
	}
	if m.currency == "" {
		m.currency = o.currency
	}
	return nil
}

// checkSeries checks every account's cells through period last, as
// checkCells does; the first bad one, in the order accounts were first
// seen, is the error.
func (m *Movements) checkSeries(last int32) error {
	for slot, cells := range m.book.All() {
		if err := m.checkCells(slot, cells, last); err != nil {
			return err
		}
	}
	return nil
}

// checkCells checks that no cell of an account through period last sums
// below zero (discount lines larger than the lines they discount) or beyond
// the exact range.
func (m *Movements) checkCells(slot int, cells []ledger.Cell, last int32) error {
	for _, c := range cells {
		if c.Period > last {
			break
		}
		if c.Units < 0 {
			problem, sentinel := "the account's lines on its last date in the period sum below zero", ErrInvalid
			if c.Units == ledger.Overflow {
				problem, sentinel = "the account's lines on its last date in the period sum beyond the exact range", ErrOverflow
			}
			return &success.FieldError{
				Path:    fmt.Sprintf("(account %q, period %s).mrr", string(m.book.ID(slot)), periodLabel(m.cal, c.Period)),
				Problem: problem,
				Err:     sentinel,
			}
		}
	}
	return nil
}

// walk calls move for every movement of an account with cells through
// period last, in period order: from and to are its MRR before and after.
func walk(cells []ledger.Cell, last int32, move func(kind MovementKind, period int32, from, to int64)) {
	var prev int64
	var lastP int32
	paid, seen := false, false
	for _, c := range cells {
		if c.Period > last {
			break
		}
		if seen && c.Period > lastP+1 && prev > 0 {
			move(MovementChurn, lastP+1, prev, 0) // no row in the period after its last
			prev = 0
		}
		v := c.Units
		switch {
		case v > 0 && prev == 0 && paid:
			move(MovementReactivation, c.Period, prev, v)
		case v > 0 && prev == 0:
			move(MovementNew, c.Period, prev, v)
		case v == 0 && prev > 0:
			move(MovementChurn, c.Period, prev, v)
		case v > prev && prev > 0:
			move(MovementExpansion, c.Period, prev, v)
		case v < prev:
			move(MovementContraction, c.Period, prev, v)
		}
		prev, lastP, paid, seen = v, c.Period, paid || v > 0, true
	}
	if seen && prev > 0 && lastP < last {
		move(MovementChurn, lastP+1, prev, 0)
	}
}

// Report computes movements and metrics for every period from the first row
// through the period containing through; rows after that period are not
// read, as of a date in the past. A zero through means the last period
// with a row. Accounts whose last row is before through and had MRR
// then churn in the period after that row. Report does not change m, so more
// rows may be added and Report called again. MovementLog lists the account
// movements behind each total. An accumulator with no rows reports no
// periods (the empty-input rule: a sum of nothing is empty, not an error).
func (m *Movements) Report(through time.Time) (*RetentionReport, error) {
	m.init()
	rep := &RetentionReport{Grain: m.grain, Currency: m.currency, TrailingPeriods: int(m.window)}
	base, last, ok := m.book.Span()
	if !ok {
		return rep, nil
	}
	last, err := m.lastPeriod(last, through)
	if err != nil {
		return nil, err
	}
	if last < base {
		return rep, nil // through ends before the first row
	}
	totals, err := m.totals(base, last)
	if err != nil {
		return nil, err
	}
	m.fillReport(rep, base, totals)
	return rep, nil
}

// totals sums every account's movements, end MRR and trailing cohort into
// one entry per period from base to last, after checking the account's
// cells: the first bad one, in the order accounts were first seen, is the
// error.
func (m *Movements) totals(base, last int32) ([]periodTotals, error) {
	totals := make([]periodTotals, last-base+1)
	w := m.window
	record := func(kind MovementKind, p int32, from, to int64) {
		totals[p-base].record(kind, from, to)
	}
	for slot, cells := range m.book.All() {
		if err := m.checkCells(slot, cells, last); err != nil {
			return nil, err
		}
		walk(cells, last, record)
		j := 0 // the cell at or after the period a window later
		for _, c := range cells {
			if c.Period > last {
				break
			}
			if c.Units <= 0 {
				continue
			}
			t := &totals[c.Period-base]
			t.endMRR.Add(c.Units)
			t.endCustomers++
			q := c.Period + w
			if q > last {
				continue
			}
			for j < len(cells) && cells[j].Period < q {
				j++
			}
			var now int64
			if j < len(cells) && cells[j].Period == q {
				now = cells[j].Units
			}
			later := &totals[q-base]
			later.cohortMRR.Add(now)
			later.cohortCappedMRR.Add(min(now, c.Units))
			if now > 0 {
				later.cohortLogos++
			}
		}
	}
	return totals, nil
}

// periodTotals are the movements of one period in units of 10^exp.
type periodTotals struct {
	endMRR, newMRR, expansionMRR, contractionMRR, churnMRR, reactivationMRR                 ledger.U128
	endCustomers, newCount, expansionCount, contractionCount, churnCount, reactivationCount int64
	// Of the accounts active TrailingPeriods ago: their MRR now, their MRR
	// now capped at their MRR then, and how many still pay.
	cohortMRR, cohortCappedMRR ledger.U128
	cohortLogos                int64
}

// record adds one account movement.
func (t *periodTotals) record(kind MovementKind, from, to int64) {
	switch kind {
	case MovementNew:
		t.newMRR.Add(to)
		t.newCount++
	case MovementReactivation:
		t.reactivationMRR.Add(to)
		t.reactivationCount++
	case MovementExpansion:
		t.expansionMRR.Add(to - from)
		t.expansionCount++
	case MovementContraction:
		t.contractionMRR.Add(from - to)
		t.contractionCount++
	case MovementChurn:
		t.churnMRR.Add(from)
		t.churnCount++
	}
}

// lastPeriod is the index of the period containing through, or of the
// ledger's last period when through is zero. Rows after through's period are
// not read, so "what was true on 1 March?" needs no filtering by the host.
func (m *Movements) lastPeriod(last int32, through time.Time) (int32, error) {
	if through.IsZero() {
		return last, nil
	}
	if err := checkPeriod(through); err != nil {
		return 0, fmt.Errorf("report through: %w", err)
	}
	return int32(calendar.Of(m.cal, through)), nil
}

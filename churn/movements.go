package churn

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// MRRRow is one line of a revenue ledger: an account's monthly recurring
// revenue in one period (the MRR it pays at the end of the period, summed over
// all its subscriptions). Period may be any instant within the period; its
// calendar date decides which. An account with no row in a period has MRR 0
// there; an explicit 0 row means the same.
type MRRRow struct {
	Account success.AccountID `json:"account"`
	Period  time.Time         `json:"period"`
	MRR     success.Money     `json:"mrr"`
}

// MovementOptions configures a Movements accumulator. The zero value means
// defaults.
type MovementOptions struct {
	// Grain is the ledger's period; empty means Month.
	Grain Grain
	// Currency is the report currency. Empty means the currency of the first
	// row added; it must be set when Rates is, because rates are quoted into
	// one currency and a ledger's first row need not be in it.
	Currency success.Currency
	// Rates converts rows in other currencies into Currency. Without it (nil)
	// a row in another currency is an error wrapping ErrCurrencyMismatch.
	// Converted amounts are rounded half to even to the report currency's
	// minor unit, per account and period, before any sum, so conservation
	// still holds exactly. A rate that changes between periods moves the
	// converted MRR of an unchanged subscription, which shows as expansion or
	// contraction; for a constant-currency view, give every period the same
	// rate.
	Rates Converter
	// TrailingPeriods is the window of the trailing metrics (NRR, GRR and the
	// TTM rates); 0 means twelve months of the grain (Grain.PeriodsPerYear).
	// At most ten years of the grain: each account keeps this many values.
	TrailingPeriods int
	// ExpectedAccounts, when known, sizes the accumulator up front so a large
	// first period does not grow it step by step. It is only a hint: it must
	// not be negative, and space for more than 4,194,304 accounts is not
	// reserved in advance.
	ExpectedAccounts int
}

const (
	maxTrailingYears    = 10
	maxPresizedAccounts = 1 << 22
)

// Movements accumulates MRR movements from a revenue ledger. Add rows in any
// order across accounts, but each account's rows in increasing period order;
// Report then gives movements and retention metrics per period.
//
// Memory is one entry per account (its last TrailingPeriods values, needed
// for NRR and GRR) plus one small total per period; it does not grow with the
// number of rows an account has.
//
// Accumulators over disjoint sets of accounts Merge into exactly the result of
// one pass over all of them. A Movements is not safe for concurrent use; give
// each worker its own and merge. The zero Movements is ready to use, with the
// defaults of NewMovements(MovementOptions{}), or with the options of the
// first accumulator merged into it.
type Movements struct {
	grain    Grain
	window   int32
	currency success.Currency
	rates    Converter
	exp      int32 // amounts are int64 counts of 10^exp units

	index    map[success.AccountID]int32
	ids      []success.AccountID // by slot, for the lookup hint
	hint     int32               // slot of the previous row
	lastTime time.Time           // the previous row's Period, its index,
	lastP    int32               // and its ring row (index mod window)
	lastK    int32
	accounts []accountState
	// ring[k][slot] is the account's MRR in its latest period ≡ k (mod
	// window), for NRR and GRR. Period-major, so that a ledger exported
	// period by period reads and writes each ring row in order.
	ring [][]int64

	base    int32 // period index of periods[0]
	periods []periodTotals

	// onMove, when set, hears every account movement as add finds it (see
	// MovementLog); from and to are the account's MRR before and after.
	onMove func(kind MovementKind, slot, period int32, from, to int64)
}

// cacheSentinel starts the period cache, so that a zero Period never hits it.
var cacheSentinel = time.Unix(0, 0).UTC()

// accountState is what the accumulator remembers of one account.
type accountState struct {
	last  int32 // period of its latest row
	value int64 // MRR in that period
	paid  bool  // it has paid at some point, so new revenue later is a reactivation
}

// periodTotals are the movements of one period in units of 10^exp, as added
// so far. Churn of accounts that stop sending rows is added by Report.
type periodTotals struct {
	endMRR, newMRR, expansionMRR, contractionMRR, churnMRR, reactivationMRR                 u128
	endCustomers, newCount, expansionCount, contractionCount, churnCount, reactivationCount int64
	// Of the accounts active TrailingPeriods ago: their MRR now, their MRR
	// now capped at their MRR then, and how many still pay.
	cohortMRR, cohortCappedMRR u128
	cohortLogos                int64
}

// amounts lists the totals' money fields, for operations applied to all.
func (t *periodTotals) amounts() [8]*u128 {
	return [8]*u128{&t.endMRR, &t.newMRR, &t.expansionMRR, &t.contractionMRR, &t.churnMRR,
		&t.reactivationMRR, &t.cohortMRR, &t.cohortCappedMRR}
}

// counts lists the totals' count fields.
func (t *periodTotals) counts() [7]*int64 {
	return [7]*int64{&t.endCustomers, &t.newCount, &t.expansionCount, &t.contractionCount,
		&t.churnCount, &t.reactivationCount, &t.cohortLogos}
}

// NewMovements returns an empty accumulator.
func NewMovements(opts MovementOptions) (*Movements, error) {
	var problems success.FieldErrors
	if opts.Grain == "" {
		opts.Grain = Month
	}
	if err := opts.Grain.Validate(); err != nil {
		problems.AddErr(ErrInvalid, "grain", err)
	}
	checkReportCurrency(opts.Currency, opts.Rates, &problems)
	maxTrailing := maxTrailingYears * opts.Grain.PeriodsPerYear()
	switch {
	case opts.TrailingPeriods < 0:
		problems.Addf(ErrInvalid, "trailing_periods", "must be >= 0, got %d", opts.TrailingPeriods)
	case opts.TrailingPeriods > maxTrailing && opts.Grain.Validate() == nil:
		problems.Addf(ErrInvalid, "trailing_periods", "must be <= %d (%d years of %ss), got %d",
			maxTrailing, maxTrailingYears, opts.Grain, opts.TrailingPeriods)
	case opts.TrailingPeriods == 0 && problems.Err() == nil:
		opts.TrailingPeriods = opts.Grain.PeriodsPerYear()
	}
	if opts.ExpectedAccounts < 0 {
		problems.Addf(ErrInvalid, "expected_accounts", "must be >= 0, got %d", opts.ExpectedAccounts)
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	n := min(opts.ExpectedAccounts, maxPresizedAccounts)
	m := &Movements{
		grain:    opts.Grain,
		window:   int32(opts.TrailingPeriods),
		currency: opts.Currency,
		rates:    opts.Rates,
		index:    make(map[success.AccountID]int32, n),
		ids:      make([]success.AccountID, 0, n),
		accounts: make([]accountState, 0, n),
		ring:     newRing(opts.TrailingPeriods, n),
	}
	m.setPeriodCache(cacheSentinel)
	return m, nil
}

// setPeriodCache remembers the period of t, so that the rows after it in
// the same period skip the calendar arithmetic.
func (m *Movements) setPeriodCache(t time.Time) {
	m.lastTime, m.lastP = t, m.grain.index(t)
	m.lastK = mod(m.lastP, m.window)
}

// newRing returns window empty ring rows with room for n accounts.
func newRing(window, n int) [][]int64 {
	ring := make([][]int64, window)
	for k := range ring {
		ring[k] = make([]int64, 0, n)
	}
	return ring
}

// Accounts returns the number of accounts seen.
func (m *Movements) Accounts() int { return len(m.accounts) }

// AddAll adds every row of rows. It stops at the first bad row and returns its
// error, which names the row by its position in rows, its account and its
// period; rows before it stay added and the bad row is not, so a host can
// correct it and resume.
func (m *Movements) AddAll(rows iter.Seq[MRRRow]) error {
	return m.addRows(rows, nil)
}

// addRows is AddAll that also ends, without error, once *stop is set after a
// row (MovementLog's consumer stopped reading); a nil stop never ends early.
func (m *Movements) addRows(rows iter.Seq[MRRRow], stop *bool) error {
	if rows == nil {
		return fmt.Errorf("%w: rows: nil sequence", ErrInvalid)
	}
	i := 0
	for r := range rows {
		if err := m.addAt(i, &r); err != nil {
			return err
		}
		if stop != nil && *stop {
			return nil
		}
		i++
	}
	return nil
}

// addAt adds row i of a sequence, naming it by its position on error.
func (m *Movements) addAt(i int, r *MRRRow) error {
	if err := m.add(r); err != nil {
		err.Path = fmt.Sprintf("rows[%d] %s", i, err.Path)
		return err
	}
	return nil
}

// Add adds one row. A bad row (empty account, negative MRR, an unknown or
// unconvertible currency, a period not after the account's previous row) is
// rejected with an error naming its account and period, and leaves the
// accumulator unchanged.
func (m *Movements) Add(r MRRRow) error {
	if err := m.add(&r); err != nil {
		return err
	}
	return nil
}

// init gives a zero Movements the default options.
func (m *Movements) init() {
	if m.window == 0 {
		d, _ := NewMovements(MovementOptions{}) // the defaults are valid
		*m = *d
	}
}

// add takes the row by pointer: a row is 72 bytes, copied at every call
// otherwise.
func (m *Movements) add(r *MRRRow) *success.FieldError {
	m.init()
	if r.Period != m.lastTime { // consecutive rows mostly share a period
		if r.Period.IsZero() {
			return m.rowError(r, 0, ErrInvalid, "period", "must be set")
		}
		if !inCalendar(r.Period) {
			return m.rowError(r, 0, ErrInvalid, "period", "%s", outsideCalendar(r.Period))
		}
		m.setPeriodCache(r.Period)
	}
	p := m.lastP
	v, ferr := m.units(r, p)
	if ferr != nil {
		return ferr
	}
	slot, seen := m.lookup(r.Account)
	if !seen {
		if r.Account == "" {
			return m.rowError(r, p, ErrInvalid, "account", "must not be empty")
		}
		if m.currency == "" {
			m.currency = r.MRR.Currency()
		}
		m.touch(p)
		slot = int32(len(m.accounts))
		m.index[r.Account] = slot
		m.ids = append(m.ids, r.Account)
		m.hint = slot
		m.accounts = append(m.accounts, accountState{last: p, value: v, paid: v > 0})
		for k := range m.ring {
			m.ring[k] = append(m.ring[k], 0)
		}
		m.ring[m.lastK][slot] = v
		t := &m.periods[p-m.base]
		if v > 0 {
			t.newMRR.add(v)
			t.newCount++
			t.endMRR.add(v)
			t.endCustomers++
			m.moved(MovementNew, slot, p, 0, v)
		}
		return nil
	}
	st := &m.accounts[slot]
	switch {
	case p == st.last:
		return m.rowError(r, p, ErrInvalid, "period", "duplicate row: account already has MRR for %s", m.grain.label(p))
	case p < st.last:
		return m.rowError(r, p, ErrInvalid, "period", "out of order: %s is not after this account's last row (%s); add each account's rows in period order",
			m.grain.label(p), m.grain.label(st.last))
	}
	m.touch(p)
	gap := p - st.last
	prev := st.value
	if gap > 1 {
		if prev > 0 { // no row in the period after its last: it churned then
			c := &m.periods[st.last+1-m.base]
			c.churnMRR.add(prev)
			c.churnCount++
			m.moved(MovementChurn, slot, st.last+1, prev, 0)
		}
		for q := st.last + 1; q < p && q <= st.last+m.window; q++ {
			m.ring[mod(q, m.window)][slot] = 0
		}
		prev = 0
	}
	ring := m.ring[m.lastK]
	var then int64 // MRR window periods ago
	if gap <= m.window {
		then = ring[slot]
	}

	t := &m.periods[p-m.base]
	switch {
	case v > 0 && prev == 0 && st.paid:
		t.reactivationMRR.add(v)
		t.reactivationCount++
		m.moved(MovementReactivation, slot, p, prev, v)
	case v > 0 && prev == 0:
		t.newMRR.add(v)
		t.newCount++
		m.moved(MovementNew, slot, p, prev, v)
	case v == 0 && prev > 0:
		t.churnMRR.add(prev)
		t.churnCount++
		m.moved(MovementChurn, slot, p, prev, v)
	case v > prev:
		t.expansionMRR.add(v - prev)
		t.expansionCount++
		m.moved(MovementExpansion, slot, p, prev, v)
	case v < prev:
		t.contractionMRR.add(prev - v)
		t.contractionCount++
		m.moved(MovementContraction, slot, p, prev, v)
	}
	if v > 0 {
		t.endMRR.add(v)
		t.endCustomers++
	}
	if then > 0 {
		t.cohortMRR.add(v)
		t.cohortCappedMRR.add(min(v, then))
		if v > 0 {
			t.cohortLogos++
		}
	}
	ring[slot] = v
	st.last, st.value = p, v
	st.paid = st.paid || v > 0
	return nil
}

// moved tells onMove, if set, of one account's movement.
func (m *Movements) moved(kind MovementKind, slot, period int32, from, to int64) {
	if m.onMove != nil {
		m.onMove(kind, slot, period, from, to)
	}
}

// lookup finds the account's slot. Ledgers are usually exported in a stable
// account order, period after period, or account after account; so the slot
// after the previous row's, or the same slot, is tried before the hash map.
// With a million accounts this skips a cache-missing map probe per row.
func (m *Movements) lookup(id success.AccountID) (int32, bool) {
	if n := int32(len(m.ids)); n > 0 {
		next := m.hint + 1
		if next == n {
			next = 0
		}
		if m.ids[next] == id {
			m.hint = next
			return next, true
		}
		if m.ids[m.hint] == id {
			return m.hint, true
		}
	}
	slot, ok := m.index[id]
	if ok {
		m.hint = slot
	}
	return slot, ok
}

// units converts the row's MRR into the accumulator's units, converting the
// currency and refining exp when needed.
func (m *Movements) units(r *MRRRow, p int32) (int64, *success.FieldError) {
	amount := r.MRR.Amount()
	if r.MRR.Currency() != m.currency || m.currency == "" {
		a, ferr := m.convert(r, p)
		if ferr != nil {
			return 0, ferr
		}
		amount = a
	}
	if amount.Sign() < 0 {
		return 0, m.rowError(r, p, ErrInvalid, "mrr", "must be >= 0, got %s", r.MRR)
	}
	v, want, res := toUnits(amount, m.exp)
	if res == unitsNeedFine {
		if !m.canRescale(want) {
			if -want >= int32(len(pow10)) {
				return 0, m.rowError(r, p, ErrOverflow, "mrr", "%s needs %d decimal places, too fine for exact totals", r.MRR, -want)
			}
			return 0, m.rowError(r, p, ErrOverflow, "mrr",
				"%s needs %d decimal places, and an amount already added is too large to keep exactly at that precision", r.MRR, -want)
		}
		m.rescale(want)
		v, _, res = toUnits(amount, m.exp)
	}
	if res != unitsOK || v > maxUnits {
		return 0, m.rowError(r, p, ErrOverflow, "mrr", "%s is beyond the exact range at %d decimal places", r.MRR, -m.exp)
	}
	return v, nil
}

// convert returns the row's amount in the report currency.
func (m *Movements) convert(r *MRRRow, p int32) (decimal.Decimal, *success.FieldError) {
	if err := r.MRR.Validate(); err != nil {
		return decimal.Decimal{}, m.rowError(r, p, ErrInvalid, "mrr", "%v", err)
	}
	if m.currency == "" {
		return r.MRR.Amount(), nil // the first row sets the report currency, once accepted
	}
	if m.rates == nil {
		return decimal.Decimal{}, m.rowError(r, p, ErrCurrencyMismatch, "mrr",
			"currency %s differs from the report currency %s and no Rates were given", r.MRR.Currency(), m.currency)
	}
	rate, bad := lookupRate(m.rates, r.MRR.Currency(), m.currency, m.grain.start(p), m.grain.label(p))
	if bad != nil {
		return decimal.Decimal{}, m.rowError(r, p, bad.sentinel, "mrr", "%s", bad.text)
	}
	return convert(r.MRR.Amount(), rate, m.currency), nil
}

func (m *Movements) rowError(r *MRRRow, p int32, sentinel error, field, format string, args ...any) *success.FieldError {
	period := m.grain.label(p)
	switch {
	case r.Period.IsZero():
		period = "unset"
	case !inCalendar(r.Period):
		period = "out of range"
	}
	return &success.FieldError{
		Path:    fmt.Sprintf("(account %q, period %s).%s", string(r.Account), period, field),
		Problem: fmt.Sprintf(format, args...),
		Err:     sentinel,
	}
}

// touch makes sure period p has a totals entry.
func (m *Movements) touch(p int32) {
	switch {
	case len(m.periods) == 0:
		m.base = p
		m.periods = append(m.periods, periodTotals{})
	case p < m.base:
		grown := make([]periodTotals, int(m.base-p)+len(m.periods), int(m.base-p)+cap(m.periods))
		copy(grown[m.base-p:], m.periods)
		m.periods, m.base = grown, p
	case int(p-m.base) >= len(m.periods):
		for int(p-m.base) >= len(m.periods) {
			m.periods = append(m.periods, periodTotals{})
		}
	}
}

package cohort

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// TableAccumulator builds a cohort table from subscription facts in one pass.
// Its memory grows with the number of cohorts and offsets, never with the
// number of facts or customers. Accumulators built on shards of the facts
// (split any way) Merge into exactly the accumulator of a single pass, so the
// table can be computed in parallel or in a pipeline (create, Add, Merge,
// Table is a combine function). Its state is plain data: State and
// RestoreTableAccumulator expose and rebuild it, and MarshalBinary and
// UnmarshalBinary encode it (as the JSON of State) for a pipeline's coder.
//
// Build one with NewTableAccumulator: the zero value has no as-of date or
// time zone and rejects every fact. A TableAccumulator is not safe for
// concurrent use; give each goroutine its own and Merge them.
type TableAccumulator struct {
	asOf       time.Time
	loc        *time.Location
	opts       TableOptions
	currency   success.Currency
	packed     uint32 // currency packed by packCurrency, for a cheap comparison per fact
	asOfPeriod int
	asOfSec    int64     // asOf.Unix()
	earliest   time.Time // the earliest start accepted, maxHistoryYears before asOf
	lowSec     int64     // max(earliest.Unix(), zeroTimeUnix): below it, the exact checks run
	periods    *periodIndex
	sinceHint  periodHint
	atHint     periodHint
	cohorts    []CohortState
	// Cohort slot lookup: by key, or by start period number minus calBase.
	byKeyGrouping bool
	byKey         map[string]int
	calBase       int
	calSlot       []int32 // slot+1, 0 when absent
	// The cohort of the last fact added (slot+1, 0 for none) and its key or
	// start period: the next fact usually has the same.
	lastSlot        int
	lastKey         string
	lastStartPeriod int
	// The last StartMRR amount converted and its micro-units; the zero
	// Decimal is 0 micro-units.
	lastStartAmount decimal.Decimal
	lastStartMicros int64
}

// CohortState is the running sums of one cohort, exported so that
// accumulators can be encoded.
type CohortState struct {
	Key         string      `json:"key,omitempty"` // ByKey cohorts
	StartPeriod int         `json:"start_period"`  // start-period cohorts: calendar period number (months, quarters or years since year 0)
	Cells       []CellState `json:"cells"`         // by offset
}

// CellState is the running sums of one cohort at one offset. Money is in
// micro-units (10⁻⁶) of the table's currency.
type CellState struct {
	Retained    int64 `json:"retained"`
	MRRMicros   int64 `json:"mrr_micros"`
	GrossMicros int64 `json:"gross_micros"`
	// Customers whose last offset reached by the as-of date is this one, and
	// their starting MRR: the suffix sums give each offset's denominators.
	LastSeen       int64 `json:"last_seen"`
	LastSeenMicros int64 `json:"last_seen_micros"`
}

// TableState is the encodable state of a TableAccumulator.
type TableState struct {
	AsOf     time.Time        `json:"as_of"`
	Location string           `json:"location"`
	Period   Period           `json:"period"`
	Grouping Grouping         `json:"grouping"`
	Currency success.Currency `json:"currency,omitempty"`
	Cohorts  []CohortState    `json:"cohorts"`
}

// NewTableAccumulator returns an empty accumulator for a table as of asOf,
// with calendar periods in loc (required: the month a customer starts in
// depends on the time zone).
func NewTableAccumulator(asOf time.Time, loc *time.Location, opts TableOptions) (*TableAccumulator, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if loc == nil {
		return nil, fmt.Errorf("%w: a time zone is required for calendar periods", ErrInvalid)
	}
	if asOf.IsZero() {
		return nil, fmt.Errorf("%w: the as-of date is required", ErrInvalid)
	}
	a := &TableAccumulator{asOf: asOf, loc: loc, opts: opts, periods: newPeriodIndex(opts.Period, loc)}
	a.asOfPeriod = a.periods.number(asOf)
	a.asOfSec = asOf.Unix()
	a.earliest = asOf.AddDate(-maxHistoryYears, 0, 0)
	a.lowSec = max(a.earliest.Unix(), zeroTimeUnix)
	if opts.Grouping == ByKey {
		a.byKeyGrouping, a.byKey = true, map[string]int{}
	}
	return a, nil
}

// State returns a copy of the accumulator's state for encoding.
func (a *TableAccumulator) State() TableState {
	s := TableState{AsOf: a.asOf, Location: a.loc.String(), Period: a.opts.Period, Grouping: a.opts.Grouping, Currency: a.currency}
	s.Cohorts = make([]CohortState, len(a.cohorts))
	for i, c := range a.cohorts {
		s.Cohorts[i] = CohortState{Key: c.Key, StartPeriod: c.StartPeriod, Cells: slices.Clone(c.Cells)}
	}
	return s
}

// RestoreTableAccumulator rebuilds an accumulator from its state. loc must
// be the location the state was built with (its name is checked).
func RestoreTableAccumulator(s TableState, loc *time.Location) (*TableAccumulator, error) {
	a, err := NewTableAccumulator(s.AsOf, loc, TableOptions{Period: s.Period, Grouping: s.Grouping})
	if err != nil {
		return nil, err
	}
	if loc.String() != s.Location {
		return nil, fmt.Errorf("%w: state was built in location %q, not %q", ErrInvalid, s.Location, loc.String())
	}
	if s.Currency != "" {
		if err := s.Currency.Validate(); err != nil {
			return nil, fmt.Errorf("%w: state currency: %v", ErrInvalid, err)
		}
		a.currency, a.packed = s.Currency, packCurrency(s.Currency)
	}
	if err := a.checkCohorts(s.Cohorts); err != nil {
		return nil, err
	}
	b := &TableAccumulator{asOf: a.asOf, loc: loc, opts: a.opts, currency: a.currency, cohorts: s.Cohorts}
	if err := a.Merge(b); err != nil {
		return nil, err
	}
	return a, nil
}

// MarshalBinary encodes the accumulator's state as the JSON of State, for a
// pipeline runner (an Apache Beam coder, say) to ship between workers.
func (a *TableAccumulator) MarshalBinary() ([]byte, error) {
	if a.periods == nil {
		return nil, errNotBuilt
	}
	return json.Marshal(a.State())
}

// UnmarshalBinary replaces a's state with the encoded one, checked as
// RestoreTableAccumulator checks it (every problem reported, wrapping
// ErrInvalid). The location is a's own when it has the state's location
// name, else loaded by name: a zero TableAccumulator decodes a state built
// in UTC or an IANA zone, and a state built in a time.FixedZone decodes into
// an accumulator built in that zone. On error a is unchanged.
func (a *TableAccumulator) UnmarshalBinary(data []byte) error {
	var s TableState
	if err := decodeState(data, &s, "cohort table"); err != nil {
		return err
	}
	loc, err := stateLocation(a.loc, s.Location)
	if err != nil {
		return err
	}
	restored, err := RestoreTableAccumulator(s, loc)
	if err != nil {
		return err
	}
	*a = *restored
	return nil
}

// checkCohorts validates decoded cohort states: each cohort once, keys
// present when grouping by key, and start periods and offsets within the
// span Add accepts, so that a corrupt state cannot make Merge allocate
// without bound. Every problem is reported.
func (a *TableAccumulator) checkCohorts(cohorts []CohortState) error {
	var problems success.FieldErrors
	earliest := a.periods.number(a.earliest)
	type cohortID struct {
		key         string
		startPeriod int
	}
	seen := map[cohortID]int{} // a cohort is its key, or its start period
	for i, c := range cohorts {
		id := cohortID{startPeriod: c.StartPeriod}
		if a.byKeyGrouping {
			id = cohortID{key: c.Key}
		}
		path := "cohorts[" + strconv.Itoa(i) + "]"
		if j, dup := seen[id]; dup {
			problems.Addf(ErrInvalid, path, "%s is cohorts[%d] again", a.cohortLabel(c), j)
			continue
		}
		seen[id] = i
		// Offsets reach at most from the earliest accepted start to the as-of date.
		maxCells := a.asOfPeriod - earliest + 1
		switch {
		case a.byKeyGrouping && c.Key == "":
			problems.Addf(ErrInvalid, path+".key", "is required when grouping by key")
		case !a.byKeyGrouping && (c.StartPeriod < earliest || c.StartPeriod > a.asOfPeriod):
			problems.Addf(ErrInvalid, path+".start_period", "%d (%s) is not between %s and the as-of period %s",
				c.StartPeriod, periodLabel(a.opts.Period, c.StartPeriod), periodLabel(a.opts.Period, earliest), periodLabel(a.opts.Period, a.asOfPeriod))
			continue
		case !a.byKeyGrouping:
			maxCells = a.asOfPeriod - c.StartPeriod + 1
		}
		if len(c.Cells) > maxCells {
			problems.Addf(ErrInvalid, path+".cells", "%d offsets, but the as-of date allows at most %d", len(c.Cells), maxCells)
		}
	}
	if err := problems.Err(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// Add records one fact. An invalid fact is not recorded and the error, a
// success.FieldErrors, lists every problem with it (paths relative to the
// fact: "mrr", "at"; each problem names the customer).
func (a *TableAccumulator) Add(f Fact) error {
	if a.periods == nil {
		return errNotBuilt
	}
	return a.add(&f)
}

// errNotBuilt rejects facts given to a TableAccumulator not made by
// NewTableAccumulator.
var errNotBuilt = fmt.Errorf("%w: the table accumulator was not made by NewTableAccumulator", ErrInvalid)

// add is Add without copying the fact again on the hot path of AddAll. The
// common case (same cohort, start period and currency as recent facts, small
// amounts) runs without calls beyond decimal's NumDigits: the period hints,
// the last cohort and the micro-unit conversion are checked inline, and every
// miss falls back to the general path.
func (a *TableAccumulator) add(f *Fact) error {
	sinceSec, atSec := f.Since.Unix(), f.At.Unix()
	since := a.sinceHint.n
	if sinceSec < a.sinceHint.lo || sinceSec >= a.sinceHint.hi {
		since = a.periods.numberHinted(f.Since, sinceSec, &a.sinceHint)
	}
	if atSec >= a.atHint.hi && atSec < a.atHint.next {
		a.periods.advance(&a.atHint)
	}
	at := a.atHint.n
	if atSec < a.atHint.lo || atSec >= a.atHint.hi {
		at = a.periods.numberHinted(f.At, atSec, &a.atHint)
	}
	// A customer's facts usually carry the same StartMRR value, and often an
	// MRR unchanged since the start: compared by identity (decimals are
	// immutable, and the cached one is kept alive), they need no conversion.
	startAmount, mrrAmount := f.StartMRR.Amount(), f.MRR.Amount()
	start, okStart := a.lastStartMicros, true
	if startAmount != a.lastStartAmount {
		start, okStart = toMicros(startAmount)
		if okStart {
			a.lastStartAmount, a.lastStartMicros = startAmount, start
		}
	}
	mrr, okMRR := start, okStart
	if mrrAmount != startAmount {
		mrr, okMRR = toMicros(mrrAmount)
	}
	offset := at - since
	// Whole seconds decide almost every fact; the exact comparisons run only
	// on the boundary seconds and for the zero time (year 1).
	if sinceSec <= a.lowSec || atSec <= zeroTimeUnix || sinceSec >= a.asOfSec || atSec >= a.asOfSec {
		if f.Since.IsZero() || f.At.IsZero() || f.Since.Before(a.earliest) || f.Since.After(a.asOf) || f.At.After(a.asOf) {
			return a.explain(f, offset, mrr, okMRR, start, okStart)
		}
	}
	if offset < 0 ||
		!okMRR || !okStart || mrr < 0 || start < 0 || (offset == 0 && mrr != start) ||
		(a.byKeyGrouping && f.Key == "") ||
		((packCurrency(f.MRR.Currency()) != a.packed || packCurrency(f.StartMRR.Currency()) != a.packed) && !a.sameCurrency(f)) {
		return a.explain(f, offset, mrr, okMRR, start, okStart)
	}
	// Facts usually come customer by customer, so the cohort repeats.
	var slot int
	if a.lastSlot > 0 && (a.byKeyGrouping && f.Key == a.lastKey || !a.byKeyGrouping && since == a.lastStartPeriod) {
		slot = a.lastSlot - 1
	} else {
		slot = a.slot(f.Key, since)
		a.lastSlot, a.lastKey, a.lastStartPeriod = slot+1, f.Key, since
	}
	cells := a.cohorts[slot].Cells
	last := offset
	if offset == 0 {
		last = a.asOfPeriod - since
	}
	if last >= len(cells) {
		cells = growCells(cells, last+1)
		a.cohorts[slot].Cells = cells
	}
	c := &cells[offset]
	mrrSum, ok1 := addMicros(c.MRRMicros, mrr)
	grossSum, ok2 := addMicros(c.GrossMicros, min(mrr, start))
	seenSum, ok3 := addMicros(cells[last].LastSeenMicros, start)
	if !ok1 || !ok2 || (offset == 0 && !ok3) {
		return success.FieldErrors{{Path: "mrr", Problem: fmt.Sprintf("customer %q: cohort sums overflow int64 micro-units", string(f.Customer)), Err: ErrInvalid}}
	}
	c.MRRMicros, c.GrossMicros = mrrSum, grossSum
	if mrr > 0 {
		c.Retained++
	}
	if offset == 0 {
		cells[last].LastSeen++
		cells[last].LastSeenMicros = seenSum
	}
	return nil
}

// maxHistoryYears bounds how long before the as-of date a customer may have
// started: a table keeps one cell per period since the earliest start, so a
// mistyped year (0026 for 2026) must be an error, not millions of cells.
const maxHistoryYears = 200

// zeroTimeUnix is time.Time{}.Unix(): the zero time is not a valid instant.
var zeroTimeUnix = time.Time{}.Unix()

// packCurrency packs a three-letter code into an integer (0 for anything
// else), so the hot path compares currencies without calling memequal.
func packCurrency(c success.Currency) uint32 {
	if len(c) != 3 {
		return 0
	}
	return uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2])
}

// sameCurrency checks the fact's currencies against the table's, which the
// first fact with a valid currency sets; a rejected fact sets nothing.
func (a *TableAccumulator) sameCurrency(f *Fact) bool {
	cur := a.currency
	for _, m := range [2]success.Money{f.MRR, f.StartMRR} {
		c := m.Currency()
		if c == cur || (c == "" && m.IsZero()) {
			continue
		}
		if cur != "" || c.Validate() != nil {
			return false
		}
		cur = c
	}
	a.currency, a.packed = cur, packCurrency(cur)
	return true
}

// explain lists every problem with a rejected fact.
func (a *TableAccumulator) explain(f *Fact, offset int, mrr int64, okMRR bool, start int64, okStart bool) error {
	var p success.FieldErrors
	asOf := a.asOf.Format(time.RFC3339)
	switch {
	case f.Since.IsZero():
		p.Addf(ErrInvalid, "since", "is required")
	case f.Since.After(a.asOf):
		p.Addf(ErrInvalid, "since", "%s is after the as-of date %s", f.Since.Format(time.RFC3339), asOf)
	case f.Since.Before(a.earliest):
		p.Addf(ErrInvalid, "since", "%s is more than %d years before the as-of date %s", f.Since.Format(time.RFC3339), maxHistoryYears, asOf)
	}
	switch {
	case f.At.IsZero():
		p.Addf(ErrInvalid, "at", "is required")
	case f.At.After(a.asOf):
		p.Addf(ErrInvalid, "at", "%s is after the as-of date %s", f.At.Format(time.RFC3339), asOf)
	case !f.Since.IsZero() && offset < 0:
		p.Addf(ErrInvalid, "at", "%s is in a period before the customer's start %s", f.At.Format(time.RFC3339), f.Since.Format(time.RFC3339))
	}
	for _, m := range []struct {
		path  string
		money success.Money
		v     int64
		ok    bool
	}{{"mrr", f.MRR, mrr, okMRR}, {"start_mrr", f.StartMRR, start, okStart}} {
		c := m.money.Currency()
		switch {
		case !m.ok:
			p.Addf(ErrInvalid, m.path, "%s has more than 6 decimal places or is too large", m.money)
		case m.v < 0:
			p.Addf(ErrInvalid, m.path, "%s must not be negative", m.money)
		case c == "" && !m.money.IsZero():
			p.Addf(ErrInvalid, m.path, "has no currency")
		case c != "" && c.Validate() != nil:
			p.Addf(ErrInvalid, m.path, "unknown currency %q", string(c))
		case c != "" && a.currency != "" && c != a.currency:
			p.Addf(ErrCurrencyMismatch, m.path, "currency %s differs from the table's %s", c, a.currency)
		}
	}
	if okMRR && okStart && offset == 0 && !f.Since.IsZero() && !f.At.IsZero() && mrr != start {
		p.Addf(ErrInvalid, "mrr", "%s in the customer's first period must equal start_mrr %s", f.MRR, f.StartMRR)
	}
	if a.opts.Grouping == ByKey && f.Key == "" {
		p.Addf(ErrInvalid, "key", "is required when grouping by key")
	}
	if len(p) == 0 {
		// Two currencies in one fact, neither matching a table without one yet.
		p.Addf(ErrCurrencyMismatch, "start_mrr", "currency %s differs from mrr's %s", f.StartMRR.Currency(), f.MRR.Currency())
	}
	for _, e := range p {
		e.Problem = fmt.Sprintf("customer %q: %s", string(f.Customer), e.Problem)
	}
	return p
}

// AddAll records every valid fact of facts and returns one error listing the
// invalid ones by index and customer (the first 100 in full, then a count).
// Valid facts are recorded even when others are rejected; use [BuildTable]
// to reject a batch with any invalid fact. A nil sequence is ErrInvalid.
func (a *TableAccumulator) AddAll(facts iter.Seq[Fact]) error {
	if a.periods == nil {
		return errNotBuilt
	}
	if facts == nil {
		return nilSequence("facts")
	}
	r := rejections{name: "facts"}
	i := 0
	for f := range facts {
		if err := a.add(&f); err != nil {
			r.note(i, err)
		}
		i++
	}
	return r.err(i)
}

// slot returns the index of the cohort of a fact, creating it if needed.
func (a *TableAccumulator) slot(key string, startPeriod int) int {
	if a.byKeyGrouping {
		s, ok := a.byKey[key]
		if !ok {
			a.cohorts = append(a.cohorts, CohortState{Key: key})
			s = len(a.cohorts) - 1
			a.byKey[key] = s
		}
		return s
	}
	i := startPeriod - a.calBase
	if len(a.calSlot) > 0 && i >= 0 && i < len(a.calSlot) && a.calSlot[i] > 0 {
		return int(a.calSlot[i]) - 1
	}
	return a.newCalendarSlot(startPeriod)
}

// newCalendarSlot adds a start-period cohort and widens the dense lookup.
func (a *TableAccumulator) newCalendarSlot(startPeriod int) int {
	if len(a.calSlot) == 0 {
		a.calBase = startPeriod
	}
	if startPeriod < a.calBase {
		grown := make([]int32, a.calBase-startPeriod+len(a.calSlot))
		copy(grown[a.calBase-startPeriod:], a.calSlot)
		a.calSlot, a.calBase = grown, startPeriod
	}
	if i := startPeriod - a.calBase; i >= len(a.calSlot) {
		a.calSlot = append(a.calSlot, make([]int32, i+1-len(a.calSlot))...)
	}
	a.cohorts = append(a.cohorts, CohortState{StartPeriod: startPeriod})
	a.calSlot[startPeriod-a.calBase] = int32(len(a.cohorts))
	return len(a.cohorts) - 1
}

func growCells(cells []CellState, n int) []CellState {
	return append(cells, make([]CellState, n-len(cells))...)
}

// Merge adds the facts recorded by b to a. Both must have the same as-of
// date, location, period and grouping, and (when both have one) currency.
// Merging nil or a into itself is ErrInvalid; a failed merge leaves a
// unchanged.
func (a *TableAccumulator) Merge(b *TableAccumulator) error {
	switch {
	case b == nil:
		return fmt.Errorf("%w: cannot merge a nil accumulator", ErrInvalid)
	case a == b:
		return fmt.Errorf("%w: cannot merge an accumulator into itself (its facts would count twice)", ErrInvalid)
	case !a.asOf.Equal(b.asOf):
		return fmt.Errorf("%w: cannot merge tables as of %s and %s", ErrInvalid, a.asOf.Format(time.RFC3339), b.asOf.Format(time.RFC3339))
	case a.loc.String() != b.loc.String():
		return fmt.Errorf("%w: cannot merge tables in locations %s and %s", ErrInvalid, a.loc, b.loc)
	case a.opts != b.opts:
		return fmt.Errorf("%w: cannot merge tables with options %+v and %+v", ErrInvalid, a.opts, b.opts)
	case a.currency != "" && b.currency != "" && a.currency != b.currency:
		return fmt.Errorf("%w: cannot merge tables in %s and %s", ErrCurrencyMismatch, a.currency, b.currency)
	}
	// Check every sum before changing a, so a failed merge leaves a intact.
	sums := make([][]CellState, len(b.cohorts))
	for i, bc := range b.cohorts {
		var cur []CellState
		if s, ok := a.find(bc); ok {
			cur = a.cohorts[s].Cells
		}
		merged := growCells(slices.Clone(cur), max(len(cur), len(bc.Cells)))
		for k, c := range bc.Cells {
			m := &merged[k]
			var ok [4]bool
			m.MRRMicros, ok[0] = addMicros(m.MRRMicros, c.MRRMicros)
			m.GrossMicros, ok[1] = addMicros(m.GrossMicros, c.GrossMicros)
			m.LastSeenMicros, ok[2] = addMicros(m.LastSeenMicros, c.LastSeenMicros)
			m.Retained, ok[3] = addMicros(m.Retained, c.Retained)
			m.LastSeen += c.LastSeen
			if ok != [4]bool{true, true, true, true} || c.MRRMicros < 0 || c.GrossMicros < 0 || c.LastSeenMicros < 0 || c.Retained < 0 || c.LastSeen < 0 {
				return fmt.Errorf("%w: merging cohort %s offset %d: sums negative or overflowing", ErrInvalid, a.cohortLabel(bc), k)
			}
		}
		sums[i] = merged
	}
	if a.currency == "" {
		a.currency, a.packed = b.currency, b.packed
	}
	for i, bc := range b.cohorts {
		s, ok := a.find(bc)
		if !ok {
			s = a.slot(bc.Key, bc.StartPeriod)
		}
		a.cohorts[s].Cells = sums[i]
	}
	return nil
}

// find returns the slot of the cohort matching c, if a has it.
func (a *TableAccumulator) find(c CohortState) (int, bool) {
	if a.opts.Grouping == ByKey {
		s, ok := a.byKey[c.Key]
		return s, ok
	}
	i := c.StartPeriod - a.calBase
	if i >= 0 && i < len(a.calSlot) && a.calSlot[i] > 0 {
		return int(a.calSlot[i]) - 1, true
	}
	return 0, false
}

func (a *TableAccumulator) cohortLabel(c CohortState) string {
	if a.opts.Grouping == ByKey {
		return fmt.Sprintf("%q", c.Key)
	}
	return periodLabel(a.opts.Period, c.StartPeriod)
}

// Table returns the cohort table of the facts recorded so far, cohorts in
// order of start period (or key). It fails with ErrEmpty when no fact was
// recorded or a cohort has facts but no customer's first-period fact, and
// with ErrInvalid when an offset has more retained customers than customers
// who reached it (facts of a first period missing).
func (a *TableAccumulator) Table() (Table, error) {
	if len(a.cohorts) == 0 {
		return Table{}, fmt.Errorf("%w: no facts recorded", ErrEmpty)
	}
	order := make([]int, len(a.cohorts))
	width := 0
	for i, c := range a.cohorts {
		order[i] = i
		width = max(width, len(c.Cells))
	}
	slices.SortFunc(order, func(i, j int) int {
		if a.opts.Grouping == ByKey {
			return cmp.Compare(a.cohorts[i].Key, a.cohorts[j].Key)
		}
		return cmp.Compare(a.cohorts[i].StartPeriod, a.cohorts[j].StartPeriod)
	})
	t := Table{AsOf: a.asOf, Period: a.opts.Period, Grouping: a.opts.Grouping, Location: a.loc, Currency: a.currency}
	var problems success.FieldErrors
	for _, i := range order {
		c := a.cohorts[i]
		row := CohortRow{Cells: make([]Cell, width)}
		if a.opts.Grouping == ByKey {
			row.Label = c.Key
		} else {
			row.Label = periodLabel(a.opts.Period, c.StartPeriod)
			row.Start = periodStart(a.opts.Period, c.StartPeriod, a.loc)
		}
		// Walk offsets from the last, accumulating who reached each one.
		var reached, reachedMicros int64
		for k := width - 1; k >= 0; k-- {
			var s CellState
			if k < len(c.Cells) {
				s = c.Cells[k]
			}
			reached += s.LastSeen
			reachedMicros += s.LastSeenMicros
			if s.Retained > reached {
				problems.Addf(ErrInvalid, "cohorts["+row.Label+"].offsets["+fmt.Sprint(k)+"]",
					"%d customers retained but only %d started in the cohort: first-period facts are missing", s.Retained, reached)
			}
			row.Cells[k] = Cell{
				Offset:     k,
				Observable: reached > 0,
				Customers:  reached,
				StartMRR:   fromMicros(reachedMicros, a.currency),
				Retained:   s.Retained,
				MRR:        fromMicros(s.MRRMicros, a.currency),
				GrossMRR:   fromMicros(s.GrossMicros, a.currency),
			}
		}
		row.Customers, row.StartMRR = reached, fromMicros(reachedMicros, a.currency)
		if reached == 0 {
			problems.Addf(ErrEmpty, "cohorts["+row.Label+"]", "has facts but no customer's first-period fact, so no customers")
		}
		t.Cohorts = append(t.Cohorts, row)
	}
	if err := problems.Err(); err != nil {
		return Table{}, err
	}
	return t, nil
}

// BuildTable builds the cohort table of facts as of asOf in one pass. Any
// invalid fact rejects the batch; the error lists them by index.
func BuildTable(facts iter.Seq[Fact], asOf time.Time, loc *time.Location, opts TableOptions) (Table, error) {
	a, err := NewTableAccumulator(asOf, loc, opts)
	if err != nil {
		return Table{}, err
	}
	if err := a.AddAll(facts); err != nil {
		return Table{}, err
	}
	return a.Table()
}

package ledger

import (
	"fmt"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/success"
)

// AddColumns adds the rows of a columnar batch, with exactly the result of
// adding c.Row(0), c.Row(1), ... one by one through add, the reader's row
// path (which stops at the first bad row): it stops at the first row the
// row path rejects, returns that error named by the row's position
// ("rows[41]: ...") and keeps the rows before it. fast says whether the
// batch may take the columnar path (the reader's currency allows it);
// rows the columnar path cannot take (a bad row, amounts needing a
// rescale the stored ones cannot take) go through add, so its errors are
// the row path's own. added is the number of rows the columnar path took.
func (b *Book) AddColumns(c *success.LedgerColumns, sentinel error, fast bool,
	add func(r *success.LedgerRow) *success.FieldError) (added int, err error) {
	n := len(c.Account)
	if len(c.Day) != n || len(c.Minor) != n {
		return 0, &success.FieldError{Path: "columns", Err: sentinel,
			Problem: fmt.Sprintf("have different lengths (account %d, day %d, minor %d)", n, len(c.Day), len(c.Minor))}
	}
	for lo := 0; lo < n; {
		hi := lo
		if fast {
			hi = checkColumns(c, lo)
		}
		if hi > lo && b.addColumns(c, lo, hi) {
			added += hi - lo
			lo = hi
			continue
		}
		// The row path: the rows the columnar path refused, or row lo,
		// which it cannot take.
		for end := max(hi, lo+1); lo < end; lo++ {
			r, ok := c.Row(lo)
			if !ok {
				return added, accum.ItemError("rows", lo, &success.FieldError{Path: "account", Err: sentinel,
					Problem: fmt.Sprintf("index %d is outside the dictionary of %d accounts", c.Account[lo], len(c.Accounts))})
			}
			if ferr := add(&r); ferr != nil {
				return added, accum.ItemError("rows", lo, ferr)
			}
		}
	}
	return added, nil
}

// maxColumnRows bounds the rows of one columnar step, so that its counts
// fit an int32.
const maxColumnRows = math.MaxInt32

// checkColumns returns the end of the rows from lo that Read would accept
// (a valid date, a non-empty account, an amount with a valid currency), in
// the columnar form: an account index inside the dictionary, a day of the
// years 1 to 9999, a zero amount when there is no currency.
func checkColumns(c *success.LedgerColumns, lo int) int {
	if c.Currency != "" && c.Currency.Validate() != nil {
		return lo
	}
	hi := min(len(c.Account), lo+maxColumnRows)
	nd := uint32(len(c.Accounts))
	empty := slices.Contains(c.Accounts, "")
	for i := lo; i < hi; i++ {
		a, d := c.Account[i], int64(c.Day[i])
		if uint32(a) >= nd || d < minDay || d > maxDay || (empty && c.Accounts[a] == "") ||
			(c.Currency == "" && c.Minor[i] != 0) {
			return i
		}
	}
	return hi
}

// planUnits returns the exponent at which the book keeps the amounts minor
// × 10^e (the exponent the row path would reach: finer than b.exp only as
// far as an amount needs), and the factor to multiply (mul) or divide (div)
// each amount by; ok is false when an amount does not fit there, which the
// row path then reports.
func (b *Book) planUnits(minor []int64, e int32) (exp int32, mul, div int64, ok bool) {
	exp = b.exp
	var most uint64 // the largest magnitude
	if exp > e {
		p := pow10[exp-e] // exp - e <= MaxPlaces
		for _, m := range minor {
			most = max(most, magnitude(m))
			if m%p != 0 {
				k := e
				for c := m; c%10 == 0; c /= 10 {
					k++
				}
				exp = min(exp, k)
			}
		}
	} else {
		for _, m := range minor {
			most = max(most, magnitude(m))
		}
	}
	if exp <= e {
		if e-exp >= int32(len(pow10)) {
			return 0, 0, 0, false
		}
		mul = pow10[e-exp]
		return exp, mul, 1, most <= uint64(MaxUnits/mul)
	}
	div = pow10[exp-e]
	return exp, 1, div, most/uint64(div) <= MaxUnits
}

// magnitude returns |m|, with |MinInt64| = 2^63.
func magnitude(m int64) uint64 {
	if m < 0 {
		return uint64(-(m + 1)) + 1
	}
	return uint64(m)
}

// addColumns adds rows [lo, hi) of c, which checkColumns accepted, and
// reports whether it could: not when an amount does not fit the book's
// exponent or the exponent they need (nothing changed, the row path then
// reports the row), nor when the dictionary repeats an ID (the book may
// then have new, empty accounts and a finer exponent, as the row path
// would have given it: the row path then adds the rows).
//
// The rows never enter the log. The dictionary's accounts are looked up
// once each, in the order of their first row (the order Add creates them
// in); a counting sort by dictionary index lays each account's lines out
// contiguously in a scratch buffer of 16 bytes per row; each account's
// lines are reduced to its cells under the convention in place; the cells
// are then written to the partitions, in slot order, merged with the
// cells already there. So the cost per row is a few sequential reads and
// one scattered write, and the scratch buffer is freed on return.
func (b *Book) addColumns(c *success.LedgerColumns, lo, hi int) bool {
	b.flush() // rows added one by one before: their accounts come first
	acct, days, minor := c.Account[lo:hi], c.Day[lo:hi], c.Minor[lo:hi]
	e := int32(0)
	if c.Currency != "" {
		e = -c.Currency.MinorUnits()
	}
	exp, mul, div, ok := b.planUnits(minor, e)
	if !ok || !b.rescale(exp) {
		return false
	}

	// The histogram by dictionary index, the accounts in order of their
	// first row, and the span of days.
	counts := make([]int32, len(c.Accounts))
	var order []int32
	lowDay, highDay := days[0], days[0]
	for i, a := range acct {
		if counts[a] == 0 {
			order = append(order, a)
		}
		counts[a]++
		d := days[i]
		lowDay, highDay = min(lowDay, d), max(highDay, d)
	}
	slots := make([]int32, len(order))
	seen := make([]uint64, (len(b.ids)+len(order)+63)/64)
	for k, a := range order {
		s := b.slot(c.Accounts[a])
		if seen[s>>6]&(1<<(s&63)) != 0 {
			return false // a repeated ID: two runs for one account
		}
		seen[s>>6] |= 1 << (s & 63)
		slots[k] = s
	}
	// counts become each run's start, in the order of order.
	var at int32
	for _, a := range order {
		at, counts[a] = at+counts[a], at
	}
	lines := make([]entry, len(acct))
	switch {
	case mul == 1 && div == 1:
		for i, a := range acct {
			p := counts[a]
			counts[a]++
			lines[p] = entry{day: days[i], units: minor[i]}
		}
	case div == 1:
		for i, a := range acct {
			p := counts[a]
			counts[a]++
			lines[p] = entry{day: days[i], units: minor[i] * mul}
		}
	default:
		for i, a := range acct {
			p := counts[a]
			counts[a]++
			lines[p] = entry{day: days[i], units: minor[i] / div}
		}
	}
	// counts[order[k]] is now the end of account k's run: reduce each run
	// to its cells, in place; ends[k] is the end of account k's cells.
	ends := make([]int32, len(order))
	w, start := 0, 0
	for k, a := range order {
		end := int(counts[a])
		lines[start].slot = slots[k]
		w = b.reduce(lines, start, end, w)
		ends[k] = int32(w)
		start = end
	}
	b.placeCells(lines, slots, ends)

	if !b.span {
		b.minDay, b.maxDay, b.span = lowDay, highDay, true
	} else {
		b.minDay, b.maxDay = min(b.minDay, lowDay), max(b.maxDay, highDay)
	}
	return true
}

// placeCells writes the batch's cells into the partitions: account k's are
// cells[ends[k-1]:ends[k]], of slot slots[k].
func (b *Book) placeCells(cells []entry, slots, ends []int32) {
	if b.parts == nil {
		b.parts = make([]part, parts)
	}
	// The batch's accounts by partition, each partition's in slot order.
	var byPart [parts + 1]int32
	for _, s := range slots {
		byPart[s&partMask+1]++
	}
	for i := 1; i <= parts; i++ {
		byPart[i] += byPart[i-1]
	}
	ks := make([]int32, len(slots))
	next := byPart
	for k, s := range slots {
		p := s & partMask
		ks[next[p]] = int32(k)
		next[p]++
	}
	var merged []entry
	for pi := range b.parts {
		mine := ks[byPart[pi]:byPart[pi+1]]
		if len(mine) == 0 {
			continue
		}
		if !slices.IsSortedFunc(mine, func(x, y int32) int { return int(slots[x]) - int(slots[y]) }) {
			slices.SortFunc(mine, func(x, y int32) int { return int(slots[x]) - int(slots[y]) })
		}
		total := 0
		for _, k := range mine {
			total += int(ends[k]) - int(cellStart(ends, k))
		}
		p := &b.parts[pi]
		if p.n == 0 {
			out := make([]entry, 0, total)
			for _, k := range mine {
				out = append(out, cells[cellStart(ends, k):ends[k]]...)
			}
			b.setCells(p, out)
			continue
		}
		b.compactPart(p)
		out := make([]entry, 0, p.n+total)
		r := reader{p: p}
		r.load()
		for _, k := range mine {
			s := slots[k]
			for r.ok && r.e.slot < s {
				out = append(out, r.e)
				r.next()
			}
			add := cells[cellStart(ends, k):ends[k]]
			if !r.ok || r.e.slot != s {
				out = append(out, add...)
				continue
			}
			merged = merged[:0]
			for ; r.ok && r.e.slot == s; r.next() {
				merged = append(merged, r.e)
			}
			merged = append(merged, add...)
			merged[0].slot = s
			w := b.reduce(merged, 0, len(merged), 0)
			out = append(out, merged[:w]...)
		}
		for ; r.ok; r.next() {
			out = append(out, r.e)
		}
		b.setCells(p, out)
	}
}

// cellStart returns the start of account k's cells.
func cellStart(ends []int32, k int32) int32 {
	if k == 0 {
		return 0
	}
	return ends[k-1]
}

// setCells makes cells, compacted and in slot order, p's entries.
func (b *Book) setCells(p *part, cells []entry) {
	clear(p.full)
	p.full, p.tail = nil, cells
	p.n, p.clean = len(cells), len(cells)
	p.limit = max(b.compactAt, 2*p.n)
}

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
// workers is the host's success.ColumnOptions.Workers: the scatter and the
// compaction then split across up to that many goroutines (see Workers),
// with the same book.
func (b *Book) AddColumns(c *success.LedgerColumns, sentinel error, fast bool, workers int,
	add func(r *success.LedgerRow) *success.FieldError) (added int, err error) {
	if c == nil {
		return 0, &success.FieldError{Path: "columns", Problem: "must not be nil", Err: sentinel}
	}
	if workers < 0 {
		return 0, &success.FieldError{Path: "opts.workers", Problem: fmt.Sprintf("must be >= 0, got %d", workers), Err: sentinel}
	}
	n := len(c.Account)
	if len(c.Day) != n || len(c.Minor) != n {
		return 0, &success.FieldError{Path: "columns", Err: sentinel,
			Problem: fmt.Sprintf("have different lengths (account %d, day %d, minor %d)", n, len(c.Day), len(c.Minor))}
	}
	for lo := 0; lo < n; {
		hi, ok := lo, false
		if fast {
			hi, ok = b.addColumns(c, lo, workers)
		}
		if ok {
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

// scan reads rows from lo up to the first row Read would reject, in the
// columnar form (an account index outside the dictionary, an empty ID, a
// day outside the years 1 to 9999, a non-zero amount without a currency),
// or maxColumnRows rows, and returns its end with what the batch needs: the
// rows of each dictionary entry (the accounts in order of their first row),
// the span of days, and the exponent and factor of its amounts.
func (b *Book) scan(c *success.LedgerColumns, lo int) (s batchScan) {
	s.hi = lo
	if c.Currency != "" && c.Currency.Validate() != nil {
		return s
	}
	e := int32(0)
	if c.Currency != "" {
		e = -c.Currency.MinorUnits()
	}
	hi := min(len(c.Account), lo+maxColumnRows)
	nd := uint32(len(c.Accounts))
	empty := slices.Contains(c.Accounts, "")
	s.rows = make([]int32, nd)
	s.key = make([]int32, 0, hi-lo)
	s.exp = b.exp
	var p int64 // amounts not a multiple of p need a finer exponent
	if s.exp > e {
		p = pow10[s.exp-e] // s.exp - e <= MaxPlaces
	}
	s.lowDay, s.highDay = math.MaxInt32, math.MinInt32
	var most uint64 // the largest magnitude
	i := lo
	for ; i < hi; i++ {
		a, d, m := c.Account[i], c.Day[i], c.Minor[i]
		if uint32(a) >= nd || int64(d) < minDay || int64(d) > maxDay || (empty && c.Accounts[a] == "") ||
			(c.Currency == "" && m != 0) {
			break
		}
		k := s.rows[a]
		if k == 0 {
			s.order = append(s.order, a)
			k = int32(len(s.order))
			s.rows[a] = k
		}
		s.key = append(s.key, k-1)
		s.lowDay, s.highDay = min(s.lowDay, d), max(s.highDay, d)
		most = max(most, magnitude(m))
		if p != 0 && m%p != 0 {
			k := e
			for c := m; c%10 == 0; c /= 10 {
				k++
			}
			if s.exp = min(s.exp, k); s.exp > e {
				p = pow10[s.exp-e]
			} else {
				p = 0 // every amount fits from here
			}
		}
	}
	s.hi = i
	// The factor, and whether every amount fits at s.exp.
	if s.exp <= e {
		if e-s.exp >= int32(len(pow10)) {
			return s
		}
		s.mul, s.div = pow10[e-s.exp], 1
		s.fits = most <= uint64(MaxUnits/s.mul)
		return s
	}
	s.mul, s.div = 1, pow10[s.exp-e]
	s.fits = most/uint64(s.div) <= MaxUnits
	return s
}

// batchScan is what scan found.
type batchScan struct {
	hi              int
	rows            []int32 // each dictionary entry's position in order, +1 (0: no rows)
	order           []int32 // the dictionary entries with rows, in order of their first row
	key             []int32 // each row's account, as its position in order
	lowDay, highDay int32
	exp             int32 // the exponent the amounts need (the book's, or finer)
	mul, div        int64 // the factor from minor units to units of 10^exp
	fits            bool  // whether every amount fits at exp
}

// magnitude returns |m|, with |MinInt64| = 2^63.
func magnitude(m int64) uint64 {
	if m < 0 {
		return uint64(-(m + 1)) + 1
	}
	return uint64(m)
}

// addColumns adds the rows of c from lo to the first row Read would reject
// (hi), and reports whether it could: not when an amount does not fit the book's
// exponent or the exponent they need (nothing changed, the row path then
// reports the row), nor when the dictionary repeats an ID (the book may
// then have new, empty accounts and a finer exponent, as the row path
// would have given it: the row path then adds the rows).
//
// The rows never enter the log. The dictionary's accounts are looked up
// once each, in the order of their first row (the order Add creates them
// in); one pass scatters the rows by partition into a scratch buffer of 16
// bytes per row (256 write streams, which the caches keep up with); then
// each partition is compacted with its share, a counting sort by account
// and a reduction to cells that stay in cache, written to the partition's
// slabs and, past them, over its share of the buffer, which so becomes the
// book's storage (when the cells are at least half the rows; otherwise
// they are copied out, and the buffer is garbage on return).
func (b *Book) addColumns(c *success.LedgerColumns, lo, workers int) (hi int, ok bool) {
	b.flush() // rows added one by one before: their accounts come first
	sc := b.scan(c, lo)
	if sc.hi == lo || !sc.fits || !b.rescale(sc.exp) {
		return sc.hi, false
	}
	hi = sc.hi
	workers = Workers(workers, hi-lo)
	days, minor := c.Day[lo:hi], c.Minor[lo:hi]
	order, key, mul, div := sc.order, sc.key, sc.mul, sc.div
	lowDay, highDay := sc.lowDay, sc.highDay
	slots, ok := b.slotsOf(c.Accounts, order)
	if !ok {
		return hi, false
	}
	// Into an empty book, an account's slot is its position in order.
	identity := true
	for k, s := range slots {
		if s != int32(k) {
			identity = false
			break
		}
	}
	if identity {
		slots = nil
	}
	lines, start := scatter(key, slots, days, minor, mul, div, workers)
	if b.parts == nil {
		b.parts = make([]part, parts)
	}
	var used [parts]int // the entries of lines each partition now holds
	b.compactParts(lines, &start, &used, workers)
	total := 0
	for i := range b.parts {
		if start[i] < start[i+1] {
			total += used[i]
			b.parts[i].limit = max(b.compactAt, 2*b.parts[i].n)
		}
	}
	// The cells are written over the buffer, which then holds the book's
	// new cells at no cost; unless they are few (many lines a cell), and
	// the buffer would then keep more memory than the cells need.
	if 2*total < len(lines) {
		for i := range b.parts {
			if p := &b.parts[i]; used[i] > 0 {
				p.tail = slices.Clone(p.tail)
			}
		}
	}
	if !b.span {
		b.minDay, b.maxDay, b.span = lowDay, highDay, true
	} else {
		b.minDay, b.maxDay = min(b.minDay, lowDay), max(b.maxDay, highDay)
	}
	return hi, true
}

// firstSlots is slotsOf for an empty book: every account is new, so the
// slots are the order's positions, and the IDs are hashed and indexed in
// dictionary order, reading the dictionary sequentially; two equal IDs
// (ok false) leave the book empty.
func (b *Book) firstSlots(dict []success.AccountID, order []int32, known []int32) (slots []int32, ok bool) {
	x := &b.index
	at := make([]int32, len(dict)) // slot+1 of each entry with rows
	for k, a := range order {
		at[a] = int32(k) + 1
	}
	ids := make([]success.AccountID, len(order))
	for a, s := range at {
		if s != 0 {
			ids[s-1] = dict[a]
		}
	}
	mask := uint64(len(x.buckets) - 1)
	for a, s := range at {
		if s == 0 {
			continue
		}
		h := x.hash(dict[a])
		if x.findHashed(dict[a], h, ids) >= 0 {
			clear(x.buckets)
			x.n = 0
			return nil, false
		}
		i := h & mask
		for x.buckets[i] != 0 {
			i = (i + 1) & mask
		}
		x.buckets[i] = h>>32<<32 | uint64(uint32(s))
		x.n++
	}
	b.ids = ids
	slots = make([]int32, len(order))
	for k := range slots {
		slots[k] = int32(k)
	}
	copy(known, at)
	return slots, true
}

// slotsOf finds or creates the slots of the dictionary's IDs dict[a] for a
// in order, in that order; ok is false when two are one account. The IDs
// are hashed in dictionary order (a dictionary's IDs usually lie in memory
// in that order), the index grows once, and the buckets of 64 accounts at a
// time are read in a loop of their own before they are probed, so that the
// cache misses overlap. The address table is set aside: a dictionary's IDs
// are found by their index in it, not by their address.
func (b *Book) slotsOf(dict []success.AccountID, order []int32) (slots []int32, ok bool) {
	x := &b.index
	x.ptrOff, x.byPtr = true, nil
	x.reserve(len(b.ids)+len(order), b.ids)
	known := b.dictionary(dict)
	if len(b.ids) == 0 {
		return b.firstSlots(dict, order, known)
	}
	// The entries the previous batch of this dictionary resolved, where the
	// entry is still that account's ID (the same bytes), need no lookup.
	slots = make([]int32, len(order))
	seen := make([]uint64, (len(b.ids)+len(order)+63)/64)
	var todo []int32 // positions in order to look up
	for k, a := range order {
		if s := known[a] - 1; s >= 0 && sameBytes(b.ids[s], dict[a]) {
			if seen[s>>6]&(1<<(s&63)) != 0 {
				return nil, false
			}
			seen[s>>6] |= 1 << (s & 63)
			slots[k] = s
			continue
		}
		todo = append(todo, int32(k))
	}
	hashes := make([]uint64, len(dict))
	for _, k := range todo {
		hashes[order[k]] = 1 // present
	}
	for a, h := range hashes {
		if h != 0 {
			hashes[a] = x.hash(dict[a])
		}
	}
	mask := uint64(len(x.buckets) - 1)
	for lo := 0; lo < len(todo); lo += batch {
		group := todo[lo:min(lo+batch, len(todo))]
		var sink uint64
		for _, k := range group {
			sink |= x.buckets[hashes[order[k]]&mask]
		}
		b.touched = int(sink & 1)
		for _, k := range group {
			a := order[k]
			id, h := dict[a], hashes[a]
			s := x.findHashed(id, h, b.ids)
			if s < 0 {
				s = b.newSlot(id, h)
			} else if seen[s>>6]&(1<<(s&63)) != 0 {
				return nil, false
			}
			seen[s>>6] |= 1 << (s & 63)
			slots[k] = s
			known[a] = s + 1
		}
	}
	return slots, true
}

// dictionary returns the slots (+1; 0 unknown) of dict's entries as the
// previous batch with this dictionary (the same slice) resolved them, or
// none: hosts feeding chunks of one table pass its dictionary again, and
// its accounts are then not looked up again.
func (b *Book) dictionary(dict []success.AccountID) []int32 {
	if len(dict) > 0 && b.dict.first == &dict[0] && len(b.dict.slots) == len(dict) {
		return b.dict.slots
	}
	b.dict.first, b.dict.slots = nil, nil // let the previous one go
	b.dict.slots = make([]int32, len(dict))
	if len(dict) > 0 {
		b.dict.first = &dict[0]
	}
	return b.dict.slots
}

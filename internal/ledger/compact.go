package ledger

import (
	"iter"
	"math/bits"
	"slices"

	"github.com/secondsale/secondsale/internal/calendar"
)

// Compact applies the convention to every partition with lines added since
// its last compaction: each account's lines become one cell per period, the
// sum of its lines on the period's last date. What the book means does not
// change.
func (b *Book) Compact() {
	b.flush()
	for i := range b.parts {
		b.compactPart(&b.parts[i])
	}
}

// compactPart compacts one partition: a counting sort of its entries by
// account into the scratch buffer, then each account's lines sorted by day
// and reduced to cells, written back over the partition's own slabs.
func (b *Book) compactPart(p *part) { b.compactor().compactWith(p, nil) }

// compactWith compacts p with extra, lines of p's accounts that are not in
// its slabs (a columnar batch's), as if they had been pushed: the cells are
// written back over p's slabs and, when they do not fit there, the rest
// over extra, which becomes p's last slab. It returns how many entries of
// extra p now holds.
func (cp *compaction) compactWith(p *part, extra []entry) int {
	if p.n == p.clean && len(extra) == 0 {
		return 0
	}
	if p.n > 0 && len(extra) > 0 && p.n+len(extra) < p.limit {
		return cp.appendCells(p, extra)
	}
	if p.n > 0 && p.n == p.clean {
		return cp.mergeWith(p, extra)
	}
	local := (len(cp.b.ids) + parts - 1) >> partBits // accounts per partition, at most
	if cap(cp.counts) < local+1 {
		cp.counts = make([]int, local+1)
	}
	counts := cp.counts[:local+1]
	clear(counts)
	for _, s := range p.full {
		for _, e := range s {
			counts[e.slot>>partBits+1]++
		}
	}
	for _, e := range p.tail {
		counts[e.slot>>partBits+1]++
	}
	for _, e := range extra {
		counts[e.slot>>partBits+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	n := p.n + len(extra)
	if cap(cp.scratch) < n {
		cp.scratch = make([]entry, n)
	}
	sorted := cp.scratch[:n]
	for _, s := range p.full {
		for _, e := range s {
			k := e.slot >> partBits
			sorted[counts[k]] = e
			counts[k]++
		}
	}
	for _, e := range p.tail {
		k := e.slot >> partBits
		sorted[counts[k]] = e
		counts[k]++
	}
	for _, e := range extra {
		k := e.slot >> partBits
		sorted[counts[k]] = e
		counts[k]++
	}
	// counts[k] is now the end of account k's lines.
	w, start := 0, 0
	for _, end := range counts[:local] {
		if end > start {
			w = cp.reduce(sorted, start, end, w)
		}
		start = end
	}
	return cp.writeBack(p, sorted[:w], extra)
}

// appendCells is compactWith for a partition below its compaction bound:
// extra is reduced to its cells alone, which are added to p as entries (a
// slab of extra itself), and p is compacted with them later, once, as rows
// added one by one are; so a book fed in many batches is not compacted at
// each one.
func (cp *compaction) appendCells(p *part, extra []entry) int {
	cells := cp.sortReduce(extra)
	w := copy(extra, cells)
	if cap(p.tail) > 0 {
		p.full = append(p.full, p.tail)
	}
	p.tail = extra[:w:w]
	p.n += w
	return w
}

// sortReduce sorts lines, all of one partition, by account into the
// scratch buffer and reduces each account's to its cells, returned in slot
// order (in the scratch buffer).
func (cp *compaction) sortReduce(lines []entry) []entry {
	local := (len(cp.b.ids) + parts - 1) >> partBits
	if cap(cp.counts) < local+1 {
		cp.counts = make([]int, local+1)
	}
	counts := cp.counts[:local+1]
	clear(counts)
	for _, e := range lines {
		counts[e.slot>>partBits+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	if cap(cp.scratch) < len(lines) {
		cp.scratch = make([]entry, len(lines))
	}
	sorted := cp.scratch[:len(lines)]
	for _, e := range lines {
		k := e.slot >> partBits
		sorted[counts[k]] = e
		counts[k]++
	}
	w, start := 0, 0
	for _, end := range counts[:local] {
		if end > start {
			w = cp.reduce(sorted, start, end, w)
		}
		start = end
	}
	return sorted[:w]
}

// mergeWith is compactWith for a compacted p: only extra is sorted and
// reduced, and its cells are merged with p's, which are in slot order
// already, so that a book fed in batches is not sorted again at each one.
func (cp *compaction) mergeWith(p *part, extra []entry) int {
	cells := cp.sortReduce(extra)
	out := cp.merged[:0]
	r := reader{p: p}
	r.load()
	for len(cells) > 0 {
		s := cells[0].slot
		k := 1
		for k < len(cells) && cells[k].slot == s {
			k++
		}
		for r.ok && r.e.slot < s {
			out = append(out, r.e)
			r.next()
		}
		if !r.ok || r.e.slot != s {
			out = append(out, cells[:k]...)
		} else {
			pair := cp.pair[:0]
			for ; r.ok && r.e.slot == s; r.next() {
				pair = append(pair, r.e)
			}
			pair = append(pair, cells[:k]...)
			out = append(out, pair[:cp.reduce(pair, 0, len(pair), 0)]...)
			cp.pair = pair
		}
		cells = cells[k:]
	}
	for ; r.ok; r.next() {
		out = append(out, r.e)
	}
	cp.merged = out
	return cp.writeBack(p, out, extra)
}

// reduce reduces one account's lines, sorted[start:end], to its cells,
// written as entries from sorted[w], with w <= start; it returns the new w.
// When the account's periods are dense, each line goes straight to its
// period's cell (one pass, no sort); otherwise the lines are sorted by day.
func (cp *compaction) reduce(sorted []entry, start, end, w int) int {
	lines := sorted[start:end]
	slot := lines[0].slot
	first, last := lines[0].day, lines[0].day
	for _, e := range lines[1:] {
		first, last = min(first, e.day), max(last, e.day)
	}
	lo, hi := cp.periodOf(first), cp.periodOf(last)
	if span := int(hi-lo) + 1; span <= 2*len(lines)+16 {
		if cap(cp.cellSums) < span {
			cp.cellSums = make([]cellSum, span)
		}
		cells := cp.cellSums[:span]
		for i := range cells {
			cells[i].day = noDay // the rest is set when a line is met
		}
		for _, e := range lines {
			c := &cells[cp.periodOf(e.day)-lo]
			switch {
			case e.day > c.day && e.units != Overflow:
				*c = cellSum{day: e.day, hi: e.units >> 63, lo: uint64(e.units)}
			case e.day > c.day:
				*c = cellSum{day: e.day, overflow: true}
			case e.day == c.day:
				c.add(e.units)
			}
		}
		for i := range cells { // w + emitted <= start + lines read: the lines are all read
			if c := &cells[i]; c.day != noDay {
				if v := c.value(); v != Overflow {
					sorted[w] = entry{slot: slot, day: c.day, units: v}
					w++
					continue
				}
				w = c.put(sorted, w, slot)
			}
		}
		return w
	}
	slices.SortFunc(lines, func(x, y entry) int { return int(x.day) - int(y.day) })
	var c cellSum
	period := int32(0)
	for i, e := range lines {
		if i > 0 && e.day == c.day {
			c.add(e.units)
			continue
		}
		q := cp.periodOf(e.day)
		if i > 0 && q != period {
			w = c.put(sorted, w, slot) // behind line i, already read
		}
		period = q
		c = cellSum{day: e.day}
		c.add(e.units)
	}
	return c.put(sorted, w, slot)
}

// noDay is before every day of the calendar.
const noDay = -1 << 31

// cellSum is the exact sum of one date's lines: 128 bits, so that the
// order of the lines does not decide whether it overflows.
type cellSum struct {
	day      int32
	hi       int64
	lo       uint64
	overflow bool // an Overflow cell of a restored state
}

func (c *cellSum) add(v int64) {
	if v == Overflow {
		c.overflow = true
		return
	}
	var carry uint64
	c.lo, carry = bits.Add64(c.lo, uint64(v), 0)
	c.hi += int64(carry) + v>>63
}

// value returns the sum, or Overflow when it is beyond ±MaxUnits.
func (c *cellSum) value() int64 {
	v := int64(c.lo)
	if c.overflow || c.hi != v>>63 || v > MaxUnits || v < -MaxUnits {
		return Overflow
	}
	return v
}

// put writes the cell as entries of slot from dst[w] and returns the new w:
// one entry, or, when the sum is beyond ±MaxUnits, as many lines of at most
// MaxUnits as it takes (never more than the lines summed), so that a
// compaction loses nothing and the sum is judged only when the book is read.
func (c *cellSum) put(dst []entry, w int, slot int32) int {
	if v := c.value(); v != Overflow || c.overflow {
		dst[w] = entry{slot: slot, day: c.day, units: v}
		return w + 1
	}
	for c.hi != int64(c.lo)>>63 || int64(c.lo) > MaxUnits || int64(c.lo) < -MaxUnits {
		chunk := int64(MaxUnits)
		if c.hi < 0 {
			chunk = -MaxUnits
		}
		dst[w] = entry{slot: slot, day: c.day, units: chunk}
		w++
		c.add(-chunk)
	}
	dst[w] = entry{slot: slot, day: c.day, units: int64(c.lo)}
	return w + 1
}

// writeBack replaces p's entries with cells, reusing p's slabs, and
// spare, which it returns how much of, for the cells beyond them (len(spare)
// must be at least that).
func (cp *compaction) writeBack(p *part, cells, spare []entry) int {
	slabs := p.full
	if cap(p.tail) > 0 {
		slabs = append(slabs, p.tail)
	}
	full := p.full[:0]
	var tail []entry
	for _, s := range slabs {
		if len(cells) == 0 {
			break
		}
		s = s[:min(cap(s), len(cells))]
		copy(s, cells)
		cells = cells[len(s):]
		if tail != nil {
			full = append(full, tail)
		}
		tail = s
	}
	clear(p.full[len(full):]) // let the unused slabs go
	used := len(cells)
	if used > 0 { // more cells than p had entries: a columnar batch's
		s := spare[:used:used] // full: a push starts a new slab
		copy(s, cells)
		if tail != nil {
			full = append(full, tail)
		}
		tail = s
	}
	p.full, p.tail = full, tail
	p.n = 0
	for _, s := range full {
		p.n += len(s)
	}
	p.n += len(tail)
	p.clean = p.n
	return used
}

// All compacts the book and yields every account's cells in period order,
// account by account in the order first seen (slot order). The cells are
// valid until the next iteration step. The book must not change during the
// iteration.
func (b *Book) All() iter.Seq2[int, []Cell] {
	return func(yield func(int, []Cell) bool) {
		b.Compact()
		if b.parts == nil {
			for slot := range b.ids {
				if !yield(slot, nil) {
					return
				}
			}
			return
		}
		// One reader per partition: each partition holds its accounts in
		// slot order, so the readers only move forward.
		readers := make([]reader, parts)
		for i := range readers {
			readers[i] = reader{p: &b.parts[i]}
			readers[i].load()
		}
		var cells []Cell
		for slot := range b.ids {
			r := &readers[slot&partMask]
			cells = cells[:0]
			for r.ok && r.e.slot == int32(slot) {
				c := cellSum{day: r.e.day}
				c.add(r.e.units)
				for r.next(); r.ok && r.e.slot == int32(slot) && r.e.day == c.day; r.next() {
					c.add(r.e.units) // a sum beyond the range, kept as lines
				}
				cells = append(cells, Cell{Period: b.PeriodOf(c.day), Day: c.day, Units: c.value()})
			}
			if !yield(slot, cells) {
				return
			}
		}
	}
}

// Cells is All for a reader that does not depend on the order of the
// accounts (sums, counts): it yields the accounts with cells partition by
// partition, so that the book is read sequentially, which All, walking the
// partitions in turn to keep slot order, cannot do on a large book.
func (b *Book) Cells() iter.Seq2[int, []Cell] {
	return func(yield func(int, []Cell) bool) {
		b.Compact()
		b.readParts(0, 1, b.compactor(), yield)
	}
}

// CellsSplit is Cells for n goroutines: it compacts the book now and returns
// n sequences over disjoint sets of its partitions (every account in
// exactly one), each with a period memo of its own, so that they can be
// read at once. The book must not change until they are read.
func (b *Book) CellsSplit(n int) []iter.Seq2[int, []Cell] {
	b.Compact()
	seqs := make([]iter.Seq2[int, []Cell], n)
	for w := range seqs {
		seqs[w] = func(yield func(int, []Cell) bool) { b.readParts(w, n, b.newCompaction(), yield) }
	}
	return seqs
}

// readParts yields the accounts of partitions from, from+step, ... with
// their cells, the periods found through cp's memo.
func (b *Book) readParts(from, step int, cp *compaction, yield func(int, []Cell) bool) {
	var cells []Cell
	for i := from; i < len(b.parts); i += step {
		r := reader{p: &b.parts[i]}
		r.load()
		for r.ok {
			slot := r.e.slot
			cells = cells[:0]
			for r.ok && r.e.slot == slot {
				c := cellSum{day: r.e.day}
				c.add(r.e.units)
				for r.next(); r.ok && r.e.slot == slot && r.e.day == c.day; r.next() {
					c.add(r.e.units) // a sum beyond the range, kept as lines
				}
				cells = append(cells, Cell{Period: cp.periodOf(c.day), Day: c.day, Units: c.value()})
			}
			if !yield(int(slot), cells) {
				return
			}
		}
	}
}

// reader reads a partition's entries in order.
type reader struct {
	p       *part
	s, i    int // slab (len(p.full) for the tail) and index in it
	e       entry
	ok      bool
	current []entry
}

func (r *reader) load() {
	for {
		switch {
		case r.s < len(r.p.full):
			r.current = r.p.full[r.s]
		case r.s == len(r.p.full):
			r.current = r.p.tail
		default:
			r.ok = false
			return
		}
		if r.i < len(r.current) {
			r.e, r.ok = r.current[r.i], true
			return
		}
		r.s, r.i = r.s+1, 0
	}
}

func (r *reader) next() {
	r.i++
	if r.i < len(r.current) {
		r.e = r.current[r.i]
		return
	}
	r.nextSlab()
}

// nextSlab is next's rare path, kept out of line so that next inlines.
//
//go:noinline
func (r *reader) nextSlab() {
	r.s, r.i = r.s+1, 0
	r.load()
}

// dayPeriod is one entry of the period memo.
type dayPeriod struct{ day, period int32 }

const memoSize = 1 << 10

// PeriodOf returns the number of the period containing day. Ledgers have
// few distinct dates (a snapshot a month, a day), so the answer is kept.
func (b *Book) PeriodOf(day int32) int32 {
	if m := b.memo[uint32(day)&(memoSize-1)]; m.day == day {
		return m.period
	}
	return b.periodOf(day)
}

func (b *Book) periodOf(day int32) int32 {
	p := int32(calendar.OfDay(b.grain, int(day)))
	b.memo[uint32(day)&(memoSize-1)] = dayPeriod{day: day, period: p}
	return p
}

// newMemo returns an empty period memo.
func newMemo() *[memoSize]dayPeriod {
	m := new([memoSize]dayPeriod)
	for i := range m {
		m[i].day = noDay
	}
	return m
}

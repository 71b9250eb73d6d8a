// Package ledger is the revenue ledger core that churn.Movements and the
// cohort tables share: it reads success.LedgerRow amounts into exact
// fixed-point units, numbers calendar periods, and keeps each account's MRR
// per period under the one convention of success.LedgerRow (the sum of its
// lines on its last observed date in the period), whatever the order of the
// rows and however they are split into shards and merged.
//
// A Book does as little as it can per row: one lookup of the account's slot
// and a 16-byte append to a log partitioned by slot. Nothing per account is
// touched, so a shuffled ledger costs the misses of the account lookup alone
// (before, also the account's series and cell); lookups are made 64 rows at
// a time, a step at a time over the batch, so that the misses of many rows
// overlap, and an ID that shares its bytes with the account's first ID is
// found by their address, without reading them. The convention is applied
// when the log is compacted: by Compact, by All (what the readers call), and
// by Add itself whenever a partition has doubled since its last compaction,
// so that memory stays proportional to the account-periods, not to the
// rows, on long streams of snapshots.
//
// A columnar batch (success.LedgerColumns, AddColumns) skips the log: its
// dictionary is looked up once per account, and its rows are sorted by
// account and reduced to cells directly (columns.go).
package ledger

import (
	"fmt"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Cell is one account's MRR in one period: the sum of its lines dated Day,
// the last date of the period it has rows for.
type Cell struct {
	Period int32 // calendar period number of the book's grain
	Day    int32 // days from 1970-01-01
	Units  int64 // in 10^exp of the currency; may be negative (discount lines); Overflow when beyond the exact range
}

// Overflow is the Units of a cell whose lines sum beyond ±MaxUnits, as All
// yields it and State encodes it: the readers report it as an error naming
// the account and period. The log itself keeps such a sum as lines (see
// compaction), so it is exact whatever the order of the rows, and a later
// date in the period supersedes it, as it supersedes any cell.
const Overflow = -1 << 63

// entry is one line of the log, or one compacted cell.
type entry struct {
	slot  int32 // the account
	day   int32 // days from 1970-01-01
	units int64 // in 10^exp; Overflow only from a restored state
}

// parts is the number of log partitions; an account's lines go to partition
// slot % parts, so a partition compacts with a counting sort over its own
// accounts, in a scratch buffer that stays in cache.
const (
	partBits = 8
	parts    = 1 << partBits
	partMask = parts - 1
)

// Slab sizes of a partition's log: small for small ledgers, and never one
// large allocation that doubling would copy and leave as garbage.
const (
	minSlab = 256
	maxSlab = 8192
)

// DefaultCompactAt is the number of entries at which a partition is first
// compacted while rows are added (256 partitions: about 16 million rows).
// After a compaction, a partition is compacted again when its entries have
// doubled.
const DefaultCompactAt = 1 << 16

// part is one partition of the log.
type part struct {
	full  [][]entry // filled slabs, oldest first
	tail  []entry   // the slab being filled
	n     int       // entries in full and tail
	clean int       // n after the last compaction: the entries are compacted when n == clean
	limit int       // n at which Add compacts the partition
}

// Book holds every account's lines. The zero Book is not usable; build one
// with New. A Book is not safe for concurrent use, and must not be changed
// while All is being iterated.
type Book struct {
	grain calendar.Grain
	exp   int32
	index index
	ids   []success.AccountID // by slot, in the order first seen
	parts []part              // nil until the first line
	span  bool                // whether minDay and maxDay are set
	// The first and last day with a line.
	minDay, maxDay int32
	compactAt      int

	// Lines whose account is not looked up yet: flush looks up a batch at
	// once, so that the cache misses of many rows overlap.
	pending  [batch]pendingLine
	npending int
	hashes   [batch]uint64
	guesses  [batch]int32
	hint     int32 // the slot of the last row looked up
	misses   int   // rows in a row whose account was not at or after hint

	cur    success.Currency // the previous minor-unit row's currency
	curExp int32            // and its exponent
	mrrCur success.Currency // the previous Money row's currency

	memo    [memoSize]dayPeriod // period of a day, direct-mapped by the day's low bits
	touched int                 // what flush read ahead, kept so that the reads stay
	one     compaction          // the calling goroutine's compaction buffers
	dict    dictSlots           // the last columnar batch's dictionary
}

// dictSlots remembers the slots of a dictionary's entries.
type dictSlots struct {
	first *success.AccountID // the dictionary's first entry
	slots []int32            // each entry's slot+1, 0 when unknown
}

// New returns an empty book of grain g.
func New(g calendar.Grain) *Book {
	b := &Book{grain: g, compactAt: DefaultCompactAt}
	b.memo = *newMemo()
	return b
}

// Grain returns the book's calendar grain.
func (b *Book) Grain() calendar.Grain { return b.grain }

// Exp returns the book's unit exponent: amounts are counts of 10^exp.
func (b *Book) Exp() int32 { return b.exp }

// Accounts returns the number of accounts.
func (b *Book) Accounts() int {
	b.flush()
	return len(b.ids)
}

// ID returns the account in slot.
func (b *Book) ID(slot int) success.AccountID { return b.ids[slot] }

// Span returns the first and last period with a cell; ok is false for a
// book without lines.
func (b *Book) Span() (first, last int32, ok bool) {
	b.flush()
	if !b.span {
		return 0, 0, false
	}
	return b.PeriodOf(b.minDay), b.PeriodOf(b.maxDay), true
}

// Problem is why Add refused an amount.
type Problem uint8

const (
	OK       Problem = iota
	TooFine          // more decimal places than exact totals allow, given what is stored
	TooLarge         // beyond MaxUnits at the book's exponent
)

// Add records a line of c × 10^e for the account on day. Under the
// convention, it adds to the account's other lines of that day, supersedes
// those of earlier days in the period and is superseded by those of later
// ones; that is applied when the log is compacted, so a sum beyond the exact
// range shows there, as an Overflow cell. Nothing changes when the problem
// is not OK.
func (b *Book) Add(id success.AccountID, day int32, c int64, e int32) Problem {
	v := c
	if e != b.exp || c > MaxUnits || c < -MaxUnits {
		var need int32
		var ok bool
		if v, need, ok = toUnits(c, e, b.exp); !ok {
			if need >= b.exp {
				return TooLarge
			}
			if !b.rescale(need) {
				return TooFine
			}
			if v, _, ok = toUnits(c, e, b.exp); !ok {
				return TooLarge
			}
		}
	}
	b.pending[b.npending] = pendingLine{id: id, day: day, units: v}
	if b.npending++; b.npending == batch {
		b.flush()
	}
	return OK
}

// batch is how many lines Add holds before it looks up their accounts.
const batch = 64

// pendingLine is a line whose account is not looked up yet.
type pendingLine struct {
	id    success.AccountID
	units int64
	day   int32
	last  bool // the batch's last row: its slot is the next batch's hint
}

// flush looks up the pending lines' accounts and appends them to the log.
// On a shuffled ledger each lookup is a few cache misses (the ID's bytes,
// its bucket, the slot's ID); done one row at a time they follow each
// other, while here each step runs over the whole batch, so the processor
// has many rows' misses in flight. Accounts are still created in row order.
func (b *Book) flush() {
	n := b.npending
	if n == 0 {
		return
	}
	b.npending = 0
	lines := b.pending[:n]
	lines[n-1].last = true
	todo := b.flushByHint(lines)
	if len(todo) > 0 && b.index.usePtr() {
		todo = b.flushByPtr(todo)
	}
	b.flushByContent(todo)
	clear(lines) // let the IDs go
}

// flushByHint appends the lines whose account is the previous row's or the
// one created after it, and returns the others, moved to the front of lines
// in order. Ledgers are usually exported account after account, or period
// after period in a stable account order, and then most rows are found so,
// in order and without a lookup. On a shuffled ledger the guess misses, so
// it is tried only while it has been paying.
func (b *Book) flushByHint(lines []pendingLine) []pendingLine {
	k := 0
	for i := range lines {
		l := &lines[i]
		if b.misses >= maxHintMisses {
			if b.misses++; b.misses == 1024 {
				b.misses = 0 // try again now and then: the order may change along the ledger
			}
			lines[k] = *l
			k++
			continue
		}
		if h := b.hint; int(h) < len(b.ids) && b.ids[h] == l.id {
			b.push(h, l.day, l.units)
			b.misses = 0
			continue
		}
		if h := b.hint + 1; int(h) < len(b.ids) && b.ids[h] == l.id {
			b.push(h, l.day, l.units)
			b.hint, b.misses = h, 0
			continue
		}
		b.misses++
		lines[k] = *l
		k++
	}
	return lines[:k]
}

// maxHintMisses is how many rows in a row may miss the hint before
// flushByHint stops trying it for a while.
const maxHintMisses = 8

// flushByPtr appends the lines whose ID shares its bytes with its
// account's, and returns the others, moved to the front of lines in order.
func (b *Book) flushByPtr(lines []pendingLine) []pendingLine {
	guesses, hashes := b.guesses[:len(lines)], b.hashes[:len(lines)]
	for i := range lines {
		hashes[i] = ptrHash(lines[i].id)
	}
	b.index.guessAll(b.index.byPtr, hashes, guesses)
	b.touch(guesses)
	k := 0
	for i := range lines {
		if g := guesses[i]; g >= 0 && sameBytes(b.ids[g], lines[i].id) {
			b.push(g, lines[i].day, lines[i].units)
			if lines[i].last {
				b.hint = g
			}
			continue
		}
		lines[k] = lines[i]
		k++
	}
	b.index.ptrHits += len(lines) - k
	return lines[:k]
}

// flushByContent appends lines, looking their IDs up by their bytes.
func (b *Book) flushByContent(lines []pendingLine) {
	hashes, guesses := b.hashes[:len(lines)], b.guesses[:len(lines)]
	for i := range lines {
		if i > 0 && lines[i].id == lines[i-1].id {
			hashes[i] = hashes[i-1]
			continue
		}
		hashes[i] = b.index.hash(lines[i].id)
	}
	b.index.guessAll(b.index.buckets, hashes, guesses)
	b.touch(guesses)
	for i := range lines {
		l := &lines[i]
		slot := guesses[i]
		if slot < 0 || b.ids[slot] != l.id { // new, or created earlier in the batch, or a tag collision
			if slot = b.index.findHashed(l.id, hashes[i], b.ids); slot < 0 {
				slot = b.newSlot(l.id, hashes[i])
				b.index.ptrMisses-- // a new account: no table could have known it
			}
		}
		b.push(slot, l.day, l.units)
		if l.last {
			b.hint = slot
		}
	}
	b.index.ptrMisses += len(lines)
}

// touch reads the IDs of the guessed slots, so that the checks after it
// find them in cache: the reads of a batch overlap.
func (b *Book) touch(guesses []int32) {
	var n int
	for _, g := range guesses {
		if g >= 0 {
			n += len(b.ids[g])
		}
	}
	b.touched = n
}

// push appends a line to its account's partition.
func (b *Book) push(slot, day int32, v int64) {
	if b.parts == nil {
		b.parts = make([]part, parts)
	}
	p := &b.parts[slot&partMask]
	if len(p.tail) == cap(p.tail) {
		b.grow(p)
	}
	p.tail = append(p.tail, entry{slot: slot, day: day, units: v})
	p.n++
	if !b.span {
		b.minDay, b.maxDay, b.span = day, day, true
	} else if day < b.minDay {
		b.minDay = day
	} else if day > b.maxDay {
		b.maxDay = day
	}
}

// grow makes room in p's tail: it compacts p when it has reached its bound,
// and starts a new slab if that did not free room.
func (b *Book) grow(p *part) {
	if p.limit == 0 {
		p.limit = b.compactAt
	}
	if p.n >= p.limit {
		b.compactPart(p)
		p.limit = max(b.compactAt, 2*p.n)
		if len(p.tail) < cap(p.tail) {
			return
		}
	}
	if cap(p.tail) > 0 {
		p.full = append(p.full, p.tail)
	}
	p.tail = make([]entry, 0, min(maxSlab, max(minSlab, p.n)))
}

// slot finds or creates the account's slot.
func (b *Book) slot(id success.AccountID) int32 {
	slot, h := b.index.find(id, b.ids)
	if slot < 0 {
		slot = b.newSlot(id, h)
	}
	return slot
}

// newSlot adds the account id, not in the book, whose hash is h.
func (b *Book) newSlot(id success.AccountID, h uint64) int32 {
	slot := int32(len(b.ids))
	b.index.insert(id, h, slot, b.ids)
	b.ids = append(b.ids, id)
	return slot
}

// each calls f for every entry of the log, partition by partition.
func (b *Book) each(f func(e *entry)) {
	b.flush()
	for i := range b.parts {
		p := &b.parts[i]
		for _, s := range p.full {
			for j := range s {
				f(&s[j])
			}
		}
		for j := range p.tail {
			f(&p.tail[j])
		}
	}
}

// canRescale reports whether every stored amount still fits at the finer
// exponent want.
func (b *Book) canRescale(want int32) bool {
	if want < -MaxPlaces {
		return false
	}
	k := b.exp - want // both within -MaxPlaces..0
	if k < 0 || k >= int32(len(pow10)) {
		return false
	}
	limit := int64(MaxUnits) / pow10[k]
	fits := true
	b.each(func(e *entry) {
		if e.units != Overflow && (e.units > limit || e.units < -limit) {
			fits = false
		}
	})
	return fits
}

// rescale moves every stored amount to the finer exponent want, if they fit.
func (b *Book) rescale(want int32) bool {
	if want >= b.exp {
		return true
	}
	if !b.canRescale(want) {
		return false
	}
	p := pow10[b.exp-want]
	b.each(func(e *entry) {
		if e.units != Overflow {
			e.units *= p
		}
	})
	b.exp = want
	return true
}

// Merge adds o's lines into b, so that b holds what one pass over both
// books' rows would hold, in any order. o is unchanged; on error b is
// unchanged.
func (b *Book) Merge(o *Book) error {
	if b.grain != o.grain {
		return fmt.Errorf("cannot merge books of different grains")
	}
	b.flush()
	o.flush()
	target := min(b.exp, o.exp)
	if !b.canRescale(target) || !o.canRescale(target) {
		return fmt.Errorf("merging needs %d decimal places, too fine for exact totals", -target)
	}
	b.rescale(target)
	scale := pow10[o.exp-target]
	// The accounts of o with lines, in o's order, as one pass would meet them.
	to := make([]int32, len(o.ids))
	o.each(func(e *entry) { to[e.slot] = 1 })
	for slot, id := range o.ids {
		if to[slot] != 0 {
			to[slot] = b.slot(id)
		}
	}
	o.each(func(e *entry) {
		v := e.units
		if v != Overflow {
			v *= scale
		}
		b.push(to[e.slot], e.day, v)
	})
	return nil
}

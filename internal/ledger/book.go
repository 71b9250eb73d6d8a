// Package ledger is the revenue ledger core that churn.Movements and the
// cohort tables share: it reads success.LedgerRow amounts into exact
// fixed-point units, numbers calendar periods, and keeps each account's MRR
// per period under the one convention of success.LedgerRow (the sum of its
// lines on its last observed date in the period), whatever the order of the
// rows and however they are split into shards and merged.
package ledger

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Cell is one account's MRR in one period: the sum of its lines dated Day,
// the last date of the period it has rows for.
type Cell struct {
	Period int32 // calendar period number of the book's grain
	Day    int32 // days from 1970-01-01
	Units  int64 // in 10^exp of the currency; may be negative (discount lines)
}

// Book holds every account's cells. The zero Book is not usable; build one
// with New. A Book is not safe for concurrent use.
type Book struct {
	grain  calendar.Grain
	exp    int32
	index  map[success.AccountID]int32
	ids    []success.AccountID // by slot, in the order first seen
	series [][]Cell            // by slot, in period order
	slab   []Cell              // free cells that new and growing series take their room from
	hint   int32               // slot of the previous row
	lastID success.AccountID   // the previous row's account
	misses int                 // rows in a row whose account was not the slot after hint
	// The previous row's date, for the rows after it on the same day.
	dayLo, dayHi int64 // Unix seconds of that day in dayLoc
	dayLoc       *time.Location
	day, period  int32
}

// New returns an empty book of grain g.
func New(g calendar.Grain) *Book {
	return &Book{grain: g, index: map[success.AccountID]int32{}, dayLo: 1, dayHi: 0}
}

// Grain returns the book's calendar grain.
func (b *Book) Grain() calendar.Grain { return b.grain }

// Exp returns the book's unit exponent: amounts are counts of 10^exp.
func (b *Book) Exp() int32 { return b.exp }

// Accounts returns the number of accounts.
func (b *Book) Accounts() int { return len(b.ids) }

// ID returns the account in slot.
func (b *Book) ID(slot int) success.AccountID { return b.ids[slot] }

// Series returns the cells of the account in slot, in period order. The
// caller must not modify them.
func (b *Book) Series(slot int) []Cell { return b.series[slot] }

// Span returns the first and last period with a cell; ok is false for an
// empty book.
func (b *Book) Span() (first, last int32, ok bool) {
	for _, s := range b.series {
		if len(s) == 0 {
			continue
		}
		if !ok || s[0].Period < first {
			first = s[0].Period
		}
		if !ok || s[len(s)-1].Period > last {
			last = s[len(s)-1].Period
		}
		ok = true
	}
	return first, last, ok
}

// Where returns the period and day of t's calendar date in t's location.
func (b *Book) Where(t time.Time) (period, day int32) {
	sec := t.Unix()
	if sec >= b.dayLo && sec < b.dayHi && t.Location() == b.dayLoc {
		return b.period, b.day
	}
	d := calendar.Day(t)
	b.day, b.period = int32(d), int32(calendar.OfDay(b.grain, d))
	b.dayLoc = t.Location()
	if b.dayLoc == time.UTC {
		b.dayLo = int64(d) * 86400
		b.dayHi = b.dayLo + 86400
	} else { // the next row on the same day in this zone is found by Date again
		b.dayLo, b.dayHi = 1, 0
	}
	return b.period, b.day
}

// Problem is why Add refused an amount.
type Problem uint8

const (
	OK       Problem = iota
	TooFine          // more decimal places than exact totals allow, given what is stored
	TooLarge         // beyond MaxUnits at the book's exponent
)

// Add records a line of c × 10^e for the account on day in period: it
// starts the period's cell, replaces a cell of an earlier day, adds to a
// cell of the same day, and is superseded by a cell of a later day. Nothing
// changes when the problem is not OK.
func (b *Book) Add(id success.AccountID, period, day int32, c int64, e int32) Problem {
	v, need, ok := toUnits(c, e, b.exp)
	if !ok {
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
	slot := b.slot(id)
	s := b.series[slot]
	n := len(s)
	i := n
	if n > 0 && s[n-1].Period >= period { // rows mostly come in period order
		i, _ = slices.BinarySearchFunc(s, period, func(c Cell, p int32) int { return int(c.Period) - int(p) })
	}
	switch {
	case i < n && s[i].Period == period && s[i].Day > day:
		return OK // an earlier snapshot of a period with a later one
	case i < n && s[i].Period == period && s[i].Day == day:
		sum := s[i].Units + v
		if sum > MaxUnits || sum < -MaxUnits {
			return TooLarge
		}
		s[i].Units = sum
	case i < n && s[i].Period == period:
		s[i] = Cell{Period: period, Day: day, Units: v}
	default:
		b.series[slot] = b.insert(s, i, Cell{Period: period, Day: day, Units: v})
	}
	return OK
}

// slabCells is how many cells a slab holds: series take their room from
// slabs, so that an account costs no allocation of its own and the series
// of accounts seen one after another lie side by side in memory (a ledger
// exported period by period then reads and writes them in order).
const slabCells = 1 << 14

// insert inserts c at index i of s, growing s from the slab when it is full.
func (b *Book) insert(s []Cell, i int, c Cell) []Cell {
	if len(s) == cap(s) {
		n := max(4, 2*cap(s))
		if len(b.slab) < n {
			b.slab = make([]Cell, max(slabCells, n))
		}
		grown := b.slab[:len(s):n]
		b.slab = b.slab[n:]
		copy(grown, s)
		s = grown
	}
	return slices.Insert(s, i, c)
}

// Has reports whether the account is in the book.
func (b *Book) Has(id success.AccountID) bool {
	_, ok := b.index[id]
	return ok
}

// slot finds or creates the account's slot. Ledgers are usually exported
// account after account, or period after period in a stable account order:
// so the previous row's account (compared with the previous row's ID, which
// is still in cache) and the slot after it are tried before the map. On a
// shuffled ledger the slot after is a cache miss that never pays, so it is
// tried only while it has been paying (misses counts the misses in a row).
func (b *Book) slot(id success.AccountID) int32 {
	if id == b.lastID && len(b.ids) > 0 {
		return b.hint
	}
	b.lastID = id
	if next := b.hint + 1; b.misses < maxHintMisses && int(next) < len(b.ids) {
		if b.ids[next] == id {
			b.hint, b.misses = next, 0
			return next
		}
		b.misses++
	} else if b.misses >= maxHintMisses {
		b.misses++ // try again now and then: the order may change along the ledger
		if b.misses == 1024 {
			b.misses = 0
		}
	}
	slot, ok := b.index[id]
	if !ok {
		slot = int32(len(b.ids))
		b.index[id] = slot
		b.ids = append(b.ids, id)
		b.series = append(b.series, nil)
	}
	b.hint = slot
	return slot
}

// maxHintMisses is how many rows in a row may miss the slot-after guess
// before slot stops trying it for a while.
const maxHintMisses = 8

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
	for _, s := range b.series {
		for _, c := range s {
			if c.Units > limit || c.Units < -limit {
				return false
			}
		}
	}
	return true
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
	for _, s := range b.series {
		for i := range s {
			s[i].Units *= p
		}
	}
	b.exp = want
	return true
}

// Merge adds o's cells into b under Add's rule, so that b holds what one
// pass over both books' rows would hold, in any order. o is unchanged; on
// error b is unchanged.
func (b *Book) Merge(o *Book) error {
	if b.grain != o.grain {
		return fmt.Errorf("cannot merge books of different grains")
	}
	target := min(b.exp, o.exp)
	if !b.canRescale(target) || !o.canRescale(target) {
		return fmt.Errorf("merging needs %d decimal places, too fine for exact totals", -target)
	}
	scale := pow10[o.exp-target]
	// Check the sums of same-day cells before changing anything.
	for slot, id := range o.ids {
		mine, ok := b.index[id]
		if !ok {
			continue
		}
		for _, c := range o.series[slot] {
			if d, found := b.find(mine, c.Period); found && d.Day == c.Day {
				sum := d.Units*pow10[b.exp-target] + c.Units*scale
				if sum > MaxUnits || sum < -MaxUnits {
					return fmt.Errorf("account %q, period %s: the merged lines overflow exact totals", string(id), calendar.Label(b.grain, int(c.Period)))
				}
			}
		}
	}
	b.rescale(target)
	for slot, id := range o.ids {
		for _, c := range o.series[slot] {
			b.hint = b.slot(id)
			b.mergeCell(b.hint, Cell{Period: c.Period, Day: c.Day, Units: c.Units * scale})
		}
	}
	return nil
}

func (b *Book) find(slot int32, period int32) (Cell, bool) {
	s := b.series[slot]
	i, ok := slices.BinarySearchFunc(s, period, func(c Cell, p int32) int { return int(c.Period) - int(p) })
	if !ok {
		return Cell{}, false
	}
	return s[i], true
}

func (b *Book) mergeCell(slot int32, c Cell) {
	s := b.series[slot]
	i, ok := slices.BinarySearchFunc(s, c.Period, func(x Cell, p int32) int { return int(x.Period) - int(p) })
	switch {
	case !ok:
		b.series[slot] = b.insert(s, i, c)
	case s[i].Day == c.Day:
		s[i].Units += c.Units
	case s[i].Day < c.Day:
		s[i] = c
	}
}
